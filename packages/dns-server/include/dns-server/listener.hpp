#pragma once
// dns_server::Listener: the server on a network, over any mirage::Stack (the socket stack
// on unix, the direct stack elsewhere). UDP: one datagram in, the answer out to its
// source. TCP (RFC 7766): 2-byte length-framed queries, pipelined (a client may send many
// before reading; each read's complete queries are answered in order and written
// together), connections closed after an idle timeout, and a limit on connections open at
// once (more are closed at accept).
//
// serve() runs until cancelled (destroy its task, or race it with when_any); connection
// tasks are spawned on the loop, so the loop must be destroyed before the listener.
#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/time.hpp>
#include <async/when.hpp>
#include <cstruct/buffer.hpp>
#include <mirage/clock.hpp>
#include <mirage/error.hpp>
#include <mirage/stack.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <utility>
#include <vector>

#include <dns-server/server.hpp>

namespace dns_server {

struct ListenerOptions {
  std::uint16_t port = 53;  // 0: any free port (see udp_port() and tcp_port())
  std::size_t max_tcp_connections = 100;
  // A connection with no complete query for this long is closed; a write that stalls as
  // long is abandoned.
  async::Duration tcp_idle_timeout = std::chrono::seconds(10);
  // Queries answered on one connection before it is closed (0: no limit).
  std::size_t max_queries_per_connection = 0;
};

struct ListenerStats {
  std::uint64_t udp_queries = 0, udp_send_errors = 0, udp_receive_errors = 0;
  std::uint64_t tcp_accepted = 0, tcp_rejected = 0, tcp_queries = 0, tcp_idle_closed = 0,
                tcp_bad_frames = 0;
  std::size_t tcp_open = 0;
};

template <mirage::Stack S, mirage::Pclock P>
class Listener {
 public:
  using UdpSocket = typename S::udp_type::socket_type;
  using TcpListener = typename S::tcp_type::listener_type;
  using TcpFlow = typename TcpListener::flow_type;

  // The server, stack, clock and loop must outlive the listener.
  Listener(async::Loop& loop, S& stack, P& clock, Server& server, ListenerOptions options = {})
      : loop_(loop), stack_(stack), clock_(clock), server_(server), options_(options) {}

  // Binds the UDP port and listens on TCP (the same port; with port 0 the UDP port is
  // picked first and TCP tries it, falling back to any free port).
  std::expected<void, mirage::ListenError> bind() {
    auto udp = stack_.udp().bind(options_.port);
    if (!udp) return std::unexpected(udp.error());
    tcp_port_ = udp->local_port();
    auto tcp = stack_.tcp().listen(tcp_port_);
    if (!tcp && options_.port == 0) {
      tcp = stack_.tcp().listen(0);
      // The concept does not promise a listener can tell its port; the socket stack's can.
      tcp_port_ = 0;
      if constexpr (requires { tcp->local().port; }) {
        if (tcp) tcp_port_ = tcp->local().port;
      }
    }
    if (!tcp) return std::unexpected(tcp.error());
    udp_.emplace(std::move(*udp));
    tcp_.emplace(std::move(*tcp));
    return {};
  }

  std::uint16_t udp_port() const { return udp_ ? udp_->local_port() : 0; }
  // The TCP port (0 if unknown: only when port 0 was asked and UDP's port was taken).
  std::uint16_t tcp_port() const { return tcp_ ? tcp_port_ : 0; }
  const ListenerStats& stats() const { return stats_; }

  // Answers on both transports until cancelled (call bind() first).
  async::Task<void> serve() { co_await async::when_all(serve_udp(), serve_tcp()); }

 private:
  static constexpr async::Duration kErrorPause = std::chrono::milliseconds(10);

  std::uint64_t now() const {
    const auto t = clock_.now();
    return t.seconds < 0 ? 0 : static_cast<std::uint64_t>(t.seconds);
  }

  async::Task<void> serve_udp() {
    if (!udp_) co_return;
    for (;;) {
      auto datagram = co_await udp_->receive();
      if (!datagram) {
        ++stats_.udp_receive_errors;
        co_await loop_.sleep(kErrorPause);  // not a busy loop if the error persists
        continue;
      }
      ++stats_.udp_queries;
      // The source address, for rate limiting (an IPv4-mapped IPv6 source counts as IPv4).
      std::array<std::uint8_t, 16> address{};
      std::size_t address_length = 16;
      const auto& source = datagram->source.address;
      if (const auto* v4 = source.v4()) {
        const auto b = v4->to_bytes();
        std::copy(b.begin(), b.end(), address.begin());
        address_length = 4;
      } else if (source.v6()->is_v4_mapped()) {
        std::copy(source.v6()->bytes.begin() + 12, source.v6()->bytes.end(), address.begin());
        address_length = 4;
      } else {
        address = source.v6()->bytes;
      }
      auto responses = server_.handle(datagram->payload.span(), Transport::Udp, now(),
                                      std::span<const std::uint8_t>(address.data(), address_length));
      for (auto& response : responses) {
        // Results are named: GCC 12 miscompiles some co_await inside conditions.
        const auto sent = co_await udp_->send_to(datagram->source, std::move(response));
        if (!sent) ++stats_.udp_send_errors;
      }
    }
  }

  async::Task<void> serve_tcp() {
    if (!tcp_) co_return;
    for (;;) {
      auto flow = co_await tcp_->accept();
      if (!flow) {
        if (flow.error() == mirage::FlowError::Closed) co_return;
        co_await loop_.sleep(kErrorPause);
        continue;
      }
      if (stats_.tcp_open >= options_.max_tcp_connections) {
        ++stats_.tcp_rejected;
        co_await flow->close();
        continue;
      }
      ++stats_.tcp_accepted;
      ++stats_.tcp_open;
      loop_.spawn(connection(std::move(*flow)));
    }
  }

  // One TCP connection: reads, answers every complete frame, writes the answers.
  async::Task<void> connection(TcpFlow flow) {
    std::vector<std::uint8_t> pending;
    std::size_t answered = 0;
    bool open = true;
    while (open) {
      auto got = co_await async::with_timeout(loop_, options_.tcp_idle_timeout, flow.read());
      if (!got) {
        ++stats_.tcp_idle_closed;
        break;
      }
      if (!*got || !**got) break;  // an error, or the client is done
      const cstruct::Buffer& chunk = ***got;
      pending.insert(pending.end(), chunk.begin(), chunk.end());

      std::vector<cstruct::Buffer> out;
      std::size_t at = 0;
      while (pending.size() - at >= 2) {
        const std::size_t length = static_cast<std::size_t>(pending[at] << 8 | pending[at + 1]);
        if (length == 0) {
          ++stats_.tcp_bad_frames;
          open = false;
          break;
        }
        if (pending.size() - at - 2 < length) break;
        ++stats_.tcp_queries;
        auto responses =
            server_.handle(std::span(pending.data() + at + 2, length), Transport::Tcp, now());
        for (const auto& r : responses) {
          auto frame = cstruct::Buffer::create(r.size() + 2);
          frame.set_be16(0, static_cast<std::uint16_t>(r.size()));
          frame.blit(r.span(), 2);
          out.push_back(std::move(frame));
        }
        at += 2 + length;
        ++answered;
        if (options_.max_queries_per_connection != 0 &&
            answered >= options_.max_queries_per_connection) {
          open = false;
          break;
        }
      }
      pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(at));
      if (!out.empty()) {
        auto written = co_await async::with_timeout(
            loop_, options_.tcp_idle_timeout, flow.writev(std::span<const cstruct::Buffer>(out)));
        if (!written || !*written) break;
      }
    }
    co_await flow.close();
    --stats_.tcp_open;
  }

  async::Loop& loop_;
  S& stack_;
  P& clock_;
  Server& server_;
  ListenerOptions options_;
  ListenerStats stats_;
  std::optional<UdpSocket> udp_;
  std::optional<TcpListener> tcp_;
  std::uint16_t tcp_port_ = 0;
};

}  // namespace dns_server
