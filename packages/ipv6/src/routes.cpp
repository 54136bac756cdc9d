#include <ipv6/routes.hpp>

#include <algorithm>

namespace ipv6 {

void Routes::router_advertised(Ipv6Address router, std::uint16_t lifetime, async::TimePoint now) {
  auto it = std::ranges::find(routers_, router, &Router::address);
  if (lifetime == 0) {
    if (it != routers_.end() && it->expires != async::TimePoint::max()) remove_router(router);
    return;
  }
  const async::TimePoint expires = now + std::chrono::seconds(lifetime);
  if (it != routers_.end()) {
    if (it->expires != async::TimePoint::max()) it->expires = expires;
    return;
  }
  if (routers_.size() >= config_.max_routers) return;  // keep the routers we know
  routers_.push_back({router, expires});
}

void Routes::prefix_advertised(const ndp::PrefixInformation& p, async::TimePoint now) {
  if (!p.on_link || p.prefix.network.is_link_local() || p.prefix.network.is_multicast()) return;
  auto it = std::ranges::find(prefixes_, p.prefix, &OnLink::prefix);
  if (p.valid_lifetime == 0) {
    if (it != prefixes_.end() && it->expires != async::TimePoint::max()) prefixes_.erase(it);
    return;
  }
  const async::TimePoint expires = p.valid_lifetime == ndp::infinite
                                       ? async::TimePoint::max()
                                       : now + std::chrono::seconds(p.valid_lifetime);
  if (it != prefixes_.end()) {
    it->expires = expires;
    return;
  }
  if (prefixes_.size() >= config_.max_prefixes) return;
  prefixes_.push_back({p.prefix, expires});
}

void Routes::add_router(Ipv6Address router) {
  std::erase_if(routers_, [&router](const Router& r) { return r.address == router; });
  routers_.push_back({router, async::TimePoint::max()});
}

void Routes::add_on_link(Prefix prefix) {
  std::erase_if(prefixes_, [&prefix](const OnLink& p) { return p.prefix == prefix; });
  prefixes_.push_back({prefix, async::TimePoint::max()});
}

void Routes::remove_router(Ipv6Address router) {
  std::erase_if(routers_, [&router](const Router& r) { return r.address == router; });
  std::erase_if(redirects_, [&router](const Redirected& r) { return r.target == router; });
}

void Routes::redirect(Ipv6Address destination, Ipv6Address target) {
  std::erase_if(redirects_,
                [&destination](const Redirected& r) { return r.destination == destination; });
  if (redirects_.size() >= config_.max_redirects) redirects_.erase(redirects_.begin());
  redirects_.push_back({destination, target});
}

void Routes::expire(async::TimePoint now) {
  std::vector<Ipv6Address> gone;
  for (const Router& r : routers_)
    if (r.expires <= now) gone.push_back(r.address);
  for (const Ipv6Address& r : gone) remove_router(r);
  std::erase_if(prefixes_, [now](const OnLink& p) { return p.expires <= now; });
  std::erase_if(mtus_, [now](const PathMtu& m) { return m.expires <= now; });
}

bool Routes::on_link(Ipv6Address destination, async::TimePoint now) const {
  if (destination.is_link_local() || destination.is_multicast()) return true;
  return std::ranges::any_of(prefixes_, [&](const OnLink& p) {
    return p.expires > now && p.prefix.contains(destination);
  });
}

std::optional<Ipv6Address> Routes::first_hop_router(Ipv6Address destination, async::TimePoint now,
                                                    const NeighbourCache& neighbours) const {
  auto hop = next_hop(destination, now, neighbours);
  if (!hop || *hop == destination) return std::nullopt;
  return hop;
}

std::optional<Ipv6Address> Routes::next_hop(Ipv6Address destination, async::TimePoint now,
                                            const NeighbourCache& neighbours) const {
  auto redirected = std::ranges::find(redirects_, destination, &Redirected::destination);
  if (redirected != redirects_.end()) return redirected->target;
  if (on_link(destination, now)) return destination;
  // A router probably reachable (not being resolved, §6.3.6) first; among those, and
  // failing them, the same one each time until it goes.
  const Router* fallback = nullptr;
  for (const Router& r : routers_) {
    if (r.expires <= now) continue;
    const auto* e = neighbours.find(r.address);
    if (e == nullptr || e->state != NeighbourState::Incomplete) return r.address;
    if (fallback == nullptr) fallback = &r;
  }
  if (fallback == nullptr) return std::nullopt;
  return fallback->address;
}

void Routes::path_mtu_reported(Ipv6Address destination, std::size_t mtu, async::TimePoint now) {
  mtu = std::max(mtu, min_mtu);
  auto it = std::ranges::find(mtus_, destination, &PathMtu::destination);
  if (it != mtus_.end()) {
    if (mtu < it->mtu) *it = {destination, mtu, now + config_.path_mtu_lifetime};
    return;
  }
  if (mtus_.size() >= config_.max_path_mtus) mtus_.erase(mtus_.begin());
  mtus_.push_back({destination, mtu, now + config_.path_mtu_lifetime});
}

std::size_t Routes::path_mtu(Ipv6Address destination, std::size_t link_mtu,
                             async::TimePoint now) const {
  auto it = std::ranges::find(mtus_, destination, &PathMtu::destination);
  if (it == mtus_.end() || it->expires <= now) return link_mtu;
  return std::min(it->mtu, link_mtu);
}

}  // namespace ipv6
