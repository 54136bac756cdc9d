// The listener over the socket stack on loopback: UDP queries, pipelined TCP queries
// (several frames in one write, answered in order, and a frame split across writes), a
// zone transfer over TCP, the idle timeout, and the connection limit.
#include <dns-server/listener.hpp>

#include <async/loop.hpp>
#include <async/when.hpp>
#include <mirage_unix/devices.hpp>
#include <mirage_unix/platform.hpp>
#include <tcpip-socket/stack.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace test_support;
using dns::Type;
using Listener = dns_server::Listener<tcpip_socket::Stack, mirage_unix::Pclock>;

cstruct::Buffer framed(const std::vector<std::uint8_t>& q) {
  auto b = cstruct::Buffer::create(q.size() + 2);
  b.set_be16(0, static_cast<std::uint16_t>(q.size()));
  b.blit(q, 2);
  return b;
}

class ListenerTest : public testing::Test {
 protected:
  void start(dns_server::ListenerOptions options = {}) {
    dns_server::Config config;
    config.transfers = dns_server::TransferPolicy::Allow;
    server = std::make_unique<dns_server::Server>(std::move(config));
    load(*server, "example.com");
    options.port = 0;
    listener = std::make_unique<Listener>(*loop, stack, clock, *server, options);
    auto bound = listener->bind();
    ASSERT_TRUE(bound.has_value());
    ASSERT_NE(listener->udp_port(), 0);
  }
  // Runs `client` while the listener serves; the client's result.
  template <class T>
  T run(async::Task<T> client) {
    auto r = loop->run(async::when_any(listener->serve(), std::move(client)));
    EXPECT_TRUE(r.has_value());
    return std::get<1>(std::move(*r));
  }
  void TearDown() override { loop.reset(); }  // before the listener: it cancels connections

  mirage_unix::Platform platform;
  tcpip_socket::Stack stack{platform, mirage::Ipv4Address::localhost()};
  mirage_unix::Pclock clock;
  std::unique_ptr<dns_server::Server> server;
  std::unique_ptr<Listener> listener;
  std::unique_ptr<async::Loop> loop = std::make_unique<async::Loop>(platform);

  mirage::Endpoint udp_endpoint() const {
    return {mirage::Ipv4Address::localhost(), listener->udp_port()};
  }
  mirage::Endpoint tcp_endpoint() const {
    return {mirage::Ipv4Address::localhost(), listener->tcp_port()};
  }

  // Reads whole frames until `count` arrived or the stream ends; their messages.
  static async::Task<std::vector<dns::Message>> read_frames(tcpip_socket::Flow& flow,
                                                            std::size_t count) {
    std::vector<std::uint8_t> pending;
    std::vector<dns::Message> out;
    while (out.size() < count) {
      auto got = co_await flow.read();
      if (!got || !*got) break;
      pending.insert(pending.end(), (*got)->begin(), (*got)->end());
      while (pending.size() >= 2) {
        const std::size_t n = pending[0] << 8 | pending[1];
        if (pending.size() < n + 2) break;
        auto m = dns::Message::decode(std::span(pending.data() + 2, n));
        EXPECT_TRUE(m.has_value());
        if (m) out.push_back(std::move(*m));
        pending.erase(pending.begin(), pending.begin() + 2 + static_cast<std::ptrdiff_t>(n));
      }
    }
    co_return out;
  }
};

TEST_F(ListenerTest, AnswersOverUdp) {
  start();
  auto client = [&]() -> async::Task<std::string> {
    auto sock = stack.udp().bind(0);
    if (!sock) co_return "bind failed";
    auto q = query("www.example.com.", Type::A, {.id = 77});
    if (!co_await sock->send_to(udp_endpoint(), cstruct::Buffer::copy_of(q)))
      co_return "send failed";
    auto d = co_await sock->receive();
    if (!d) co_return "receive failed";
    auto m = dns::Message::decode(d->payload.span());
    if (!m) co_return "undecodable";
    if (m->header.id != 77 || m->answers.size() != 1) co_return "wrong answer";
    co_return dns::to_string(m->answers[0].data);
  };
  EXPECT_EQ(run(client()), "192.0.2.80");
  EXPECT_EQ(listener->stats().udp_queries, 1u);
}

TEST_F(ListenerTest, AnswersPipelinedTcpQueriesInOrder) {
  start();
  auto client = [&]() -> async::Task<std::vector<std::string>> {
    auto flow = co_await stack.tcp().connect(tcp_endpoint());
    if (!flow) co_return {"connect failed"};
    // Three queries in one write; the fourth split across two writes.
    const cstruct::Buffer three[] = {framed(query("www.example.com.", Type::A, {.id = 1})),
                                     framed(query("mail.example.com.", Type::AAAA, {.id = 2})),
                                     framed(query("nothere.example.com.", Type::A, {.id = 3}))};
    if (!co_await flow->writev(three)) co_return {"write failed"};
    auto fourth = framed(query("ns1.example.com.", Type::A, {.id = 4}));
    if (!co_await flow->write(fourth.sub(0, 5))) co_return {"write failed"};
    if (!co_await flow->write(fourth.sub(5, fourth.size() - 5))) co_return {"write failed"};
    auto answers = co_await read_frames(*flow, 4);
    co_await flow->close();
    std::vector<std::string> out;
    for (const auto& m : answers) {
      out.push_back(std::to_string(m.header.id) + " " + dns::to_string(m.rcode) +
                    (m.answers.empty() ? "" : " " + dns::to_string(m.answers[0].data)));
    }
    co_return out;
  };
  EXPECT_EQ(run(client()),
            (std::vector<std::string>{"1 NOERROR 192.0.2.80", "2 NOERROR 2001:db8::25",
                                      "3 NXDOMAIN", "4 NOERROR 192.0.2.1"}));
  EXPECT_EQ(listener->stats().tcp_queries, 4u);
}

TEST_F(ListenerTest, TransfersAZoneOverTcp) {
  start();
  auto client = [&]() -> async::Task<std::size_t> {
    auto flow = co_await stack.tcp().connect(tcp_endpoint());
    if (!flow) co_return 0;
    if (!co_await flow->write(framed(query("example.com.", Type::AXFR)))) co_return 0;
    auto answers = co_await read_frames(*flow, 1);
    co_await flow->close();
    co_return answers.empty() ? 0 : answers[0].answers.size();
  };
  EXPECT_EQ(run(client()), server->find_zone(name("example.com."))->size() + 1);
}

TEST_F(ListenerTest, ClosesIdleConnections) {
  start({.tcp_idle_timeout = 200ms});
  auto client = [&]() -> async::Task<std::string> {
    auto flow = co_await stack.tcp().connect(tcp_endpoint());
    if (!flow) co_return "connect failed";
    const auto before = std::chrono::steady_clock::now();
    auto got = co_await flow->read();  // nothing sent: the server gives up on us
    const auto waited = std::chrono::steady_clock::now() - before;
    co_await flow->close();
    if (got && *got) co_return "unexpected data";
    if (waited < 150ms) co_return "closed too early";
    co_return "closed";
  };
  EXPECT_EQ(run(client()), "closed");
  EXPECT_EQ(listener->stats().tcp_idle_closed, 1u);
}

TEST_F(ListenerTest, RefusesConnectionsOverTheLimit) {
  start({.max_tcp_connections = 1});
  auto client = [&]() -> async::Task<std::string> {
    auto first = co_await stack.tcp().connect(tcp_endpoint());
    if (!first) co_return "connect failed";
    // The first is answered (so it is surely accepted before the second).
    if (!co_await first->write(framed(query("www.example.com.", Type::A))))
      co_return "write failed";
    if ((co_await read_frames(*first, 1)).size() != 1) co_return "no answer on the first";
    auto second = co_await stack.tcp().connect(tcp_endpoint());
    if (!second) co_return "connect failed";
    (void)co_await second->write(framed(query("www.example.com.", Type::A)));
    auto answers = co_await read_frames(*second, 1);
    co_await second->close();
    co_await first->close();
    co_return answers.empty() ? "second closed" : "second answered";
  };
  EXPECT_EQ(run(client()), "second closed");
  EXPECT_EQ(listener->stats().tcp_rejected, 1u);
}

}  // namespace
