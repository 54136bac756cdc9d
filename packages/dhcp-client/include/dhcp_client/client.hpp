#pragma once
// dhcp_client::Client: the DHCPv4 client of RFC 2131 §4.4 as a sans-IO state machine. It
// never reads a clock or touches a socket: the caller passes the time in, hands it the
// messages that arrive on port 68, calls timeout() when deadline() has come, and sends what
// it asks for (to port 67). See run.hpp for the driver over our UDP layer.
//
//   INIT ──DISCOVER──▶ SELECTING ──OFFER/REQUEST──▶ REQUESTING ──ACK──▶ BOUND
//   BOUND ──T1──▶ RENEWING (unicast to the server) ──T2──▶ REBINDING (broadcast)
//   RENEWING/REBINDING ──ACK──▶ BOUND; ──NAK or the lease runs out──▶ INIT (lease lost)
//   INIT-REBOOT (Config::previous) ──REQUEST──▶ REBOOTING ──ACK──▶ BOUND, ──NAK──▶ INIT
//
// Retransmissions follow §4.1: 4 s, then doubling to 64 s, each ±1 s at random; in
// RENEWING and REBINDING half the time left to T2 or to the end of the lease, at least 60 s.
// A lease's times count from when the REQUEST that got it was sent (§4.4.1).
#include <async/time.hpp>
#include <chrono>
#include <cstdint>
#include <dhcp_wire/message.hpp>
#include <ipv4/ipv4.hpp>
#include <mirage/address.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dhcp_client {

using namespace std::chrono_literals;
using mirage::Ipv4Address;
using mirage::MacAddress;

struct Lease {
  Ipv4Address address;
  mirage::Ipv4Prefix network;         // from the subnet mask (the address's class without one)
  std::optional<Ipv4Address> router;  // the first router on the network, when given
  std::vector<Ipv4Address> dns_servers;
  std::optional<std::string> domain_name;
  Ipv4Address server;                 // the server identifier: who renews it
  async::TimePoint start;             // when the REQUEST that got it was sent
  async::Duration duration;           // forever: async::Duration::max()
  async::Duration renew_after;        // T1 (50% of the lease unless the server says)
  async::Duration rebind_after;       // T2 (87.5%)

  bool infinite() const { return duration == async::Duration::max(); }
  async::TimePoint renew_at() const { return at(renew_after); }
  async::TimePoint rebind_at() const { return at(rebind_after); }
  async::TimePoint expires_at() const { return at(duration); }
  // The IPv4 layer's configuration this lease gives.
  ipv4::Config ipv4() const;
  // "10.0.0.53/24 via 10.0.0.1 from 10.0.0.1 for 3600 s".
  std::string to_string() const;

 private:
  async::TimePoint at(async::Duration d) const {
    return d == async::Duration::max() ? async::TimePoint::max() : start + d;
  }
};

enum class State : std::uint8_t { Init, Selecting, Requesting, Rebooting, Bound, Renewing, Rebinding };
std::string_view to_string(State s);

struct Config {
  MacAddress mac;                       // ours (chaddr, and the client identifier)
  std::string hostname;                 // sent as option 12 when not empty
  std::optional<Ipv4Address> previous;  // the address we had: start in INIT-REBOOT
  std::uint64_t seed = 0;               // entropy for transaction ids and the ±1 s jitter
  async::Duration first_retransmit = 4s;
  async::Duration max_retransmit = 64s;
  async::Duration min_renew_retransmit = 60s;
  int request_attempts = 4;             // REQUESTs in REQUESTING/REBOOTING before starting over
};

// What the caller must do after a step: send a message (to port 67 of `destination`,
// 255.255.255.255 or the server), and/or apply a change of lease.
struct Send {
  dhcp_wire::Message message;
  Ipv4Address destination;
};
enum class Change : std::uint8_t {
  None,
  Bound,    // a new lease (or a new address): configure IPv4 from lease()
  Renewed,  // the same address for longer: nothing to reconfigure
  Lost,     // the lease ended (NAK or expiry): remove the address
};
std::string_view to_string(Change c);
struct Step {
  std::optional<Send> send;
  Change change = Change::None;
};

struct Stats {
  std::uint64_t discovers = 0, requests = 0, offers = 0, acks = 0, naks = 0, ignored = 0,
                leases_lost = 0;
};

class Client {
 public:
  explicit Client(Config config);

  // Starts acquiring a lease at `now`: a DISCOVER (or, with config.previous, a REQUEST for
  // it). Calling it again starts over, dropping any lease.
  Step start(async::TimePoint now);
  // A message that arrived on port 68. Replies that are not for us (another transaction,
  // another MAC, not a reply, a type out of place, an ACK without a lease time) are
  // counted and ignored.
  Step input(const dhcp_wire::Message& m, async::TimePoint now);
  // Call when `now` >= deadline(): retransmits, or moves to RENEWING, REBINDING or INIT.
  Step timeout(async::TimePoint now);
  // When timeout() must next be called; TimePoint::max() while there is nothing to wait for.
  async::TimePoint deadline() const { return deadline_; }
  // A DHCPRELEASE for the lease (to send to lease()->server), dropping it; nullopt without one.
  std::optional<Send> release();

  State state() const { return state_; }
  const std::optional<Lease>& lease() const { return lease_; }
  std::uint32_t xid() const { return xid_; }
  const Stats& stats() const { return stats_; }

 private:
  Step discover(async::TimePoint now);
  Step request(async::TimePoint now);
  dhcp_wire::Message base(dhcp_wire::MessageType type, async::TimePoint now) const;
  void retransmit_after(async::TimePoint now);
  void retransmit_until(async::TimePoint now, async::TimePoint limit);
  std::optional<Lease> lease_from(const dhcp_wire::Message& ack) const;
  Step lose(async::TimePoint now);
  bool is_reply_to_us(const dhcp_wire::Message& m) const;
  std::uint64_t next_random();

  Config config_;
  State state_ = State::Init;
  std::uint64_t rng_;
  std::uint32_t xid_ = 0;
  async::TimePoint started_{};       // when this transaction began (for `secs`)
  async::TimePoint request_sent_{};  // the last REQUEST's time: the lease counts from it
  async::TimePoint deadline_ = async::TimePoint::max();
  int attempts_ = 0;                 // transmissions in this state
  std::optional<dhcp_wire::Message> offer_;  // the OFFER we REQUEST in REQUESTING
  std::optional<Lease> lease_;
  Stats stats_;
};

}  // namespace dhcp_client
