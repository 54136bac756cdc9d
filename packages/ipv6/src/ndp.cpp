#include <ipv6/ndp.hpp>

#include <cstruct/reader.hpp>
#include <cstruct/writer.hpp>
#include <type_traits>

namespace ipv6::ndp {
namespace {

enum OptionType : std::uint8_t {
  source_link = 1,
  target_link = 2,
  prefix_information = 3,
  mtu_option = 5,
};

std::unexpected<ParseError> fail(ParseError e) {
  return std::unexpected(e);
}

Ipv6Address read_address(cstruct::Reader& r) {
  Ipv6Address a;
  auto bytes = r.bytes(16);  // callers check the length first
  for (std::size_t i = 0; i < 16; ++i) a.bytes[i] = (*bytes)[i];
  return a;
}

std::expected<Options, ParseError> parse_options(cstruct::Reader r) {
  Options o;
  while (!r.empty()) {
    if (r.remaining() < 2) return fail(ParseError::BadOption);
    const std::uint8_t type = *r.u8();
    const std::size_t units = *r.u8();
    if (units == 0 || r.remaining() < units * 8 - 2) return fail(ParseError::BadOption);
    cstruct::Reader body = *r.sub(units * 8 - 2);
    switch (type) {
      case source_link:
      case target_link: {
        if (units != 1) return fail(ParseError::BadOption);
        MacAddress mac;
        for (auto& b : mac.bytes) b = *body.u8();
        (type == source_link ? o.source_link_address : o.target_link_address) = mac;
        break;
      }
      case prefix_information: {
        if (units != 4) return fail(ParseError::BadOption);
        const std::uint8_t length = *body.u8();
        const std::uint8_t flags = *body.u8();
        PrefixInformation p;
        p.on_link = flags & 0x80;
        p.autonomous = flags & 0x40;
        p.valid_lifetime = *body.u32_be();
        p.preferred_lifetime = *body.u32_be();
        (void)body.skip(4);
        const Ipv6Address network = read_address(body);
        if (length > 128) return fail(ParseError::BadOption);
        p.prefix = Prefix::of(network, length);
        o.prefixes.push_back(p);
        break;
      }
      case mtu_option:
        if (units != 1) return fail(ParseError::BadOption);
        (void)body.skip(2);
        o.mtu = *body.u32_be();
        break;
      default:
        break;  // RFC 4861 §4.6: unknown options are ignored
    }
  }
  return o;
}

void write_link_option(cstruct::Writer& w, std::uint8_t type,
                       const std::optional<MacAddress>& mac) {
  if (!mac) return;
  w.u8(type);
  w.u8(1);
  w.bytes(mac->bytes);
}

void write_options(cstruct::Writer& w, const Options& o) {
  write_link_option(w, source_link, o.source_link_address);
  write_link_option(w, target_link, o.target_link_address);
  for (const PrefixInformation& p : o.prefixes) {
    w.u8(prefix_information);
    w.u8(4);
    w.u8(p.prefix.length);
    w.u8(std::uint8_t((p.on_link ? 0x80 : 0) | (p.autonomous ? 0x40 : 0)));
    w.u32_be(p.valid_lifetime);
    w.u32_be(p.preferred_lifetime);
    w.u32_be(0);
    w.bytes(p.prefix.network.bytes);
  }
  if (o.mtu) {
    w.u8(mtu_option);
    w.u8(1);
    w.u16_be(0);
    w.u32_be(*o.mtu);
  }
}

}  // namespace

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::NotNdp:
      return "not a Neighbor Discovery message";
    case ParseError::BadHopLimit:
      return "hop limit is not 255";
    case ParseError::BadCode:
      return "ICMPv6 code is not 0";
    case ParseError::Truncated:
      return "truncated Neighbor Discovery message";
    case ParseError::BadOption:
      return "malformed Neighbor Discovery option";
    case ParseError::BadSource:
      return "source is not link-local";
    case ParseError::MulticastTarget:
      return "target is a multicast address";
    case ParseError::BadDestination:
      return "destination not allowed for this message";
    case ParseError::UnexpectedOption:
      return "link-layer address option from the unspecified address";
    case ParseError::SolicitedMulticast:
      return "solicited advertisement to a multicast group";
  }
  return "unknown Neighbor Discovery parse error";
}

std::expected<Message, ParseError> parse(const icmp::Message& m, const Header& ip) {
  using icmp::Type;
  if (m.type < Type::RouterSolicitation || m.type > Type::Redirect) return fail(ParseError::NotNdp);
  if (ip.hop_limit != 255) return fail(ParseError::BadHopLimit);
  if (m.code != 0) return fail(ParseError::BadCode);
  static constexpr std::size_t fixed[] = {0, 8, 16, 16, 32};  // after the 8-byte header
  const std::size_t kind = std::size_t(m.type) - std::size_t(Type::RouterSolicitation);
  if (m.data.size() < fixed[kind]) return fail(ParseError::Truncated);
  cstruct::Reader r(m.data);
  const bool from_unspecified = ip.source.is_unspecified();
  switch (m.type) {
    case Type::RouterSolicitation: {
      auto o = parse_options(r);
      if (!o) return fail(o.error());
      if (from_unspecified && o->source_link_address) return fail(ParseError::UnexpectedOption);
      return RouterSolicitation{std::move(*o)};
    }
    case Type::RouterAdvertisement: {
      if (!ip.source.is_link_local()) return fail(ParseError::BadSource);
      RouterAdvertisement ra;
      ra.hop_limit = std::uint8_t(m.rest >> 24);
      ra.managed = (m.rest >> 16) & 0x80;
      ra.other = (m.rest >> 16) & 0x40;
      ra.router_lifetime = std::uint16_t(m.rest);
      ra.reachable_time = *r.u32_be();
      ra.retrans_timer = *r.u32_be();
      auto o = parse_options(r);
      if (!o) return fail(o.error());
      ra.options = std::move(*o);
      return ra;
    }
    case Type::NeighbourSolicitation: {
      NeighbourSolicitation ns{read_address(r), {}};
      if (ns.target.is_multicast()) return fail(ParseError::MulticastTarget);
      auto o = parse_options(r);
      if (!o) return fail(o.error());
      if (from_unspecified) {
        if (!is_solicited_node(ip.destination)) return fail(ParseError::BadDestination);
        if (o->source_link_address) return fail(ParseError::UnexpectedOption);
      }
      ns.options = std::move(*o);
      return ns;
    }
    case Type::NeighbourAdvertisement: {
      NeighbourAdvertisement na;
      na.router = m.rest & 0x80000000u;
      na.solicited = m.rest & 0x40000000u;
      na.override = m.rest & 0x20000000u;
      na.target = read_address(r);
      if (na.target.is_multicast()) return fail(ParseError::MulticastTarget);
      if (na.solicited && ip.destination.is_multicast())
        return fail(ParseError::SolicitedMulticast);
      auto o = parse_options(r);
      if (!o) return fail(o.error());
      na.options = std::move(*o);
      return na;
    }
    default: {  // Redirect
      if (!ip.source.is_link_local()) return fail(ParseError::BadSource);
      Redirect rd;
      rd.target = read_address(r);
      rd.destination = read_address(r);
      if (rd.destination.is_multicast()) return fail(ParseError::BadDestination);
      if (!rd.target.is_link_local() && rd.target != rd.destination)
        return fail(ParseError::BadDestination);
      auto o = parse_options(r);
      if (!o) return fail(o.error());
      rd.options = std::move(*o);
      return rd;
    }
  }
}

icmp::Message to_icmp(const Message& m) {
  cstruct::Writer w;
  icmp::Message out;
  std::visit(
      [&](const auto& msg) {
        using T = std::decay_t<decltype(msg)>;
        if constexpr (std::is_same_v<T, RouterSolicitation>) {
          out.type = icmp::Type::RouterSolicitation;
        } else if constexpr (std::is_same_v<T, RouterAdvertisement>) {
          out.type = icmp::Type::RouterAdvertisement;
          out.rest = std::uint32_t(msg.hop_limit) << 24 |
                     std::uint32_t((msg.managed ? 0x80 : 0) | (msg.other ? 0x40 : 0)) << 16 |
                     msg.router_lifetime;
          w.u32_be(msg.reachable_time);
          w.u32_be(msg.retrans_timer);
        } else if constexpr (std::is_same_v<T, NeighbourSolicitation>) {
          out.type = icmp::Type::NeighbourSolicitation;
          w.bytes(msg.target.bytes);
        } else if constexpr (std::is_same_v<T, NeighbourAdvertisement>) {
          out.type = icmp::Type::NeighbourAdvertisement;
          out.rest = (msg.router ? 0x80000000u : 0) | (msg.solicited ? 0x40000000u : 0) |
                     (msg.override ? 0x20000000u : 0);
          w.bytes(msg.target.bytes);
        } else {
          out.type = icmp::Type::Redirect;
          w.bytes(msg.target.bytes);
          w.bytes(msg.destination.bytes);
        }
        write_options(w, msg.options);
      },
      m);
  auto data = w.finish();  // a growable writer cannot fail
  out.data = data ? *data : cstruct::Buffer{};
  return out;
}

cstruct::Buffer encode(const Message& m, Ipv6Address source, Ipv6Address destination) {
  return icmp::encode(to_icmp(m), source, destination);
}

}  // namespace ipv6::ndp
