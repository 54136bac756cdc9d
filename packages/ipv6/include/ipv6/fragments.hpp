#pragma once
// IPv6 fragmentation (RFC 8200 §4.5) by the source, and bounded reassembly, sans-IO (the
// time is passed in). The piece bookkeeping is ipv4's: overlapping fragments drop the
// whole datagram (RFC 5722), exact duplicates are ignored, and the datagrams in progress,
// their fragments and bytes and their time are bounded. Atomic fragments never reach the
// reassembler (RFC 6946): parse() treats them as whole datagrams.
#include <ipv6/header.hpp>

#include <async/time.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <ipv4/fragments.hpp>
#include <optional>
#include <vector>

namespace ipv6 {

using namespace std::chrono_literals;
using ipv4::FragmentPlan;
using ipv4::ReassemblyError;
using ipv4::ReassemblyLimits;

// RFC 8200's limits: 60 s from the first fragment.
inline constexpr ReassemblyLimits default_reassembly_limits{.timeout = 60s};

// How a payload of `size` bytes is cut so that each fragment, after `unfragmentable`
// header bytes and a fragment header, fits in `mtu` bytes; every fragment but the last
// carries a multiple of 8 bytes. One piece when the payload fits without a fragment
// header. `mtu` must leave room for 8 bytes of data (asserted).
std::vector<FragmentPlan> plan_fragments(std::size_t size, std::size_t mtu,
                                         std::size_t unfragmentable = header_size);

// What tells the fragments of one IPv6 datagram from another's (RFC 8200 §4.5).
struct DatagramId {
  Ipv6Address source, destination;
  std::uint32_t id;
  bool operator==(const DatagramId&) const = default;
};

// What the first fragment gives the whole datagram: its headers before the fragment
// header (the first `fragment_at` bytes of `datagram`, the whole first fragment), and the
// Next Header field and value that take the fragment header's place.
struct FirstFragment {
  cstruct::Buffer datagram;
  std::size_t fragment_at = 0;
  std::size_t named_at = 0;
  std::uint8_t next_header = next_header::none;
};

class Reassembler : private ipv4::ReassemblyTable<DatagramId, FirstFragment> {
 public:
  explicit Reassembler(ReassemblyLimits limits = default_reassembly_limits)
      : ReassemblyTable(limits) {}

  // Adds one fragment (a packet whose is_fragment()) received at `now`. Returns the whole
  // datagram once this one completes it, in a new buffer to parse() again: the first
  // fragment's headers up to its fragment header, then the data, the fragment header gone
  // and the payload length set. nullopt while fragments are missing; an error when the
  // datagram is dropped (TooBig also when it would exceed 65535 bytes of payload).
  std::expected<std::optional<cstruct::Buffer>, ReassemblyError> add(const Packet& fragment,
                                                                     async::TimePoint now);

  // Drops the datagrams whose time is up at `now`; returns the first fragments of those
  // whose first fragment had come, each owed a Time Exceeded (RFC 8200 §4.5).
  std::vector<cstruct::Buffer> timed_out(async::TimePoint now);

  // As in ipv4: expire(now), datagrams(), bytes() (of fragment data).
  using ReassemblyTable::bytes;
  using ReassemblyTable::datagrams;
  using ReassemblyTable::expire;
};

}  // namespace ipv6
