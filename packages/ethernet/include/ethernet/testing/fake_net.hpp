#pragma once
// For tests: a mirage::Net in memory. Frames written are recorded (and optionally handed
// to a callback, e.g. another FakeNet's inject, to wire two stacks back to back); frames
// injected are what receive() returns, in order.
#include <async/stream.hpp>
#include <async/task.hpp>
#include <cstddef>
#include <cstruct/buffer.hpp>
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
  std::function<void(const cstruct::Buffer&)> on_write;  // called after each write

 private:
  mirage::MacAddress mac_;
  std::size_t mtu_;
  async::Stream<cstruct::Buffer> inbound_;
  mirage::NetStats stats_;
  bool disconnected_ = false;
};

static_assert(mirage::Net<FakeNet>);

}  // namespace ethernet::testing
