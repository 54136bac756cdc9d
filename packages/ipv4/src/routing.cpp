#include <ipv4/routing.hpp>

#include <algorithm>

namespace ipv4 {

void RoutingTable::add(Route route) {
  remove(route.destination);
  auto at = std::ranges::find_if(
      routes_, [&](const Route& r) { return r.destination.length < route.destination.length; });
  routes_.insert(at, route);
}

bool RoutingTable::remove(mirage::Ipv4Prefix prefix) {
  return std::erase_if(routes_, [&](const Route& r) { return r.destination == prefix; }) != 0;
}

std::optional<mirage::Ipv4Address> RoutingTable::next_hop(mirage::Ipv4Address destination) const {
  for (const Route& r : routes_)
    if (r.destination.contains(destination)) return r.gateway ? *r.gateway : destination;
  return std::nullopt;
}

}  // namespace ipv4
