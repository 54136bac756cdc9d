#pragma once
// tcp::Tcp<I4>: TCP over an IPv4 layer, satisfying mirage::Tcp. Each connection is a
// tcp::Connection (the sans-IO machine) with a driver coroutine on the loop that sends what
// the machine has to send (waiting for ARP when it must: never in the input path) and
// sleeps until its next deadline or until input or the application wakes it. Listeners
// have a bounded accept queue and a bounded number of half-open connections; past either,
// SYNs are answered with SYN cookies (or dropped, when cookies are off). Segments for no
// connection or listener are answered with RST. Connections are forgotten once CLOSED
// (after TIME-WAIT, a reset or a timeout), whether or not the application still holds them.
//
// IPv6: the machine is family-neutral; what is missing is an IPv6 layer to sit on.
#include <tcp/connection.hpp>
#include <tcp/header.hpp>

#include <array>
#include <async/condition.hpp>
#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/waiter.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <cstruct/buffer.hpp>
#include <deque>
#include <expected>
#include <ipv4/ipv4.hpp>
#include <memory>
#include <mirage/error.hpp>
#include <mirage/tcp.hpp>
#include <nocrypto/sha2.hpp>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tcp {

using mirage::Endpoint;
using mirage::FlowError;

struct LayerConfig {
  Config connection;
  std::size_t backlog = 128;       // established connections waiting for accept()
  std::size_t syn_backlog = 256;   // half-open connections per listener
  bool syn_cookies = true;         // past syn_backlog or backlog: cookies, else drop
  std::uint16_t ephemeral_first = 49152;
  std::uint16_t ephemeral_last = 65535;
  std::array<std::uint8_t, 32> secret{};  // keys ISNs (RFC 6528) and cookies: pass entropy
};

struct LayerStats {
  std::uint64_t rx_segments = 0, rx_malformed = 0, rx_no_connection = 0, tx_resets = 0;
  std::uint64_t syn_cookies_sent = 0, syn_cookies_accepted = 0, syn_cookies_rejected = 0;
  std::uint64_t syns_dropped = 0, connections_opened = 0, connections_closed = 0;
  std::uint64_t tx_errors = 0;
};

template <ipv4::Layer I4>
class Tcp {
  struct Conn;
  struct Listening;

 public:
  class Flow;
  class Listener;
  using flow_type = Flow;
  using listener_type = Listener;

  // Borrows `ip` and `loop`, which must outlive it (and every flow).
  Tcp(I4& ip, async::Loop& loop, LayerConfig config = {})
      : ip_(ip), loop_(loop), config_(config),
        next_ephemeral_(config.ephemeral_first ^ std::uint16_t(config.secret[0] << 8 | config.secret[1])) {}
  Tcp(const Tcp&) = delete;
  Tcp& operator=(const Tcp&) = delete;
  ~Tcp() {
    for (auto& [key, c] : conns_) c->owner = nullptr;
    for (auto& [port, l] : listeners_) l->owner = nullptr;
  }

  // A connection: a mirage::TcpFlow. Move-only; destroying it closes it (gracefully).
  class Flow {
   public:
    Flow(Flow&&) noexcept = default;
    Flow& operator=(Flow&& other) noexcept {
      if (this != &other) {
        release();
        c_ = std::move(other.c_);
      }
      return *this;
    }
    ~Flow() { release(); }

    // The next bytes received, std::nullopt at end of stream (after the peer's FIN, or
    // after shutdown(Read)); Reset or Timeout when the connection failed.
    async::Task<std::expected<std::optional<cstruct::Buffer>, FlowError>> read() {
      Conn& c = *c_;
      for (;;) {
        if (c.read_closed) co_return std::optional<cstruct::Buffer>{};
        if (auto b = c.machine.receive()) {
          c.kick();  // the window may have opened
          co_return std::optional<cstruct::Buffer>{std::move(*b)};
        }
        if (c.machine.at_eof()) co_return std::optional<cstruct::Buffer>{};
        if (auto e = c.failure()) co_return std::unexpected(*e);
        if (c.machine.state() == State::Closed) co_return std::optional<cstruct::Buffer>{};
        co_await c.changed.wait();
      }
    }
    // Queues `data` for sending, waiting while the send buffer is full.
    async::Task<std::expected<void, FlowError>> write(cstruct::Buffer data) {
      co_return co_await c_->write(data.span());
    }
    async::Task<std::expected<void, FlowError>> writev(std::span<const cstruct::Buffer> datas) {
      for (const cstruct::Buffer& d : datas)
        if (auto r = co_await c_->write(d.span()); !r) co_return r;
      co_return std::expected<void, FlowError>{};
    }
    // Write: sends FIN after what is queued. Read: read() returns end of stream from now on.
    async::Task<std::expected<void, FlowError>> shutdown(mirage::ShutdownMode mode) {
      Conn& c = *c_;
      if (mode != mirage::ShutdownMode::Write) c.read_closed = true;
      if (mode != mirage::ShutdownMode::Read) {
        if (auto e = c.failure()) co_return std::unexpected(*e);
        c.machine.shutdown();
        c.kick();
      }
      co_return std::expected<void, FlowError>{};
    }
    // Closes: FIN after what is queued (RST if received bytes were left unread). Safe twice.
    async::Task<void> close() {
      release();
      co_return;
    }

    Endpoint peer() const { return c_->remote; }
    Endpoint local() const { return c_->local; }
    // The machine, for its negotiated options, counters and state.
    const Connection& connection() const { return c_->machine; }
    // Turns Nagle's algorithm off (true) or on.
    void set_nodelay(bool on) { c_->machine.set_nagle(!on); }

   private:
    friend class Tcp;
    explicit Flow(std::shared_ptr<Conn> c) : c_(std::move(c)) {}
    void release() {
      if (!c_) return;
      c_->machine.close();
      c_->kick();
      c_.reset();
    }
    std::shared_ptr<Conn> c_;
  };

  // A listening port: a mirage::TcpListener. Move-only; destroying it stops listening and
  // resets connections not yet accepted.
  class Listener {
   public:
    using flow_type = Flow;
    Listener(Listener&& other) noexcept : l_(std::exchange(other.l_, nullptr)) {}
    Listener& operator=(Listener&& other) noexcept {
      if (this != &other) {
        close();
        l_ = std::exchange(other.l_, nullptr);
      }
      return *this;
    }
    ~Listener() { close(); }

    async::Task<std::expected<Flow, FlowError>> accept() {
      for (;;) {
        if (l_ == nullptr || l_->closed) co_return std::unexpected(FlowError::Closed);
        if (!l_->ready.empty()) {
          auto c = std::move(l_->ready.front());
          l_->ready.pop_front();
          co_return Flow(std::move(c));
        }
        co_await l_->changed.wait();
      }
    }
    void close() {
      if (l_ == nullptr) return;
      Listening* l = std::exchange(l_, nullptr);
      l->closed = true;
      for (auto& c : l->ready) {
        c->machine.abort();
        c->kick();
      }
      l->ready.clear();
      l->changed.broadcast();
      if (l->owner == nullptr) return;
      for (auto& [key, c] : l->owner->conns_)
        if (c->listener == l) {  // half-open: reset
          c->listener = nullptr;
          c->machine.abort();
          c->kick();
        }
      l->owner->listeners_.erase(l->port);  // frees l
    }
    Endpoint local() const { return {l_->owner->ip_.addresses().front(), l_->port}; }
    std::uint16_t port() const { return l_->port; }

   private:
    friend class Tcp;
    explicit Listener(Listening& l) : l_(&l) {}
    Listening* l_;
  };

  // Opens a connection to `remote` (IPv4 only): Refused on RST, Timeout when the SYNs go
  // unanswered, Unreachable for an address with no route.
  async::Task<std::expected<Flow, FlowError>> connect(Endpoint remote) {
    const ipv4::Ipv4Address* to = remote.address.v4();
    if (to == nullptr || remote.port == 0) co_return std::unexpected(FlowError::Unreachable);
    const std::uint16_t port = free_port(*to, remote.port);
    if (port == 0) co_return std::unexpected(FlowError::Io);
    const Endpoint local{ip_.src(*to), port};
    const std::uint32_t iss = isn(local, remote);
    auto c = std::make_shared<Conn>(
        *this, local, remote, Connection::connect(connection_config(*to), port, remote.port, iss, loop_.now()));
    add(c);
    for (;;) {
      if (c->machine.established()) co_return Flow(std::move(c));
      if (c->machine.state() == State::Closed) {
        auto e = c->failure();
        co_return std::unexpected(c->unreachable ? FlowError::Unreachable
                                                 : e ? *e : FlowError::Closed);
      }
      co_await c->changed.wait();
    }
  }

  // Listens on `port` (0: a free ephemeral one); AddressInUse when it is taken.
  std::expected<Listener, mirage::ListenError> listen(std::uint16_t port) {
    if (port == 0) {
      for (std::uint32_t p = config_.ephemeral_first; p <= config_.ephemeral_last; ++p)
        if (!listeners_.contains(std::uint16_t(p))) {
          port = std::uint16_t(p);
          break;
        }
      if (port == 0) return std::unexpected(mirage::ListenError::AddressInUse);
    }
    if (listeners_.contains(port)) return std::unexpected(mirage::ListenError::AddressInUse);
    auto& slot = listeners_[port];
    slot = std::make_unique<Listening>(*this, port);
    return Listener(*slot);
  }

  // Handles one received segment (an IPv4 payload). Never waits on the network.
  async::Task<void> input(const ipv4::Packet& packet) {
    ++stats_.rx_segments;
    const ipv4::Ipv4Address from = packet.header.source, to = packet.header.destination;
    auto parsed = parse(packet.payload, from, to);
    if (!parsed) {
      ++stats_.rx_malformed;
      co_return;
    }
    const Segment& s = *parsed;
    const Header& h = s.header;
    if (auto it = conns_.find(Key{h.destination_port, from.value, h.source_port});
        it != conns_.end()) {
      Conn& c = *it->second;
      if (c.machine.reusable_by(h) && listeners_.contains(h.destination_port)) {
        c.machine.abort();  // a new incarnation replaces TIME-WAIT (RFC 6191)
        c.kick();
        conns_.erase(it);
      } else {
        c.machine.input(s, loop_.now());
        c.kick();
        co_return;
      }
    }
    auto l = listeners_.find(h.destination_port);
    if (l != listeners_.end() && !l->second->closed && to == ip_.src(from)) {
      Listening& lst = *l->second;
      if (h.has(flags::syn) && !h.has(flags::ack) && !h.has(flags::rst)) {
        co_await on_syn(lst, s, from, to);
        co_return;
      }
      if (h.has(flags::ack) && !h.has(flags::rst) && !h.has(flags::syn) && config_.syn_cookies &&
          on_cookie_ack(lst, s, from, to))
        co_return;
    }
    ++stats_.rx_no_connection;
    if (!h.has(flags::rst)) co_await reset_for(s, from, to);
  }

  // Connections in the table (including TIME-WAIT), and listeners.
  std::size_t connections() const { return conns_.size(); }
  std::size_t listeners() const { return listeners_.size(); }
  const LayerStats& stats() const { return stats_; }
  LayerConfig& config() { return config_; }

 private:
  struct Key {
    std::uint16_t local_port;
    std::uint32_t remote_ip;
    std::uint16_t remote_port;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
      std::uint64_t x = (std::uint64_t(k.remote_ip) << 32) | (std::uint64_t(k.local_port) << 16) |
                        k.remote_port;
      x ^= x >> 33;
      x *= 0xff51afd7ed558ccdULL;
      x ^= x >> 33;
      return std::size_t(x);
    }
  };

  // A driver's sleep: until kick() or the connection's deadline.
  class Alarm : async::detail::TimerNode {
   public:
    explicit Alarm(async::Loop& loop) { this->loop = &loop; }
    ~Alarm() {
      if (armed()) loop->disarm(*this);
    }
    // Wakes the driver if it sleeps (a no-op otherwise, or when already woken).
    void kick() noexcept {
      if (!waiting_) return;
      if (armed()) loop->disarm(*this);
      if (!linked()) loop->wake(*this);
    }
    struct Await {
      Alarm& a;
      std::optional<async::TimePoint> deadline;
      bool await_ready() const noexcept { return false; }
      template <async::LoopPromise P>
      void await_suspend(std::coroutine_handle<P> h) {
        a.bind(h);
        a.waiting_ = true;
        if (deadline) {
          a.deadline = *deadline;
          a.loop->arm(a);
        }
      }
      void await_resume() noexcept {
        if (a.armed()) a.loop->disarm(a);
        a.waiting_ = false;
      }
    };
    Await sleep(std::optional<async::TimePoint> deadline) { return Await{*this, deadline}; }

   private:
    bool waiting_ = false;
  };

  struct Conn {
    Conn(Tcp& t, Endpoint l, Endpoint r, Connection m)
        : owner(&t), local(l), remote(r), machine(std::move(m)), alarm(t.loop_) {}
    Tcp* owner;
    Endpoint local, remote;
    Connection machine;
    Alarm alarm;
    async::Condition changed;  // after each driver turn: data, space, state
    Listening* listener = nullptr;  // until accepted (half-open, then ready)
    bool read_closed = false;
    bool unreachable = false;  // no route (ARP failed) for the SYN

    void kick() { alarm.kick(); }
    std::optional<FlowError> failure() const {
      if (!machine.error()) return std::nullopt;
      switch (*machine.error()) {
        case Error::Refused: return FlowError::Refused;
        case Error::Reset: return FlowError::Reset;
        case Error::Timeout: return unreachable ? FlowError::Unreachable : FlowError::Timeout;
        case Error::Aborted: return FlowError::Closed;
      }
      return FlowError::Io;
    }
    async::Task<std::expected<void, FlowError>> write(std::span<const std::uint8_t> data) {
      for (;;) {
        if (auto e = failure()) co_return std::unexpected(*e);
        if (!machine.writable()) co_return std::unexpected(FlowError::Closed);
        const std::size_t n = machine.send(data);
        data = data.subspan(n);
        if (n > 0) kick();
        if (data.empty()) co_return std::expected<void, FlowError>{};
        co_await changed.wait();
      }
    }
  };

  struct Listening {
    Listening(Tcp& t, std::uint16_t p) : owner(&t), port(p) {}
    Tcp* owner;
    std::uint16_t port;
    std::deque<std::shared_ptr<Conn>> ready;
    std::size_t half_open = 0;
    bool closed = false;
    async::Condition changed;
  };

  void add(const std::shared_ptr<Conn>& c) {
    conns_[Key{c->local.port, c->remote.address.v4()->value, c->remote.port}] = c;
    ++stats_.connections_opened;
    loop_.spawn(drive(c));
  }

  // Sends what the machine has, sleeps until its deadline or a kick, runs its timers;
  // until it is CLOSED with nothing left to send.
  async::Task<void> drive(std::shared_ptr<Conn> c) {
    const ipv4::Ipv4Address to = *c->remote.address.v4();
    const ipv4::Ipv4Address from = *c->local.address.v4();
    for (;;) {
      while (auto o = c->machine.poll(loop_.now())) {
        if (c->owner == nullptr) co_return;
        const std::size_t hs = header_size(o->header);
        Connection& m = c->machine;
        // A segment longer than the MSS is for the device to cut (segmentation offload):
        // it gets only the pseudo-header's sum as its checksum.
        const std::uint16_t mss = m.send_mss();
        const bool offload = o->payload_size > mss;
        auto r = co_await ip_.write_with(
            to, mirage::IpProtocol::Tcp, hs + o->payload_size,
            [&](const cstruct::Buffer& out) {
              m.copy_payload(*o, out.span().subspan(hs));
              write_header(out.span(), o->header, from, to,
                           offload ? Checksum::Offloaded : Checksum::Full);
            },
            ipv4::WriteOptions{.segment_size = offload ? mss : std::uint16_t(0),
                               .transport_header_size = std::uint16_t(hs)});
        if (!r) {
          ++stats_.tx_errors;
          if (r.error() == mirage::IpError::NoRoute && c->machine.state() == State::SynSent)
            c->unreachable = true;
        }
      }
      if (c->owner == nullptr) co_return;
      settle(*c);
      c->changed.broadcast();
      if (c->machine.finished()) break;
      co_await c->alarm.sleep(c->machine.deadline());
      if (c->owner == nullptr) co_return;
      c->machine.on_timer(loop_.now());
    }
    if (auto it = conns_.find(Key{c->local.port, to.value, c->remote.port});
        it != conns_.end() && it->second == c)
      conns_.erase(it);
    if (c->listener) {
      --c->listener->half_open;
      c->listener = nullptr;
    }
    ++stats_.connections_closed;
  }

  // A half-open connection that became established joins its listener's accept queue.
  void settle(Conn& c) {
    Listening* l = c.listener;
    if (l == nullptr || !c.machine.established()) return;
    --l->half_open;
    c.listener = nullptr;
    if (l->closed || l->ready.size() >= config_.backlog) {
      c.machine.abort();
      return;
    }
    auto it = conns_.find(Key{c.local.port, c.remote.address.v4()->value, c.remote.port});
    if (it == conns_.end()) return;
    l->ready.push_back(it->second);
    l->changed.broadcast();
  }

  async::Task<void> on_syn(Listening& l, const Segment& s, ipv4::Ipv4Address from,
                           ipv4::Ipv4Address to) {
    const Header& h = s.header;
    const Endpoint local{to, h.destination_port}, remote{from, h.source_port};
    if (l.half_open >= config_.syn_backlog || l.ready.size() >= config_.backlog) {
      if (!config_.syn_cookies) {
        ++stats_.syns_dropped;
        co_return;
      }
      co_await send_cookie(s, from, to);
      co_return;
    }
    auto c = std::make_shared<Conn>(*this, local, remote,
                                    Connection::accept(connection_config(from), h, isn(local, remote), loop_.now()));
    c->listener = &l;
    ++l.half_open;
    add(c);
  }

  // SYN cookies: the ISN carries a 5-bit time counter (64 s steps), a 15-bit MAC and 12
  // bits of the SYN's options (MSS class, window scale, SACK-permitted).
  static constexpr std::array<std::uint16_t, 4> cookie_mss{536, 1220, 1440, 1460};

  // The first 32 bits of SHA-256(secret || words): what keys ISNs and cookies.
  std::uint32_t keyed_hash(std::span<const std::uint32_t> words) const {
    std::array<std::uint8_t, 32 + 4 * 4> in{};
    std::memcpy(in.data(), config_.secret.data(), 32);
    std::memcpy(in.data() + 32, words.data(), words.size_bytes());
    const auto d = nocrypto::sha256(std::span(in).first(32 + words.size_bytes()));
    return std::uint32_t(d[0]) << 24 | std::uint32_t(d[1]) << 16 | std::uint32_t(d[2]) << 8 | d[3];
  }

  std::uint32_t cookie_mac(const Endpoint& local, const Endpoint& remote, std::uint32_t irs,
                           std::uint32_t counter, std::uint32_t data) const {
    const std::uint32_t words[4] = {remote.address.v4()->value,
                                    (std::uint32_t(local.port) << 16) | remote.port, irs,
                                    (counter << 12) | data};
    return (keyed_hash(words) >> 16) & 0x7fff;
  }

  std::uint32_t cookie_counter() const {
    return std::uint32_t(std::chrono::duration_cast<std::chrono::seconds>(loop_.now()).count() / 64);
  }

  async::Task<void> send_cookie(const Segment& s, ipv4::Ipv4Address from, ipv4::Ipv4Address to) {
    const Header& syn = s.header;
    const Endpoint local{to, syn.destination_port}, remote{from, syn.source_port};
    const std::uint16_t mss = syn.options.mss.value_or(536);
    std::uint32_t mss_class = 0;
    for (std::uint32_t i = 0; i < cookie_mss.size(); ++i)
      if (cookie_mss[i] <= mss) mss_class = i;
    const Config cc = connection_config(from);
    const bool scale = cc.window_scaling && syn.options.window_scale.has_value();
    const std::uint32_t ws = scale ? std::min<std::uint32_t>(*syn.options.window_scale, 14) : 15;
    const bool sack = cc.sack && syn.options.sack_permitted;
    const std::uint32_t data = mss_class | (ws << 2) | (sack ? 1u << 6 : 0);
    const std::uint32_t counter = cookie_counter();
    const std::uint32_t iss = ((counter & 31) << 27) |
                              (cookie_mac(local, remote, syn.seq, counter, data) << 12) | data;
    Header h;
    h.source_port = syn.destination_port;
    h.destination_port = syn.source_port;
    h.seq = iss;
    h.ack = syn.seq + 1;
    h.flags = flags::syn | flags::ack;
    h.window = std::uint16_t(std::min<std::size_t>(cc.receive_buffer, 0xffff));
    h.options.mss = cc.mss;
    if (scale) h.options.window_scale = window_scale_for(cc.receive_buffer);
    h.options.sack_permitted = sack;
    ++stats_.syn_cookies_sent;
    co_await send_stateless(h, from, to);
  }

  bool on_cookie_ack(Listening& l, const Segment& s, ipv4::Ipv4Address from, ipv4::Ipv4Address to) {
    const Header& h = s.header;
    const Endpoint local{to, h.destination_port}, remote{from, h.source_port};
    const std::uint32_t iss = h.ack - 1, irs = h.seq - 1;
    const std::uint32_t data = iss & 0xfff, mac = (iss >> 12) & 0x7fff, stamp = iss >> 27;
    const std::uint32_t now = cookie_counter();
    std::optional<std::uint32_t> counter;
    for (std::uint32_t back = 0; back < 2; ++back)
      if (((now - back) & 31) == stamp && cookie_mac(local, remote, irs, now - back, data) == mac)
        counter = now - back;
    if (!counter) {
      ++stats_.syn_cookies_rejected;
      return false;
    }
    if (l.ready.size() >= config_.backlog) return true;  // still full: the peer retransmits
    const std::uint32_t ws = (data >> 2) & 15;
    auto c = std::make_shared<Conn>(
        *this, local, remote,
        Connection::from_cookie(connection_config(from), h, iss, cookie_mss[data & 3],
                                ws == 15 ? std::nullopt : std::optional<std::uint8_t>(ws),
                                (data >> 6) & 1, loop_.now()));
    ++stats_.syn_cookies_accepted;
    c->machine.input(s, loop_.now());  // the ACK establishes it (and may carry data)
    c->listener = &l;
    ++l.half_open;
    add(c);
    return true;
  }

  // RFC 9293 §3.10.7.1: the RST for a segment that belongs to nothing.
  async::Task<void> reset_for(const Segment& s, ipv4::Ipv4Address from, ipv4::Ipv4Address to) {
    const Header& in = s.header;
    Header h;
    h.source_port = in.destination_port;
    h.destination_port = in.source_port;
    if (in.has(flags::ack)) {
      h.seq = in.ack;
      h.flags = flags::rst;
    } else {
      h.seq = 0;
      h.ack = in.seq + std::uint32_t(s.payload.size()) + (in.has(flags::syn) ? 1 : 0) +
              (in.has(flags::fin) ? 1 : 0);
      h.flags = flags::rst | flags::ack;
    }
    ++stats_.tx_resets;
    co_await send_stateless(h, from, to);
  }

  async::Task<void> send_stateless(const Header& h, ipv4::Ipv4Address dst, ipv4::Ipv4Address src) {
    const std::size_t hs = header_size(h);
    auto r = co_await ip_.try_write(dst, mirage::IpProtocol::Tcp, hs,
                                    [&](const cstruct::Buffer& out) { write_header(out.span(), h, src, dst); });
    if (!r) ++stats_.tx_errors;
  }

  // RFC 6528: a keyed hash of the connection's addresses plus a 4 µs clock.
  std::uint32_t isn(const Endpoint& local, const Endpoint& remote) const {
    const std::uint32_t words[3] = {local.address.v4()->value, remote.address.v4()->value,
                                    (std::uint32_t(local.port) << 16) | remote.port};
    return keyed_hash(words) + std::uint32_t(loop_.now().count() / 4000);
  }

  // The connections' configuration for a peer: the MSS we announce is what the IP layer
  // carries to it without fragmenting, less the TCP header, unless configured lower.
  Config connection_config(ipv4::Ipv4Address remote) {
    Config c = config_.connection;
    const std::size_t room = ip_.mtu(remote) - min_header_size;
    if (room < c.mss) c.mss = std::uint16_t(room);
    if constexpr (requires { ip_.max_segmented_payload(remote); }) {
      if (c.segmentation_offload) {
        const std::size_t limit = ip_.max_segmented_payload(remote);
        c.offload_limit = limit > max_header_size ? limit - max_header_size : 0;
      }
    }
    return c;
  }

  // A local port with no connection to `remote`, from the ephemeral range.
  std::uint16_t free_port(ipv4::Ipv4Address remote, std::uint16_t remote_port) {
    const std::uint32_t span = std::uint32_t(config_.ephemeral_last) - config_.ephemeral_first + 1;
    for (std::uint32_t tries = 0; tries < span; ++tries) {
      const auto port = std::uint16_t(config_.ephemeral_first + next_ephemeral_++ % span);
      if (!listeners_.contains(port) && !conns_.contains(Key{port, remote.value, remote_port}))
        return port;
    }
    return 0;
  }

  I4& ip_;
  async::Loop& loop_;
  LayerConfig config_;
  std::unordered_map<Key, std::shared_ptr<Conn>, KeyHash> conns_;
  std::unordered_map<std::uint16_t, std::unique_ptr<Listening>> listeners_;
  std::uint32_t next_ephemeral_;
  LayerStats stats_;
};

}  // namespace tcp
