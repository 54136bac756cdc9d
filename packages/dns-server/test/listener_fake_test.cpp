// The listener over an in-memory mirage::Stack on the portable runtime (ManualPlatform's
// virtual clock), as it would run on the direct stack: no sockets, no host. Frames split
// into single bytes, pipelining, zero-length frames, the per-connection query limit, and
// the idle timeout measured in virtual time.
#include <dns-server/listener.hpp>

#include <async/loop.hpp>
#include <async/manual_platform.hpp>
#include <async/stream.hpp>
#include <async/when.hpp>

#include <memory>
#include <string>

#include "support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace test_support;
using dns::Type;
using mirage::Endpoint;
using mirage::FlowError;

using Bytes = async::Stream<cstruct::Buffer>;

// One direction of a connection.
struct Pipe {
  Bytes data{1024};
};

class FakeFlow {
 public:
  FakeFlow(std::shared_ptr<Pipe> in, std::shared_ptr<Pipe> out)
      : in_(std::move(in)), out_(std::move(out)) {}
  async::Task<std::expected<std::optional<cstruct::Buffer>, FlowError>> read() {
    co_return co_await in_->data.pop();
  }
  async::Task<std::expected<void, FlowError>> write(cstruct::Buffer data) {
    const bool queued = co_await out_->data.push(std::move(data));
    if (!queued) co_return std::unexpected(FlowError::Closed);
    co_return std::expected<void, FlowError>{};
  }
  async::Task<std::expected<void, FlowError>> writev(std::span<const cstruct::Buffer> datas) {
    for (const auto& d : datas) {
      const bool queued = co_await out_->data.push(d);
      if (!queued) co_return std::unexpected(FlowError::Closed);
    }
    co_return std::expected<void, FlowError>{};
  }
  async::Task<std::expected<void, FlowError>> shutdown(mirage::ShutdownMode) {
    out_->data.close();
    co_return std::expected<void, FlowError>{};
  }
  async::Task<void> close() {
    out_->data.close();
    co_return;
  }
  Endpoint peer() const { return {mirage::Ipv4Address::localhost(), 4000}; }
  Endpoint local() const { return {mirage::Ipv4Address::localhost(), 53}; }

 private:
  std::shared_ptr<Pipe> in_, out_;
};

struct TcpState {
  async::Stream<FakeFlow> pending{16};
};

class FakeListener {
 public:
  using flow_type = FakeFlow;
  explicit FakeListener(std::shared_ptr<TcpState> s) : s_(std::move(s)) {}
  async::Task<std::expected<FakeFlow, FlowError>> accept() {
    auto f = co_await s_->pending.pop();
    if (!f) co_return std::unexpected(FlowError::Closed);
    co_return std::move(*f);
  }
  void close() { s_->pending.close(); }

 private:
  std::shared_ptr<TcpState> s_;
};

class FakeTcp {
 public:
  using flow_type = FakeFlow;
  using listener_type = FakeListener;
  // The client's end of a new connection; the server's end waits in the listener.
  async::Task<std::expected<FakeFlow, FlowError>> connect(Endpoint) {
    auto up = std::make_shared<Pipe>(), down = std::make_shared<Pipe>();
    FakeFlow server_end(up, down);
    const bool queued = co_await state->pending.push(std::move(server_end));
    if (!queued) co_return std::unexpected(FlowError::Refused);
    co_return FakeFlow(down, up);
  }
  std::expected<FakeListener, mirage::ListenError> listen(std::uint16_t) {
    return FakeListener(state);
  }
  std::shared_ptr<TcpState> state = std::make_shared<TcpState>();
};

struct UdpState {
  async::Stream<mirage::Datagram> in{64}, out{64};
};

class FakeUdpSocket {
 public:
  explicit FakeUdpSocket(std::shared_ptr<UdpState> s) : s_(std::move(s)) {}
  async::Task<std::expected<void, mirage::IpError>> send_to(Endpoint dst, cstruct::Buffer payload) {
    // Named, not a temporary inside co_await (GCC 12 mishandles those).
    mirage::Datagram d{{mirage::Ipv4Address::localhost(), 53}, dst, std::move(payload)};
    const bool sent = co_await s_->out.push(std::move(d));
    if (!sent) co_return std::unexpected(mirage::IpError::Io);
    co_return std::expected<void, mirage::IpError>{};
  }
  async::Task<std::expected<mirage::Datagram, mirage::IpError>> receive() {
    auto d = co_await s_->in.pop();
    if (!d) co_return std::unexpected(mirage::IpError::Io);
    co_return std::move(*d);
  }
  std::uint16_t local_port() const { return 53; }

 private:
  std::shared_ptr<UdpState> s_;
};

class FakeUdp {
 public:
  using socket_type = FakeUdpSocket;
  std::expected<FakeUdpSocket, mirage::ListenError> bind(std::uint16_t) {
    return FakeUdpSocket(state);
  }
  std::shared_ptr<UdpState> state = std::make_shared<UdpState>();
};

class FakeStack {
 public:
  using tcp_type = FakeTcp;
  using udp_type = FakeUdp;
  FakeTcp& tcp() { return tcp_; }
  FakeUdp& udp() { return udp_; }
  std::vector<mirage::IpAddress> addresses() { return {mirage::Ipv4Address::localhost()}; }

 private:
  FakeTcp tcp_;
  FakeUdp udp_;
};
static_assert(mirage::Stack<FakeStack>);

struct FakeClock {
  mirage::Ptime now() { return {1700000000, 0}; }
  std::optional<int> current_tz_offset_s() { return 0; }
};
static_assert(mirage::Pclock<FakeClock>);

cstruct::Buffer framed(const std::vector<std::uint8_t>& q) {
  auto b = cstruct::Buffer::create(q.size() + 2);
  b.set_be16(0, static_cast<std::uint16_t>(q.size()));
  b.blit(q, 2);
  return b;
}

using Listener = dns_server::Listener<FakeStack, FakeClock>;

class FakeListenerTest : public testing::Test {
 protected:
  void start(dns_server::ListenerOptions options = {}) {
    load(server, "example.com");
    listener = std::make_unique<Listener>(*loop, stack, clock, server, options);
    ASSERT_TRUE(listener->bind().has_value());
    EXPECT_EQ(listener->tcp_port(), 53);
  }
  template <class T>
  T run(async::Task<T> client) {
    auto r = loop->run(async::when_any(listener->serve(), std::move(client)));
    EXPECT_TRUE(r.has_value());
    return std::get<1>(std::move(*r));
  }
  void TearDown() override { loop.reset(); }

  // "id rcode" of each frame read until the server closes the connection.
  static async::Task<std::vector<std::string>> read_all(FakeFlow& flow) {
    std::vector<std::uint8_t> pending;
    for (;;) {
      auto got = co_await flow.read();
      if (!got || !*got) break;
      pending.insert(pending.end(), (*got)->begin(), (*got)->end());
    }
    std::vector<std::string> out;
    std::size_t at = 0;
    while (pending.size() - at >= 2) {
      const std::size_t n = pending[at] << 8 | pending[at + 1];
      if (pending.size() - at - 2 < n) break;
      auto m = dns::Message::decode(std::span(pending.data() + at + 2, n));
      out.push_back(m ? std::to_string(m->header.id) + " " + dns::to_string(m->rcode)
                      : "undecodable");
      at += 2 + n;
    }
    co_return out;
  }

  async::ManualPlatform platform;
  FakeStack stack;
  FakeClock clock;
  dns_server::Server server;
  std::unique_ptr<Listener> listener;
  std::unique_ptr<async::Loop> loop = std::make_unique<async::Loop>(platform);
};

TEST_F(FakeListenerTest, AnswersUdp) {
  start();
  auto client = [&]() -> async::Task<std::string> {
    auto& s = *stack.udp().state;
    Endpoint from{mirage::Ipv4Address::localhost(), 5555};
    const auto q = query("www.example.com.", Type::A, {.id = 9});
    mirage::Datagram datagram{
        from, {mirage::Ipv4Address::localhost(), 53}, cstruct::Buffer::copy_of(q)};
    const bool queued = co_await s.in.push(std::move(datagram));
    if (!queued) co_return "not queued";
    auto d = co_await s.out.pop();
    if (!d) co_return "nothing sent";
    if (d->destination != from) co_return "sent elsewhere";
    auto m = dns::Message::decode(d->payload.span());
    co_return m && m->header.id == 9 && m->answers.size() == 1 ? "ok" : "bad answer";
  };
  EXPECT_EQ(run(client()), "ok");
}

TEST_F(FakeListenerTest, ReassemblesFramesArrivingOneByteAtATime) {
  start({.max_queries_per_connection = 3});
  auto client = [&]() -> async::Task<std::vector<std::string>> {
    auto flow = co_await stack.tcp().connect({});
    if (!flow) co_return {"connect failed"};
    // A named list: GCC 12 does not keep a range-for's temporary list alive across co_await.
    const std::vector<std::pair<std::string, std::uint16_t>> queries = {
        {"www.example.com.", 1}, {"nothere.example.com.", 2}, {"www.example.org.", 3}};
    for (const auto& [n, id] : queries) {
      auto f = framed(query(n, Type::A, {.id = id}));
      for (std::size_t i = 0; i < f.size(); ++i) (void)co_await flow->write(f.sub(i, 1));
    }
    // The limit of 3 queries closes the connection after the third answer.
    co_return co_await read_all(*flow);
  };
  EXPECT_EQ(run(client()), (std::vector<std::string>{"1 NOERROR", "2 NXDOMAIN", "3 REFUSED"}));
}

TEST_F(FakeListenerTest, AZeroLengthFrameEndsTheConnection) {
  start();
  auto client = [&]() -> async::Task<std::vector<std::string>> {
    auto flow = co_await stack.tcp().connect({});
    if (!flow) co_return {"connect failed"};
    const cstruct::Buffer frames[] = {framed(query("www.example.com.", Type::A, {.id = 1})),
                                      cstruct::Buffer::copy_of(std::vector<std::uint8_t>{0, 0}),
                                      framed(query("www.example.com.", Type::A, {.id = 2}))};
    (void)co_await flow->writev(frames);
    co_return co_await read_all(*flow);
  };
  EXPECT_EQ(run(client()), std::vector<std::string>{"1 NOERROR"});
  EXPECT_EQ(listener->stats().tcp_bad_frames, 1u);
}

TEST_F(FakeListenerTest, ClosesIdleConnectionsAfterTheTimeoutInVirtualTime) {
  start({.tcp_idle_timeout = 30s});
  auto client = [&]() -> async::Task<async::Duration> {
    const auto t0 = loop->now();
    auto flow = co_await stack.tcp().connect({});
    if (!flow) co_return async::Duration{};
    (void)co_await flow->write(framed(query("www.example.com.", Type::A)));
    auto answers = co_await read_all(*flow);  // one answer, then the idle close
    co_return answers.size() == 1 ? loop->now() - t0 : async::Duration{};
  };
  const auto waited = run(client());
  EXPECT_GE(waited, 30s);
  EXPECT_LT(waited, 31s);
  EXPECT_EQ(listener->stats().tcp_idle_closed, 1u);
  EXPECT_EQ(listener->stats().tcp_open, 0u);
}

}  // namespace
