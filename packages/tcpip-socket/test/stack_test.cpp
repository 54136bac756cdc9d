// The socket stack over loopback: TCP connect/accept/read/write/writev/shutdown, a
// transfer big enough to block, errors (refused, address in use), close waking waiters,
// and UDP over IPv4 and IPv6 with the destination address the kernel saw.
#include <tcpip-socket/stack.hpp>

#include <async/loop.hpp>
#include <async/when.hpp>
#include <mirage_unix/platform.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace {

using namespace tcpip_socket;
using namespace std::chrono_literals;
using mirage::Ipv4Address;
using mirage::Ipv6Address;

cstruct::Buffer text(const std::string& s) { return cstruct::Buffer::of_string(s); }

class SocketStack : public testing::Test {
 protected:
  mirage_unix::Platform platform;
  async::Loop loop{platform};
  Stack stack{platform};

  template <class T>
  T run(async::Task<T> t) {
    auto r = loop.run(std::move(t));
    EXPECT_TRUE(r.has_value()) << "the loop could not finish the task";
    if constexpr (!std::is_void_v<T>) return std::move(*r);
  }
};

const Endpoint loopback4(std::uint16_t port) { return {Ipv4Address::localhost(), port}; }

TEST_F(SocketStack, TcpEchoOverIpv4AndIpv6) {
  auto listener = stack.tcp().listen(0);
  ASSERT_TRUE(listener);
  const std::uint16_t port = listener->local().port;
  ASSERT_NE(port, 0);
  for (IpAddress to : {IpAddress(Ipv4Address::localhost()), IpAddress(Ipv6Address::localhost())}) {
    auto server = [&]() -> async::Task<std::string> {
      auto flow = co_await listener->accept();
      if (!flow) co_return "accept failed";
      std::string got;
      for (;;) {
        auto r = co_await flow->read();
        if (!r) co_return "read failed";
        if (!*r) break;
        got += (*r)->to_string();
      }
      auto w = co_await flow->write(text("echo:" + got));
      co_await flow->close();
      co_return w ? got : "write failed";
    };
    auto client = [&]() -> async::Task<std::string> {
      auto flow = co_await stack.tcp().connect({to, port});
      if (!flow) co_return "connect failed";
      if (flow->peer().port != port || flow->peer().address != to) co_return "wrong peer " + flow->peer().to_string();
      const cstruct::Buffer parts[] = {text("hello, "), text(""), text("world")};
      if (!co_await flow->writev(parts)) co_return "writev failed";
      if (!co_await flow->shutdown(mirage::ShutdownMode::Write)) co_return "shutdown failed";
      std::string got;
      for (;;) {
        auto r = co_await flow->read();
        if (!r) co_return "read failed";
        if (!*r) break;
        got += (*r)->to_string();
      }
      co_await flow->close();
      co_return got;
    };
    auto [s, c] = run(async::when_all(server(), client()));
    EXPECT_EQ(s, "hello, world") << to.to_string();
    EXPECT_EQ(c, "echo:hello, world") << to.to_string();
  }
}

TEST_F(SocketStack, LargeTransferBlocksAndResumes) {
  auto listener = stack.tcp().listen(0);
  ASSERT_TRUE(listener);
  const std::size_t total = 16 << 20;
  cstruct::Buffer data = cstruct::Buffer::create(total);
  for (std::size_t i = 0; i < total; ++i) data[i] = static_cast<std::uint8_t>(i * 7 + (i >> 12));
  auto server = [&]() -> async::Task<bool> {
    auto flow = co_await listener->accept();
    if (!flow) co_return false;
    std::size_t at = 0;
    bool same = true;
    for (;;) {
      auto r = co_await flow->read();
      if (!r || !*r) break;
      for (std::size_t i = 0; i < (*r)->size(); ++i) same &= (**r)[i] == data[at + i];
      at += (*r)->size();
    }
    co_return same && at == total;
  };
  auto client = [&]() -> async::Task<bool> {
    auto flow = co_await stack.tcp().connect(loopback4(listener->local().port));
    if (!flow) co_return false;
    auto w = co_await flow->write(data);
    co_await flow->close();
    co_return w.has_value();
  };
  auto [s, c] = run(async::when_all(server(), client()));
  EXPECT_TRUE(c);
  EXPECT_TRUE(s);
}

TEST_F(SocketStack, ConnectToAClosedPortIsRefused) {
  std::uint16_t port;
  {
    auto l = stack.tcp().listen(0);
    ASSERT_TRUE(l);
    port = l->local().port;
  }
  auto r = run(stack.tcp().connect(loopback4(port)));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), FlowError::Refused);
}

TEST_F(SocketStack, ListeningTwiceOnAPortIsAddressInUse) {
  auto a = stack.tcp().listen(0);
  ASSERT_TRUE(a);
  auto b = stack.tcp().listen(a->local().port);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error(), ListenError::AddressInUse);
  auto u = stack.udp().bind(0);
  ASSERT_TRUE(u);
  auto v = stack.udp().bind(u->local_port());
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error(), ListenError::AddressInUse);
}

TEST_F(SocketStack, ClosingAListenerWakesAPendingAccept) {
  auto listener = stack.tcp().listen(0);
  ASSERT_TRUE(listener);
  auto waiter = [&]() -> async::Task<std::expected<Flow, FlowError>> { co_return co_await listener->accept(); };
  auto closer = [&]() -> async::Task<void> {
    co_await loop.sleep(20ms);
    listener->close();
  };
  auto [r, done] = run(async::when_all(waiter(), closer()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), FlowError::Closed);
  (void)done;
  EXPECT_FALSE(run(listener->accept())) << "and later ones fail at once";
}

TEST_F(SocketStack, ClosingAFlowWakesAPendingRead) {
  auto listener = stack.tcp().listen(0);
  ASSERT_TRUE(listener);
  auto pair = [&]() -> async::Task<std::pair<std::optional<Flow>, std::optional<Flow>>> {
    auto [a, c] = co_await async::when_all(listener->accept(), stack.tcp().connect(loopback4(listener->local().port)));
    co_return std::pair{a ? std::optional(std::move(*a)) : std::nullopt, c ? std::optional(std::move(*c)) : std::nullopt};
  };
  auto [server, client] = run(pair());
  ASSERT_TRUE(server && client);
  auto reader = [&]() -> async::Task<std::expected<std::optional<cstruct::Buffer>, FlowError>> {
    co_return co_await client->read();
  };
  auto closer = [&]() -> async::Task<void> {
    co_await loop.sleep(20ms);
    co_await client->close();
  };
  auto [r, done] = run(async::when_all(reader(), closer()));
  (void)done;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), FlowError::Closed);
  // The other side sees the end of the stream.
  auto eof = run(server->read());
  ASSERT_TRUE(eof);
  EXPECT_FALSE(eof->has_value());
}

TEST_F(SocketStack, UdpToItselfOverIpv4AndIpv6) {
  auto sock = stack.udp().bind(0);
  ASSERT_TRUE(sock);
  const std::uint16_t port = sock->local_port();
  ASSERT_NE(port, 0);
  for (IpAddress to : {IpAddress(Ipv4Address::localhost()), IpAddress(Ipv6Address::localhost())}) {
    auto t = [&]() -> async::Task<std::string> {
      auto s = co_await sock->send_to({to, port}, text("ping " + to.to_string()));
      if (!s) co_return "send failed";
      auto d = co_await sock->receive();
      if (!d) co_return "receive failed";
      if (d->source != Endpoint{to, port}) co_return "source " + d->source.to_string();
      if (d->destination != Endpoint{to, port}) co_return "destination " + d->destination.to_string();
      co_return d->payload.to_string();
    };
    EXPECT_EQ(run(t()), "ping " + to.to_string());
  }
  EXPECT_EQ(sock->dropped(), 0u);
}

TEST_F(SocketStack, UdpReceiveWaitsForADatagram) {
  auto a = stack.udp().bind(0);
  auto b = stack.udp().bind(0);
  ASSERT_TRUE(a && b);
  auto receiver = [&]() -> async::Task<std::string> {
    auto d = co_await a->receive();
    co_return d ? d->payload.to_string() : "receive failed";
  };
  auto sender = [&]() -> async::Task<void> {
    co_await loop.sleep(10ms);
    (void)co_await b->send_to(loopback4(a->local_port()), text("late"));
  };
  auto [got, done] = run(async::when_all(receiver(), sender()));
  (void)done;
  EXPECT_EQ(got, "late");
}

TEST_F(SocketStack, OversizedDatagramIsTooBig) {
  auto a = stack.udp().bind(0);
  ASSERT_TRUE(a);
  auto r = run(a->send_to(loopback4(a->local_port()), cstruct::Buffer::create(70000)));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), IpError::TooBig);
}

TEST_F(SocketStack, AddressesIncludeLoopback) {
  const auto addrs = stack.addresses();
  EXPECT_NE(std::find(addrs.begin(), addrs.end(), IpAddress(Ipv4Address::localhost())), addrs.end());
  Stack bound(platform, Ipv4Address::localhost());
  EXPECT_EQ(bound.addresses(), std::vector<IpAddress>{IpAddress(Ipv4Address::localhost())});
}

TEST_F(SocketStack, BoundToLoopbackOnly) {
  Stack bound(platform, Ipv4Address::localhost());
  auto l = bound.tcp().listen(0);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->local().address, IpAddress(Ipv4Address::localhost()));
}

}  // namespace
