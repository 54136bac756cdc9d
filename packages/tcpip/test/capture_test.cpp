// A conversation between the Linux kernel (10.78.0.1) and the echo unikernel on the direct
// stack (10.78.0.2, aa:7a:12:8b:8a:c4) over a tap device, captured with tcpdump -w
// (test/data/kernel_echo.pcap; how: test/data/README.md): ARP, ping, a TCP connection
// carrying "hello mirage\n" both ways and closed by the kernel, a UDP datagram and its echo.
//
// Every frame parses through our parsers with its checksums; and replayed into a fresh
// stack with the capture's timing (the kernel's frames only, its TCP acknowledgements
// moved to the new stack's initial sequence number), our stack answers as it did then.
#include <tcpip/direct.hpp>

#include <gtest/gtest.h>

#include <arp/packet.hpp>
#include <async/manual_platform.hpp>
#include <async/when.hpp>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ethernet/testing/fake_net.hpp>
#include <ethernet/testing/pcap.hpp>
#include <icmpv4/message.hpp>
#include <string>
#include <tcp/header.hpp>
#include <udp/header.hpp>

namespace tcpip {
namespace {

using ethernet::testing::CapturedFrame;
using mirage::Ipv4Address;
using mirage::MacAddress;

const MacAddress our_mac{{0xaa, 0x7a, 0x12, 0x8b, 0x8a, 0xc4}};
const Ipv4Address kernel_ip = Ipv4Address::of_octets(10, 78, 0, 1);
const Ipv4Address our_ip = Ipv4Address::of_octets(10, 78, 0, 2);

std::vector<CapturedFrame> capture() {
  const char* dir = std::getenv("TCPIP_TEST_DATA");
  const std::string path = std::string(dir ? dir : "test/data") + "/kernel_echo.pcap";
  std::ifstream in(path, std::ios::binary);
  const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto frames = ethernet::testing::parse_pcap(bytes);
  if (!frames) {
    ADD_FAILURE() << path << ": " << frames.error();
    return {};
  }
  return std::move(*frames);
}

// One frame, summarised after checking it parses: "arp reply", "icmp echo-reply 1",
// "tcp S. 0 1 [mss 1460 ws 5 sack ts]" (flags, seq and ack, SYN options), "udp 8".
struct Summary {
  bool from_us = false;
  std::string kind;
  std::optional<tcp::Segment> segment;  // for TCP
  std::string payload;
};

std::string flag_letters(const tcp::Header& h) {
  std::string s;
  if (h.has(tcp::flags::syn)) s += 'S';
  if (h.has(tcp::flags::fin)) s += 'F';
  if (h.has(tcp::flags::rst)) s += 'R';
  if (h.has(tcp::flags::psh)) s += 'P';
  if (h.has(tcp::flags::ack)) s += '.';
  return s;
}

testing::AssertionResult summarise(const cstruct::Buffer& bytes, Summary& out) {
  auto frame = ethernet::parse(bytes);
  if (!frame) return testing::AssertionFailure() << "ethernet: " << int(frame.error());
  out.from_us = frame->header.source == our_mac;
  if (frame->header.type == mirage::EtherType::Arp) {
    auto a = arp::parse(frame->payload.span());
    if (!a) return testing::AssertionFailure() << "arp";
    out.kind = a->operation == arp::Operation::Request ? "arp request" : "arp reply";
    return testing::AssertionSuccess();
  }
  if (frame->header.type != mirage::EtherType::Ipv4) return testing::AssertionFailure() << "ethertype";
  auto ip = ipv4::parse(frame->payload);
  if (!ip) return testing::AssertionFailure() << "ipv4: " << ipv4::to_string(ip.error());
  const auto& h = ip->header;
  switch (mirage::IpProtocol(h.protocol)) {
    case mirage::IpProtocol::Icmp: {
      auto m = icmpv4::parse(ip->payload);
      if (!m) return testing::AssertionFailure() << "icmp";
      out.kind = std::string(m->type == icmpv4::Type::EchoReply ? "icmp echo-reply " : "icmp echo-request ") +
                 std::to_string(m->sequence());
      out.payload = m->data.to_string();
      return testing::AssertionSuccess();
    }
    case mirage::IpProtocol::Udp: {
      auto u = udp::parse(ip->payload, h.source, h.destination);
      if (!u) return testing::AssertionFailure() << "udp: " << udp::to_string(u.error());
      out.kind = "udp";
      out.payload = u->payload.to_string();
      return testing::AssertionSuccess();
    }
    case mirage::IpProtocol::Tcp: {
      auto t = tcp::parse(ip->payload, h.source, h.destination);
      if (!t) return testing::AssertionFailure() << "tcp: " << tcp::to_string(t.error());
      out.kind = "tcp " + flag_letters(t->header);
      out.payload = t->payload.to_string();
      out.segment = std::move(*t);
      return testing::AssertionSuccess();
    }
    default:
      return testing::AssertionFailure() << "protocol " << int(h.protocol);
  }
}

TEST(Capture, EveryFrameTheKernelAndWeSentParsesWithItsChecksums) {
  const auto frames = capture();
  ASSERT_EQ(frames.size(), 16u);
  std::vector<std::string> kinds;
  for (const auto& f : frames) {
    Summary s;
    ASSERT_TRUE(summarise(f.bytes, s));
    kinds.push_back(std::string(s.from_us ? "< " : "> ") + s.kind);
  }
  const std::vector<std::string> expected{
      "> arp request", "< arp reply", "> icmp echo-request 1", "< icmp echo-reply 1",
      "> tcp S",       "< tcp S.",    "> tcp .",               "> tcp P.",
      "< tcp P.",      "> tcp .",     "> tcp F.",              "< tcp .",
      "< tcp F.",      "> tcp .",     "> udp",                 "< udp"};
  EXPECT_EQ(kinds, expected);
}

// Replays the kernel's frames into a new stack with the capture's pacing and returns what
// the stack sent, summarised; the kernel's TCP acks (and timestamp echoes) are moved from
// the captured stack's numbers to the new one's.
struct Replay {
  Replay() : loop(platform), net(our_mac), stack(net, loop, config()) {}
  static Config config() {
    Config c;
    c.ipv4 = *ipv4::Config::parse("10.78.0.2/24");
    c.tcp.secret.fill(7);
    return c;
  }

  async::Task<void> echo_tcp() {
    auto l = stack.tcp().listen(7);
    if (!l) co_return;
    auto f = co_await l->accept();
    if (!f) co_return;
    for (;;) {
      auto r = co_await f->read();
      if (!r || !*r) break;
      if (!co_await f->write(**r)) break;
    }
    (void)co_await f->close();
  }
  async::Task<void> echo_udp() {
    auto u = stack.udp().bind(7);
    if (!u) co_return;
    auto d = co_await u->receive();
    if (d) (void)co_await u->send_to(d->source, d->payload);
  }

  // Moves the acknowledgement and TSecr of a kernel segment by the given offsets.
  static cstruct::Buffer shift(const cstruct::Buffer& frame, std::uint32_t ack_by, std::uint32_t ecr_by) {
    auto out = cstruct::Buffer::copy_of(frame.span());
    auto ip = ipv4::parse(out.shift(ethernet::header_size));
    if (!ip || ip->header.protocol != tcp::protocol_number) return out;
    auto seg = tcp::parse(ip->payload, ip->header.source, ip->header.destination);
    if (!seg) return out;
    tcp::Header h = seg->header;
    if (h.has(tcp::flags::ack)) h.ack += ack_by;
    if (h.options.timestamps && h.options.timestamps->echo != 0) h.options.timestamps->echo += ecr_by;
    tcp::write_header(ip->payload.span(), h, ip->header.source, ip->header.destination);
    return out;
  }

  async::Task<void> run(const std::vector<CapturedFrame>& frames) {
    co_await stack.start();
    net.sent.clear();  // our gratuitous ARP: not in the capture
    loop.spawn(echo_tcp());
    loop.spawn(echo_udp());
    std::optional<std::uint32_t> captured_iss, captured_tsval;
    std::uint32_t ack_by = 0, ecr_by = 0;
    std::size_t seen = 0;  // of our frames sent so far, those already looked at
    for (std::size_t i = 0; i < frames.size(); ++i) {
      if (i > 0) co_await loop.sleep(std::chrono::nanoseconds(frames[i].time_ns - frames[i - 1].time_ns));
      // The captured stack's SYN-ACK gives its ISN and TSval; ours is the first we sent.
      Summary s;
      (void)summarise(frames[i].bytes, s);
      if (s.from_us) {
        if (s.kind == "tcp S.") {
          captured_iss = s.segment->header.seq;
          captured_tsval = s.segment->header.options.timestamps->value;
          for (; seen < net.sent.size(); ++seen) {
            Summary o;
            if (summarise(net.sent[seen], o) && o.kind == "tcp S.") {
              ack_by = o.segment->header.seq - *captured_iss;
              ecr_by = o.segment->header.options.timestamps->value - *captured_tsval;
            }
          }
        }
        continue;
      }
      net.inject(shift(frames[i].bytes, ack_by, ecr_by));
      co_await loop.sleep(std::chrono::microseconds(1));
    }
    co_await loop.sleep(std::chrono::seconds(1));
    iss_shift = ack_by;
  }

  async::ManualPlatform platform;
  async::Loop loop;
  ethernet::testing::FakeNet net;
  Direct<ethernet::testing::FakeNet> stack;
  std::uint32_t iss_shift = 0;
};

TEST(Capture, ReplayingTheKernelsSideGetsTheAnswersOurStackGaveThen) {
  const auto frames = capture();
  ASSERT_FALSE(frames.empty());
  Replay r;
  auto done = r.loop.run(async::when_any(r.stack.serve(), r.run(frames)));
  ASSERT_TRUE(done);
  ASSERT_EQ(done->index(), 1u);

  // What we sent then and now: kind, payload, and for TCP the sequence and ack numbers
  // (ours relative to the ISN) and the SYN-ACK's options.
  auto describe = [](const Summary& s, std::uint32_t seq_shift) {
    std::string d = s.kind + " '" + s.payload + "'";
    if (s.segment) {
      const auto& h = s.segment->header;
      d += " seq+" + std::to_string(h.seq - seq_shift) + " ack " + std::to_string(h.ack);
      if (h.has(tcp::flags::syn)) {
        d += " mss " + std::to_string(h.options.mss.value_or(0)) + " ws " +
             std::to_string(h.options.window_scale.value_or(0)) + (h.options.sack_permitted ? " sack" : "") +
             (h.options.timestamps ? " ts" : "");
      }
    }
    return d;
  };
  std::vector<std::string> then, now;
  for (const auto& f : frames) {
    Summary s;
    ASSERT_TRUE(summarise(f.bytes, s));
    if (s.from_us) then.push_back(describe(s, 0));
  }
  for (const auto& f : r.net.sent) {
    Summary s;
    ASSERT_TRUE(summarise(f, s));
    now.push_back(describe(s, r.iss_shift));
  }
  EXPECT_EQ(now, then);
}

}  // namespace
}  // namespace tcpip
