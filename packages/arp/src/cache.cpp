#include <arp/cache.hpp>

#include <algorithm>
#include <cassert>
#include <iterator>

namespace arp {

Cache::Cache(std::size_t max_entries, async::Duration lifetime)
    : max_entries_(max_entries), lifetime_(lifetime) {
  assert(max_entries > 0);
}

std::optional<mirage::MacAddress> Cache::lookup(mirage::Ipv4Address ip,
                                                async::TimePoint now) const {
  auto it = entries_.find(ip);
  if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.mac;
}

void Cache::insert(mirage::Ipv4Address ip, mirage::MacAddress mac, async::TimePoint now) {
  if (!entries_.contains(ip)) make_room(now);
  entries_[ip] = {mac, now + lifetime_};
}

void Cache::insert_static(mirage::Ipv4Address ip, mirage::MacAddress mac) {
  if (!entries_.contains(ip)) make_room(async::TimePoint::min());
  entries_[ip] = {mac, async::TimePoint::max()};
}

void Cache::make_room(async::TimePoint now) {
  if (entries_.size() < max_entries_) return;
  std::erase_if(entries_, [now](const auto& kv) { return kv.second.expires <= now; });
  if (entries_.size() < max_entries_) return;
  entries_.erase(
      std::ranges::min_element(entries_, {}, [](const auto& kv) { return kv.second.expires; }));
}

}  // namespace arp
