#include <dhcp_wire/message.hpp>

#include <algorithm>
#include <cstruct/endian.hpp>
#include <map>

namespace dhcp_wire {
namespace {

using cstruct::load_be16;
using cstruct::load_be32;

constexpr std::uint32_t magic = 0x63825363;
constexpr std::size_t sname_offset = 44, sname_size = 64, file_offset = 108, file_size = 128;

namespace code {
constexpr std::uint8_t pad = 0, subnet_mask = 1, router = 3, dns = 6, hostname = 12,
                       domain_name = 15, broadcast = 28, requested_address = 50, lease_time = 51,
                       overload = 52, message_type = 53, server_identifier = 54,
                       parameter_requests = 55, message = 56, max_message_size = 57,
                       renewal_time = 58, rebinding_time = 59, client_id = 61, end = 255;
}

// Reads the options of one field into `out` (code -> the concatenation of its instances,
// in order of first appearance kept in `order`). False when a length runs past the field.
// `needs_end`: the main options field must end with END; the overloaded fields may be
// padded instead.
bool read_options(std::span<const std::uint8_t> field, std::map<std::uint8_t, std::vector<std::uint8_t>>& out,
                  std::vector<std::uint8_t>& order, bool needs_end) {
  std::size_t i = 0;
  while (i < field.size()) {
    const std::uint8_t c = field[i];
    if (c == code::pad) {
      ++i;
      continue;
    }
    if (c == code::end) return true;
    if (i + 1 >= field.size()) return false;
    const std::size_t len = field[i + 1];
    if (i + 2 + len > field.size()) return false;
    auto [it, fresh] = out.try_emplace(c);
    if (fresh) order.push_back(c);
    it->second.insert(it->second.end(), field.begin() + std::ptrdiff_t(i + 2),
                      field.begin() + std::ptrdiff_t(i + 2 + len));
    i += 2 + len;
  }
  return !needs_end;
}

std::string c_string(std::span<const std::uint8_t> field) {
  const auto end = std::find(field.begin(), field.end(), std::uint8_t{0});
  return std::string(field.begin(), end);
}

std::optional<Ipv4Address> address(const std::vector<std::uint8_t>& v, bool& ok) {
  if (v.size() != 4) {
    ok = false;
    return std::nullopt;
  }
  return Ipv4Address{load_be32(v, 0)};
}

std::vector<Ipv4Address> addresses(const std::vector<std::uint8_t>& v, bool& ok) {
  std::vector<Ipv4Address> out;
  if (v.empty() || v.size() % 4 != 0) {
    ok = false;
    return out;
  }
  for (std::size_t i = 0; i < v.size(); i += 4) out.push_back(Ipv4Address{load_be32(v, i)});
  return out;
}

std::optional<std::uint32_t> u32(const std::vector<std::uint8_t>& v, bool& ok) {
  if (v.size() != 4) {
    ok = false;
    return std::nullopt;
  }
  return load_be32(v, 0);
}

// Writes option `c` with `data`, split into pieces of at most 255 bytes (RFC 3396).
void put(std::vector<std::uint8_t>& out, std::uint8_t c, std::span<const std::uint8_t> data) {
  std::size_t at = 0;
  do {
    const std::size_t n = std::min<std::size_t>(255, data.size() - at);
    out.push_back(c);
    out.push_back(std::uint8_t(n));
    out.insert(out.end(), data.begin() + std::ptrdiff_t(at), data.begin() + std::ptrdiff_t(at + n));
    at += n;
  } while (at < data.size());
}
void put_u32(std::vector<std::uint8_t>& out, std::uint8_t c, std::uint32_t v) {
  std::uint8_t b[4];
  cstruct::store_be32(b, 0, v);
  put(out, c, b);
}
void put_addresses(std::vector<std::uint8_t>& out, std::uint8_t c,
                   std::span<const Ipv4Address> as) {
  std::vector<std::uint8_t> b;
  for (auto a : as)
    for (int s = 24; s >= 0; s -= 8) b.push_back(std::uint8_t(a.value >> s));
  put(out, c, b);
}
void put_string(std::vector<std::uint8_t>& out, std::uint8_t c, std::string_view s) {
  put(out, c, {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

}  // namespace

std::string_view to_string(MessageType t) {
  switch (t) {
    case MessageType::Discover: return "DHCPDISCOVER";
    case MessageType::Offer: return "DHCPOFFER";
    case MessageType::Request: return "DHCPREQUEST";
    case MessageType::Decline: return "DHCPDECLINE";
    case MessageType::Ack: return "DHCPACK";
    case MessageType::Nak: return "DHCPNAK";
    case MessageType::Release: return "DHCPRELEASE";
    case MessageType::Inform: return "DHCPINFORM";
  }
  return "DHCP?";
}

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::Truncated: return "truncated DHCP message";
    case ParseError::BadOp: return "DHCP op is neither request nor reply";
    case ParseError::BadHardware: return "DHCP hardware type is not Ethernet";
    case ParseError::BadCookie: return "no DHCP magic cookie";
    case ParseError::BadOption: return "malformed DHCP option";
    case ParseError::BadValue: return "impossible DHCP option value";
  }
  return "unknown DHCP parse error";
}

std::expected<Message, ParseError> parse(std::span<const std::uint8_t> b) {
  if (b.size() < fixed_size + 4) return std::unexpected(ParseError::Truncated);
  Message m;
  if (b[0] != 1 && b[0] != 2) return std::unexpected(ParseError::BadOp);
  m.op = Op(b[0]);
  if (b[1] != 1 || b[2] != 6) return std::unexpected(ParseError::BadHardware);
  m.hops = b[3];
  m.xid = load_be32(b, 4);
  m.secs = load_be16(b, 8);
  m.broadcast = (load_be16(b, 10) & 0x8000) != 0;
  m.ciaddr = Ipv4Address{load_be32(b, 12)};
  m.yiaddr = Ipv4Address{load_be32(b, 16)};
  m.siaddr = Ipv4Address{load_be32(b, 20)};
  m.giaddr = Ipv4Address{load_be32(b, 24)};
  std::copy_n(b.begin() + 28, 6, m.chaddr.bytes.begin());
  if (load_be32(b, fixed_size) != magic) return std::unexpected(ParseError::BadCookie);

  std::map<std::uint8_t, std::vector<std::uint8_t>> raw;
  std::vector<std::uint8_t> order;
  if (!read_options(b.subspan(fixed_size + 4), raw, order, true))
    return std::unexpected(ParseError::BadOption);
  std::uint8_t overload = 0;
  if (auto it = raw.find(code::overload); it != raw.end()) {
    if (it->second.size() != 1 || it->second[0] < 1 || it->second[0] > 3)
      return std::unexpected(ParseError::BadValue);
    overload = it->second[0];
    raw.erase(it);
    std::erase(order, code::overload);
  }
  // RFC 2131 §4.1: options, then `file` (overload 1 or 3), then `sname` (2 or 3).
  if ((overload & 1) && !read_options(b.subspan(file_offset, file_size), raw, order, false))
    return std::unexpected(ParseError::BadOption);
  if ((overload & 2) && !read_options(b.subspan(sname_offset, sname_size), raw, order, false))
    return std::unexpected(ParseError::BadOption);
  if (raw.contains(code::overload))  // only the options field may say that (RFC 2131 §4.1)
    return std::unexpected(ParseError::BadValue);
  if (!(overload & 2)) m.sname = c_string(b.subspan(sname_offset, sname_size));
  if (!(overload & 1)) m.file = c_string(b.subspan(file_offset, file_size));

  bool ok = true;
  Options& o = m.options;
  for (std::uint8_t c : order) {
    const std::vector<std::uint8_t>& v = raw[c];
    switch (c) {
      case code::message_type:
        if (v.size() != 1 || v[0] < 1 || v[0] > 8) ok = false;
        else o.message_type = MessageType(v[0]);
        break;
      case code::subnet_mask: o.subnet_mask = address(v, ok); break;
      case code::router: o.routers = addresses(v, ok); break;
      case code::dns: o.dns_servers = addresses(v, ok); break;
      case code::hostname: o.hostname = std::string(v.begin(), v.end()); break;
      case code::domain_name: o.domain_name = std::string(v.begin(), v.end()); break;
      case code::broadcast: o.broadcast = address(v, ok); break;
      case code::requested_address: o.requested_address = address(v, ok); break;
      case code::lease_time: o.lease_time = u32(v, ok); break;
      case code::server_identifier: o.server_identifier = address(v, ok); break;
      case code::parameter_requests: o.parameter_requests = v; break;
      case code::message: o.message = std::string(v.begin(), v.end()); break;
      case code::max_message_size:
        if (v.size() != 2 || load_be16(v, 0) < 576) ok = false;
        else o.max_message_size = load_be16(v, 0);
        break;
      case code::renewal_time: o.renewal_time = u32(v, ok); break;
      case code::rebinding_time: o.rebinding_time = u32(v, ok); break;
      case code::client_id:
        if (v.size() < 2) ok = false;
        else o.client_id = v;
        break;
      default:
        o.others.push_back({c, v});
        break;
    }
    if (!ok) return std::unexpected(ParseError::BadValue);
  }
  return m;
}

std::vector<std::uint8_t> encode(const Message& m) {
  std::vector<std::uint8_t> out(fixed_size + 4, 0);
  out[0] = std::uint8_t(m.op);
  out[1] = 1;
  out[2] = 6;
  out[3] = m.hops;
  cstruct::store_be32(out, 4, m.xid);
  cstruct::store_be16(out, 8, m.secs);
  cstruct::store_be16(out, 10, m.broadcast ? 0x8000 : 0);
  cstruct::store_be32(out, 12, m.ciaddr.value);
  cstruct::store_be32(out, 16, m.yiaddr.value);
  cstruct::store_be32(out, 20, m.siaddr.value);
  cstruct::store_be32(out, 24, m.giaddr.value);
  std::copy(m.chaddr.bytes.begin(), m.chaddr.bytes.end(), out.begin() + 28);
  std::copy_n(m.sname.begin(), std::min(m.sname.size(), sname_size - 1), out.begin() + sname_offset);
  std::copy_n(m.file.begin(), std::min(m.file.size(), file_size - 1), out.begin() + file_offset);
  cstruct::store_be32(out, fixed_size, magic);
  const Options& o = m.options;
  if (o.message_type) {
    const std::uint8_t t = std::uint8_t(*o.message_type);
    put(out, code::message_type, {&t, 1});
  }
  if (o.client_id) put(out, code::client_id, *o.client_id);
  if (o.server_identifier) put_addresses(out, code::server_identifier, {&*o.server_identifier, 1});
  if (o.requested_address) put_addresses(out, code::requested_address, {&*o.requested_address, 1});
  if (o.lease_time) put_u32(out, code::lease_time, *o.lease_time);
  if (o.renewal_time) put_u32(out, code::renewal_time, *o.renewal_time);
  if (o.rebinding_time) put_u32(out, code::rebinding_time, *o.rebinding_time);
  if (o.subnet_mask) put_addresses(out, code::subnet_mask, {&*o.subnet_mask, 1});
  if (o.broadcast) put_addresses(out, code::broadcast, {&*o.broadcast, 1});
  if (!o.routers.empty()) put_addresses(out, code::router, o.routers);
  if (!o.dns_servers.empty()) put_addresses(out, code::dns, o.dns_servers);
  if (o.hostname) put_string(out, code::hostname, *o.hostname);
  if (o.domain_name) put_string(out, code::domain_name, *o.domain_name);
  if (!o.parameter_requests.empty()) put(out, code::parameter_requests, o.parameter_requests);
  if (o.max_message_size) {
    const std::uint8_t s[2] = {std::uint8_t(*o.max_message_size >> 8), std::uint8_t(*o.max_message_size)};
    put(out, code::max_message_size, s);
  }
  if (o.message) put_string(out, code::message, *o.message);
  for (const RawOption& r : o.others) put(out, r.code, r.data);
  out.push_back(code::end);
  if (out.size() < min_size) out.resize(min_size, 0);
  return out;
}

Message discover(MacAddress mac, std::uint32_t xid, std::string_view hostname) {
  Message m;
  m.op = Op::Request;
  m.xid = xid;
  m.broadcast = true;  // we cannot take unicast before we have the address
  m.chaddr = mac;
  m.options.message_type = MessageType::Discover;
  std::vector<std::uint8_t> id{1};
  id.insert(id.end(), mac.bytes.begin(), mac.bytes.end());
  m.options.client_id = id;
  m.options.parameter_requests = {code::subnet_mask, code::router, code::dns,
                                  code::domain_name, code::broadcast, code::lease_time,
                                  code::renewal_time, code::rebinding_time};
  m.options.max_message_size = 1500;
  if (!hostname.empty()) m.options.hostname = std::string(hostname);
  return m;
}

Message request(const Message& offer, MacAddress mac, std::string_view hostname) {
  Message m = discover(mac, offer.xid, hostname);
  m.options.message_type = MessageType::Request;
  m.options.server_identifier = offer.options.server_identifier;
  m.options.requested_address = offer.yiaddr;
  return m;
}

}  // namespace dhcp_wire
