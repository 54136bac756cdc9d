#pragma once
// TLS over any mirage::Flow (the socket stack's TCP, our own TCP, a vchan), itself a Flow:
// the tls package's pure state machine driven by coroutines. The handshake runs when the
// flow is made; read() yields the peer's application data and nullopt after its
// close_notify; write() encrypts; shutdown(Write) and close() send close_notify.
#include <tls/connection.hpp>

#include <async/task.hpp>
#include <cstruct/buffer.hpp>
#include <mirage/error.hpp>
#include <mirage/flow.hpp>

#include <memory>
#include <optional>

namespace tls_flow {

// (Every awaited value here is stored, then tested: with g++ 12 at -O0, `if (!co_await
// x)` on a push into an async::Stream looped forever in this package's test.)

// Why a TLS flow could not be made, or stopped: the transport's error, or the TLS failure
// (the alert sent or received, and why).
struct Error {
  std::optional<mirage::FlowError> flow;
  std::optional<tls::Error> tls;
};

template <mirage::Flow F>
class TlsFlow {
 public:
  using Read = std::expected<std::optional<cstruct::Buffer>, mirage::FlowError>;
  using Written = std::expected<void, mirage::FlowError>;

  // A client over `flow`, once the handshake is done; `rng` must outlive the flow.
  static async::Task<std::expected<TlsFlow, Error>> client(F flow, std::shared_ptr<const tls::ClientConfig> config,
                                                           nocrypto::pk::RandomRef rng,
                                                           std::optional<tls::Ticket> resume = {}) {
    return start(std::move(flow), tls::Connection::client(std::move(config), rng, std::move(resume)));
  }

  static async::Task<std::expected<TlsFlow, Error>> server(F flow, std::shared_ptr<const tls::ServerConfig> config,
                                                           nocrypto::pk::RandomRef rng) {
    return start(std::move(flow), tls::Connection::server(std::move(config), rng));
  }

  TlsFlow(TlsFlow&&) noexcept = default;
  TlsFlow& operator=(TlsFlow&&) noexcept = default;

  // The next application data; nullopt after the peer's close_notify. A transport that
  // ends without close_notify is FlowError::Reset (the data may have been cut short); a
  // TLS failure is FlowError::Io, with the alert in last_error().
  async::Task<Read> read() {
    while (true) {
      if (!pending_.empty()) {
        auto b = cstruct::Buffer::copy_of(pending_);
        pending_.clear();
        co_return std::optional<cstruct::Buffer>(std::move(b));
      }
      if (peer_closed_) co_return std::optional<cstruct::Buffer>();
      if (error_) co_return std::unexpected(mirage::FlowError::Io);
      auto r = co_await pull();
      if (!r) co_return std::unexpected(*r.error().flow);
    }
  }

  async::Task<Written> write(cstruct::Buffer data) {
    if (auto r = conn_->send(data.span()); !r) co_return fail_with(r.error());
    co_return co_await flush();
  }

  async::Task<Written> writev(std::span<const cstruct::Buffer> datas) {
    for (const auto& d : datas)
      if (auto r = conn_->send(d.span()); !r) co_return fail_with(r.error());
    co_return co_await flush();
  }

  // Write: close_notify, then the transport's write side. Read: later reads end at once.
  async::Task<Written> shutdown(mirage::ShutdownMode mode) {
    if (mode == mirage::ShutdownMode::Read || mode == mirage::ShutdownMode::Both) {
      peer_closed_ = true;
      pending_.clear();
    }
    if (mode == mirage::ShutdownMode::Write || mode == mirage::ShutdownMode::Both) {
      conn_->close();
      auto r = co_await flush();
      if (!r) co_return r;
      co_return co_await flow_.shutdown(mirage::ShutdownMode::Write);
    }
    co_return Written{};
  }

  // close_notify (best effort), then the transport is closed.
  async::Task<void> close() {
    conn_->close();
    (void)co_await flush();
    co_await flow_.close();
  }

  // Sends KeyUpdate (asking the peer to update too when `request`).
  async::Task<Written> key_update(bool request = true) {
    if (auto r = conn_->key_update(request); !r) co_return fail_with(r.error());
    co_return co_await flush();
  }

  const tls::Connection& connection() const noexcept { return *conn_; }
  const tls::SessionInfo& info() const noexcept { return conn_->info(); }
  // Tickets the server sent so far (see tls::Connection::take_tickets).
  std::vector<tls::Ticket> take_tickets() { return conn_->take_tickets(); }
  // The TLS failure that stopped this flow, if one did.
  const std::optional<tls::Error>& last_error() const noexcept { return error_; }
  F& transport() noexcept { return flow_; }

 private:
  TlsFlow(F flow, tls::Connection conn)
      : flow_(std::move(flow)), conn_(std::make_unique<tls::Connection>(std::move(conn))) {}

  static async::Task<std::expected<TlsFlow, Error>> start(F flow, tls::Result<tls::Connection> c) {
    if (!c) co_return std::unexpected(Error{std::nullopt, c.error()});
    TlsFlow t(std::move(flow), std::move(*c));
    auto r = co_await t.handshake();
    if (!r) {
      co_await t.flow_.close();
      co_return std::unexpected(r.error());
    }
    co_return std::move(t);
  }

  std::unexpected<mirage::FlowError> fail_with(const tls::Error& e) {
    error_ = e;
    return std::unexpected(mirage::FlowError::Io);
  }

  // Sends what the connection has queued.
  async::Task<Written> flush() {
    if (!conn_->has_output()) co_return Written{};
    conn_->take_output(out_);
    co_return co_await flow_.write(cstruct::Buffer::copy_of(out_));
  }

  // One read from the transport through the connection; queued replies (KeyUpdate,
  // alerts) go out first.
  async::Task<std::expected<void, Error>> pull() {
    auto w = co_await flush();
    if (!w) co_return std::unexpected(Error{w.error(), std::nullopt});
    auto in = co_await flow_.read();
    if (!in) co_return std::unexpected(Error{in.error(), std::nullopt});
    if (!*in) co_return std::unexpected(Error{mirage::FlowError::Reset, std::nullopt});
    auto r = conn_->handle((*in)->span(), got_);
    if (!r) {
      error_ = r.error();
      (void)co_await flush();  // the alert
      co_return std::unexpected(Error{mirage::FlowError::Io, r.error()});
    }
    pending_.insert(pending_.end(), got_.data.begin(), got_.data.end());
    if (got_.closed) peer_closed_ = true;
    co_return std::expected<void, Error>{};
  }

  async::Task<std::expected<void, Error>> handshake() {
    while (!conn_->handshake_done()) {
      auto r = co_await pull();
      if (!r) co_return r;
      if (peer_closed_ && !conn_->handshake_done())
        co_return std::unexpected(Error{mirage::FlowError::Closed, std::nullopt});
    }
    auto w = co_await flush();
    if (!w) co_return std::unexpected(Error{w.error(), std::nullopt});
    co_return std::expected<void, Error>{};
  }

  F flow_;
  std::unique_ptr<tls::Connection> conn_;
  tls::Bytes out_;           // records being written, reused
  tls::Received got_;        // what the last read gave, reused
  tls::Bytes pending_;       // application data not yet returned by read()
  bool peer_closed_ = false;
  std::optional<tls::Error> error_;
};

}  // namespace tls_flow
