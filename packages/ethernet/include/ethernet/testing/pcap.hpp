#pragma once
// For tests: the frames of a capture file in the classic libpcap format, as tcpdump -w
// writes it (either byte order, micro- or nanosecond time stamps, link type Ethernet).
//
//   auto frames = ethernet::testing::parse_pcap(bytes_of_the_file);
//   if (!frames) FAIL() << frames.error();
//   for (const auto& f : *frames) stack.net.inject(f.bytes);
// (Reading the file is the test's business: portable headers do no I/O.)
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <span>
#include <string>
#include <vector>

namespace ethernet::testing {

struct CapturedFrame {
  std::uint64_t time_ns = 0;  // since the epoch, as the capture says
  cstruct::Buffer bytes;      // the frame, from the destination MAC on
};

// Parses a capture held in memory; an error sentence for a file that is not a whole
// Ethernet capture (bad magic, another link type, a record cut short or cut by snaplen).
inline std::expected<std::vector<CapturedFrame>, std::string> parse_pcap(
    std::span<const std::uint8_t> file) {
  if (file.size() < 24) return std::unexpected(std::string("shorter than a pcap file header"));
  const auto u32 = [&](std::size_t at, bool swap) {
    std::uint32_t v = std::uint32_t(file[at]) | std::uint32_t(file[at + 1]) << 8 |
                      std::uint32_t(file[at + 2]) << 16 | std::uint32_t(file[at + 3]) << 24;
    return swap ? __builtin_bswap32(v) : v;
  };
  const std::uint32_t magic = u32(0, false);
  bool swap = false, nanoseconds = false;
  switch (magic) {
    case 0xa1b2c3d4: break;
    case 0xa1b23c4d: nanoseconds = true; break;
    case 0xd4c3b2a1: swap = true; break;
    case 0x4d3cb2a1: swap = nanoseconds = true; break;
    default: return std::unexpected(std::string("not a pcap file (pcapng is not read)"));
  }
  if (u32(20, swap) != 1) return std::unexpected(std::string("link type is not Ethernet (1)"));
  std::vector<CapturedFrame> out;
  std::size_t at = 24;
  while (at < file.size()) {
    if (file.size() - at < 16) return std::unexpected("record " + std::to_string(out.size()) + " is cut short");
    const std::uint64_t seconds = u32(at, swap), fraction = u32(at + 4, swap);
    const std::uint32_t captured = u32(at + 8, swap), original = u32(at + 12, swap);
    at += 16;
    if (captured > file.size() - at)
      return std::unexpected("record " + std::to_string(out.size()) + " runs past the end");
    if (captured != original)
      return std::unexpected("record " + std::to_string(out.size()) + " was cut by the snapshot length");
    out.push_back({seconds * 1'000'000'000 + fraction * (nanoseconds ? 1 : 1000),
                   cstruct::Buffer::copy_of(file.subspan(at, captured))});
    at += captured;
  }
  return out;
}

}  // namespace ethernet::testing
