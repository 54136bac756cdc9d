#pragma once
// ipv6::Routes: where a host sends a datagram, and how large it may be (RFC 4861 §5.2,
// RFC 8201), sans-IO.
#include <ipv6/address.hpp>
#include <ipv6/ndp.hpp>
#include <ipv6/neighbours.hpp>

#include <async/time.hpp>
#include <chrono>
#include <cstddef>
#include <optional>
#include <vector>

namespace ipv6 {

// How many of each the lists keep: past the bound, a new router or prefix is ignored, a
// new redirect or path MTU replaces the oldest.
struct RoutesConfig {
  std::size_t max_routers = 8, max_prefixes = 16, max_redirects = 64, max_path_mtus = 64;
  async::Duration path_mtu_lifetime = std::chrono::minutes(10);  // then the link MTU is tried again
};

// The prefix list (on-link prefixes from Router Advertisements or configured), the default
// router list (from advertisements' router lifetimes, or configured), the destinations
// redirected to a better first hop, and the path MTU learnt per destination from Packet
// Too Big messages. Every list is bounded.
class Routes {
 public:
  struct Router {
    Ipv6Address address;
    async::TimePoint expires;  // TimePoint::max(): configured
  };
  struct OnLink {
    Prefix prefix;
    async::TimePoint expires;
  };
  struct Redirected {
    Ipv6Address destination, target;
  };
  struct PathMtu {
    Ipv6Address destination;
    std::size_t mtu;
    async::TimePoint expires;
  };

  explicit Routes(RoutesConfig config = {}) : config_(config) {}

  // A Router Advertisement's router lifetime from `router` (§6.3.4): 0 removes it.
  void router_advertised(Ipv6Address router, std::uint16_t lifetime_seconds, async::TimePoint now);
  // A Prefix Information option with the on-link flag (§6.3.4): a valid lifetime of 0
  // removes the prefix. Link-local prefixes are ignored.
  void prefix_advertised(const ndp::PrefixInformation& p, async::TimePoint now);
  // Configured, for good.
  void add_router(Ipv6Address router);
  void add_on_link(Prefix prefix);
  // Forgets a router (unreachable, or no longer one): and the redirects through it.
  void remove_router(Ipv6Address router);
  // A Redirect: datagrams to `destination` go to `target` (the destination itself when on-link).
  void redirect(Ipv6Address destination, Ipv6Address target);
  // Drops what has expired at `now`.
  void expire(async::TimePoint now);

  // The first hop for `destination`: itself when on-link (link-local, in an on-link prefix,
  // or redirected to itself), a redirect's target, else a default router, preferring one
  // that `neighbours` does not know to be unreachable (§6.3.6). nullopt: no route.
  std::optional<Ipv6Address> next_hop(Ipv6Address destination, async::TimePoint now,
                                      const NeighbourCache& neighbours) const;
  // Whether `destination` is on-link.
  bool on_link(Ipv6Address destination, async::TimePoint now) const;
  // The router a redirect for `destination` must come from to be believed (§8.1).
  std::optional<Ipv6Address> first_hop_router(Ipv6Address destination, async::TimePoint now,
                                              const NeighbourCache& neighbours) const;

  // A Packet Too Big for `destination` saying `mtu`: never below 1280 (RFC 8201 §4), and
  // only ever lowered until it expires.
  void path_mtu_reported(Ipv6Address destination, std::size_t mtu, async::TimePoint now);
  // The MTU towards `destination`: what was reported, else `link_mtu`.
  std::size_t path_mtu(Ipv6Address destination, std::size_t link_mtu, async::TimePoint now) const;

  const std::vector<Router>& routers() const { return routers_; }
  const std::vector<OnLink>& prefixes() const { return prefixes_; }
  const std::vector<Redirected>& redirects() const { return redirects_; }
  const std::vector<PathMtu>& path_mtus() const { return mtus_; }

 private:
  RoutesConfig config_;
  std::vector<Router> routers_;
  std::vector<OnLink> prefixes_;
  std::vector<Redirected> redirects_;  // oldest first
  std::vector<PathMtu> mtus_;          // oldest first
};

}  // namespace ipv6
