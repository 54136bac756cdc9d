#include <ipv6/slaac.hpp>

#include <algorithm>
#include <bit>
#include <tuple>

namespace ipv6 {
namespace {

constexpr async::Duration two_hours = 2h;

async::TimePoint until(async::TimePoint now, std::uint32_t seconds) {
  if (seconds == ndp::infinite) return async::TimePoint::max();
  return now + std::chrono::seconds(seconds);
}

std::size_t common_prefix(const Ipv6Address& a, const Ipv6Address& b) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    const auto x = std::uint8_t(a.bytes[i] ^ b.bytes[i]);
    if (x != 0) return n + std::size_t(std::countl_zero(x));
    n += 8;
  }
  return n;
}

}  // namespace

InterfaceAddress* Slaac::find(Ipv6Address a) {
  auto it = std::ranges::find(addresses_, a, &InterfaceAddress::address);
  return it == addresses_.end() ? nullptr : &*it;
}

void Slaac::add(Ipv6Address address, std::uint8_t prefix_length, async::TimePoint now) {
  if (find(address) != nullptr) return;
  InterfaceAddress a{.address = address, .prefix_length = prefix_length, .next_dad = now};
  if (config_.dad_transmits == 0) a.state = AddressState::Preferred;
  addresses_.push_back(a);
}

void Slaac::on_prefix(const ndp::PrefixInformation& p, async::TimePoint now) {
  if (!p.autonomous || p.prefix.network.is_link_local() || p.prefix.network.is_multicast()) return;
  if (p.preferred_lifetime > p.valid_lifetime) return;
  const Ipv6Address address = with_interface_id(p.prefix.network, interface_id(mac_));
  InterfaceAddress* a = find(address);
  if (a == nullptr) {
    if (p.valid_lifetime == 0 || p.prefix.length != 64) return;
    if (std::ranges::count(addresses_, true, &InterfaceAddress::autoconfigured) >=
        std::ptrdiff_t(config_.max_addresses))
      return;
    add(address, 64, now);
    a = &addresses_.back();
    a->autoconfigured = true;
    a->preferred_until = until(now, p.preferred_lifetime);
    a->valid_until = until(now, p.valid_lifetime);
    return;
  }
  if (!a->autoconfigured) return;
  a->preferred_until = until(now, p.preferred_lifetime);
  if (a->state == AddressState::Deprecated && a->preferred_until > now)
    a->state = AddressState::Preferred;
  // The two-hour rule (§5.5.3 e): a short valid lifetime only shortens what remains down
  // to two hours, so that a forged advertisement cannot take an address away at once.
  const async::TimePoint received = until(now, p.valid_lifetime);
  const async::TimePoint remaining = a->valid_until;
  if (received > now + two_hours || received > remaining)
    a->valid_until = received;
  else if (remaining > now + two_hours)
    a->valid_until = now + two_hours;
}

bool Slaac::duplicate(Ipv6Address address) {
  auto it = std::ranges::find(addresses_, address, &InterfaceAddress::address);
  if (it == addresses_.end() || it->state != AddressState::Tentative) return false;
  addresses_.erase(it);
  return true;
}

void Slaac::tick(async::TimePoint now, std::vector<Ipv6Address>& dad) {
  std::erase_if(addresses_, [now](const InterfaceAddress& a) { return a.valid_until <= now; });
  for (InterfaceAddress& a : addresses_) {
    if (a.state == AddressState::Tentative && a.next_dad <= now) {
      if (a.dad_sent < config_.dad_transmits) {
        ++a.dad_sent;
        a.next_dad = now + config_.retrans_timer;
        dad.push_back(a.address);
      } else {
        a.state = AddressState::Preferred;
      }
    }
    if (a.state == AddressState::Preferred && a.preferred_until <= now)
      a.state = AddressState::Deprecated;
  }
}

std::optional<async::TimePoint> Slaac::next_deadline() const {
  std::optional<async::TimePoint> next;
  auto consider = [&next](async::TimePoint t) {
    if (t != async::TimePoint::max() && (!next || t < *next)) next = t;
  };
  for (const InterfaceAddress& a : addresses_) {
    if (a.state == AddressState::Tentative) consider(a.next_dad);
    if (a.state == AddressState::Preferred) consider(a.preferred_until);
    consider(a.valid_until);
  }
  return next;
}

bool Slaac::assigned(Ipv6Address a) const {
  auto it = std::ranges::find(addresses_, a, &InterfaceAddress::address);
  return it != addresses_.end() && it->state != AddressState::Tentative;
}

bool Slaac::tentative(Ipv6Address a) const {
  auto it = std::ranges::find(addresses_, a, &InterfaceAddress::address);
  return it != addresses_.end() && it->state == AddressState::Tentative;
}

std::optional<Ipv6Address> Slaac::source_for(Ipv6Address destination) const {
  const bool link_scope = destination.is_link_local() ||
                          (destination.is_multicast() && multicast_scope(destination) <= 2);
  const InterfaceAddress* best = nullptr;
  auto score = [&](const InterfaceAddress& a) {
    return std::tuple{a.address == destination, a.address.is_link_local() == link_scope,
                      a.state == AddressState::Preferred, common_prefix(a.address, destination)};
  };
  for (const InterfaceAddress& a : addresses_) {
    if (a.state == AddressState::Tentative) continue;
    if (best == nullptr || score(a) > score(*best)) best = &a;
  }
  if (best == nullptr) return std::nullopt;
  return best->address;
}

}  // namespace ipv6
