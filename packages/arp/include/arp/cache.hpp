#pragma once
// arp::Cache: IPv4-to-MAC bindings with lifetimes, sans-IO (the time is passed in). It
// holds at most a fixed number of bindings: when full, an insert evicts the expired ones,
// else the one closest to expiry.
#include <async/time.hpp>
#include <cstddef>
#include <mirage/address.hpp>
#include <optional>
#include <unordered_map>

namespace arp {

class Cache {
 public:
  // Bindings live `lifetime` from when they are learned or refreshed; at most
  // `max_entries` (at least 1) are kept.
  Cache(std::size_t max_entries, async::Duration lifetime);

  // The MAC bound to `ip`, unless it is absent or expired at `now`.
  std::optional<mirage::MacAddress> lookup(mirage::Ipv4Address ip, async::TimePoint now) const;
  // Whether `ip` has a binding, expired or not (RFC 826's "already in my table").
  bool contains(mirage::Ipv4Address ip) const { return entries_.contains(ip); }
  // Binds `ip` to `mac` until now + lifetime, replacing any binding.
  void insert(mirage::Ipv4Address ip, mirage::MacAddress mac, async::TimePoint now);
  // Binds `ip` to `mac` for good (until remove()).
  void insert_static(mirage::Ipv4Address ip, mirage::MacAddress mac);
  void remove(mirage::Ipv4Address ip) { entries_.erase(ip); }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    mirage::MacAddress mac;
    async::TimePoint expires;
  };
  void make_room(async::TimePoint now);

  std::size_t max_entries_;
  async::Duration lifetime_;
  std::unordered_map<mirage::Ipv4Address, Entry> entries_;
};

}  // namespace arp
