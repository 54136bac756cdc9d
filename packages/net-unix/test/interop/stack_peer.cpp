// Our stack (Ethernet, ARP, IPv4, ICMP, UDP) on a tap device, for the interop test against
// the Linux kernel (interop.sh). It answers pings, runs a UDP echo server, and optionally
// pings a host and talks to a UDP server itself; what happens is printed one fact a line
// on stdout for the script to check. Stops on SIGTERM or SIGINT, printing its counters.
//
//   stack_peer --tap mtap0 --cidr 10.77.0.2/24 [--udp-echo 7] [--ping 10.77.0.1 --count 3]
//              [--udp-client 10.77.0.1:9000 --message hi] [--ping-size 3000]
#include <arp/arp.hpp>
#include <async/loop.hpp>
#include <async/when.hpp>
#include <ethernet/ethernet.hpp>
#include <icmpv4/icmpv4.hpp>
#include <ipv4/ipv4.hpp>
#include <logs/logs.hpp>
#include <mirage_unix/log_reporter.hpp>
#include <mirage_unix/platform.hpp>
#include <net_unix/tap.hpp>
#include <udp/udp.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

using namespace std::chrono_literals;
using Eth = ethernet::Ethernet<net_unix::Tap>;
using Arp = arp::Arp<Eth>;
using Ip = ipv4::Ipv4<Eth, Arp>;
using Icmp = icmpv4::Icmpv4<Ip>;
using Udp = udp::Udp<Ip>;

struct Args {
  std::string tap = "mtap0";
  std::string cidr = "10.77.0.2/24";
  std::optional<std::uint16_t> udp_echo;
  std::optional<mirage::Ipv4Address> ping;
  int count = 3;
  std::size_t ping_size = 56;
  std::optional<mirage::Endpoint> udp_client;
  std::string message = "hello from mirage";
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "stack_peer: %s\n", why);
  std::exit(2);
}

template <class T>
T number(std::string_view s) {
  T v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) usage("bad number");
  return v;
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view k = argv[i];
    if (i + 1 >= argc) usage("an option lacks its value");
    const std::string_view v = argv[++i];
    if (k == "--tap")
      a.tap = v;
    else if (k == "--cidr")
      a.cidr = v;
    else if (k == "--udp-echo")
      a.udp_echo = number<std::uint16_t>(v);
    else if (k == "--count")
      a.count = number<int>(v);
    else if (k == "--ping-size")
      a.ping_size = number<std::size_t>(v);
    else if (k == "--message")
      a.message = v;
    else if (k == "--ping") {
      auto ip = mirage::Ipv4Address::parse(v);
      if (!ip) usage("bad --ping address");
      a.ping = *ip;
    } else if (k == "--udp-client") {
      const auto colon = v.rfind(':');
      auto ip = mirage::Ipv4Address::parse(v.substr(0, colon));
      if (colon == std::string_view::npos || !ip) usage("bad --udp-client endpoint");
      a.udp_client = mirage::Endpoint{*ip, number<std::uint16_t>(v.substr(colon + 1))};
    } else {
      usage("unknown option");
    }
  }
  return a;
}

void say(const std::string& line) {
  std::fputs((line + "\n").c_str(), stdout);
  std::fflush(stdout);
}

struct Stack {
  Stack(net_unix::Tap& tap, async::Loop& loop, ipv4::Config config)
      : eth(tap), arp(eth, loop), ip(eth, arp, loop, config), icmp(ip, loop), udp(ip) {
    eth.set_handler(mirage::EtherType::Arp,
                    [this](const ethernet::Received& r) { return arp.input(r.payload); });
    eth.set_handler(mirage::EtherType::Ipv4,
                    [this](const ethernet::Received& r) { return ip.input(r.payload); });
    ip.set_handler(mirage::IpProtocol::Icmp,
                   [this](const ipv4::Packet& p) { return icmp.input(p); });
    ip.set_handler(mirage::IpProtocol::Udp, [this](const ipv4::Packet& p) { return udp_input(p); });
    ip.set_default_handler([this](const ipv4::Packet& p) {
      return icmp.unreachable(icmpv4::Unreachable::Protocol, p);
    });
    icmp.on_error([](const icmpv4::ErrorReport& e) {
      say("icmp-error type=" + std::to_string(int(e.type)) + " code=" + std::to_string(e.code) +
          " about " + e.original.destination.to_string());
    });
  }
  async::Task<void> udp_input(ipv4::Packet p) {
    if (udp.input(p) == udp::Delivery::NoListener)
      co_await icmp.unreachable(icmpv4::Unreachable::Port, p);
  }

  Eth eth;
  Arp arp;
  Ip ip;
  Icmp icmp;
  Udp udp;
};

async::Task<void> echo_server(Udp::Socket socket) {
  for (;;) {
    auto d = co_await socket.receive();
    if (!d) co_return;
    say("udp-echo from " + d->source.to_string() + " " + std::to_string(d->payload.size()) +
        " bytes");
    if (auto r = co_await socket.send_to(d->source, d->payload); !r)
      say(std::string("udp-echo reply failed: ") + std::string(mirage::to_string(r.error())));
  }
}

async::Task<void> active(Stack& s, async::Loop& loop, const Args& a) {
  if (a.ping) {
    auto mac = co_await s.arp.query(*a.ping);
    say("arp-resolved " + a.ping->to_string() + (mac ? " is-at " + mac->to_string() : " failed"));
    for (int seq = 1; seq <= a.count; ++seq) {
      auto rtt = co_await s.icmp.ping(*a.ping, std::uint16_t(seq), a.ping_size, 2s);
      if (rtt)
        say("ping " + a.ping->to_string() + " seq=" + std::to_string(seq) +
            " size=" + std::to_string(a.ping_size) + " time=" +
            std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(*rtt).count()) +
            "us");
      else
        say("ping " + a.ping->to_string() + " seq=" + std::to_string(seq) +
            " failed: " + std::string(icmpv4::to_string(rtt.error())));
      co_await loop.sleep(100ms);
    }
  }
  if (a.udp_client) {
    auto socket = s.udp.bind(0);
    if (!socket) co_return say("udp-client bind failed");
    auto sent = co_await socket->send_to(*a.udp_client, cstruct::Buffer::of_string(a.message));
    if (!sent)
      co_return say(std::string("udp-client send failed: ") +
                    std::string(mirage::to_string(sent.error())));
    auto reply = co_await async::with_timeout(loop, 3s, socket->receive());
    if (reply && *reply)
      say("udp-client reply from " + (*reply)->source.to_string() + ": " +
          (*reply)->payload.to_string());
    else
      say("udp-client no reply");
  }
  say("active done");
  for (;;) co_await loop.sleep(1h);
}

async::Task<int> main_task(Stack& s, async::Loop& loop, const Args& a) {
  co_await s.arp.set_ips(s.ip.addresses());
  say("ready mac=" + s.eth.mac().to_string() + " ip=" + s.ip.addresses().front().to_string());
  std::vector<async::Task<void>> tasks;
  auto listen = [](Stack& st) -> async::Task<void> {
    auto r = co_await st.eth.listen();
    say(std::string("device stopped: ") + std::string(mirage::to_string(r.error())));
  };
  tasks.push_back(listen(s));
  if (a.udp_echo) {
    auto socket = s.udp.bind(*a.udp_echo);
    if (!socket) co_return 1;
    tasks.push_back(echo_server(std::move(*socket)));
  }
  tasks.push_back(active(s, loop, a));
  co_await async::when_any(std::move(tasks));
  co_return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  mirage_unix::LogReporter reporter;
  logs::set_reporter(reporter);
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  platform.watch_signals(loop);
  auto tap = net_unix::Tap::open(platform, {.name = args.tap});
  if (!tap) {
    std::fprintf(stderr, "stack_peer: %s\n", tap.error().message.c_str());
    return 1;
  }
  auto config = ipv4::Config::parse(args.cidr);
  if (!config) usage("bad --cidr");
  Stack stack(*tap, loop, *config);
  auto r = loop.run(main_task(stack, loop, args));
  const auto& ip = stack.ip.stats();
  say("stats rx_delivered=" + std::to_string(ip.rx_delivered) + " rx_reassembled=" +
      std::to_string(ip.rx_reassembled) + " tx_fragments=" + std::to_string(ip.tx_fragments) +
      " echo_replies_sent=" + std::to_string(stack.icmp.stats().echo_replies_sent) +
      " udp_delivered=" + std::to_string(stack.udp.stats().rx_delivered) +
      " arp_replies_sent=" + std::to_string(stack.arp.stats().replies_sent));
  if (!r) return platform.signal() ? 0 : 1;
  return *r;
}
