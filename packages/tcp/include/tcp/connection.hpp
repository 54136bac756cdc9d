#pragma once
// tcp::Connection: one TCP connection's state (the TCB of RFC 9293) as a sans-IO machine.
// It never touches a network or a clock: the owner feeds it segments (input), the time
// (on_timer, at deadline()), the application's bytes (send) and takes from it the segments
// to transmit (poll, until it has none) and the bytes received (receive). The Tcp layer
// drives it over IPv4; tests drive it by hand.
//
// What it does: the whole state machine (simultaneous open and close, TIME-WAIT), RST
// handling and RFC 5961 challenge ACKs, MSS, window scaling, timestamps with PAWS, SACK
// (blocks sent for out-of-order data; the peer's blocks kept as a scoreboard so that
// retransmissions skip what arrived), RTO per RFC 6298 with Karn's rule and backoff,
// NewReno (RFC 6582) or CUBIC (RFC 9438) congestion control with fast retransmit and
// recovery and limited transmit (RFC 3042), delayed ACKs, Nagle, zero-window probes,
// keepalive, bounded send and receive buffers.
#include <tcp/header.hpp>

#include <async/time.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <deque>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace tcp {

using namespace std::chrono_literals;
using async::Duration;
using async::TimePoint;

enum class State : std::uint8_t {
  Closed,
  SynSent,
  SynReceived,
  Established,
  FinWait1,
  FinWait2,
  CloseWait,
  Closing,
  LastAck,
  TimeWait,
};
std::string_view to_string(State s);

enum class Congestion : std::uint8_t { NewReno, Cubic };

struct Config {
  std::uint16_t mss = 1460;  // the largest segment we take: the MTU less 40
  std::size_t send_buffer = 1024 * 1024;
  std::size_t receive_buffer = 1024 * 1024;
  bool nagle = true;        // hold small segments while data is unacknowledged
  bool delayed_ack = true;  // ACK every second segment, or after delayed_ack_timeout
  Duration delayed_ack_timeout = 40ms;
  bool window_scaling = true;
  bool timestamps = true;
  bool sack = true;
  Congestion congestion = Congestion::Cubic;
  std::uint32_t initial_window = 10;  // segments (RFC 6928)
  Duration initial_rto = 1s;
  Duration min_rto = 200ms;  // RFC 6298 says 1 s; Linux and most stacks use 200 ms
  Duration max_rto = 60s;
  unsigned syn_retries = 6;        // SYN or SYN-ACK retransmissions before giving up
  unsigned max_retransmits = 15;   // of one segment, before the connection times out
  Duration time_wait = 60s;        // 2*MSL
  Duration fin_wait2_timeout = 60s;  // for a connection the application has closed
  std::optional<Duration> keepalive;  // idle time before probing; none: off
  Duration keepalive_interval = 75s;
  unsigned keepalive_probes = 9;
  // TCP segmentation offload: new data goes out in segments of up to offload_limit bytes
  // (whole MSSes), which the device cuts. The Tcp layer sets the limit from the IP layer
  // when the device can and segmentation_offload allows; 0: one MSS per segment.
  bool segmentation_offload = true;
  std::size_t offload_limit = 0;
};

// The smallest window-scale shift that makes `buffer` fit the 16-bit window field (at
// most 14, RFC 7323): what we announce in our SYN or SYN-ACK.
std::uint8_t window_scale_for(std::size_t buffer);

// Why a connection ended other than by an orderly close.
enum class Error : std::uint8_t {
  Refused,  // a RST answered our SYN
  Reset,    // the peer reset the connection
  Timeout,  // retransmissions (or keepalive probes) went unanswered
  Aborted,  // we reset it (abort(), or data arrived after close())
};
std::string_view to_string(Error e);

// A segment to transmit: the header (with its options) and the size of its payload, which
// starts at header.seq in the send buffer; copy it out with Connection::copy_payload.
struct Outgoing {
  Header header;
  std::size_t payload_size = 0;
};

struct ConnectionStats {
  std::uint64_t segments_in = 0, segments_out = 0, bytes_in = 0, bytes_out = 0;
  std::uint64_t retransmits = 0, fast_retransmits = 0, timeouts = 0, dup_acks = 0;
  std::uint64_t out_of_order = 0, challenge_acks = 0, paws_dropped = 0, unacceptable = 0;
  std::uint64_t probes = 0;  // zero-window (persist) probes
  std::uint64_t tail_loss_probes = 0;
  std::uint64_t invalid_acks_suppressed = 0;  // answers to bad segments held back (500 ms)
};

class Connection {
 public:
  // An active open: the connection starts in SYN-SENT; poll() yields the SYN.
  static Connection connect(const Config& config, std::uint16_t local_port,
                            std::uint16_t remote_port, std::uint32_t iss, TimePoint now);
  // A passive open from a peer's SYN (a segment with SYN alone): SYN-RECEIVED; poll()
  // yields the SYN-ACK.
  static Connection accept(const Config& config, const Header& syn, std::uint32_t iss,
                           TimePoint now);
  // A connection established by a SYN cookie's returning ACK: the SYN's options that
  // survive in the cookie (the MSS; window scaling and SACK when `scale`/`sack` say so).
  static Connection from_cookie(const Config& config, const Header& ack, std::uint32_t iss,
                                std::uint16_t peer_mss, std::optional<std::uint8_t> scale,
                                bool sack, TimePoint now);

  // Handles a received segment for this connection.
  void input(const Segment& segment, TimePoint now);
  // Runs the timers that are due. Call at deadline() (early or late is fine).
  void on_timer(TimePoint now);
  // When on_timer next has work, if ever.
  std::optional<TimePoint> deadline() const;

  // The next segment to send, if any: call until it returns nothing, after every input,
  // on_timer, send, receive, shutdown and abort.
  std::optional<Outgoing> poll(TimePoint now);
  // Copies an Outgoing's payload into `out` (payload_size bytes). Safe to call later than
  // poll(): bytes acknowledged meanwhile (which the peer discards as duplicates) are zeros.
  void copy_payload(const Outgoing& o, std::span<std::uint8_t> out) const;

  // Queues bytes to send; returns how many fit in the send buffer (0 once shut down).
  std::size_t send(std::span<const std::uint8_t> data);
  std::size_t send_space() const;
  // Bytes queued and not yet acknowledged.
  std::size_t send_queued() const { return ring_size_; }

  // The next bytes received in order (a slice of the segment they came in), if any.
  std::optional<cstruct::Buffer> receive();
  std::size_t readable() const { return readable_; }
  // The peer sent FIN and every byte before it has been received.
  bool at_eof() const { return fin_received_ && readable_ == 0; }

  // Sends FIN once the queued bytes are out (no more send()).
  void shutdown();
  // shutdown(), and the application reads no more: data that arrives is answered with RST,
  // and FIN-WAIT-2 ends after fin_wait2_timeout.
  void close();
  // Sends RST (from a synchronized state) and closes.
  void abort();

  // Turns Nagle's algorithm on or off.
  void set_nagle(bool on) { config_.nagle = on; }
  // Whether `syn` may start a new incarnation of this connection's addresses: it is in
  // TIME-WAIT and the SYN is newer (a higher sequence number, or timestamp: RFC 6191).
  bool reusable_by(const Header& syn) const;

  State state() const { return state_; }
  std::optional<Error> error() const { return error_; }
  // The connection can be forgotten: CLOSED with nothing left to send.
  bool finished() const { return state_ == State::Closed && !rst_pending_; }
  // Data can be sent (established, or closing from the other side only).
  bool writable() const {
    return (state_ == State::Established || state_ == State::CloseWait) && !fin_queued_;
  }
  bool established() const { return state_ != State::Closed && state_ != State::SynSent &&
                                     state_ != State::SynReceived; }

  std::uint16_t local_port() const { return local_port_; }
  std::uint16_t remote_port() const { return remote_port_; }
  // Negotiated: the MSS we send, window scaling, timestamps, SACK.
  std::uint16_t send_mss() const { return smss_; }
  bool window_scaling() const { return wscale_ok_; }
  bool timestamps() const { return ts_ok_; }
  bool sack() const { return sack_ok_; }
  std::uint32_t cwnd() const { return cwnd_; }
  std::uint32_t ssthresh() const { return ssthresh_; }
  Duration rto() const { return rto_; }
  std::optional<Duration> srtt() const { return srtt_; }
  const ConnectionStats& stats() const { return stats_; }

 private:
  Connection(const Config& config, std::uint16_t local_port, std::uint16_t remote_port,
             std::uint32_t iss, TimePoint now);

  // Input, by state (RFC 9293 §3.10.7).
  void input_syn_sent(const Segment& s, TimePoint now);
  void input_synchronized(const Segment& s, TimePoint now);
  bool acceptable(const Header& h, std::size_t length) const;
  bool process_ack(const Segment& s, TimePoint now);
  void on_duplicate_ack(TimePoint now);
  void process_data(const Segment& s, TimePoint now);
  void negotiate(const Options& peer, TimePoint now);

  // Sending.
  Header base_header(std::uint8_t flags, TimePoint now);
  Options syn_options(TimePoint now, const Options* peer) const;
  std::optional<Outgoing> next_data(TimePoint now);
  Outgoing data_segment(std::uint32_t seq, std::size_t size, bool fin, TimePoint now);
  std::uint16_t advertised_window();
  void arm_rto(TimePoint now);
  void on_rto(TimePoint now);
  void arm_pto(TimePoint now);
  void on_pto(TimePoint now);
  void enter_recovery(TimePoint now);

  // Congestion control.
  void on_new_ack(std::uint32_t acked, TimePoint now);
  void on_loss(TimePoint now, bool timeout);
  std::uint32_t flight() const { return snd_nxt_ - snd_una_; }

  // RTT estimation (RFC 6298).
  void rtt_sample(Duration rtt);
  void sample_rtt(const Header& ack, TimePoint now);
  std::uint32_t ts_now(TimePoint now) const;

  // Receive side.
  void deliver(cstruct::Buffer data);
  void queue_out_of_order(std::uint32_t seq, cstruct::Buffer data);
  void pull_out_of_order();
  void fill_sack(Options& o) const;
  void ack_now() {
    if (acks_owed_ == 0) acks_owed_ = 1;
  }
  void ack_invalid(const Segment& s, TimePoint now);
  void schedule_ack(TimePoint now);

  // The scoreboard of the peer's SACK blocks (above snd_una, merged, sorted).
  bool record_sack(std::span<const SackBlock> blocks);  // true: newly SACKed data
  std::uint32_t sacked_bytes() const;
  bool sacked(std::uint32_t seq) const;
  std::uint32_t sacked_end(std::uint32_t seq) const;

  // Send ring.
  std::uint32_t data_end() const { return buf_seq_ + std::uint32_t(ring_size_); }
  void ring_pop(std::size_t n);

  void enter_time_wait(TimePoint now);
  void established_at(TimePoint now);
  void arm_persist(TimePoint now);
  // Our FIN is sent and acknowledged.
  bool fin_acked() const { return fin_queued_ && snd_una_ == data_end() + 1; }
  void set_closed(std::optional<Error> e);

  Config config_;
  State state_ = State::Closed;
  std::optional<Error> error_;
  std::uint16_t local_port_ = 0, remote_port_ = 0;
  bool passive_ = false;

  // Send sequence space.
  std::uint32_t iss_ = 0, snd_una_ = 0, snd_nxt_ = 0, snd_max_ = 0;
  std::uint32_t snd_wnd_ = 0, max_snd_wnd_ = 0, snd_wl1_ = 0, snd_wl2_ = 0;
  std::uint32_t buf_seq_ = 0;  // the sequence number of ring_[ring_head_]
  std::vector<std::uint8_t> ring_;
  std::size_t ring_head_ = 0, ring_size_ = 0;
  bool fin_queued_ = false, syn_acked_ = false;
  bool app_closed_ = false;

  // Receive sequence space.
  std::uint32_t irs_ = 0, rcv_nxt_ = 0, rcv_adv_ = 0;  // rcv_adv_: right edge advertised
  std::deque<cstruct::Buffer> in_order_;
  std::size_t readable_ = 0;
  struct Piece {
    std::uint32_t seq;
    cstruct::Buffer data;
  };
  std::vector<Piece> out_of_order_;  // sorted by seq, not overlapping
  std::size_t ooo_bytes_ = 0;
  std::uint32_t last_ooo_seq_ = 0;   // the latest out-of-order arrival (first SACK block)
  bool fin_received_ = false;

  // Negotiated options.
  std::uint16_t smss_ = 536;
  std::uint8_t snd_wscale_ = 0, rcv_wscale_ = 0;
  bool wscale_ok_ = false, ts_ok_ = false, sack_ok_ = false;
  std::uint32_t ts_recent_ = 0, ts_offset_ = 0;
  std::uint32_t last_ack_sent_ = 0;

  // Scoreboard.
  std::vector<SackBlock> scoreboard_;

  // RTT and timers.
  std::optional<Duration> srtt_;
  Duration rttvar_{}, rto_;
  unsigned backoff_ = 0, retries_ = 0;
  std::optional<std::uint32_t> timed_seq_;  // Karn: the segment being timed (no timestamps)
  TimePoint timed_at_{};
  std::optional<TimePoint> rto_at_, pto_at_, ack_at_, persist_at_, time_wait_at_, fin_wait2_at_,
      keepalive_at_;
  unsigned keepalive_sent_ = 0;
  bool tlp_sent_ = false, probing_new_ = false;  // a tail loss probe is out / may go as new data
  std::optional<TimePoint> last_invalid_ack_;
  TimePoint last_heard_{};

  // Congestion control.
  std::uint32_t cwnd_ = 0, ssthresh_ = 0xffffffff;
  std::uint32_t dupacks_ = 0, recover_ = 0;
  bool in_recovery_ = false;
  std::uint32_t bytes_acked_ = 0;  // congestion avoidance byte counting (NewReno)
  std::uint32_t high_rxt_ = 0;     // SACK recovery: retransmitted up to here
  // CUBIC, in segments: the window before the last reduction, the time to regain it, the
  // Reno-friendly estimate, when the current epoch began, and fractional growth.
  double w_max_ = 0, k_ = 0, w_est_ = 0, origin_ = 0, cwnd_frac_ = 0;
  std::optional<TimePoint> epoch_start_;
  unsigned persist_backoff_ = 0;

  // Pending output.
  bool syn_pending_ = false, rst_pending_ = false, probe_pending_ = false;
  unsigned acks_owed_ = 0;  // ACKs to send at once (one per out-of-order segment)
  std::optional<std::uint32_t> rst_reply_;  // a RST (no ACK) with this seq, for a bad ACK
  std::optional<std::uint32_t> retransmit_at_;  // a single retransmission (fast recovery)
  std::uint32_t limited_transmit_ = 0;          // segments allowed past cwnd (RFC 3042)
  unsigned unacked_segments_ = 0;               // received since our last ACK
  bool window_update_ = false;

  ConnectionStats stats_;
};

}  // namespace tcp
