// tcp::Tcp over two IPv4 stacks wired back to back (FakeNet), on a virtual clock.
#include <tcp/tcp.hpp>

#include <gtest/gtest.h>

#include <async/manual_platform.hpp>
#include <async/when.hpp>
#include <ipv4/testing/host.hpp>
#include <string>

#include "wire.hpp"

namespace tcp {
namespace {

using namespace std::chrono_literals;
using ipv4::testing::Host;
using Layer = Tcp<ipv4::testing::Ip>;
static_assert(mirage::Tcp<Layer>);

const mirage::MacAddress mac_a{{0x02, 0, 0, 0, 0, 1}};
const mirage::MacAddress mac_b{{0x02, 0, 0, 0, 0, 2}};

struct Pair {
  explicit Pair(LayerConfig ca = {}, LayerConfig cb = {})
      : loop(platform), a(loop, mac_a, "10.0.0.1/24"), b(loop, mac_b, "10.0.0.2/24"),
        ta(a.ip, loop, ca), tb(b.ip, loop, cb) {
    a.ip.set_handler(mirage::IpProtocol::Tcp, [this](const ipv4::Packet& p) { return ta.input(p); });
    b.ip.set_handler(mirage::IpProtocol::Tcp, [this](const ipv4::Packet& p) { return tb.input(p); });
    if (!loop.run(ipv4::testing::link(a, b))) std::abort();
  }
  // Runs `body` beside both hosts' input loops.
  template <class T>
  T run(async::Task<T> body) {
    auto r = loop.run(async::when_any(a.serve(), b.serve(), std::move(body)));
    if (!r) std::abort();
    return std::get<2>(std::move(*r));
  }
  async::ManualPlatform platform;
  async::Loop loop;
  Host a, b;
  Layer ta, tb;
};

const mirage::Endpoint b_at(std::uint16_t port) {
  return {mirage::Ipv4Address::of_octets(10, 0, 0, 2), port};
}

async::Task<std::string> read_all(Layer::Flow& f) {
  std::string got;
  for (;;) {
    auto r = co_await f.read();
    if (!r || !*r) co_return got;
    got += (*r)->to_string();
  }
}

async::Task<bool> echo_once(Layer::Listener& l) {
  auto f = co_await l.accept();
  if (!f) co_return false;
  for (;;) {
    auto r = co_await f->read();
    if (!r) co_return false;
    if (!*r) break;
    if (!co_await f->write(**r)) co_return false;
  }
  co_await f->close();
  co_return true;
}

TEST(Tcp, EchoesAMegabyteThroughTheStack) {
  Pair p;
  auto l = p.tb.listen(7);
  ASSERT_TRUE(l);
  const std::string data = testing::pattern(1 << 20, 11);
  auto body = [&]() -> async::Task<std::string> {
    auto server = [&]() -> async::Task<void> { co_await echo_once(*l); };
    p.loop.spawn(server());
    auto f = co_await p.ta.connect(b_at(7));
    if (!f) co_return "connect failed";
    EXPECT_EQ(f->peer(), b_at(7));
    EXPECT_TRUE(f->connection().window_scaling());
    auto writer = [&](Layer::Flow& flow) -> async::Task<void> {
      for (std::size_t at = 0; at < data.size(); at += 10000)
        (void)co_await flow.write(cstruct::Buffer::of_string(data.substr(at, 10000)));
      (void)co_await flow.shutdown(mirage::ShutdownMode::Write);
    };
    p.loop.spawn(writer(*f));
    co_return co_await read_all(*f);
  };
  EXPECT_EQ(p.run(body()), data);
}

TEST(Tcp, ConnectingToAClosedPortIsRefused) {
  Pair p;
  auto body = [&]() -> async::Task<std::expected<Layer::Flow, mirage::FlowError>> {
    co_return co_await p.ta.connect(b_at(9));
  };
  auto r = p.run(body());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), mirage::FlowError::Refused);
  EXPECT_EQ(p.tb.stats().tx_resets, 1u);
}

TEST(Tcp, AnUnreachableHostIsReported) {
  Pair p;
  auto body = [&]() -> async::Task<std::expected<Layer::Flow, mirage::FlowError>> {
    co_return co_await p.ta.connect({mirage::Ipv4Address::of_octets(10, 0, 0, 9), 80});
  };
  auto r = p.run(body());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), mirage::FlowError::Unreachable);
}

TEST(Tcp, APortListensOnce) {
  Pair p;
  auto l = p.tb.listen(80);
  ASSERT_TRUE(l);
  EXPECT_EQ(p.tb.listen(80).error(), mirage::ListenError::AddressInUse);
  l->close();
  EXPECT_TRUE(p.tb.listen(80));
  auto any = p.tb.listen(0);
  ASSERT_TRUE(any);
  EXPECT_GE(any->port(), 49152);
}

TEST(Tcp, ClosingAListenerFailsItsAccept) {
  Pair p;
  auto l = p.tb.listen(80);
  auto body = [&]() -> async::Task<std::expected<Layer::Flow, mirage::FlowError>> {
    auto closer = [&]() -> async::Task<void> {
      co_await p.loop.sleep(1s);
      l->close();
    };
    p.loop.spawn(closer());
    co_return co_await l->accept();
  };
  auto r = p.run(body());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), mirage::FlowError::Closed);
}

TEST(Tcp, SynCookiesWhenTheSynBacklogIsFull) {
  LayerConfig server;
  server.syn_backlog = 0;  // every SYN gets a cookie
  Pair p({}, server);
  auto l = p.tb.listen(7);
  auto body = [&]() -> async::Task<std::string> {
    auto server_task = [&]() -> async::Task<void> { co_await echo_once(*l); };
    p.loop.spawn(server_task());
    auto f = co_await p.ta.connect(b_at(7));
    if (!f) co_return "connect failed";
    (void)co_await f->write(cstruct::Buffer::of_string("through a cookie"));
    (void)co_await f->shutdown(mirage::ShutdownMode::Write);
    co_return co_await read_all(*f);
  };
  EXPECT_EQ(p.run(body()), "through a cookie");
  EXPECT_EQ(p.tb.stats().syn_cookies_sent, 1u);
  EXPECT_EQ(p.tb.stats().syn_cookies_accepted, 1u);
}

TEST(Tcp, AForgedCookieAckIsReset) {
  Pair p;
  auto l = p.tb.listen(7);
  auto body = [&]() -> async::Task<std::uint64_t> {
    // An ACK for port 7 with no connection and a made-up cookie: refused with RST.
    auto seg = cstruct::Buffer::create(20);
    Header h;
    h.source_port = 5555;
    h.destination_port = 7;
    h.seq = 1;
    h.ack = 0x12345678;
    h.flags = flags::ack;
    write_header(seg.span(), h, mirage::Ipv4Address::of_octets(10, 0, 0, 1),
                 mirage::Ipv4Address::of_octets(10, 0, 0, 2));
    (void)co_await p.a.ip.write(mirage::Ipv4Address::of_octets(10, 0, 0, 2), mirage::IpProtocol::Tcp, seg);
    co_await p.loop.sleep(10ms);
    co_return p.tb.stats().syn_cookies_rejected;
  };
  EXPECT_EQ(p.run(body()), 1u);
  EXPECT_EQ(p.tb.stats().tx_resets, 1u);
  EXPECT_EQ(p.tb.connections(), 0u);
}

TEST(Tcp, NoConnectionOutlivesItsClose) {
  Pair p;
  auto l = p.tb.listen(7);
  auto body = [&]() -> async::Task<std::size_t> {
    auto server_task = [&]() -> async::Task<void> {
      for (int i = 0; i < 20; ++i) co_await echo_once(*l);
    };
    p.loop.spawn(server_task());
    for (int i = 0; i < 20; ++i) {
      auto f = co_await p.ta.connect(b_at(7));
      if (!f) co_return 999;
      (void)co_await f->write(cstruct::Buffer::of_string("ping"));
      (void)co_await f->shutdown(mirage::ShutdownMode::Write);
      (void)co_await read_all(*f);
      co_await f->close();
    }
    co_await p.loop.sleep(120s);  // TIME-WAIT passes
    co_return p.ta.connections() + p.tb.connections();
  };
  EXPECT_EQ(p.run(body()), 0u);
  EXPECT_EQ(p.ta.stats().connections_opened, 20u);
  EXPECT_EQ(p.ta.stats().connections_closed, 20u);
  EXPECT_EQ(p.tb.stats().connections_closed, 20u);
}

TEST(Tcp, AResetReachesTheReader) {
  Pair p;
  auto l = p.tb.listen(7);
  auto body = [&]() -> async::Task<std::expected<std::optional<cstruct::Buffer>, mirage::FlowError>> {
    auto server_task = [&]() -> async::Task<void> {
      auto f = co_await l->accept();
      if (!f) co_return;
      (void)co_await f->read();  // reads "x"; the client's data after it stays unread
      co_await p.loop.sleep(10ms);
      co_await f->close();       // unread data: RST
    };
    p.loop.spawn(server_task());
    auto f = co_await p.ta.connect(b_at(7));
    (void)co_await f->write(cstruct::Buffer::of_string("x"));
    co_await p.loop.sleep(1ms);
    (void)co_await f->write(cstruct::Buffer::of_string("unread"));
    co_return co_await f->read();
  };
  auto r = p.run(body());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), mirage::FlowError::Reset);
}

}  // namespace
}  // namespace tcp
