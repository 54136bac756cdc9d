// A TLS client flow and a TLS server flow over an in-memory byte stream, in one event loop:
// the handshake, data both ways in many records, KeyUpdate, close_notify ending reads,
// a failed handshake's alert reaching both sides, and a transport cut without close_notify.
#include "support.hpp"

#include <tls-flow/tls_flow.hpp>

#include <async/loop.hpp>
#include <async/manual_platform.hpp>
#include <async/stream.hpp>
#include <async/when.hpp>

#include <gtest/gtest.h>

#include <cstring>

namespace {

using namespace tls_flow_test;
using cstruct::Buffer;
using mirage::FlowError;
using Channel = async::Stream<Buffer>;

// One end of a connection made of two channels: what it writes, the other end reads.
class MemoryFlow {
 public:
  static std::pair<MemoryFlow, MemoryFlow> pair() {
    auto a = std::make_shared<Channel>(64), b = std::make_shared<Channel>(64);
    return {MemoryFlow(a, b), MemoryFlow(b, a)};
  }
  async::Task<std::expected<std::optional<Buffer>, FlowError>> read() { auto b = co_await rx_->pop(); co_return b; }
  async::Task<std::expected<void, FlowError>> write(Buffer data) {
    const bool queued = co_await tx_->push(std::move(data));  // not inside the if (see below)
    if (!queued) co_return std::unexpected(FlowError::Closed);
    co_return std::expected<void, FlowError>{};
  }
  async::Task<std::expected<void, FlowError>> writev(std::span<const Buffer> datas) {
    co_return co_await write(Buffer::concat(datas));
  }
  async::Task<std::expected<void, FlowError>> shutdown(mirage::ShutdownMode) {
    tx_->close();
    co_return std::expected<void, FlowError>{};
  }
  async::Task<void> close() {
    tx_->close();
    co_return;
  }

 private:
  MemoryFlow(std::shared_ptr<Channel> rx, std::shared_ptr<Channel> tx) : rx_(std::move(rx)), tx_(std::move(tx)) {}
  std::shared_ptr<Channel> rx_, tx_;
};

static_assert(mirage::Flow<MemoryFlow>);
static_assert(mirage::Flow<tls_flow::TlsFlow<MemoryFlow>>);

struct Fixture : ::testing::Test {
  Identity id;
  async::ManualPlatform platform;
  async::Loop loop{platform};
  Rng client_rng{1000}, server_rng{2000};
  std::shared_ptr<tls::ClientConfig> client_config = tls_flow_test::client_config(id);
  std::shared_ptr<tls::ServerConfig> server_config = tls_flow_test::server_config(id);
};

using Tls = tls_flow::TlsFlow<MemoryFlow>;

// Reads until `n` bytes or the end; the bytes.
async::Task<tls::Bytes> read_n(Tls& f, std::size_t n) {
  tls::Bytes got;
  while (got.size() < n) {
    auto r = co_await f.read();
    if (!r || !*r) break;
    got.insert(got.end(), (*r)->span().begin(), (*r)->span().end());
  }
  co_return got;
}

// Every awaited value below is stored first, then tested: with g++ 12 at -O0,
// `if (!co_await tx_->push(...))` in MemoryFlow::write looped forever.

async::Task<std::string> echo_server(MemoryFlow flow, std::shared_ptr<tls::ServerConfig> cfg, Rng& rng) {
  auto t = co_await Tls::server(std::move(flow), cfg, rng);
  if (!t) co_return "server handshake failed";
  while (true) {
    auto r = co_await t->read();
    if (!r || !*r) break;
    auto w = co_await t->write(std::move(**r));
    if (!w) co_return "server write failed";
  }
  co_await t->close();
  co_return "ok";
}

async::Task<std::string> echo_client(MemoryFlow flow, std::shared_ptr<tls::ClientConfig> cfg, Rng& rng) {
  auto t = co_await Tls::client(std::move(flow), cfg, rng);
  if (!t) co_return "handshake failed";
  if (t->info().suite != tls::CipherSuite::aes_128_gcm_sha256) co_return "unexpected suite";
  tls::Bytes data(300000);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i % 251);
  auto w = co_await t->write(Buffer::copy_of(std::span(data).first(100000)));
  if (!w) co_return "write failed";
  w = co_await t->key_update(true);
  if (!w) co_return "key update failed";
  const Buffer rest[2] = {Buffer::copy_of(std::span(data).subspan(100000, 100000)),
                          Buffer::copy_of(std::span(data).subspan(200000))};
  w = co_await t->writev(rest);
  if (!w) co_return "writev failed";
  const tls::Bytes echoed = co_await read_n(*t, data.size());
  if (echoed != data) co_return "echo differs";
  w = co_await t->shutdown(mirage::ShutdownMode::Write);
  if (!w) co_return "shutdown failed";
  auto end = co_await t->read();  // the server's close_notify
  if (!end || end->has_value()) co_return "no end of stream after close_notify";
  co_await t->close();
  co_return "ok";
}

TEST_F(Fixture, HandshakeEchoKeyUpdateAndCloseNotify) {
  auto [c, s] = MemoryFlow::pair();
  auto result = loop.run(async::when_all(echo_client(std::move(c), client_config, client_rng),
                                         echo_server(std::move(s), server_config, server_rng)));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(std::get<0>(*result), "ok");
  EXPECT_EQ(std::get<1>(*result), "ok");
}

async::Task<std::optional<tls_flow::Error>> server_fails(MemoryFlow flow, std::shared_ptr<tls::ServerConfig> cfg,
                                                         Rng& rng) {
  auto t = co_await Tls::server(std::move(flow), cfg, rng);
  if (t) co_return std::nullopt;
  co_return t.error();
}

async::Task<std::optional<tls_flow::Error>> client_fails(MemoryFlow flow, std::shared_ptr<tls::ClientConfig> cfg,
                                                         Rng& rng) {
  auto t = co_await Tls::client(std::move(flow), cfg, rng);
  if (t) co_return std::nullopt;
  co_return t.error();
}

TEST_F(Fixture, AFailedHandshakeGivesBothSidesTheAlert) {
  auto [c, s] = MemoryFlow::pair();
  client_config->authenticator = [](std::span<const x509::Certificate>, std::string_view) -> tls::Result<void> {
    return tls::fail(tls::Alert::unknown_ca, "no trust anchor");
  };
  auto result = loop.run(async::when_all(client_fails(std::move(c), client_config, client_rng),
                                         server_fails(std::move(s), server_config, server_rng)));
  ASSERT_TRUE(result.has_value());
  const auto& [client_error, server_error] = *result;
  ASSERT_TRUE(client_error && client_error->tls);
  EXPECT_EQ(client_error->tls->alert, tls::Alert::unknown_ca);
  EXPECT_FALSE(client_error->tls->received);
  ASSERT_TRUE(server_error && server_error->tls);
  EXPECT_EQ(server_error->tls->alert, tls::Alert::unknown_ca);
  EXPECT_TRUE(server_error->tls->received);
}

async::Task<std::string> cutting_server(MemoryFlow flow, std::shared_ptr<tls::ServerConfig> cfg, Rng& rng) {
  auto t = co_await Tls::server(std::move(flow), cfg, rng);
  if (!t) co_return "server handshake failed";
  auto w = co_await t->write(Buffer::of_string("partial"));
  if (!w) co_return "server write failed";
  co_await t->transport().close();  // no close_notify
  co_return "ok";
}

async::Task<std::string> cut_client(MemoryFlow flow, std::shared_ptr<tls::ClientConfig> cfg, Rng& rng) {
  auto t = co_await Tls::client(std::move(flow), cfg, rng);
  if (!t) co_return "handshake failed";
  auto first = co_await t->read();
  if (!first || !*first || (*first)->to_string() != "partial") co_return "no data";
  auto cut = co_await t->read();
  if (cut || cut.error() != FlowError::Reset) co_return "cut not reported as Reset";
  co_return "ok";
}

TEST_F(Fixture, TransportCutWithoutCloseNotifyIsReset) {
  auto [c, s] = MemoryFlow::pair();
  auto result = loop.run(async::when_all(cut_client(std::move(c), client_config, client_rng),
                                         cutting_server(std::move(s), server_config, server_rng)));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(std::get<0>(*result), "ok");
  EXPECT_EQ(std::get<1>(*result), "ok");
}

}  // namespace
