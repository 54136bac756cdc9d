#pragma once
// ipv6::NeighbourCache: Neighbor Unreachability Detection and address resolution state
// (RFC 4861 §7.2, §7.3), sans-IO: the time is passed in, and the solicitations to send
// come back as values. Each entry is INCOMPLETE (resolving), REACHABLE (confirmed
// recently), STALE (unconfirmed), DELAY (used while stale: waiting for an upper layer's
// confirmation) or PROBE (soliciting it by unicast). The cache is bounded, and so are the
// datagrams an INCOMPLETE entry holds for sending once it resolves.
#include <ipv6/address.hpp>
#include <ipv6/ndp.hpp>

#include <async/time.hpp>
#include <chrono>
#include <cstddef>
#include <cstruct/buffer.hpp>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ipv6 {

using namespace std::chrono_literals;

enum class NeighbourState : std::uint8_t { Incomplete, Reachable, Stale, Delay, Probe };

// "INCOMPLETE", "REACHABLE"...
std::string_view to_string(NeighbourState s);

struct NeighbourConfig {
  std::size_t max_entries = 256;
  std::size_t max_pending = 3;  // datagrams held per INCOMPLETE entry (the newest are kept)
  unsigned max_multicast_solicit = 3;
  unsigned max_unicast_solicit = 3;
  async::Duration retrans_timer = 1s;
  async::Duration reachable_time = 30s;
  async::Duration delay_first_probe = 5s;
};

// A Neighbor Solicitation to send for `target`: to its solicited-node group when resolving,
// to `unicast` when probing.
struct Solicitation {
  Ipv6Address target;
  std::optional<MacAddress> unicast;
  bool operator==(const Solicitation&) const = default;
};

// Datagrams held for a neighbour that has just resolved, to send to `mac` now.
struct Release {
  MacAddress mac;
  std::vector<cstruct::Buffer> packets;
};

class NeighbourCache {
 public:
  struct Entry {
    NeighbourState state = NeighbourState::Incomplete;
    std::optional<MacAddress> mac;
    bool router = false;
    unsigned solicitations = 0;   // sent in the current INCOMPLETE or PROBE state
    async::TimePoint deadline{};  // when the state's timer fires (none in STALE)
    async::TimePoint updated{};   // the last change of state, for eviction
    std::vector<cstruct::Buffer> pending;
  };

  explicit NeighbourCache(NeighbourConfig config = {});

  // The MAC to send to `ip` with at `now`, if known (a STALE entry then starts DELAY,
  // §7.3.3). If unknown, creates an INCOMPLETE entry (when none is resolving yet) and
  // appends its first solicitation to `out`; returns nullopt.
  std::optional<MacAddress> resolve(Ipv6Address ip, async::TimePoint now,
                                    std::vector<Solicitation>& out);
  // Holds `packet` until `ip`'s INCOMPLETE entry resolves, dropping the oldest held beyond
  // max_pending (§7.2.2). false (nothing held) when `ip` is not INCOMPLETE.
  bool hold(Ipv6Address ip, cstruct::Buffer packet);
  // The source link-layer address of a solicitation, advertisement or redirect from `ip`
  // (§7.2.3, §6.2.6, §6.3.4, §8.3): creates a STALE entry, or updates a different address
  // (STALE again). `router` sets the IsRouter flag when given (true from an RA, false from
  // an RS). The datagrams held when it was INCOMPLETE are released.
  std::optional<Release> learn(Ipv6Address ip, MacAddress mac, async::TimePoint now,
                               std::optional<bool> router = {});
  // A Neighbor Advertisement (§7.2.5): completes an INCOMPLETE entry (releasing what it
  // held), confirms reachability when solicited, and updates the address only as the
  // override flag allows. Advertisements for unknown neighbours are ignored.
  std::optional<Release> advertised(const ndp::NeighbourAdvertisement& na, async::TimePoint now);
  // An upper layer saw forward progress with `ip` (§7.3.1): REACHABLE again.
  void confirm(Ipv6Address ip, async::TimePoint now);

  // Runs the timers due at `now`: REACHABLE turns STALE, DELAY starts PROBE, INCOMPLETE and
  // PROBE retransmit (appended to `out`) or, out of attempts, are removed; returns the
  // addresses removed (their held datagrams are dropped).
  std::vector<Ipv6Address> tick(async::TimePoint now, std::vector<Solicitation>& out);
  // When tick() next has work, if ever.
  std::optional<async::TimePoint> next_deadline() const;

  // From a Router Advertisement's non-zero fields (§6.3.4).
  void set_reachable_time(async::Duration d) { config_.reachable_time = d; }
  void set_retrans_timer(async::Duration d) { config_.retrans_timer = d; }
  const NeighbourConfig& config() const { return config_; }

  const Entry* find(Ipv6Address ip) const;
  void remove(Ipv6Address ip) { entries_.erase(ip); }
  std::size_t size() const { return entries_.size(); }

 private:
  Entry& create(Ipv6Address ip, async::TimePoint now);
  void enter(Entry& e, NeighbourState s, async::TimePoint now);
  static std::optional<Release> release(Entry& e);

  NeighbourConfig config_;
  std::unordered_map<Ipv6Address, Entry> entries_;
};

}  // namespace ipv6
