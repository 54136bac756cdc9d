#pragma once
// ipv4::RoutingTable: where a datagram goes next. A route sends a prefix either on-link
// (the next hop is the destination itself) or through a gateway; the longest matching
// prefix wins, so a default route (0.0.0.0/0 via the gateway) catches the rest.
#include <cstddef>
#include <mirage/address.hpp>
#include <optional>
#include <vector>

namespace ipv4 {

struct Route {
  mirage::Ipv4Prefix destination;
  std::optional<mirage::Ipv4Address> gateway;  // none: on-link
  bool operator==(const Route&) const = default;
};

class RoutingTable {
 public:
  // Adds `route`, replacing one for the same prefix.
  void add(Route route);
  // Removes the route for `prefix`; false when there is none.
  bool remove(mirage::Ipv4Prefix prefix);
  // The next hop for `destination`: itself on an on-link route, the gateway otherwise;
  // nullopt when no route matches.
  std::optional<mirage::Ipv4Address> next_hop(mirage::Ipv4Address destination) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;  // longest prefix first
};

}  // namespace ipv4
