#pragma once
// For tests: a mirage::Net in memory. Frames written are recorded (and optionally handed
// to a callback, e.g. another FakeNet's inject, to wire two stacks back to back); frames
// injected are what receive() returns, in order. With max_segmented set it also takes TCP
// segmentation offload (mirage::SegmentingNet) and does what a device would: cuts the
// segment into MSS-sized frames with their own lengths, IP ids, sequence numbers, flags and
// checksums, and writes those (the whole segment is kept in `segmented`).
#include <async/stream.hpp>
#include <async/task.hpp>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <cstruct/endian.hpp>
#include <expected>
#include <functional>
#include <mirage/net.hpp>
#include <utility>
#include <vector>

namespace ethernet::testing {

class FakeNet {
 public:
  explicit FakeNet(mirage::MacAddress mac, std::size_t mtu = 1500, std::size_t queue = 256)
      : mac_(mac), mtu_(mtu), inbound_(queue) {}

  // Records the frame (TooBig past mtu() + 14, Disconnected after disconnect()).
  async::Task<std::expected<void, mirage::NetError>> write(cstruct::Buffer frame) {
    if (disconnected_) co_return std::unexpected(mirage::NetError::Disconnected);
    if (frame.size() > mtu_ + 14) co_return std::unexpected(mirage::NetError::TooBig);
    stats_.tx_packets++;
    stats_.tx_bytes += frame.size();
    sent.push_back(frame);
    if (on_write) on_write(frame);
    co_return std::expected<void, mirage::NetError>{};
  }
  // Cuts an IPv4 TCP segment as a device with TSO would and writes the pieces (TooBig past
  // max_segmented_size()). A frame that fits is written whole, its checksum finished.
  async::Task<std::expected<void, mirage::NetError>> write_segmented(cstruct::Buffer frame,
                                                                     mirage::Segmentation how) {
    if (frame.size() > max_segmented || how.header_size > frame.size() || how.ipv6 ||
        how.segment_size == 0)
      co_return std::unexpected(mirage::NetError::TooBig);
    segmented.push_back(frame);
    const std::size_t hs = how.header_size, ip = 14, l4 = how.l4_offset;
    const std::size_t payload = frame.size() - hs;
    const std::uint32_t seq = cstruct::load_be32(frame.span(), l4 + 4);
    const std::uint16_t id = cstruct::load_be16(frame.span(), ip + 4);
    const std::uint8_t flags = frame.span()[l4 + 13];
    for (std::size_t at = 0, i = 0; at < payload || (payload == 0 && i == 0); at += how.segment_size, ++i) {
      const std::size_t n = std::min<std::size_t>(how.segment_size, payload - at);
      const bool last = at + n >= payload;
      auto piece = cstruct::Buffer::create(hs + n);
      piece.blit(frame.sub(0, hs), 0);
      piece.blit(frame.sub(hs + at, n), hs);
      auto b = piece.span();
      cstruct::store_be16(b, ip + 2, std::uint16_t(hs - ip + n));
      cstruct::store_be16(b, ip + 4, std::uint16_t(id + i));
      cstruct::store_be16(b, ip + 10, 0);
      cstruct::store_be16(b, ip + 10, sum(b.subspan(ip, l4 - ip), 0));
      cstruct::store_be32(b, l4 + 4, std::uint32_t(seq + at));
      if (!last) b[l4 + 13] = std::uint8_t(flags & ~0x09);  // FIN and PSH on the last only
      // The pseudo-header with this piece's length, then the piece.
      std::uint32_t pseudo = 6 + std::uint32_t(b.size() - l4);
      for (std::size_t k = ip + 12; k < ip + 20; k += 2) pseudo += cstruct::load_be16(b, k);
      cstruct::store_be16(b, l4 + 16, 0);
      cstruct::store_be16(b, l4 + 16, sum(b.subspan(l4), pseudo));
      if (auto r = co_await write(std::move(piece)); !r) co_return r;
    }
    co_return std::expected<void, mirage::NetError>{};
  }
  std::size_t max_segmented_size() { return max_segmented; }

  // The next injected frame; Disconnected once disconnect() is called and none is left.
  async::Task<std::expected<cstruct::Buffer, mirage::NetError>> receive() {
    auto frame = co_await inbound_.pop();
    if (!frame) co_return std::unexpected(mirage::NetError::Disconnected);
    stats_.rx_packets++;
    stats_.rx_bytes += frame->size();
    co_return std::move(*frame);
  }
  mirage::MacAddress mac() { return mac_; }
  std::size_t mtu() { return mtu_; }
  mirage::NetStats stats() { return stats_; }
  async::Task<void> disconnect() {
    disconnected_ = true;
    inbound_.close();
    co_return;
  }

  // Queues a frame for receive(); false (dropped and counted) when the queue is full.
  bool inject(cstruct::Buffer frame) {
    if (inbound_.try_push(std::move(frame))) return true;
    stats_.rx_dropped++;
    return false;
  }
  // Connects this device's output to `peer`'s input.
  void wire_to(FakeNet& peer) {
    on_write = [&peer](const cstruct::Buffer& f) { peer.inject(cstruct::Buffer::copy_of(f)); };
  }

  std::vector<cstruct::Buffer> sent;                     // every frame written
  std::vector<cstruct::Buffer> segmented;                // every segment given to cut
  std::size_t max_segmented = 0;                         // 0: no segmentation offload
  std::function<void(const cstruct::Buffer&)> on_write;  // called after each write

 private:
  mirage::MacAddress mac_;
  std::size_t mtu_;
  async::Stream<cstruct::Buffer> inbound_;
  mirage::NetStats stats_;
  bool disconnected_ = false;

  // The Internet checksum of `bytes` added to `start`, complemented.
  static std::uint16_t sum(std::span<const std::uint8_t> bytes, std::uint32_t start) {
    std::uint64_t s = start;
    for (std::size_t k = 0; k + 1 < bytes.size(); k += 2) s += cstruct::load_be16(bytes, k);
    if (bytes.size() % 2) s += std::uint32_t(bytes.back()) << 8;
    while (s >> 16) s = (s & 0xffff) + (s >> 16);
    return std::uint16_t(~s);
  }
};

static_assert(mirage::SegmentingNet<FakeNet>);

}  // namespace ethernet::testing
