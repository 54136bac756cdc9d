#pragma once
// udp::Udp<I4, I6>: UDP over an IPv4 layer and, when I6 is not NoIpv6, an IPv6 layer,
// satisfying mirage::Udp. A port is bound for both families. Bound ports each have a
// bounded receive queue; a datagram that finds it full is dropped and counted. A received
// payload is a slice of the frame it came in (no copy); one sent is written straight into
// its frame.
#include <udp/header.hpp>

#include <async/stream.hpp>
#include <async/task.hpp>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <ipv4/ipv4.hpp>
#include <memory>
#include <mirage/error.hpp>
#include <mirage/ip.hpp>
#include <mirage/udp.hpp>
#include <unordered_map>
#include <utility>

namespace udp {

using mirage::Datagram;
using mirage::Endpoint;
using mirage::IpError;

struct Config {
  std::size_t queue_capacity = 64;        // datagrams waiting per bound port
  std::uint16_t ephemeral_first = 49152;  // bind(0) picks from here (RFC 6335's range)...
  std::uint16_t ephemeral_last = 65535;   // ...to here
  std::uint16_t ephemeral_seed = 0;       // where in the range the search starts (pass entropy)
};

// What became of a received datagram: the caller answers NoListener with an ICMP port
// unreachable.
enum class Delivery : std::uint8_t { Delivered, NoListener, QueueFull, Malformed };

struct Stats {
  std::uint64_t rx_delivered = 0, rx_malformed = 0, rx_no_listener = 0, rx_queue_full = 0;
  std::uint64_t tx_datagrams = 0, tx_errors = 0;
};

// The IPv6 layer of a Udp without IPv6: IPv6 destinations then fail with NoRoute.
struct NoIpv6 {};

template <ipv4::Layer I4, class I6 = NoIpv6>
class Udp {
  struct Port;

 public:
  // A bound port. Move-only; destroying it unbinds the port, and a receive() still
  // waiting on it then fails with IpError::Io.
  class Socket {
   public:
    Socket(Socket&& other) noexcept
        : udp_(std::exchange(other.udp_, nullptr)), port_(std::exchange(other.port_, nullptr)) {}
    Socket& operator=(Socket&& other) noexcept {
      if (this != &other) {
        release();
        udp_ = std::exchange(other.udp_, nullptr);
        port_ = std::exchange(other.port_, nullptr);
      }
      return *this;
    }
    Socket(const Socket&) = delete;
    ~Socket() { release(); }

    // Sends one datagram from this port (see Udp::send).
    async::Task<std::expected<void, IpError>> send_to(Endpoint destination,
                                                      cstruct::Buffer payload) {
      return udp_->send(port_->number, std::move(destination), std::move(payload));
    }
    // The next datagram from the queue, waiting while it is empty.
    async::Task<std::expected<Datagram, IpError>> receive() { return take(*port_); }
    std::uint16_t local_port() const { return port_->number; }
    // Datagrams dropped because the queue was full, and datagrams waiting.
    std::uint64_t dropped() const { return port_->dropped; }
    std::size_t queued() const { return port_->queue.size(); }

   private:
    friend class Udp;
    Socket(Udp& udp, Port& port) : udp_(&udp), port_(&port) {}
    void release() {
      if (udp_ == nullptr) return;
      port_->queue.close();  // wakes a waiting receive(), which touches nothing after
      udp_->ports_.erase(port_->number);
      udp_ = nullptr;
    }
    Udp* udp_;
    Port* port_;
  };
  using socket_type = Socket;

  // Borrows `ip` (and `ip6`), which must outlive this layer and its sockets.
  explicit Udp(I4& ip, Config config = {})
      : ip_(ip), config_(config), next_ephemeral_(config.ephemeral_seed) {}
  // Carries IPv6 too, over `ip6` (which must outlive this layer).
  void attach_ipv6(I6& ip6) requires(!std::same_as<I6, NoIpv6>) { ip6_ = &ip6; }
  Udp(const Udp&) = delete;
  Udp& operator=(const Udp&) = delete;

  // Binds `port` (0: a free ephemeral port); AddressInUse when it is taken (or, for 0,
  // when every ephemeral port is).
  std::expected<Socket, mirage::ListenError> bind(std::uint16_t port) {
    if (port == 0) port = free_ephemeral();
    if (port == 0 || ports_.contains(port))
      return std::unexpected(mirage::ListenError::AddressInUse);
    auto& slot = ports_[port];
    slot = std::make_unique<Port>(port, config_.queue_capacity);
    return Socket(*this, *slot);
  }

  // Sends `payload` from `source_port` to `destination`, waiting for address resolution;
  // the IP layer's errors. IPv6 destinations fail with NoRoute without an IPv6 layer.
  async::Task<std::expected<void, IpError>> send(std::uint16_t source_port, Endpoint destination,
                                                 cstruct::Buffer payload) {
    std::expected<void, IpError> r = std::unexpected(IpError::NoRoute);
    if (const auto* to4 = destination.address.v4()) {
      r = co_await send_over(ip_, *to4, source_port, destination.port, payload);
    } else if constexpr (!std::same_as<I6, NoIpv6>) {
      if (ip6_ != nullptr) r = co_await send_over(*ip6_, *destination.address.v6(), source_port, destination.port, payload);
    }
    ++(r ? stats_.tx_datagrams : stats_.tx_errors);
    co_return r;
  }

  // Queues one received datagram for its port (an ipv4::Packet or, with IPv6, an
  // ipv6::Packet). Never waits.
  template <class Packet>
  Delivery input(const Packet& packet) {
    const IpAddress source = packet.header.source, destination = packet.header.destination;
    auto p = parse(packet.payload, source, destination);
    if (!p) {
      ++stats_.rx_malformed;
      return Delivery::Malformed;
    }
    auto it = ports_.find(p->header.destination_port);
    if (it == ports_.end()) {
      ++stats_.rx_no_listener;
      return Delivery::NoListener;
    }
    Port& port = *it->second;
    Datagram d{{source, p->header.source_port},
               {destination, p->header.destination_port},
               std::move(p->payload)};
    if (!port.queue.try_push(std::move(d))) {
      ++port.dropped;
      ++stats_.rx_queue_full;
      return Delivery::QueueFull;
    }
    ++stats_.rx_delivered;
    return Delivery::Delivered;
  }

  const Stats& stats() const { return stats_; }

 private:
  struct Port {
    Port(std::uint16_t number, std::size_t capacity) : number(number), queue(capacity) {}
    std::uint16_t number;
    async::Stream<Datagram> queue;
    std::uint64_t dropped = 0;
  };

  template <class Ip, class Address>
  static async::Task<std::expected<void, IpError>> send_over(Ip& ip, Address to, std::uint16_t source_port,
                                                             std::uint16_t destination_port,
                                                             const cstruct::Buffer& payload) {
    const IpAddress from = ip.src(to), dst = to;
    co_return co_await ip.write_with(to, mirage::IpProtocol::Udp, header_size + payload.size(),
                                     [&](const cstruct::Buffer& out) {
                                       out.blit(payload, header_size);
                                       write_header(out.span(), source_port, destination_port, from, dst);
                                     });
  }

  static async::Task<std::expected<Datagram, IpError>> take(Port& port) {
    auto d = co_await port.queue.pop();
    if (!d) co_return std::unexpected(IpError::Io);  // the socket was closed
    co_return std::move(*d);
  }

  // A free port in the ephemeral range, searched from where the last search stopped; 0
  // when there is none.
  std::uint16_t free_ephemeral() {
    const std::size_t span = std::size_t(config_.ephemeral_last) - config_.ephemeral_first + 1;
    for (std::size_t tries = 0; tries < span; ++tries) {
      const auto port = std::uint16_t(config_.ephemeral_first + next_ephemeral_++ % span);
      if (!ports_.contains(port)) return port;
    }
    return 0;
  }

  I4& ip_;
  I6* ip6_ = nullptr;
  Config config_;
  std::unordered_map<std::uint16_t, std::unique_ptr<Port>> ports_;
  std::size_t next_ephemeral_;
  Stats stats_;
};

}  // namespace udp
