#include <ipv6/neighbours.hpp>

#include <algorithm>
#include <cassert>

namespace ipv6 {

std::string_view to_string(NeighbourState s) {
  switch (s) {
    case NeighbourState::Incomplete:
      return "INCOMPLETE";
    case NeighbourState::Reachable:
      return "REACHABLE";
    case NeighbourState::Stale:
      return "STALE";
    case NeighbourState::Delay:
      return "DELAY";
    case NeighbourState::Probe:
      return "PROBE";
  }
  return "?";
}

NeighbourCache::NeighbourCache(NeighbourConfig config) : config_(config) {
  assert(config.max_entries > 0);
}

const NeighbourCache::Entry* NeighbourCache::find(Ipv6Address ip) const {
  auto it = entries_.find(ip);
  return it == entries_.end() ? nullptr : &it->second;
}

void NeighbourCache::enter(Entry& e, NeighbourState s, async::TimePoint now) {
  e.state = s;
  e.updated = now;
  e.solicitations = 0;
  switch (s) {
    case NeighbourState::Reachable:
      e.deadline = now + config_.reachable_time;
      break;
    case NeighbourState::Delay:
      e.deadline = now + config_.delay_first_probe;
      break;
    case NeighbourState::Stale:
      e.deadline = async::TimePoint::max();
      break;
    case NeighbourState::Incomplete:
    case NeighbourState::Probe:
      e.deadline = now;  // the first solicitation is due at once
      break;
  }
}

NeighbourCache::Entry& NeighbourCache::create(Ipv6Address ip, async::TimePoint now) {
  if (entries_.size() >= config_.max_entries) {
    // Evict what is least worth keeping: STALE entries first, resolutions in progress
    // last; the least recently changed among equals.
    auto rank = [](const Entry& e) {
      return e.state == NeighbourState::Stale ? 0 : e.state == NeighbourState::Incomplete ? 2 : 1;
    };
    entries_.erase(std::ranges::min_element(entries_, [&rank](const auto& a, const auto& b) {
      return rank(a.second) != rank(b.second) ? rank(a.second) < rank(b.second)
                                              : a.second.updated < b.second.updated;
    }));
  }
  Entry& e = entries_[ip];
  e = Entry{};
  e.updated = now;
  return e;
}

std::optional<MacAddress> NeighbourCache::resolve(Ipv6Address ip, async::TimePoint now,
                                                  std::vector<Solicitation>& out) {
  auto it = entries_.find(ip);
  if (it != entries_.end() && it->second.state != NeighbourState::Incomplete) {
    if (it->second.state == NeighbourState::Stale) enter(it->second, NeighbourState::Delay, now);
    return it->second.mac;
  }
  if (it == entries_.end()) {
    Entry& e = create(ip, now);
    enter(e, NeighbourState::Incomplete, now);
    e.solicitations = 1;
    e.deadline = now + config_.retrans_timer;
    out.push_back({ip, std::nullopt});
  }
  return std::nullopt;
}

bool NeighbourCache::hold(Ipv6Address ip, cstruct::Buffer packet) {
  auto it = entries_.find(ip);
  if (it == entries_.end() || it->second.state != NeighbourState::Incomplete) return false;
  auto& pending = it->second.pending;
  if (config_.max_pending == 0) return false;
  if (pending.size() >= config_.max_pending) pending.erase(pending.begin());
  pending.push_back(std::move(packet));
  return true;
}

std::optional<Release> NeighbourCache::release(Entry& e) {
  if (e.pending.empty() || !e.mac) return std::nullopt;
  Release r{*e.mac, std::move(e.pending)};
  e.pending.clear();
  return r;
}

std::optional<Release> NeighbourCache::learn(Ipv6Address ip, MacAddress mac, async::TimePoint now,
                                             std::optional<bool> router) {
  auto it = entries_.find(ip);
  const bool fresh = it == entries_.end();
  Entry& e = fresh ? create(ip, now) : it->second;
  if (fresh || e.mac != mac) {
    e.mac = mac;
    enter(e, NeighbourState::Stale, now);
  }
  if (router) e.router = *router;
  return release(e);
}

std::optional<Release> NeighbourCache::advertised(const ndp::NeighbourAdvertisement& na,
                                                  async::TimePoint now) {
  auto it = entries_.find(na.target);
  if (it == entries_.end()) return std::nullopt;
  Entry& e = it->second;
  const auto& lla = na.options.target_link_address;
  if (e.state == NeighbourState::Incomplete) {
    if (!lla) return std::nullopt;
    e.mac = *lla;
    e.router = na.router;
    enter(e, na.solicited ? NeighbourState::Reachable : NeighbourState::Stale, now);
    return release(e);
  }
  const bool different = lla && *lla != e.mac;
  if (!na.override && different) {
    // Keep the address we know, but stop trusting it.
    if (e.state == NeighbourState::Reachable) enter(e, NeighbourState::Stale, now);
    return std::nullopt;
  }
  if (different) e.mac = *lla;
  if (na.solicited)
    enter(e, NeighbourState::Reachable, now);
  else if (different)
    enter(e, NeighbourState::Stale, now);
  e.router = na.router;
  return std::nullopt;
}

void NeighbourCache::confirm(Ipv6Address ip, async::TimePoint now) {
  auto it = entries_.find(ip);
  if (it != entries_.end() && it->second.state != NeighbourState::Incomplete)
    enter(it->second, NeighbourState::Reachable, now);
}

std::vector<Ipv6Address> NeighbourCache::tick(async::TimePoint now,
                                              std::vector<Solicitation>& out) {
  std::vector<Ipv6Address> failed;
  for (auto& [ip, e] : entries_) {
    if (e.deadline > now) continue;
    switch (e.state) {
      case NeighbourState::Reachable:
        enter(e, NeighbourState::Stale, now);
        break;
      case NeighbourState::Delay:
        enter(e, NeighbourState::Probe, now);
        [[fallthrough]];
      case NeighbourState::Probe:
      case NeighbourState::Incomplete: {
        const bool probing = e.state == NeighbourState::Probe;
        if (e.solicitations >=
            (probing ? config_.max_unicast_solicit : config_.max_multicast_solicit)) {
          failed.push_back(ip);
          break;
        }
        ++e.solicitations;
        e.deadline = now + config_.retrans_timer;
        out.push_back({ip, probing ? e.mac : std::nullopt});
        break;
      }
      case NeighbourState::Stale:
        break;
    }
  }
  for (const Ipv6Address& ip : failed) entries_.erase(ip);
  return failed;
}

std::optional<async::TimePoint> NeighbourCache::next_deadline() const {
  std::optional<async::TimePoint> next;
  for (const auto& [ip, e] : entries_)
    if (e.state != NeighbourState::Stale && (!next || e.deadline < *next)) next = e.deadline;
  return next;
}

}  // namespace ipv6
