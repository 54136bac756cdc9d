#pragma once
// ipv6::Slaac: the addresses of one interface and their lifetimes (RFC 4862), sans-IO. The
// link-local address comes from the MAC (modified EUI-64); global ones from the
// autonomous prefixes of Router Advertisements, with valid and preferred lifetimes and
// the two-hour rule against forged short lifetimes; static ones from the configuration.
// Every address starts tentative: Duplicate Address Detection sends solicitations for it
// (from ::, to its solicited-node group; tick() says when) and an answer or another
// node's DAD for it (duplicate()) removes it.
#include <ipv6/address.hpp>
#include <ipv6/ndp.hpp>

#include <async/time.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace ipv6 {

using namespace std::chrono_literals;

enum class AddressState : std::uint8_t { Tentative, Preferred, Deprecated };

struct SlaacConfig {
  unsigned dad_transmits = 1;          // DupAddrDetectTransmits; 0: no DAD
  async::Duration retrans_timer = 1s;  // between DAD solicitations, and after the last
  std::size_t max_addresses = 16;      // autoconfigured ones; more prefixes are ignored
};

struct InterfaceAddress {
  Ipv6Address address;
  std::uint8_t prefix_length = 64;
  AddressState state = AddressState::Tentative;
  async::TimePoint preferred_until = async::TimePoint::max();
  async::TimePoint valid_until = async::TimePoint::max();
  unsigned dad_sent = 0;
  async::TimePoint next_dad{};  // the next DAD solicitation, or the end of DAD
  bool autoconfigured = false;  // from a prefix (its lifetimes are the RA's)
};

class Slaac {
 public:
  explicit Slaac(MacAddress mac, SlaacConfig config = {}) : mac_(mac), config_(config) {}

  // Adds the link-local address (tentative): call once the interface is up.
  void start(async::TimePoint now) { add(link_local(mac_), 64, now); }
  // Adds a configured address (tentative, for good). Adding one we have does nothing.
  void add(Ipv6Address address, std::uint8_t prefix_length, async::TimePoint now);
  // A Prefix Information option from a Router Advertisement received at `now` (§5.5.3).
  void on_prefix(const ndp::PrefixInformation& p, async::TimePoint now);
  // Another node has `address` (it answered our DAD or does DAD for it itself): removes
  // it if it is ours and tentative; returns whether it was.
  bool duplicate(Ipv6Address address);

  // Runs the timers due at `now`: appends the addresses to send a DAD solicitation for
  // to `dad`, ends DAD (Preferred), deprecates and removes addresses as their lifetimes end.
  void tick(async::TimePoint now, std::vector<Ipv6Address>& dad);
  // When tick() next has work, if ever.
  std::optional<async::TimePoint> next_deadline() const;

  // Whether `a` is ours and past DAD (we accept datagrams for it and send from it).
  bool assigned(Ipv6Address a) const;
  // Whether `a` is ours and still tentative.
  bool tentative(Ipv6Address a) const;
  // Every address we have, tentative or not.
  const std::vector<InterfaceAddress>& addresses() const { return addresses_; }
  // The source for a datagram to `destination` (RFC 6724 §5, simplified): the destination
  // itself if ours; then an address of matching scope (link-local for link-local and
  // link-scope multicast destinations, global otherwise); preferred before deprecated;
  // then the longest common prefix. nullopt when no address is assigned.
  std::optional<Ipv6Address> source_for(Ipv6Address destination) const;
  MacAddress mac() const { return mac_; }

 private:
  InterfaceAddress* find(Ipv6Address a);

  MacAddress mac_;
  SlaacConfig config_;
  std::vector<InterfaceAddress> addresses_;
};

}  // namespace ipv6
