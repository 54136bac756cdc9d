#pragma once
// ipv4::Ipv4<E, A>: the IPv4 layer over an Ethernet layer E and an ARP resolver A,
// satisfying mirage::Ip. Input: validate, filter by destination, reassemble, hand the
// payload (a slice of the frame when unfragmented: no copy) to the handler of its protocol.
// Output: route, resolve the next hop, write the header and payload straight into the
// frame, fragmenting what exceeds the MTU.
//
// Two ways out: write()/write_with() wait for ARP; try_write() never does (it asks ARP and
// drops the datagram when the next hop is not cached): what an input handler uses to
// answer, since waiting there would stall the input that carries the ARP reply.
#include <ipv4/checksum.hpp>
#include <ipv4/fragments.hpp>
#include <ipv4/header.hpp>
#include <ipv4/routing.hpp>

#include <async/loop.hpp>
#include <async/task.hpp>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <ethernet/ethernet.hpp>
#include <ethernet/handlers.hpp>
#include <expected>
#include <mirage/error.hpp>
#include <mirage/ip.hpp>
#include <mirage/net.hpp>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace ipv4 {

using mirage::IpError;
using mirage::IpProtocol;
using mirage::MacAddress;

// What Ipv4 needs of the layer below: Ethernet, plus frames built in place and multicast.
template <class E>
concept Link = mirage::Ethernet<E> &&
    requires(E& e, MacAddress m, mirage::EtherType t, std::size_t n, ethernet::OutFrame f) {
  { e.allocate(n) } -> std::same_as<ethernet::OutFrame>;
  { e.send(m, t, f) } -> std::same_as<async::Task<std::expected<void, mirage::NetError>>>;
  e.join(m);
};

// What Ipv4 needs of ARP: queries, plus a cache lookup and a request that never wait.
template <class A>
concept Resolver = mirage::Arp<A> && requires(A& a, Ipv4Address ip) {
  { a.cached(ip) } -> std::same_as<std::optional<MacAddress>>;
  { a.request(ip) } -> std::same_as<async::Task<void>>;
};

// What the layers above IPv4 (ICMP, UDP, TCP) need of it: mirage::Ip for IPv4, plus
// payloads written in place, with or without waiting for ARP.
template <class I>
concept Layer = mirage::Ip<I> && std::same_as<typename I::address_type, Ipv4Address> &&
    requires(I& ip, Ipv4Address a, IpProtocol p, std::size_t n,
             void (*fill)(const cstruct::Buffer&)) {
  { ip.write_with(a, p, n, fill) } -> std::same_as<async::Task<std::expected<void, IpError>>>;
  { ip.try_write(a, p, n, fill) } -> std::same_as<async::Task<std::expected<void, IpError>>>;
};

// Where we are. The default value is the unconfigured state a DHCP client starts from:
// address 0.0.0.0, no routes; datagrams go out from 0.0.0.0 to broadcast only, and only
// broadcast or multicast ones are accepted.
struct Config {
  Ipv4Address address;                 // 0.0.0.0: unconfigured
  mirage::Ipv4Prefix network;          // on-link; must contain `address`
  std::optional<Ipv4Address> gateway;  // the default route, when set
  std::uint8_t ttl = 64;               // of the datagrams we send
  ReassemblyLimits reassembly;

  // From "10.0.0.2/24" (the address and its network) and an optional gateway.
  static std::expected<Config, mirage::AddressParseError> parse(
      std::string_view cidr, std::optional<Ipv4Address> gateway = {});
  bool configured() const { return !address.is_unspecified(); }
};

// Per-datagram choices of write_with/try_write.
struct WriteOptions {
  std::uint8_t ttl = 0;  // 0: the configured TTL
  std::uint8_t tos = 0;
  bool dont_fragment = false;
  // TCP segmentation offload: a payload over the MTU (up to max_segmented_payload()) that
  // is a TCP segment with a header of `transport_header_size` bytes and a partial checksum
  // goes out as one frame for the device to cut into `segment_size`-byte pieces, instead
  // of being fragmented. 0: no offload.
  std::uint16_t segment_size = 0;
  std::uint16_t transport_header_size = 0;
};

struct Stats {
  std::uint64_t rx_delivered = 0, rx_malformed = 0, rx_not_for_us = 0, rx_martian = 0;
  std::uint64_t rx_fragments = 0, rx_reassembled = 0, rx_reassembly_errors = 0, rx_no_protocol = 0;
  std::uint64_t tx_datagrams = 0, tx_fragments = 0, tx_no_route = 0, tx_unresolved = 0,
                tx_errors = 0;
};

template <Link E, Resolver A>
class Ipv4 {
 public:
  using address_type = Ipv4Address;
  // An upper layer's input, called with each datagram of its protocol (see ethernet::Handlers).
  using Handler = typename ethernet::Handlers<IpProtocol, Packet>::Handler;

  // Borrows `eth`, `arp` and `loop`, which must outlive it. Routes: the configured network
  // on-link, and 0.0.0.0/0 via the gateway when there is one.
  Ipv4(E& eth, A& arp, async::Loop& loop, Config config)
      : eth_(eth), arp_(arp), loop_(loop), reassembler_(config.reassembly) {
    reconfigure(config);
    eth_.join(ethernet::ipv4_multicast_mac(all_hosts));
  }
  Ipv4(const Ipv4&) = delete;
  Ipv4& operator=(const Ipv4&) = delete;

  // Sends `payload` (copied once, into the frame) to `destination`, waiting for ARP.
  async::Task<std::expected<void, IpError>> write(Ipv4Address destination, IpProtocol protocol,
                                                  cstruct::Buffer payload) {
    co_return co_await output(
        destination, protocol, payload.size(),
        [&payload](const cstruct::Buffer& out) { out.blit(payload, 0); }, {}, true);
  }

  // Sends a datagram of `size` payload bytes that `fill(payload)` writes in place (called
  // once, with a zeroed buffer of exactly `size` bytes), waiting for ARP. NoRoute when no
  // route matches or ARP gets no answer; TooBig past 65515 bytes; WouldFragment when it
  // exceeds the MTU with dont_fragment.
  template <std::invocable<const cstruct::Buffer&> Fill>
  async::Task<std::expected<void, IpError>> write_with(Ipv4Address destination, IpProtocol protocol,
                                                       std::size_t size, Fill fill,
                                                       WriteOptions options = {}) {
    co_return co_await output(destination, protocol, size, std::move(fill), options, true);
  }

  // As write_with, but never waits for ARP: when the next hop's MAC is not cached, starts
  // resolving it and fails with NoRoute (the datagram is dropped).
  template <std::invocable<const cstruct::Buffer&> Fill>
  async::Task<std::expected<void, IpError>> try_write(Ipv4Address destination, IpProtocol protocol,
                                                      std::size_t size, Fill fill,
                                                      WriteOptions options = {}) {
    co_return co_await output(destination, protocol, size, std::move(fill), options, false);
  }

  // Replaces the address, network and gateway (what a DHCP client does; Config{} for none)
  // and the routes with those the new configuration implies. Routes added by hand are
  // dropped; connections bound to the old address are left to fail.
  void reconfigure(const Config& config) {
    config_ = config;
    routes_ = RoutingTable{};
    if (!config.configured()) return;
    routes_.add({config.network, std::nullopt});
    if (config.gateway) routes_.add({mirage::Ipv4Prefix{Ipv4Address::any(), 0}, config.gateway});
  }

  // The source address for datagrams to `destination` (we have one address; 0.0.0.0 while
  // unconfigured).
  Ipv4Address src(Ipv4Address) { return config_.address; }
  std::vector<Ipv4Address> addresses() {
    if (!config_.configured()) return {};
    return {config_.address};
  }
  // The largest payload one datagram carries to `destination` without fragmenting.
  std::size_t mtu(Ipv4Address) { return eth_.mtu() - header_size; }
  // The largest TCP segment (header included) the device cuts for us (WriteOptions::
  // segment_size); 0 when it cannot.
  std::size_t max_segmented_payload(Ipv4Address) {
    const std::size_t limit = std::min(eth_.segmentation_limit(), max_datagram_size);
    return limit > header_size ? limit - header_size : 0;
  }

  // Routes datagrams of `protocol` to `handler` (an empty one unregisters it). Datagrams of
  // a protocol with no handler go to the default handler (which may answer with an ICMP
  // protocol unreachable), else are counted and dropped.
  void set_handler(IpProtocol protocol, Handler handler) {
    handlers_.set(protocol, std::move(handler));
  }
  void set_default_handler(Handler handler) { default_ = std::move(handler); }

  // Accepts datagrams sent to the multicast `group` (224.0.0.1 is always accepted).
  void join(Ipv4Address group) {
    groups_.push_back(group);
    eth_.join(ethernet::ipv4_multicast_mac(group));
  }

  // Whether we accept datagrams sent to `destination`: our address, the limited or our
  // network's broadcast, or a multicast group we joined.
  bool accepts(Ipv4Address destination) const {
    return (destination == config_.address && config_.configured()) || destination.is_broadcast() ||
           destination == config_.network.broadcast() || destination == all_hosts ||
           std::ranges::find(groups_, destination) != groups_.end();
  }

  // Handles one received datagram (an Ethernet payload).
  async::Task<void> input(cstruct::Buffer datagram) {
    auto parsed = parse(datagram);
    if (!parsed) {
      ++stats_.rx_malformed;
      co_return;
    }
    Packet& p = *parsed;
    if (!accepts(p.header.destination)) {
      ++stats_.rx_not_for_us;
      co_return;
    }
    if (martian(p.header.source)) {
      ++stats_.rx_martian;
      co_return;
    }
    if (p.header.is_fragment()) {
      ++stats_.rx_fragments;
      auto whole = reassembler_.add(p, loop_.now());
      if (!whole) ++stats_.rx_reassembly_errors;
      if (!whole || !*whole) co_return;
      p = std::move(**whole);
      ++stats_.rx_reassembled;
    }
    const Handler* handler = handlers_.find(IpProtocol(p.header.protocol));
    if (handler == nullptr && default_) handler = &default_;
    if (handler == nullptr) {
      ++stats_.rx_no_protocol;
      co_return;
    }
    ++stats_.rx_delivered;
    co_await (*handler)(p);
  }

  const Config& config() const { return config_; }
  RoutingTable& routes() { return routes_; }
  const Reassembler& reassembler() const { return reassembler_; }
  const Stats& stats() const { return stats_; }

 private:
  static constexpr Ipv4Address all_hosts = Ipv4Address::of_octets(224, 0, 0, 1);

  // Sources no datagram may come from (RFC 1122 §3.2.1.3), and our own address.
  bool martian(Ipv4Address source) const {
    return source.is_multicast() || source.is_broadcast() || source.is_loopback() ||
           source == config_.network.broadcast() || source == config_.address;
  }

  // The MAC to send to for `destination`: broadcast, multicast, or the next hop's by ARP.
  async::Task<std::expected<MacAddress, IpError>> link_address(Ipv4Address destination, bool wait) {
    if (destination.is_broadcast() || destination == config_.network.broadcast())
      co_return MacAddress::broadcast();
    if (destination.is_multicast()) co_return ethernet::ipv4_multicast_mac(destination);
    auto hop = routes_.next_hop(destination);
    if (!hop ||
        destination == config_.address) {  // no loopback: a datagram to ourselves has no route
      ++stats_.tx_no_route;
      co_return std::unexpected(IpError::NoRoute);
    }
    if (!wait) {
      if (auto mac = arp_.cached(*hop)) co_return *mac;
      ++stats_.tx_unresolved;
      co_await arp_.request(*hop);
      co_return std::unexpected(IpError::NoRoute);
    }
    auto mac = co_await arp_.query(*hop);
    if (!mac) {
      ++stats_.tx_unresolved;
      co_return std::unexpected(IpError::NoRoute);
    }
    co_return *mac;
  }

  template <class Fill>
  async::Task<std::expected<void, IpError>> output(Ipv4Address destination, IpProtocol protocol,
                                                   std::size_t size, Fill fill,
                                                   WriteOptions options, bool wait) {
    const std::size_t room = eth_.mtu() - header_size;
    const bool segmented =
        options.segment_size > 0 && size > room && size <= max_segmented_payload(destination);
    if (segmented) options.dont_fragment = true;
    if (size > max_datagram_size - header_size || (size > room && options.dont_fragment && !segmented)) {
      ++stats_.tx_errors;
      co_return std::unexpected(size > room && options.dont_fragment ? IpError::WouldFragment
                                                                     : IpError::TooBig);
    }
    auto mac = co_await link_address(destination, wait);
    if (!mac) co_return std::unexpected(mac.error());
    Header h{.tos = options.tos,
             .id = next_id_++,
             .dont_fragment = options.dont_fragment,
             .ttl = options.ttl != 0 ? options.ttl : config_.ttl,
             .protocol = std::uint8_t(protocol),
             .source = config_.address,
             .destination = destination};
    ++stats_.tx_datagrams;
    if (size <= room || segmented) {
      auto out = eth_.allocate(header_size + size);
      fill(out.payload.sub(header_size, size));
      if (!segmented) co_return co_await transmit(*mac, h, std::move(out), size);
      write_header(out.payload.span(), h, size);
      auto r = co_await eth_.send_segmented(
          *mac, mirage::EtherType::Ipv4, std::move(out),
          {.segment_size = options.segment_size,
           .l4_offset = std::uint16_t(header_size),
           .header_size = std::uint16_t(header_size + options.transport_header_size)});
      co_return device_result(r);
    }
    auto whole = cstruct::Buffer::create(size);
    fill(whole);
    for (const FragmentPlan& piece : plan_fragments(size, eth_.mtu())) {
      auto out = eth_.allocate(header_size + piece.length);
      out.payload.blit(whole.sub(piece.offset, piece.length), header_size);
      h.fragment_offset = std::uint16_t(piece.offset);
      h.more_fragments = piece.more;
      ++stats_.tx_fragments;
      if (auto r = co_await transmit(*mac, h, std::move(out), piece.length); !r) co_return r;
    }
    co_return std::expected<void, IpError>{};
  }

  async::Task<std::expected<void, IpError>> transmit(MacAddress mac, const Header& h,
                                                     ethernet::OutFrame out,
                                                     std::size_t payload_size) {
    write_header(out.payload.span(), h, payload_size);
    co_return device_result(co_await eth_.send(mac, mirage::EtherType::Ipv4, std::move(out)));
  }

  std::expected<void, IpError> device_result(const std::expected<void, mirage::NetError>& r) {
    if (r) return {};
    ++stats_.tx_errors;
    return std::unexpected(r.error() == mirage::NetError::TooBig ? IpError::TooBig : IpError::Io);
  }

  E& eth_;
  A& arp_;
  async::Loop& loop_;
  Config config_;
  RoutingTable routes_;
  Reassembler reassembler_;
  ethernet::Handlers<IpProtocol, Packet> handlers_;
  Handler default_;
  std::vector<Ipv4Address> groups_;
  std::uint16_t next_id_ = 1;
  Stats stats_;
};

}  // namespace ipv4
