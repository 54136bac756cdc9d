#pragma once
// ethernet::Ethernet<N>: the Ethernet II layer over any mirage::Net. It filters received
// frames by destination (ours, broadcast, joined multicast groups), takes VLAN tags off or
// drops tagged frames, and hands each payload, a slice of the frame (no copy), to the
// handler registered for its EtherType. On the way out it gives upper layers a frame with
// room for the header, so a packet is written into its final buffer once.
#include <ethernet/frame.hpp>
#include <ethernet/handlers.hpp>

#include <algorithm>
#include <async/task.hpp>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <mirage/error.hpp>
#include <mirage/net.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace ethernet {

// What the layer does with 802.1Q-tagged frames.
enum class VlanPolicy : std::uint8_t { Drop, PassUp };

struct Options {
  VlanPolicy vlan = VlanPolicy::Drop;
  bool promiscuous = false;  // accept frames for any destination
};

// A frame handed to an upper layer: the parsed header and the payload slice.
struct Received {
  Header header;
  cstruct::Buffer payload;
};

// A frame being built: `frame` is the whole buffer, `payload` the slice after the header
// where the upper layer writes (both share storage).
struct OutFrame {
  cstruct::Buffer frame;
  cstruct::Buffer payload;
};

struct Stats {
  std::uint64_t rx_frames = 0;        // accepted and handed up
  std::uint64_t rx_not_for_us = 0;    // filtered by destination
  std::uint64_t rx_malformed = 0;     // short or 802.3
  std::uint64_t rx_vlan_dropped = 0;  // tagged, with VlanPolicy::Drop
  std::uint64_t rx_no_handler = 0;    // no upper layer for the EtherType
  std::uint64_t tx_frames = 0;
  std::uint64_t tx_errors = 0;
};

template <mirage::Net N>
class Ethernet {
 public:
  // An upper layer's input, called with each accepted frame of its EtherType (see Handlers).
  using Handler = typename Handlers<EtherType, Received>::Handler;

  // The layer borrows `net`, which must outlive it.
  explicit Ethernet(N& net, Options options = {})
      : net_(net), mac_(net.mac()), mtu_(net.mtu()), options_(options) {}
  Ethernet(const Ethernet&) = delete;
  Ethernet& operator=(const Ethernet&) = delete;

  MacAddress mac() { return mac_; }
  // The largest payload a frame carries.
  std::size_t mtu() { return mtu_; }

  // A zeroed frame with room for `payload_size` bytes after the header (padded to the
  // 60-byte minimum).
  OutFrame allocate(std::size_t payload_size) const {
    auto frame = cstruct::Buffer::create(std::max(min_frame_size, header_size + payload_size));
    auto payload = frame.sub(header_size, payload_size);
    return {std::move(frame), std::move(payload)};
  }

  // Fills in the header of a frame from allocate() (our MAC as the source) and sends it.
  // NetError::TooBig when the payload exceeds mtu(); the device's error otherwise.
  async::Task<std::expected<void, mirage::NetError>> send(MacAddress destination, EtherType type,
                                                          OutFrame out) {
    if (out.payload.size() > mtu_) {
      ++stats_.tx_errors;
      co_return std::unexpected(mirage::NetError::TooBig);
    }
    write_header(out.frame.span(), destination, mac_, type);
    auto r = co_await net_.write(std::move(out.frame));
    ++(r ? stats_.tx_frames : stats_.tx_errors);
    co_return r;
  }

  // The largest payload of a frame that the device segments (TCP segmentation offload,
  // mirage::SegmentingNet), or 0 when it does not.
  std::size_t segmentation_limit() {
    if constexpr (mirage::SegmentingNet<N>) {
      const std::size_t max = net_.max_segmented_size();
      return max > header_size ? max - header_size : 0;
    } else {
      return 0;
    }
  }

  // As send(), for a TCP segment the device cuts into pieces (see mirage::Segmentation;
  // offsets here are from the start of the payload). TooBig past segmentation_limit().
  async::Task<std::expected<void, mirage::NetError>> send_segmented(MacAddress destination,
                                                                    EtherType type, OutFrame out,
                                                                    mirage::Segmentation how) {
    if constexpr (mirage::SegmentingNet<N>) {
      if (out.payload.size() <= segmentation_limit()) {
        write_header(out.frame.span(), destination, mac_, type);
        how.l4_offset = std::uint16_t(how.l4_offset + header_size);
        how.header_size = std::uint16_t(how.header_size + header_size);
        auto r = co_await net_.write_segmented(std::move(out.frame), how);
        ++(r ? stats_.tx_frames : stats_.tx_errors);
        co_return r;
      }
    }
    ++stats_.tx_errors;
    co_return std::unexpected(mirage::NetError::TooBig);
  }

  // Sends `payload` (copied once into a new frame) to `destination`.
  async::Task<std::expected<void, mirage::NetError>> write(MacAddress destination, EtherType type,
                                                           cstruct::Buffer payload) {
    OutFrame out = allocate(payload.size());
    out.payload.blit(payload, 0);
    co_return co_await send(destination, type, std::move(out));
  }

  // Routes payloads of EtherType `type` to `handler` (an empty one unregisters it).
  void set_handler(EtherType type, Handler handler) { handlers_.set(type, std::move(handler)); }

  // Accepts frames sent to a multicast `group` (IPv4 and IPv6 groups map to such MACs);
  // leave() stops. Joins are counted: a group joined twice needs two leaves.
  void join(MacAddress group) { groups_.push_back(group); }
  void leave(MacAddress group) {
    if (auto it = std::ranges::find(groups_, group); it != groups_.end()) groups_.erase(it);
  }

  // Whether a frame sent to `destination` is for us.
  bool accepts(MacAddress destination) const {
    return options_.promiscuous || destination == mac_ || destination.is_broadcast() ||
           (destination.is_multicast() && std::ranges::find(groups_, destination) != groups_.end());
  }

  // Parses and filters one received frame, counting what it refuses; nullopt when refused.
  std::optional<Received> accept(const cstruct::Buffer& frame) {
    auto parsed = parse(frame);
    if (!parsed) {
      ++stats_.rx_malformed;
      return std::nullopt;
    }
    if (!accepts(parsed->header.destination)) {
      ++stats_.rx_not_for_us;
      return std::nullopt;
    }
    if (parsed->header.vlan && options_.vlan == VlanPolicy::Drop) {
      ++stats_.rx_vlan_dropped;
      return std::nullopt;
    }
    return Received{parsed->header, std::move(parsed->payload)};
  }

  // Handles one received frame: accept(), then the handler of its EtherType.
  async::Task<void> input(cstruct::Buffer frame) {
    if (auto r = accept(frame)) co_await dispatch(*r);
  }

  // Receives and handles frames until the device fails; returns its error (Disconnected
  // after disconnect()). Frames are handled one at a time, in order.
  async::Task<std::expected<void, mirage::NetError>> listen() {
    for (;;) {
      auto frame = co_await net_.receive();
      if (!frame) co_return std::unexpected(frame.error());
      if (auto r = accept(*frame)) co_await dispatch(*r);
    }
  }

  const Stats& stats() const { return stats_; }
  N& net() { return net_; }

 private:
  async::Task<void> dispatch(const Received& r) {
    const Handler* handler = handlers_.find(r.header.type);
    if (handler == nullptr) {
      ++stats_.rx_no_handler;
      co_return;
    }
    ++stats_.rx_frames;
    co_await (*handler)(r);
  }

  N& net_;
  MacAddress mac_;
  std::size_t mtu_;
  Options options_;
  Handlers<EtherType, Received> handlers_;
  std::vector<MacAddress> groups_;
  Stats stats_;
};

}  // namespace ethernet
