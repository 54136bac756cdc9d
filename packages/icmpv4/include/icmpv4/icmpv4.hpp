#pragma once
// icmpv4::Icmpv4<I>: ICMP over an IPv4 layer, satisfying mirage::Icmp. It answers echo
// requests sent to our address, pings (ping()), sends errors about datagrams we received
// (unreachable(), expired()) where RFC 1122 allows, and hands the errors it receives to
// the layers above (on_error), which decide how to honour them.
//
// Answers and errors go out with ipv4's try_write, so they never wait for ARP: input is
// never stalled by them.
#include <icmpv4/message.hpp>

#include <algorithm>
#include <async/condition.hpp>
#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/when.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <functional>
#include <ipv4/ipv4.hpp>
#include <mirage/error.hpp>
#include <mirage/ip.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace icmpv4 {

using namespace std::chrono_literals;
using mirage::IpError;
using mirage::Ipv4Address;

enum class PingError : std::uint8_t {
  Timeout,      // no reply in time
  Unreachable,  // the echo request could not be sent (no route, ARP unanswered)
  SendFailed,   // too big, or the device failed
};

// A short description ("no reply").
std::string_view to_string(PingError e);

struct Options {
  bool answer_broadcast_echo = false;  // as Linux's icmp_echo_ignore_broadcasts = 0
  std::uint16_t ping_identifier = 0x6d69;
};

struct Stats {
  std::uint64_t echo_requests = 0, echo_replies_sent = 0, echo_replies = 0;
  std::uint64_t errors_received = 0, errors_sent = 0;
  std::uint64_t malformed = 0, unsent = 0;  // unsent: answers dropped (next hop not in ARP)
};

template <ipv4::Layer I>
class Icmpv4 {
 public:
  using address_type = Ipv4Address;
  // Called with every well-formed error received (see ErrorReport).
  using ErrorHandler = std::function<void(const ErrorReport&)>;

  // Borrows `ip` and `loop`, which must outlive it.
  Icmpv4(I& ip, async::Loop& loop, Options options = {})
      : ip_(ip), loop_(loop), options_(options) {}
  Icmpv4(const Icmpv4&) = delete;
  Icmpv4& operator=(const Icmpv4&) = delete;

  // Sends `message`, a whole ICMP message whose checksum this fills in (writing into the
  // buffer), waiting for ARP. The Ip layer's errors.
  async::Task<std::expected<void, IpError>> write(Ipv4Address destination,
                                                  cstruct::Buffer message) {
    if (message.size() < header_size) co_return std::unexpected(IpError::TooBig);
    message.set_be16(2, 0);
    message.set_be16(2, ipv4::checksum(message));
    co_return co_await ip_.write(destination, mirage::IpProtocol::Icmp, std::move(message));
  }

  // Sends `m` (encoded straight into the frame), waiting for ARP.
  async::Task<std::expected<void, IpError>> send(Ipv4Address destination, Message m) {
    co_return co_await ip_.write_with(
        destination, mirage::IpProtocol::Icmp, header_size + m.data.size(),
        [&m](const cstruct::Buffer& out) { icmpv4::write(m, out.span()); });
  }

  // Sends an echo request with `size` bytes of data and waits up to `timeout` for the
  // reply; returns the round-trip time.
  async::Task<std::expected<async::Duration, PingError>> ping(Ipv4Address destination,
                                                              std::uint16_t sequence,
                                                              std::size_t size = 56,
                                                              async::Duration timeout = 1s) {
    auto data = cstruct::Buffer::create(size);
    for (std::size_t i = 0; i < size; ++i) data.set_u8(i, std::uint8_t(i));
    Ping ping{destination, sequence};
    Registered registered(pings_, ping);
    const auto start = loop_.now();
    auto sent = co_await send(destination,
                              echo_request(options_.ping_identifier, sequence, std::move(data)));
    if (!sent)
      co_return std::unexpected(sent.error() == IpError::NoRoute ? PingError::Unreachable
                                                                 : PingError::SendFailed);
    while (!ping.replied) {
      const auto left = start + timeout - loop_.now();
      if (left <= async::Duration::zero()) co_return std::unexpected(PingError::Timeout);
      co_await async::with_timeout(loop_, left, wait(ping.done));
    }
    co_return *ping.replied - start;
  }

  // Answers `offending`, a datagram we received, with a destination unreachable (e.g.
  // Protocol or Port), unless RFC 1122 forbids an error about it. Never waits for ARP.
  async::Task<void> unreachable(Unreachable code, ipv4::Packet offending) {
    co_await report(destination_unreachable(code, offending), offending);
  }
  // The same with a time exceeded.
  async::Task<void> expired(Expired code, ipv4::Packet offending) {
    co_await report(time_exceeded(code, offending), offending);
  }

  // Called with each error received, for UDP and TCP to act on (an empty one: none).
  void on_error(ErrorHandler handler) { on_error_ = std::move(handler); }

  // Handles one received ICMP datagram.
  async::Task<void> input(ipv4::Packet packet) {
    auto m = parse(packet.payload);
    if (!m) {
      ++stats_.malformed;
      co_return;
    }
    switch (m->type) {
      case Type::EchoRequest:
        co_await answer_echo(packet, *m);
        break;
      case Type::EchoReply:
        take_reply(packet.header.source, *m);
        break;
      default:
        if (auto e = parse_error(*m)) {
          ++stats_.errors_received;
          if (on_error_) on_error_(*e);
        } else if (e.error() != ParseError::NotAnError) {
          ++stats_.malformed;
        }
    }
  }

  const Stats& stats() const { return stats_; }

 private:
  struct Ping {
    Ipv4Address destination;
    std::uint16_t sequence;
    async::Condition done;
    std::optional<async::TimePoint> replied;
  };
  // Keeps a ping in the list of those awaiting replies while it lives (a cancelled ping
  // leaves it too).
  struct Registered {
    Registered(std::vector<Ping*>& list, Ping& p) : list(list), p(p) { list.push_back(&p); }
    ~Registered() { std::erase(list, &p); }
    std::vector<Ping*>& list;
    Ping& p;
  };

  static async::Task<void> wait(async::Condition& c) { co_await c.wait(); }

  bool is_ours(Ipv4Address a) {
    auto ours = ip_.addresses();
    return std::ranges::find(ours, a) != ours.end();
  }

  async::Task<void> answer_echo(const ipv4::Packet& packet, const Message& request) {
    ++stats_.echo_requests;
    if (!is_ours(packet.header.destination) && !options_.answer_broadcast_echo) co_return;
    Message reply = echo_reply(request);
    co_await transmit(packet.header.source, reply, stats_.echo_replies_sent);
  }

  void take_reply(Ipv4Address source, const Message& reply) {
    ++stats_.echo_replies;
    if (reply.identifier() != options_.ping_identifier) return;
    for (Ping* p : pings_) {
      if (p->sequence == reply.sequence() && p->destination == source && !p->replied) {
        p->replied = loop_.now();
        p->done.broadcast();
      }
    }
  }

  async::Task<void> report(Message error, const ipv4::Packet& offending) {
    if (!may_report(offending) || !is_ours(offending.header.destination)) co_return;
    co_await transmit(offending.header.source, error, stats_.errors_sent);
  }

  async::Task<void> transmit(Ipv4Address destination, const Message& m, std::uint64_t& counter) {
    auto r =
        co_await ip_.try_write(destination, mirage::IpProtocol::Icmp, header_size + m.data.size(),
                               [&m](const cstruct::Buffer& out) { icmpv4::write(m, out.span()); });
    ++(r ? counter : stats_.unsent);
  }

  I& ip_;
  async::Loop& loop_;
  Options options_;
  ErrorHandler on_error_;
  std::vector<Ping*> pings_;
  Stats stats_;
};

inline std::string_view to_string(PingError e) {
  switch (e) {
    case PingError::Timeout:
      return "no reply";
    case PingError::Unreachable:
      return "destination unreachable";
    case PingError::SendFailed:
      return "echo request could not be sent";
  }
  return "unknown ping error";
}

}  // namespace icmpv4
