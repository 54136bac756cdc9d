#include <tcp/connection.hpp>

#include <algorithm>
#include <cassert>
#include <cstring>

namespace tcp {
namespace {

constexpr std::uint16_t default_mss = 536;  // RFC 9293 §3.7.1: when the SYN has no MSS
constexpr double cubic_c = 0.4, cubic_beta = 0.7;

double cube_root(double x) {
  if (x <= 0) return 0;
  double y = x > 1 ? x / 3 : 1;
  for (int i = 0; i < 60; ++i) {
    const double next = y - (y * y * y - x) / (3 * y * y);
    if (next == y) break;
    y = next;
  }
  return y;
}

double seconds(Duration d) { return double(d.count()) / 1e9; }

}  // namespace

std::uint8_t window_scale_for(std::size_t buffer) {
  std::uint8_t s = 0;
  while (s < 14 && (buffer >> s) > 0xffff) ++s;
  return s;
}

std::string_view to_string(State s) {
  switch (s) {
    case State::Closed: return "CLOSED";
    case State::SynSent: return "SYN-SENT";
    case State::SynReceived: return "SYN-RECEIVED";
    case State::Established: return "ESTABLISHED";
    case State::FinWait1: return "FIN-WAIT-1";
    case State::FinWait2: return "FIN-WAIT-2";
    case State::CloseWait: return "CLOSE-WAIT";
    case State::Closing: return "CLOSING";
    case State::LastAck: return "LAST-ACK";
    case State::TimeWait: return "TIME-WAIT";
  }
  return "?";
}

std::string_view to_string(Error e) {
  switch (e) {
    case Error::Refused: return "connection refused";
    case Error::Reset: return "connection reset by peer";
    case Error::Timeout: return "connection timed out";
    case Error::Aborted: return "connection aborted";
  }
  return "?";
}

Connection::Connection(const Config& config, std::uint16_t local_port, std::uint16_t remote_port,
                       std::uint32_t iss, TimePoint now)
    : config_(config), local_port_(local_port), remote_port_(remote_port), iss_(iss),
      snd_una_(iss), snd_nxt_(iss), snd_max_(iss), buf_seq_(iss + 1), rto_(config.initial_rto),
      last_heard_(now) {
  rcv_wscale_ = config_.window_scaling ? window_scale_for(config_.receive_buffer) : 0;
  ts_offset_ = iss * 2654435761u;  // TSvals need not start at the clock (RFC 7323 §5.4)
  high_rxt_ = recover_ = iss;
}

Connection Connection::connect(const Config& config, std::uint16_t local_port,
                               std::uint16_t remote_port, std::uint32_t iss, TimePoint now) {
  Connection c(config, local_port, remote_port, iss, now);
  c.state_ = State::SynSent;
  c.syn_pending_ = true;
  return c;
}

Connection Connection::accept(const Config& config, const Header& syn, std::uint32_t iss,
                              TimePoint now) {
  Connection c(config, syn.destination_port, syn.source_port, iss, now);
  c.passive_ = true;
  c.irs_ = syn.seq;
  c.rcv_nxt_ = syn.seq + 1;
  c.rcv_adv_ = c.rcv_nxt_;
  c.negotiate(syn.options, now);
  c.snd_wnd_ = c.max_snd_wnd_ = syn.window;
  c.snd_wl1_ = syn.seq;
  c.state_ = State::SynReceived;
  c.syn_pending_ = true;
  return c;
}

Connection Connection::from_cookie(const Config& config, const Header& ack, std::uint32_t iss,
                                   std::uint16_t peer_mss, std::optional<std::uint8_t> scale,
                                   bool sack, TimePoint now) {
  Header syn;
  syn.source_port = ack.source_port;
  syn.destination_port = ack.destination_port;
  syn.seq = ack.seq - 1;
  syn.options.mss = peer_mss;
  syn.options.window_scale = scale;
  syn.options.sack_permitted = sack;
  Connection c = accept(config, syn, iss, now);
  c.syn_pending_ = false;  // the SYN-ACK went out statelessly
  c.snd_nxt_ = c.snd_max_ = iss + 1;
  c.rcv_adv_ = c.rcv_nxt_ + (std::uint32_t(std::min<std::size_t>(config.receive_buffer, 0xffff)));
  return c;
}

// ---------------------------------------------------------------------------------------
// Negotiation and headers.

void Connection::negotiate(const Options& peer, TimePoint) {
  wscale_ok_ = config_.window_scaling && peer.window_scale.has_value();
  snd_wscale_ = wscale_ok_ ? std::min<std::uint8_t>(*peer.window_scale, 14) : 0;
  if (!wscale_ok_) rcv_wscale_ = 0;
  ts_ok_ = config_.timestamps && peer.timestamps.has_value();
  if (ts_ok_) ts_recent_ = peer.timestamps->value;
  sack_ok_ = config_.sack && peer.sack_permitted;
  const std::uint16_t peer_mss = peer.mss.value_or(default_mss);
  smss_ = std::uint16_t(std::min<unsigned>(peer_mss, config_.mss) - (ts_ok_ ? 12 : 0));
  if (smss_ < 64) smss_ = 64;  // a peer announcing a tiny MSS gets a floor, as in Linux
}

std::uint32_t Connection::ts_now(TimePoint now) const {
  return std::uint32_t(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()) +
         ts_offset_;
}

Options Connection::syn_options(TimePoint now, const Options* peer) const {
  Options o;
  o.mss = config_.mss;
  if (config_.window_scaling && (peer == nullptr || peer->window_scale))
    o.window_scale = rcv_wscale_;
  if (config_.sack && (peer == nullptr || peer->sack_permitted)) o.sack_permitted = true;
  if (config_.timestamps && (peer == nullptr || peer->timestamps))
    o.timestamps = Timestamps{ts_now(now), peer ? ts_recent_ : 0};
  return o;
}

std::uint16_t Connection::advertised_window() {
  const std::size_t used = readable_ + ooo_bytes_;
  const std::size_t free = config_.receive_buffer > used ? config_.receive_buffer - used : 0;
  const std::size_t max_window = std::size_t(0xffff) << rcv_wscale_;
  std::uint32_t edge = rcv_nxt_ + std::uint32_t(std::min(free, max_window));
  // Receiver-side silly window avoidance: move the edge only by a worthwhile amount, and
  // never shrink it (RFC 9293 §3.8.6.2.2).
  const std::uint32_t step = std::uint32_t(
      std::min<std::size_t>(config_.receive_buffer / 2, config_.mss));
  if (seq_lt(edge, rcv_adv_) || (seq_gt(edge, rcv_adv_) && edge - rcv_adv_ < step &&
                                 seq_gt(rcv_adv_, rcv_nxt_)))
    edge = seq_max(rcv_adv_, rcv_nxt_);
  std::uint32_t window = (edge - rcv_nxt_) >> rcv_wscale_;
  if (window > 0xffff) window = 0xffff;
  rcv_adv_ = rcv_nxt_ + (window << rcv_wscale_);
  return std::uint16_t(window);
}

void Connection::fill_sack(Options& o) const {
  if (!sack_ok_ || out_of_order_.empty()) return;
  // Merge adjacent pieces into ranges; the one holding the latest arrival goes first.
  std::vector<SackBlock> ranges;
  for (const Piece& p : out_of_order_) {
    const std::uint32_t end = p.seq + std::uint32_t(p.data.size());
    if (!ranges.empty() && ranges.back().right == p.seq)
      ranges.back().right = end;
    else
      ranges.push_back({p.seq, end});
  }
  auto first = std::ranges::find_if(ranges, [&](const SackBlock& b) {
    return seq_le(b.left, last_ooo_seq_) && seq_lt(last_ooo_seq_, b.right);
  });
  if (first != ranges.end()) std::rotate(ranges.begin(), first, first + 1);
  for (const SackBlock& b : ranges) {
    if (o.sack_count == o.sack.size()) break;
    o.sack[o.sack_count++] = b;
  }
}

Header Connection::base_header(std::uint8_t f, TimePoint now) {
  Header h;
  h.source_port = local_port_;
  h.destination_port = remote_port_;
  h.seq = snd_nxt_;
  h.flags = f;
  if (f & flags::ack) {
    h.ack = rcv_nxt_;
    h.window = advertised_window();
    last_ack_sent_ = rcv_nxt_;
    if (acks_owed_ > 0) --acks_owed_;
    ack_at_.reset();
    unacked_segments_ = 0;
    window_update_ = false;
  }
  if (ts_ok_) h.options.timestamps = Timestamps{ts_now(now), ts_recent_};
  fill_sack(h.options);
  ++stats_.segments_out;
  return h;
}

// ---------------------------------------------------------------------------------------
// Output.

std::optional<Outgoing> Connection::poll(TimePoint now) {
  if (rst_reply_) {
    Header h;
    h.source_port = local_port_;
    h.destination_port = remote_port_;
    h.seq = *rst_reply_;
    h.flags = flags::rst;
    rst_reply_.reset();
    ++stats_.segments_out;
    return Outgoing{h, 0};
  }
  if (rst_pending_) {
    rst_pending_ = false;
    Header h = base_header(flags::rst | flags::ack, now);
    h.seq = snd_max_;
    h.window = 0;
    h.options = {};
    return Outgoing{h, 0};
  }
  if (state_ == State::Closed) return std::nullopt;
  if (syn_pending_) {
    syn_pending_ = false;
    const bool synack = state_ == State::SynReceived;
    Header h = base_header(synack ? flags::syn | flags::ack : flags::syn, now);
    h.seq = iss_;
    h.window = std::uint16_t(std::min<std::size_t>(config_.receive_buffer, 0xffff));
    if (synack) rcv_adv_ = rcv_nxt_ + h.window;
    Options peer;
    if (synack) {
      if (wscale_ok_) peer.window_scale = snd_wscale_;
      peer.sack_permitted = sack_ok_;
      if (ts_ok_) peer.timestamps = Timestamps{ts_recent_, 0};
    }
    h.options = syn_options(now, synack ? &peer : nullptr);
    snd_nxt_ = iss_ + 1;
    snd_max_ = seq_max(snd_max_, snd_nxt_);
    if (retries_ == 0) {
      timed_seq_ = iss_ + 1;
      timed_at_ = now;
    }
    if (!rto_at_) arm_rto(now);
    return Outgoing{h, 0};
  }
  if (state_ == State::SynSent || state_ == State::SynReceived) return std::nullopt;
  if (retransmit_at_) {
    const std::uint32_t seq = *retransmit_at_;
    retransmit_at_.reset();
    if (seq_ge(seq, snd_una_) && seq_lt(seq, snd_max_) && seq_ge(seq, buf_seq_)) {
      const std::uint32_t end = data_end();
      const std::size_t size = std::min<std::size_t>(smss_, seq_lt(seq, end) ? end - seq : 0);
      const bool fin = fin_queued_ && seq + size == end && seq_lt(seq + size, snd_max_);
      if (size > 0 || fin) {
        timed_seq_.reset();  // Karn
        ++stats_.retransmits;
        high_rxt_ = seq_max(high_rxt_, seq + std::uint32_t(size));
        if (!rto_at_) arm_rto(now);
        return data_segment(seq, size, fin, now);
      }
    }
  }
  if (auto d = next_data(now)) return d;
  if (probe_pending_) {
    probe_pending_ = false;
    Header h = base_header(flags::ack, now);
    h.seq = snd_una_ - 1;  // already acknowledged: the peer answers with an ACK
    return Outgoing{h, 0};
  }
  if (state_ == State::TimeWait || state_ == State::Closing || state_ == State::LastAck ||
      state_ == State::CloseWait || state_ == State::Established || state_ == State::FinWait1 ||
      state_ == State::FinWait2) {
    if (acks_owed_ > 0 || window_update_ || (ack_at_ && now >= *ack_at_))
      return Outgoing{base_header(flags::ack, now), 0};
  }
  return std::nullopt;
}

Outgoing Connection::data_segment(std::uint32_t seq, std::size_t size, bool fin, TimePoint now) {
  std::uint8_t f = flags::ack;
  if (fin) f |= flags::fin;
  if (size > 0 && seq + size == data_end()) f |= flags::psh;
  Header h = base_header(f, now);
  h.seq = seq;
  return Outgoing{h, size};
}

std::optional<Outgoing> Connection::next_data(TimePoint now) {
  switch (state_) {
    case State::Established:
    case State::CloseWait:
    case State::FinWait1:
    case State::Closing:
    case State::LastAck:
      break;
    default:
      return std::nullopt;
  }
  // Going back after a timeout: what the peer SACKed needs no resending.
  while (sack_ok_ && seq_lt(snd_nxt_, snd_max_) && sacked(snd_nxt_))
    snd_nxt_ = seq_min(sacked_end(snd_nxt_), snd_max_);
  const std::uint32_t end = data_end();
  const std::size_t avail = seq_lt(snd_nxt_, end) ? end - snd_nxt_ : 0;
  const bool fin_left = fin_queued_ && seq_le(snd_nxt_, end);
  if (avail == 0 && !fin_left) return std::nullopt;
  const std::uint32_t window = std::min<std::uint32_t>(
      snd_wnd_, cwnd_ + (limited_transmit_ + (probing_new_ ? 1 : 0)) * std::uint32_t(smss_));
  const std::uint32_t limit = snd_una_ + window;
  const std::size_t usable = seq_lt(snd_nxt_, limit) ? limit - snd_nxt_ : 0;
  const bool retransmission = seq_lt(snd_nxt_, snd_max_);
  // New data may go in one segment of several MSSes for the device to cut (offload);
  // retransmissions are one MSS.
  const std::size_t burst =
      retransmission ? smss_ : std::max<std::size_t>(smss_, config_.offload_limit / smss_ * smss_);
  std::size_t size = std::min<std::size_t>({avail, burst, usable});
  if (size > smss_) size = size / smss_ * smss_;
  // Data waits with nothing in flight when the window is closed or too small to be worth
  // it: the persist timer then probes for a window update that may have been lost.
  auto hold = [&] {
    if (flight() == 0 && !persist_at_) arm_persist(now);
    return std::nullopt;
  };
  if (avail > 0 && size == 0) return hold();
  if (!retransmission && size < smss_ && size > 0) {
    // Sender-side silly window avoidance and Nagle (RFC 9293 §3.8.6.2.1).
    const bool all_of_it = size == avail;
    const bool ok = (all_of_it && (!config_.nagle || flight() == 0 || fin_queued_)) ||
                    (max_snd_wnd_ > 0 && size >= max_snd_wnd_ / 2);
    if (!ok) return hold();
  }
  const bool fin = fin_left && snd_nxt_ + size == end;
  if (size == 0 && !fin) return std::nullopt;
  Outgoing o = data_segment(snd_nxt_, size, fin, now);
  if (retransmission)
    ++stats_.retransmits;
  else
    stats_.bytes_out += size;
  if (limited_transmit_ > 0 && flight() + size > cwnd_) --limited_transmit_;
  snd_nxt_ += std::uint32_t(size) + (fin ? 1 : 0);
  snd_max_ = seq_max(snd_max_, snd_nxt_);
  if (!ts_ok_ && !timed_seq_ && !retransmission) {
    timed_seq_ = snd_nxt_;
    timed_at_ = now;
  }
  if (!rto_at_) arm_rto(now);
  if (!retransmission) arm_pto(now);
  if (probing_new_ && !retransmission) {
    probing_new_ = false;  // the probe went as new data
  }
  return o;
}

void Connection::copy_payload(const Outgoing& o, std::span<std::uint8_t> out) const {
  assert(out.size() >= o.payload_size);
  std::uint32_t seq = o.header.seq;
  std::size_t done = 0;
  if (seq_lt(seq, buf_seq_)) {  // acknowledged since poll(): the peer drops these
    const std::size_t gone = std::min<std::size_t>(buf_seq_ - seq, o.payload_size);
    std::memset(out.data(), 0, gone);
    done = gone;
    seq += std::uint32_t(gone);
  }
  if (done == o.payload_size) return;
  const std::size_t cap = ring_.size();
  std::size_t at = (ring_head_ + (seq - buf_seq_)) % cap;
  std::size_t left = o.payload_size - done;
  assert(seq - buf_seq_ + left <= ring_size_);
  while (left > 0) {
    const std::size_t n = std::min(left, cap - at);
    std::memcpy(out.data() + done, ring_.data() + at, n);
    done += n;
    left -= n;
    at = 0;
  }
}

// ---------------------------------------------------------------------------------------
// The application's side.

std::size_t Connection::send_space() const {
  if (!writable() && state_ != State::SynSent && state_ != State::SynReceived) return 0;
  if (fin_queued_) return 0;
  return config_.send_buffer - ring_size_;
}

std::size_t Connection::send(std::span<const std::uint8_t> data) {
  const std::size_t n = std::min(data.size(), send_space());
  if (n == 0) return 0;
  if (ring_size_ + n > ring_.size()) {  // grow (linearised) up to the send buffer
    std::size_t cap = std::max<std::size_t>(ring_.size() * 2, 16384);
    while (cap < ring_size_ + n) cap *= 2;
    cap = std::min(cap, config_.send_buffer);
    std::vector<std::uint8_t> bigger(cap);
    for (std::size_t i = 0; i < ring_size_; ++i)
      bigger[i] = ring_[(ring_head_ + i) % ring_.size()];
    ring_ = std::move(bigger);
    ring_head_ = 0;
  }
  const std::size_t cap = ring_.size();
  std::size_t at = (ring_head_ + ring_size_) % cap, done = 0;
  while (done < n) {
    const std::size_t k = std::min(n - done, cap - at);
    std::memcpy(ring_.data() + at, data.data() + done, k);
    done += k;
    at = 0;
  }
  ring_size_ += n;
  return n;
}

void Connection::ring_pop(std::size_t n) {
  assert(n <= ring_size_);
  ring_head_ = ring_.empty() ? 0 : (ring_head_ + n) % ring_.size();
  ring_size_ -= n;
  buf_seq_ += std::uint32_t(n);
  if (ring_size_ == 0) ring_head_ = 0;
}

std::optional<cstruct::Buffer> Connection::receive() {
  if (in_order_.empty()) return std::nullopt;
  cstruct::Buffer b = std::move(in_order_.front());
  in_order_.pop_front();
  readable_ -= b.size();
  if (state_ == State::Established || state_ == State::FinWait1 || state_ == State::FinWait2) {
    const std::size_t used = readable_ + ooo_bytes_;
    const std::size_t free = config_.receive_buffer > used ? config_.receive_buffer - used : 0;
    const std::size_t advertised = rcv_adv_ - rcv_nxt_;
    if (free > advertised &&
        free - advertised >= std::min<std::size_t>(config_.receive_buffer / 2, 2 * config_.mss))
      window_update_ = true;
  }
  return b;
}

void Connection::shutdown() {
  if (fin_queued_) return;
  switch (state_) {
    case State::SynSent:
      set_closed(std::nullopt);
      return;
    case State::SynReceived:  // FIN-WAIT-1 once established
      fin_queued_ = true;
      return;
    case State::Established:
      fin_queued_ = true;
      state_ = State::FinWait1;
      return;
    case State::CloseWait:
      fin_queued_ = true;
      state_ = State::LastAck;
      return;
    default:
      return;
  }
}

void Connection::close() {
  app_closed_ = true;
  if (readable_ > 0) {  // unread data: reset, as RFC 2525 §2.17 and Linux do
    abort();
    return;
  }
  shutdown();
  if (state_ == State::FinWait2 && !fin_wait2_at_) fin_wait2_at_ = last_heard_ + config_.fin_wait2_timeout;
}

void Connection::abort() {
  if (state_ == State::Closed) return;
  if (state_ != State::SynSent && state_ != State::TimeWait) rst_pending_ = true;
  set_closed(Error::Aborted);
}

bool Connection::reusable_by(const Header& syn) const {
  if (state_ != State::TimeWait || !syn.has(flags::syn) || syn.has(flags::ack)) return false;
  if (ts_ok_ && syn.options.timestamps) return seq_gt(syn.options.timestamps->value, ts_recent_);
  return seq_gt(syn.seq, rcv_nxt_);
}

void Connection::set_closed(std::optional<Error> e) {
  state_ = State::Closed;
  if (e && !error_) error_ = e;
  rto_at_.reset();
  pto_at_.reset();
  ack_at_.reset();
  persist_at_.reset();
  time_wait_at_.reset();
  fin_wait2_at_.reset();
  keepalive_at_.reset();
  syn_pending_ = probe_pending_ = window_update_ = false;
  acks_owed_ = 0;
  retransmit_at_.reset();
}

// The handshake is over: ESTABLISHED (or FIN-WAIT-1 when the application already shut
// down), the initial window (RFC 6928), keepalive armed.
void Connection::established_at(TimePoint now) {
  state_ = fin_queued_ ? State::FinWait1 : State::Established;
  cwnd_ = config_.initial_window * std::uint32_t(smss_);
  if (config_.keepalive) keepalive_at_ = now + *config_.keepalive;
}

void Connection::enter_time_wait(TimePoint now) {
  state_ = State::TimeWait;
  rto_at_.reset();
  pto_at_.reset();
  persist_at_.reset();
  fin_wait2_at_.reset();
  keepalive_at_.reset();
  time_wait_at_ = now + config_.time_wait;
}

// ---------------------------------------------------------------------------------------
// Timers.

void Connection::arm_persist(TimePoint now) {
  persist_at_ = now + std::min(rto_ * (1u << std::min(persist_backoff_, 10u)), config_.max_rto);
}

void Connection::arm_rto(TimePoint now) {
  const Duration d = std::min(rto_ * (1u << std::min(backoff_, 16u)), config_.max_rto);
  rto_at_ = now + d;
}

std::optional<TimePoint> Connection::deadline() const {
  std::optional<TimePoint> d;
  for (const auto& t :
       {rto_at_, pto_at_, ack_at_, persist_at_, time_wait_at_, fin_wait2_at_, keepalive_at_})
    if (t && (!d || *t < *d)) d = t;
  return d;
}

void Connection::on_timer(TimePoint now) {
  if (time_wait_at_ && now >= *time_wait_at_) {
    set_closed(std::nullopt);
    return;
  }
  if (fin_wait2_at_ && now >= *fin_wait2_at_) {
    set_closed(std::nullopt);
    return;
  }
  if (rto_at_ && now >= *rto_at_) {
    rto_at_.reset();
    pto_at_.reset();
    on_rto(now);
    if (state_ == State::Closed) return;
  }
  if (pto_at_ && now >= *pto_at_) {
    pto_at_.reset();
    on_pto(now);
  }
  if (ack_at_ && now >= *ack_at_) {
    ack_at_.reset();
    ack_now();
  }
  if (persist_at_ && now >= *persist_at_) {
    persist_at_.reset();
    if (flight() == 0 && seq_lt(snd_nxt_, data_end())) {
      probe_pending_ = true;
      ++stats_.probes;
      ++persist_backoff_;
      arm_persist(now);
    }
  }
  if (keepalive_at_ && now >= *keepalive_at_) {
    if (keepalive_sent_ >= config_.keepalive_probes) {
      set_closed(Error::Timeout);
      return;
    }
    ++keepalive_sent_;
    probe_pending_ = true;
    keepalive_at_ = now + config_.keepalive_interval;
  }
}

// Tail loss probes (RFC 8985 §7): when the ACKs stop while data is outstanding, probe
// after about two round trips rather than wait for the RTO, with one new segment if there
// is one to send, else the last segment again; the peer's answer (its SACK for the probe,
// or the ACK of the retransmitted tail) then starts fast recovery or repairs the tail.
void Connection::arm_pto(TimePoint now) {
  pto_at_.reset();
  if (!sack_ok_ || in_recovery_ || tlp_sent_ || !srtt_ || !established() ||
      !seq_lt(snd_una_, snd_max_) || !rto_at_)
    return;
  Duration pto = 2 * *srtt_;
  if (flight() <= smss_) pto += 200ms;  // the peer may be holding a delayed ACK
  pto = std::max<Duration>(pto, 10ms);
  if (now + pto >= *rto_at_) return;  // the RTO comes first anyway
  pto_at_ = now + pto;
}

void Connection::on_pto(TimePoint now) {
  if (!seq_lt(snd_una_, snd_max_) || in_recovery_) return;
  tlp_sent_ = true;
  ++stats_.tail_loss_probes;
  if (seq_lt(snd_nxt_, data_end()) && snd_wnd_ > flight()) {
    probing_new_ = true;  // next_data may send one segment past cwnd
  } else {
    const std::uint32_t outstanding = snd_max_ - snd_una_;
    retransmit_at_ = snd_max_ - std::min<std::uint32_t>(outstanding, smss_);
    if (fin_queued_ && snd_max_ == data_end() + 1 && outstanding > 1)  // keep the FIN's byte
      retransmit_at_ = data_end() - std::min<std::uint32_t>(outstanding - 1, smss_);
  }
  arm_rto(now);
}

void Connection::on_rto(TimePoint now) {
  if (snd_una_ == snd_max_ && !syn_pending_) return;  // nothing outstanding
  if (state_ == State::SynSent || state_ == State::SynReceived) {
    if (++retries_ > config_.syn_retries) {
      set_closed(Error::Timeout);
      return;
    }
    ++backoff_;
    timed_seq_.reset();
    syn_pending_ = true;
    snd_nxt_ = iss_;
    return;
  }
  if (++retries_ > config_.max_retransmits) {
    set_closed(Error::Timeout);
    return;
  }
  ++stats_.timeouts;
  probing_new_ = false;
  on_loss(now, true);
  snd_nxt_ = snd_una_;
  timed_seq_.reset();
  ++backoff_;
  if (backoff_ > 1) scoreboard_.clear();  // the peer may have reneged on its SACKs
  high_rxt_ = snd_una_;
  arm_rto(now);
}

// ---------------------------------------------------------------------------------------
// RTT estimation (RFC 6298 §2).

// A round-trip sample from an ACK of new data: the echoed timestamp, else the segment
// being timed (Karn: never a retransmitted one), which it then stops timing.
void Connection::sample_rtt(const Header& h, TimePoint now) {
  if (ts_ok_ && h.options.timestamps && h.options.timestamps->echo != 0) {
    rtt_sample(std::chrono::milliseconds(std::int32_t(ts_now(now) - h.options.timestamps->echo)));
  } else if (timed_seq_ && seq_ge(h.ack, *timed_seq_)) {
    rtt_sample(now - timed_at_);
    timed_seq_.reset();
  }
}

void Connection::rtt_sample(Duration rtt) {
  if (rtt < Duration::zero()) return;
  if (!srtt_) {
    srtt_ = rtt;
    rttvar_ = rtt / 2;
  } else {
    const Duration err = *srtt_ > rtt ? *srtt_ - rtt : rtt - *srtt_;
    rttvar_ = (3 * rttvar_ + err) / 4;
    srtt_ = (7 * *srtt_ + rtt) / 8;
  }
  const Duration g = 1ms;  // the clock granularity
  rto_ = std::clamp(*srtt_ + std::max(g, 4 * rttvar_), config_.min_rto, config_.max_rto);
}

// ---------------------------------------------------------------------------------------
// Congestion control.

void Connection::on_loss(TimePoint now, bool timeout) {
  const std::uint32_t smss = smss_;
  if (config_.congestion == Congestion::Cubic) {
    const double w = double(cwnd_) / smss;
    // Fast convergence (RFC 9438 §4.7): give way when the window shrinks between losses.
    w_max_ = w < w_max_ ? w * (1 + cubic_beta) / 2 : w;
    ssthresh_ = std::max<std::uint32_t>(std::uint32_t(cwnd_ * cubic_beta), 2 * smss);
    epoch_start_.reset();
  } else {
    ssthresh_ = std::max<std::uint32_t>(flight() / 2, 2 * smss);
  }
  (void)now;
  bytes_acked_ = 0;
  cwnd_frac_ = 0;
  if (timeout) {
    cwnd_ = smss;  // the loss window
    in_recovery_ = false;
    dupacks_ = 0;
  }
}

void Connection::enter_recovery(TimePoint now) {
  on_loss(now, false);
  recover_ = snd_max_;
  retransmit_at_ = snd_una_;
  high_rxt_ = snd_una_;
  cwnd_ = ssthresh_ + 3 * std::uint32_t(smss_);
  in_recovery_ = true;
  pto_at_.reset();
  timed_seq_.reset();
  ++stats_.fast_retransmits;
}

void Connection::on_new_ack(std::uint32_t acked, TimePoint now) {
  const std::uint32_t smss = smss_;
  if (cwnd_ < ssthresh_) {  // slow start, with appropriate byte counting (RFC 3465, L=2)
    cwnd_ += std::min(acked, 2 * smss);
    return;
  }
  if (config_.congestion == Congestion::NewReno) {
    bytes_acked_ += acked;
    if (bytes_acked_ >= cwnd_) {
      bytes_acked_ -= cwnd_;
      cwnd_ += smss;
    }
    return;
  }
  // CUBIC (RFC 9438 §4), in segments.
  const double cwnd = double(cwnd_) / smss;
  if (!epoch_start_) {
    epoch_start_ = now;
    if (cwnd < w_max_) {
      k_ = cube_root((w_max_ - cwnd) / cubic_c);
      origin_ = w_max_;
    } else {
      k_ = 0;
      origin_ = cwnd;
    }
    w_est_ = cwnd;
  }
  const double rtt = srtt_ ? seconds(*srtt_) : 0.1;
  const double t = seconds(now - *epoch_start_) + rtt;
  const double target = cubic_c * (t - k_) * (t - k_) * (t - k_) + origin_;
  w_est_ += 3 * (1 - cubic_beta) / (1 + cubic_beta) * (double(acked) / smss) / cwnd;
  double goal = std::max(target, w_est_);
  goal = std::min(goal, 1.5 * cwnd);
  if (goal > cwnd) {
    cwnd_frac_ += (goal - cwnd) / cwnd * acked;
    if (cwnd_frac_ >= 1) {
      const auto whole = std::uint32_t(cwnd_frac_);
      cwnd_ += whole;
      cwnd_frac_ -= whole;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Scoreboard.

bool Connection::record_sack(std::span<const SackBlock> blocks) {
  const std::uint32_t before = sacked_bytes();
  for (SackBlock b : blocks) {
    if (!seq_lt(b.left, b.right) || seq_le(b.right, snd_una_) || seq_gt(b.right, snd_max_))
      continue;  // D-SACKs, stale and bogus blocks
    b.left = seq_max(b.left, snd_una_);
    scoreboard_.push_back(b);
  }
  std::ranges::sort(scoreboard_, [&](const SackBlock& x, const SackBlock& y) {
    return seq_lt(x.left, y.left);
  });
  std::vector<SackBlock> merged;
  for (const SackBlock& b : scoreboard_) {
    if (!merged.empty() && seq_le(b.left, merged.back().right))
      merged.back().right = seq_max(merged.back().right, b.right);
    else
      merged.push_back(b);
  }
  scoreboard_ = std::move(merged);
  return sacked_bytes() > before;
}

std::uint32_t Connection::sacked_bytes() const {
  std::uint32_t n = 0;
  for (const SackBlock& b : scoreboard_) n += b.right - b.left;
  return n;
}

bool Connection::sacked(std::uint32_t seq) const {
  return std::ranges::any_of(scoreboard_, [&](const SackBlock& b) {
    return seq_le(b.left, seq) && seq_lt(seq, b.right);
  });
}

std::uint32_t Connection::sacked_end(std::uint32_t seq) const {
  for (const SackBlock& b : scoreboard_)
    if (seq_le(b.left, seq) && seq_lt(seq, b.right)) return b.right;
  return seq;
}

// ---------------------------------------------------------------------------------------
// Input.

void Connection::input(const Segment& s, TimePoint now) {
  ++stats_.segments_in;
  last_heard_ = now;
  if (config_.keepalive && established()) {
    keepalive_at_ = now + *config_.keepalive;
    keepalive_sent_ = 0;
  }
  switch (state_) {
    case State::Closed:
      return;
    case State::SynSent:
      input_syn_sent(s, now);
      return;
    default:
      input_synchronized(s, now);
      return;
  }
}

void Connection::input_syn_sent(const Segment& s, TimePoint now) {
  const Header& h = s.header;
  if (h.has(flags::ack) && (seq_le(h.ack, iss_) || seq_gt(h.ack, snd_max_))) {
    if (!h.has(flags::rst)) rst_reply_ = h.ack;
    return;
  }
  if (h.has(flags::rst)) {
    if (h.has(flags::ack)) set_closed(Error::Refused);
    return;
  }
  if (!h.has(flags::syn)) return;
  irs_ = h.seq;
  rcv_nxt_ = h.seq + 1;
  rcv_adv_ = rcv_nxt_;
  negotiate(h.options, now);
  if (!h.has(flags::ack)) {  // simultaneous open: answer with SYN-ACK
    state_ = State::SynReceived;
    snd_wnd_ = max_snd_wnd_ = h.window;
    snd_wl1_ = h.seq;
    syn_pending_ = true;
    snd_nxt_ = iss_;
    return;
  }
  snd_una_ = h.ack;
  if (seq_lt(snd_nxt_, snd_una_)) snd_nxt_ = snd_una_;
  syn_acked_ = true;
  snd_wnd_ = max_snd_wnd_ = h.window;  // never scaled in a SYN
  snd_wl1_ = h.seq;
  snd_wl2_ = h.ack;
  sample_rtt(h, now);
  timed_seq_.reset();
  backoff_ = retries_ = 0;
  rto_at_.reset();
  established_at(now);
  ack_now();
  if (!s.payload.empty() || h.has(flags::fin)) {
    Segment rest = s;
    rest.header.seq = h.seq + 1;
    rest.header.flags &= std::uint8_t(~flags::syn);
    process_data(rest, now);
  }
}

bool Connection::acceptable(const Header& h, std::size_t length) const {
  const std::uint32_t window = rcv_adv_ - rcv_nxt_;
  if (length == 0) {
    if (window == 0) return h.seq == rcv_nxt_;
    return seq_le(rcv_nxt_, h.seq) && seq_lt(h.seq, rcv_nxt_ + window);
  }
  if (window == 0) return false;
  const std::uint32_t last = h.seq + std::uint32_t(length) - 1;
  return (seq_le(rcv_nxt_, h.seq) && seq_lt(h.seq, rcv_nxt_ + window)) ||
         (seq_le(rcv_nxt_, last) && seq_lt(last, rcv_nxt_ + window));
}

void Connection::input_synchronized(const Segment& s, TimePoint now) {
  const Header& h = s.header;
  const std::size_t length = s.payload.size() + (h.has(flags::syn) ? 1 : 0) +
                             (h.has(flags::fin) ? 1 : 0);
  // A retransmitted SYN while ours is unacknowledged: send the SYN-ACK again.
  if (state_ == State::SynReceived && h.has(flags::syn) && !h.has(flags::ack) && h.seq == irs_) {
    syn_pending_ = true;
    snd_nxt_ = iss_;
    return;
  }
  // Simultaneous open: the peer's SYN-ACK crosses ours. Take it as its ACK (the SYN in it
  // was already received), and acknowledge.
  if (state_ == State::SynReceived && !passive_ && h.has(flags::syn) && h.has(flags::ack) &&
      h.seq == irs_) {
    Segment rest = s;
    rest.header.seq = h.seq + 1;
    rest.header.flags &= std::uint8_t(~flags::syn);
    ack_now();
    input_synchronized(rest, now);
    return;
  }
  // PAWS (RFC 7323 §5).
  if (ts_ok_ && h.options.timestamps && !h.has(flags::rst) &&
      seq_lt(h.options.timestamps->value, ts_recent_)) {
    ++stats_.paws_dropped;
    ack_invalid(s, now);
    return;
  }
  if (!acceptable(h, length)) {
    // A zero window still takes ACKs (and RSTs) at rcv_nxt.
    if (!(rcv_adv_ == rcv_nxt_ && h.seq == rcv_nxt_)) {
      ++stats_.unacceptable;
      if (!h.has(flags::rst)) ack_invalid(s, now);
      if (state_ == State::TimeWait && h.has(flags::fin)) time_wait_at_ = now + config_.time_wait;
      return;
    }
  }
  if (h.has(flags::rst)) {  // RFC 5961 §3: only an exact match resets
    if (h.seq == rcv_nxt_) {
      set_closed(state_ == State::SynReceived && passive_ ? Error::Refused : Error::Reset);
    } else {
      ++stats_.challenge_acks;
      ack_invalid(s, now);
    }
    return;
  }
  if (h.has(flags::syn)) {  // RFC 5961 §4: a SYN here gets a challenge ACK
    ++stats_.challenge_acks;
    ack_invalid(s, now);
    return;
  }
  if (!h.has(flags::ack)) return;
  // Timestamps: remember the peer's for echoing (RFC 7323 §4.3).
  if (ts_ok_ && h.options.timestamps && seq_le(h.seq, last_ack_sent_))
    ts_recent_ = h.options.timestamps->value;
  if (state_ == State::SynReceived) {
    if (!(seq_lt(snd_una_, h.ack) && seq_le(h.ack, snd_max_))) {
      rst_reply_ = h.ack;
      return;
    }
    snd_wnd_ = std::uint32_t(h.window) << snd_wscale_;
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
    snd_wl1_ = h.seq;
    snd_wl2_ = h.ack;
    established_at(now);
  }
  if (!process_ack(s, now)) return;
  if (state_ == State::Closed) return;
  process_data(s, now);
}

// The ACK field; false when the segment is to be dropped.
bool Connection::process_ack(const Segment& s, TimePoint now) {
  const Header& h = s.header;
  if (seq_gt(h.ack, snd_max_)) {  // acknowledges what we never sent
    ack_invalid(s, now);
    return false;
  }
  if (seq_lt(h.ack, snd_una_ - max_snd_wnd_)) {  // RFC 5961 §5: too old
    ++stats_.challenge_acks;
    ack_invalid(s, now);
    return false;
  }
  const bool newly_sacked =
      sack_ok_ && h.options.sack_count > 0 && record_sack(h.options.sack_blocks());
  const std::uint32_t window = std::uint32_t(h.window) << snd_wscale_;
  if (seq_gt(h.ack, snd_una_)) {
    const std::uint32_t acked = h.ack - snd_una_;
    if (!syn_acked_ && seq_gt(h.ack, iss_)) syn_acked_ = true;
    const std::uint32_t data_to = seq_min(h.ack, data_end());
    if (seq_gt(data_to, buf_seq_)) ring_pop(data_to - buf_seq_);
    snd_una_ = h.ack;
    if (seq_lt(snd_nxt_, snd_una_)) snd_nxt_ = snd_una_;
    sample_rtt(h, now);
    backoff_ = retries_ = 0;
    std::erase_if(scoreboard_, [&](const SackBlock& b) { return seq_le(b.right, snd_una_); });
    for (SackBlock& b : scoreboard_) b.left = seq_max(b.left, snd_una_);
    if (in_recovery_) {
      if (seq_ge(h.ack, recover_)) {  // full acknowledgement (RFC 6582 §3.2 step 3)
        cwnd_ = std::min(ssthresh_, std::max<std::uint32_t>(flight(), smss_) + smss_);
        in_recovery_ = false;
      } else {  // partial: retransmit the next hole, deflate the window
        retransmit_at_ = snd_una_;
        cwnd_ = cwnd_ > acked ? cwnd_ - acked : 0;
        if (acked >= smss_) cwnd_ += smss_;
        cwnd_ = std::max<std::uint32_t>(cwnd_, smss_);
      }
    } else {
      on_new_ack(acked, now);
    }
    dupacks_ = 0;
    limited_transmit_ = 0;
    tlp_sent_ = false;
    if (snd_una_ == snd_max_) {
      rto_at_.reset();
      pto_at_.reset();
    } else {
      arm_rto(now);
      arm_pto(now);
    }
  } else if (s.payload.empty() && !h.has(flags::fin) && h.ack == snd_una_ &&
             seq_lt(snd_una_, snd_max_) && (window == snd_wnd_ || newly_sacked) &&
             state_ != State::TimeWait) {
    // A duplicate ACK (RFC 5681 §2: no data, no window change, data outstanding); with
    // SACK, any ACK that reports newly arrived data counts (RFC 6675), window or not.
    on_duplicate_ack(now);
    if (window == snd_wnd_) return false;
  }
  // Window update (RFC 9293 §3.10.7.4).
  if (seq_lt(snd_wl1_, h.seq) || (snd_wl1_ == h.seq && seq_le(snd_wl2_, h.ack))) {
    snd_wnd_ = window;
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
    snd_wl1_ = h.seq;
    snd_wl2_ = h.ack;
    if (snd_wnd_ > 0 && seq_gt(h.ack + window, snd_nxt_)) {  // room again: poll() decides
      persist_at_.reset();
      persist_backoff_ = 0;
    }
  }
  // Our FIN acknowledged?
  if (fin_acked()) {
    switch (state_) {
      case State::FinWait1:
        state_ = State::FinWait2;
        if (app_closed_) fin_wait2_at_ = now + config_.fin_wait2_timeout;
        break;
      case State::Closing:
        enter_time_wait(now);
        break;
      case State::LastAck:
        set_closed(std::nullopt);
        return false;
      default:
        break;
    }
  }
  return true;
}

void Connection::on_duplicate_ack(TimePoint now) {
  ++dupacks_;
  ++stats_.dup_acks;
  if (in_recovery_) {
    cwnd_ += smss_;
    if (sack_ok_ && !scoreboard_.empty()) {  // retransmit the next hole the SACKs show
      std::uint32_t seq = seq_max(high_rxt_, snd_una_);
      while (sacked(seq)) seq = sacked_end(seq);
      if (seq_lt(seq, scoreboard_.back().right)) retransmit_at_ = seq;
    }
    return;
  }
  // Loss is declared after DupThresh (3) duplicates, or as soon as the SACKs show
  // (DupThresh - 1) * SMSS bytes above the hole (RFC 6675 §5); with fewer than four
  // segments outstanding and nothing new to send, the threshold drops to one less than
  // those outstanding (early retransmit, RFC 5827).
  std::uint32_t threshold = 3;
  const std::uint32_t outstanding = (snd_max_ - snd_una_ + smss_ - 1) / smss_;
  if (outstanding < 4 && !seq_lt(snd_max_, data_end()))
    threshold = std::max<std::uint32_t>(1, outstanding - 1);
  const bool lost =
      dupacks_ >= threshold || (sack_ok_ && sacked_bytes() > (threshold - 1) * smss_);
  if (lost && seq_ge(snd_una_, recover_)) {
    enter_recovery(now);
  } else if (dupacks_ < 3) {
    limited_transmit_ = dupacks_;
  }
}

void Connection::process_data(const Segment& s, TimePoint now) {
  const Header& h = s.header;
  switch (state_) {
    case State::Established:
    case State::FinWait1:
    case State::FinWait2:
      break;
    case State::TimeWait:
      if (h.has(flags::fin)) {
        ack_now();
        time_wait_at_ = now + config_.time_wait;
      }
      return;
    default:
      return;  // data and FIN after the peer's FIN are ignored
  }
  if (app_closed_ && !s.payload.empty() && seq_gt(h.seq + std::uint32_t(s.payload.size()), rcv_nxt_)) {
    abort();  // nobody will read it
    return;
  }
  std::uint32_t seq = h.seq;
  cstruct::Buffer data = s.payload;
  bool fin = h.has(flags::fin);
  if (seq_lt(seq, rcv_nxt_)) {  // already received in part
    const std::uint32_t cut = rcv_nxt_ - seq;
    if (cut > data.size()) {  // all old, and so is a FIN after it
      data = cstruct::Buffer();
      fin = false;
    } else {
      data = data.shift(cut);
    }
    seq = rcv_nxt_;
  }
  // Trim to what we advertised.
  const std::uint32_t right = seq_max(rcv_adv_, rcv_nxt_);
  if (seq_gt(seq + std::uint32_t(data.size()), right)) {
    const std::uint32_t keep = seq_lt(seq, right) ? right - seq : 0;
    data = data.sub(0, keep);
    fin = false;
  }
  stats_.bytes_in += data.size();
  const std::uint32_t fin_seq = seq + std::uint32_t(data.size());
  if (seq == rcv_nxt_) {
    const bool had_ooo = !out_of_order_.empty();
    const bool fresh = !data.empty();
    if (fresh) deliver(std::move(data));
    pull_out_of_order();
    if (had_ooo)
      ack_now();  // a hole filled: tell the sender at once
    else if (fresh)
      schedule_ack(now);
  } else if (!data.empty()) {
    ++stats_.out_of_order;
    queue_out_of_order(seq, std::move(data));
    ++acks_owed_;  // a duplicate ACK for each: the sender counts them
    fin = false;
  }
  if (fin && fin_seq == rcv_nxt_) {
    ooo_bytes_ = 0;
    out_of_order_.clear();
    rcv_nxt_ += 1;
    fin_received_ = true;
    ack_now();
    switch (state_) {
      case State::Established:
        state_ = State::CloseWait;
        break;
      case State::FinWait1:
        if (fin_acked())
          enter_time_wait(now);
        else
          state_ = State::Closing;
        break;
      case State::FinWait2:
        enter_time_wait(now);
        break;
      default:
        break;
    }
  }
}

void Connection::ack_invalid(const Segment& s, TimePoint now) {
  // Segments with data are answered at once (a duplicate means our ACK was lost). Others
  // get at most one ACK per 500 ms: two ends that disagree (after an injection, say) would
  // otherwise answer each other's ACKs for ever, an ACK storm (RFC 5961 §10, Linux's
  // tcp_invalid_ratelimit).
  if (!s.payload.empty() && !s.header.has(flags::syn)) {
    ++acks_owed_;
    return;
  }
  if (last_invalid_ack_ && now - *last_invalid_ack_ < 500ms) {
    ++stats_.invalid_acks_suppressed;
    return;
  }
  last_invalid_ack_ = now;
  ack_now();
}

void Connection::schedule_ack(TimePoint now) {
  ++unacked_segments_;
  if (!config_.delayed_ack || unacked_segments_ >= 2) {
    ack_now();
    return;
  }
  if (!ack_at_) ack_at_ = now + config_.delayed_ack_timeout;
}

void Connection::deliver(cstruct::Buffer data) {
  rcv_nxt_ += std::uint32_t(data.size());
  readable_ += data.size();
  in_order_.push_back(std::move(data));
}

void Connection::queue_out_of_order(std::uint32_t seq, cstruct::Buffer data) {
  last_ooo_seq_ = seq;
  const std::uint32_t end = seq + std::uint32_t(data.size());
  // Keep only the parts that no piece holds yet.
  std::vector<Piece> fresh;
  std::uint32_t cursor = seq;
  for (const Piece& p : out_of_order_) {
    const std::uint32_t pend = p.seq + std::uint32_t(p.data.size());
    if (seq_le(pend, cursor) || seq_ge(p.seq, end)) continue;
    if (seq_lt(cursor, p.seq)) fresh.push_back({cursor, data.sub(cursor - seq, p.seq - cursor)});
    cursor = seq_max(cursor, pend);
  }
  if (seq_lt(cursor, end)) fresh.push_back({cursor, data.sub(cursor - seq, end - cursor)});
  for (Piece& p : fresh) {
    ooo_bytes_ += p.data.size();
    auto at = std::ranges::find_if(out_of_order_, [&](const Piece& q) { return seq_gt(q.seq, p.seq); });
    out_of_order_.insert(at, std::move(p));
  }
}

void Connection::pull_out_of_order() {
  while (!out_of_order_.empty() && seq_le(out_of_order_.front().seq, rcv_nxt_)) {
    Piece p = std::move(out_of_order_.front());
    out_of_order_.erase(out_of_order_.begin());
    ooo_bytes_ -= p.data.size();
    const std::uint32_t end = p.seq + std::uint32_t(p.data.size());
    if (seq_gt(end, rcv_nxt_)) deliver(p.data.shift(rcv_nxt_ - p.seq));
  }
}

}  // namespace tcp
