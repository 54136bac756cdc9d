// Our stack (Ethernet, ARP, IPv4, ICMP, UDP, TCP) on a tap device, for the interop test
// against the Linux kernel (interop.sh). It answers pings, runs UDP and TCP echo servers,
// a TCP sink (reads to the end, answers with the SHA-256 of what came) and a small HTTP
// responder (GET /N: N bytes of a fixed stream), and optionally pings a host, talks to a
// UDP server and sends N bytes of that stream to a TCP server itself; what happens is
// printed one fact a line on stdout for the script to check. Stops on SIGTERM or SIGINT,
// printing its counters.
//
//   stack_peer --tap mtap0 --cidr 10.77.0.2/24 [--udp-echo 7] [--ping 10.77.0.1 --count 3]
//              [--udp-client 10.77.0.1:9000 --message hi] [--ping-size 3000]
//              [--tcp-echo 7] [--tcp-sink 9] [--tcp-discard 5001] [--http 80] [--tcp-send 10.77.0.1:5001 --bytes N]
//              [--loss PERCENT --delay-ms MS --reorder PERCENT] [--no-hash] [--no-tso]
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
#include <nocrypto/sha2.hpp>
#include <tcp/tcp.hpp>
#include <tcpip/direct.hpp>
#include <udp/udp.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <sys/random.h>

namespace {

using namespace std::chrono_literals;
// A Net that loses, delays and reorders frames both ways, as `tc qdisc ... netem` would
// (this machine's kernel has no sch_netem): each frame is lost with probability `loss`;
// sent frames wait `delay`, except a `reorder` share that goes at once, overtaking.
// Unimpaired (and unless --no-tso), it passes TCP segmentation offload through to the tap;
// impaired, it offers none, so that losses hit single segments as on a real link.
class Impaired {
 public:
  struct Options {
    double loss = 0, reorder = 0;
    std::chrono::nanoseconds delay{};
    bool any() const { return loss > 0 || reorder > 0 || delay.count() > 0; }
    bool tso = true;
  };
  Impaired(net_unix::Tap& tap, async::Loop& loop, Options o) : tap_(tap), loop_(loop), o_(o) {}

  async::Task<std::expected<void, mirage::NetError>> write(cstruct::Buffer frame) {
    if (!o_.any()) co_return co_await tap_.write(std::move(frame));
    if (chance(o_.loss)) co_return std::expected<void, mirage::NetError>{};
    if (o_.delay.count() == 0 || chance(o_.reorder)) co_return co_await tap_.write(std::move(frame));
    loop_.spawn(later(std::move(frame)));
    co_return std::expected<void, mirage::NetError>{};
  }
  async::Task<std::expected<cstruct::Buffer, mirage::NetError>> receive() {
    for (;;) {
      auto f = co_await tap_.receive();
      if (!f || !chance(o_.loss)) co_return f;
    }
  }
  async::Task<std::expected<void, mirage::NetError>> write_segmented(cstruct::Buffer frame,
                                                                     mirage::Segmentation how) {
    return tap_.write_segmented(std::move(frame), how);
  }
  std::size_t max_segmented_size() { return o_.any() || !o_.tso ? 0 : tap_.max_segmented_size(); }
  mirage::MacAddress mac() { return tap_.mac(); }
  std::size_t mtu() { return tap_.mtu(); }
  mirage::NetStats stats() { return tap_.stats(); }
  async::Task<void> disconnect() { return tap_.disconnect(); }

 private:
  bool chance(double p) {
    seed_ = seed_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return p > 0 && double(seed_ >> 11) / double(1ULL << 53) < p;
  }
  async::Task<void> later(cstruct::Buffer frame) {
    co_await loop_.sleep(o_.delay);
    (void)co_await tap_.write(std::move(frame));
  }
  net_unix::Tap& tap_;
  async::Loop& loop_;
  Options o_;
  std::uint64_t seed_ = 42;
};


struct Args {
  std::string tap = "mtap0";
  std::string cidr = "10.77.0.2/24";
  std::optional<std::uint16_t> udp_echo;
  std::optional<mirage::Ipv4Address> ping;
  int count = 3;
  std::size_t ping_size = 56;
  std::optional<mirage::Endpoint> udp_client;
  std::string message = "hello from mirage";
  std::optional<std::uint16_t> tcp_echo, tcp_sink, tcp_discard, http;
  std::optional<mirage::Endpoint> tcp_send;
  std::size_t bytes = 1 << 20;
  Impaired::Options impair;
  bool hash = true;  // --no-hash: --tcp-send and the HTTP responder skip the SHA-256 (benchmarks)
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
    if (k == "--no-hash") {
      a.hash = false;
      continue;
    }
    if (k == "--no-tso") {
      a.impair.tso = false;
      continue;
    }
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
    else if (k == "--tcp-echo")
      a.tcp_echo = number<std::uint16_t>(v);
    else if (k == "--tcp-sink")
      a.tcp_sink = number<std::uint16_t>(v);
    else if (k == "--tcp-discard")
      a.tcp_discard = number<std::uint16_t>(v);
    else if (k == "--http")
      a.http = number<std::uint16_t>(v);
    else if (k == "--bytes")
      a.bytes = number<std::size_t>(v);
    else if (k == "--loss")
      a.impair.loss = number<unsigned>(v) / 100.0;
    else if (k == "--reorder")
      a.impair.reorder = number<unsigned>(v) / 100.0;
    else if (k == "--delay-ms")
      a.impair.delay = std::chrono::milliseconds(number<unsigned>(v));
    else if (k == "--tcp-send") {
      const auto colon = v.rfind(':');
      auto ip = mirage::Ipv4Address::parse(v.substr(0, colon));
      if (colon == std::string_view::npos || !ip) usage("bad --tcp-send endpoint");
      a.tcp_send = mirage::Endpoint{*ip, number<std::uint16_t>(v.substr(colon + 1))};
    }
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

using Stack = tcpip::Direct<Impaired>;
using Udp = Stack::udp_type;
using Tcp = Stack::tcp_type;

// The fixed stream the HTTP responder and --tcp-send send: a 64 KiB block repeated.
const cstruct::Buffer& stream_block() {
  static const cstruct::Buffer block = [] {
    auto b = cstruct::Buffer::create(65536);
    std::uint32_t x = 12345;
    for (auto& c : b) {
      x = x * 1664525 + 1013904223;
      c = std::uint8_t(x >> 24);
    }
    return b;
  }();
  return block;
}

std::string hex(std::span<const std::uint8_t> d) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (auto c : d) s += {digits[c >> 4], digits[c & 15]};
  return s;
}

bool hash_streams = true;  // --no-hash turns it off

// Writes `n` bytes of the stream; returns their SHA-256 ("unhashed" under --no-hash;
// empty on a write error).
async::Task<std::string> send_stream(Tcp::Flow& f, std::size_t n) {
  nocrypto::Sha256 h;
  const bool hashing = hash_streams;
  const auto& block = stream_block();
  while (n > 0) {
    const auto piece = block.sub(0, std::min(n, block.size()));
    if (hashing) h.feed(piece.span());
    if (!co_await f.write(piece)) co_return std::string();
    n -= piece.size();
  }
  co_return hashing ? hex(h.finish()) : std::string("unhashed");
}

async::Task<void> tcp_echo(Tcp::Flow f) {
  std::size_t total = 0;
  for (;;) {
    auto r = co_await f.read();
    if (!r || !*r) break;
    total += (*r)->size();
    if (!co_await f.write(**r)) break;
  }
  say("tcp-echo from " + f.peer().to_string() + " " + std::to_string(total) + " bytes");
  co_await f.close();
}

async::Task<void> tcp_sink(Tcp::Flow f) {
  nocrypto::Sha256 h;
  std::size_t total = 0;
  for (;;) {
    auto r = co_await f.read();
    if (!r) {
      say(std::string("tcp-sink failed: ") + std::string(mirage::to_string(r.error())));
      co_return;
    }
    if (!*r) break;
    total += (*r)->size();
    h.feed((*r)->span());
  }
  const std::string digest = hex(h.finish());
  say("tcp-sink " + std::to_string(total) + " bytes sha256=" + digest);
  (void)co_await f.write(cstruct::Buffer::of_string(digest + "\n"));
  co_await f.close();
}

// Reads to the end and says how much came and how long it took (from the first byte).
async::Task<void> tcp_discard(Tcp::Flow f) {
  std::size_t total = 0;
  std::optional<std::chrono::steady_clock::time_point> first;
  for (;;) {
    auto r = co_await f.read();
    if (!r || !*r) break;
    if (!first) first = std::chrono::steady_clock::now();
    total += (*r)->size();
  }
  const double secs = first ? std::chrono::duration<double>(std::chrono::steady_clock::now() - *first).count() : 0;
  say("tcp-discard " + std::to_string(total) + " bytes seconds=" + std::to_string(secs));
  co_await f.close();
}

async::Task<void> http_responder(Tcp::Flow f) {
  std::string request;
  while (request.find("\r\n\r\n") == std::string::npos && request.size() < 8192) {
    auto r = co_await f.read();
    if (!r || !*r) co_return;
    request += (*r)->to_string();
  }
  std::size_t n = 0;
  if (request.starts_with("GET /")) {
    const auto end = request.find(' ', 5);
    std::from_chars(request.data() + 5, request.data() + end, n);
  }
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                           "Content-Length: " + std::to_string(n) + "\r\nConnection: close\r\n\r\n";
  if (!co_await f.write(cstruct::Buffer::of_string(head))) co_return;
  const std::string digest = co_await send_stream(f, n);
  say("http GET /" + std::to_string(n) + " sha256=" + digest);
  (void)co_await f.shutdown(mirage::ShutdownMode::Write);
  while (auto r = co_await f.read()) if (!*r) break;  // until the client closes
  co_await f.close();
}

async::Task<void> tcp_server(Tcp& tcp, async::Loop& loop, std::uint16_t port,
                             async::Task<void> (*serve)(Tcp::Flow)) {
  auto l = tcp.listen(port);
  if (!l) {
    say("tcp listen " + std::to_string(port) + " failed");
    co_return;
  }
  for (;;) {
    auto f = co_await l->accept();
    if (!f) co_return;
    loop.spawn(serve(std::move(*f)));
  }
}

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
    auto mac = co_await s.arp().query(*a.ping);
    say("arp-resolved " + a.ping->to_string() + (mac ? " is-at " + mac->to_string() : " failed"));
    for (int seq = 1; seq <= a.count; ++seq) {
      auto rtt = co_await s.icmp().ping(*a.ping, std::uint16_t(seq), a.ping_size, 2s);
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
    auto socket = s.udp().bind(0);
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
  if (a.tcp_send) {
    auto f = co_await s.tcp().connect(*a.tcp_send);
    if (!f) {
      say(std::string("tcp-send connect failed: ") + std::string(mirage::to_string(f.error())));
    } else {
      const auto start = loop.now();
      const std::string digest = co_await send_stream(*f, a.bytes);
      (void)co_await f->shutdown(mirage::ShutdownMode::Write);
      while (auto r = co_await f->read()) if (!*r) break;  // until the server closes
      const double secs = double((loop.now() - start).count()) / 1e9;
      say("tcp-send " + std::to_string(a.bytes) + " bytes sha256=" + digest + " seconds=" +
          std::to_string(secs) + " retransmits=" +
          std::to_string(f->connection().stats().retransmits));
      co_await f->close();
    }
  }
  say("active done");
  for (;;) co_await loop.sleep(1h);
}

async::Task<int> main_task(Stack& s, async::Loop& loop, const Args& a) {
  co_await s.arp().set_ips(s.ip().addresses());
  say("ready mac=" + s.ethernet().mac().to_string() + " ip=" + s.ip().addresses().front().to_string());
  std::vector<async::Task<void>> tasks;
  auto listen = [](Stack& st) -> async::Task<void> {
    auto r = co_await st.ethernet().listen();
    say(std::string("device stopped: ") + std::string(mirage::to_string(r.error())));
  };
  tasks.push_back(listen(s));
  if (a.udp_echo) {
    auto socket = s.udp().bind(*a.udp_echo);
    if (!socket) co_return 1;
    tasks.push_back(echo_server(std::move(*socket)));
  }
  if (a.tcp_echo) tasks.push_back(tcp_server(s.tcp(), loop, *a.tcp_echo, tcp_echo));
  if (a.tcp_sink) tasks.push_back(tcp_server(s.tcp(), loop, *a.tcp_sink, tcp_sink));
  if (a.tcp_discard) tasks.push_back(tcp_server(s.tcp(), loop, *a.tcp_discard, tcp_discard));
  if (a.http) tasks.push_back(tcp_server(s.tcp(), loop, *a.http, http_responder));
  tasks.push_back(active(s, loop, a));
  co_await async::when_any(std::move(tasks));
  co_return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  hash_streams = args.hash;
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
  tcp::LayerConfig tc;
  if (getrandom(tc.secret.data(), tc.secret.size(), 0) != ssize_t(tc.secret.size())) return 1;
  Impaired net(*tap, loop, args.impair);
  Stack stack(net, loop, {.ipv4 = *config, .tcp = tc});
  stack.icmp().on_error([](const icmpv4::ErrorReport& e) {
    say("icmp-error type=" + std::to_string(int(e.type)) + " code=" + std::to_string(e.code) +
        " about " + e.original.destination.to_string());
  });
  auto r = loop.run(main_task(stack, loop, args));
  const auto& ip = stack.ip().stats();
  say("stats rx_delivered=" + std::to_string(ip.rx_delivered) + " rx_reassembled=" +
      std::to_string(ip.rx_reassembled) + " tx_fragments=" + std::to_string(ip.tx_fragments) +
      " echo_replies_sent=" + std::to_string(stack.icmp().stats().echo_replies_sent) +
      " udp_delivered=" + std::to_string(stack.udp().stats().rx_delivered) +
      " arp_replies_sent=" + std::to_string(stack.arp().stats().replies_sent) +
      " tcp_opened=" + std::to_string(stack.tcp().stats().connections_opened) +
      " tcp_closed=" + std::to_string(stack.tcp().stats().connections_closed) +
      " tcp_resets=" + std::to_string(stack.tcp().stats().tx_resets) +
      " tcp_live=" + std::to_string(stack.tcp().connections()));
  if (!r) return platform.signal() ? 0 : 1;
  return *r;
}
