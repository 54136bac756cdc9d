#include <ipaddr/ipaddr.hpp>

#include <charconv>

namespace ipaddr {
namespace {

using ParseResult = std::expected<void, AddressParseError>;

std::unexpected<AddressParseError> fail(std::string_view reason, std::size_t offset) {
  return std::unexpected(AddressParseError{reason, offset});
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr char kHex[] = "0123456789abcdef";

// Parses dotted decimal starting at text[base...]; `base` only shifts error offsets.
std::expected<Ipv4Address, AddressParseError> parse_v4(std::string_view text, std::size_t base) {
  std::uint32_t value = 0;
  std::size_t pos = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (pos >= text.size() || text[pos] != '.') return fail("expected '.'", base + pos);
      ++pos;
    }
    std::size_t start = pos;
    unsigned octet = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 4) {
      octet = octet * 10 + unsigned(text[pos] - '0');
      ++pos;
    }
    if (pos == start) return fail("expected a decimal octet", base + pos);
    if (pos - start > 1 && text[start] == '0') return fail("leading zero in octet", base + start);
    if (octet > 255) return fail("octet greater than 255", base + start);
    value = value << 8 | octet;
  }
  if (pos != text.size()) return fail("trailing characters", base + pos);
  return Ipv4Address{value};
}

std::string decimal(unsigned v) {
  char buf[8];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace

std::string AddressParseError::describe() const {
  return std::string(reason) + " at offset " + decimal(unsigned(offset));
}

std::expected<MacAddress, AddressParseError> MacAddress::parse(std::string_view text) {
  if (text.size() != 17) return fail("a MAC address has 17 characters", text.size());
  MacAddress mac;
  for (std::size_t i = 0; i < 6; ++i) {
    std::size_t at = i * 3;
    int hi = hex_value(text[at]);
    int lo = hex_value(text[at + 1]);
    if (hi < 0 || lo < 0) return fail("expected two hex digits", at);
    if (i < 5 && text[at + 2] != ':' && text[at + 2] != '-')
      return fail("expected ':' or '-'", at + 2);
    if (i > 0 && text[at - 1] != text[2]) return fail("mixed separators", at - 1);
    mac.bytes[i] = std::uint8_t(hi << 4 | lo);
  }
  return mac;
}

std::string MacAddress::to_string() const {
  std::string out;
  out.reserve(17);
  for (std::size_t i = 0; i < 6; ++i) {
    if (i) out += ':';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

std::expected<Ipv4Address, AddressParseError> Ipv4Address::parse(std::string_view text) {
  return parse_v4(text, 0);
}

std::string Ipv4Address::to_string() const {
  auto b = to_bytes();
  return decimal(b[0]) + '.' + decimal(b[1]) + '.' + decimal(b[2]) + '.' + decimal(b[3]);
}

std::expected<Ipv4Prefix, AddressParseError> Ipv4Prefix::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return fail("expected '/' and a prefix length", text.size());
  auto address = parse_v4(text.substr(0, slash), 0);
  if (!address) return std::unexpected(address.error());
  auto len_text = text.substr(slash + 1);
  unsigned len = 0;
  auto [ptr, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), len);
  if (ec != std::errc{} || ptr != len_text.data() + len_text.size() || len_text.empty() ||
      (len_text.size() > 1 && len_text[0] == '0'))
    return fail("expected a prefix length", slash + 1);
  if (len > 32) return fail("prefix length greater than 32", slash + 1);
  Ipv4Prefix prefix{*address, std::uint8_t(len)};
  if ((address->value & ~prefix.mask()) != 0) return fail("host bits set in a prefix", 0);
  return prefix;
}

std::string Ipv4Prefix::to_string() const { return network.to_string() + '/' + decimal(length); }

std::expected<Ipv6Address, AddressParseError> Ipv6Address::parse(std::string_view text) {
  std::array<std::uint16_t, 8> groups{};
  int count = 0;       // groups written so far
  int gap = -1;        // index in `groups` where "::" stands
  std::size_t pos = 0;
  if (text.starts_with("::")) {
    gap = 0;
    pos = 2;
    if (pos == text.size()) return Ipv6Address{};
  } else if (text.starts_with(":")) {
    return fail("a single leading ':'", 0);
  }
  while (pos < text.size()) {
    if (count == 8) return fail("more than eight groups", pos);
    std::size_t start = pos;
    unsigned v = 0;
    while (pos < text.size() && hex_value(text[pos]) >= 0 && pos - start < 5) {
      v = v << 4 | unsigned(hex_value(text[pos]));
      ++pos;
    }
    if (pos < text.size() && text[pos] == '.') {
      // A dotted IPv4 tail takes the last two groups.
      if (count > 6) return fail("IPv4 tail after seven groups", start);
      auto v4 = parse_v4(text.substr(start), start);
      if (!v4) return std::unexpected(v4.error());
      groups[count++] = std::uint16_t(v4->value >> 16);
      groups[count++] = std::uint16_t(v4->value);
      pos = text.size();
      break;
    }
    if (pos == start) return fail("expected a hex group", pos);
    if (pos - start > 4) return fail("a group has more than four hex digits", start);
    groups[count++] = std::uint16_t(v);
    if (pos == text.size()) break;
    if (text[pos] != ':') return fail("unexpected character", pos);
    ++pos;
    if (pos < text.size() && text[pos] == ':') {
      if (gap >= 0) return fail("a second '::'", pos - 1);
      gap = count;
      ++pos;
    } else if (pos == text.size()) {
      return fail("trailing ':'", pos - 1);
    }
  }
  if (gap < 0 && count != 8) return fail("fewer than eight groups and no '::'", text.size());
  if (gap >= 0 && count == 8) return fail("'::' stands for no group", text.size());
  Ipv6Address out;
  std::array<std::uint16_t, 8> full{};
  if (gap < 0) {
    full = groups;
  } else {
    int tail = count - gap;
    for (int i = 0; i < gap; ++i) full[i] = groups[i];
    for (int i = 0; i < tail; ++i) full[8 - tail + i] = groups[gap + i];
  }
  for (int i = 0; i < 8; ++i) {
    out.bytes[2 * i] = std::uint8_t(full[i] >> 8);
    out.bytes[2 * i + 1] = std::uint8_t(full[i]);
  }
  return out;
}

Ipv6Address Ipv6Address::v4_mapped(Ipv4Address v4) {
  Ipv6Address a;
  a.bytes[10] = a.bytes[11] = 0xff;
  auto b = v4.to_bytes();
  for (int i = 0; i < 4; ++i) a.bytes[12 + i] = b[i];
  return a;
}

bool Ipv6Address::is_v4_mapped() const {
  for (int i = 0; i < 10; ++i)
    if (bytes[i] != 0) return false;
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

std::string Ipv6Address::to_string() const {
  if (is_v4_mapped()) {
    return "::ffff:" + Ipv4Address::of_octets(bytes[12], bytes[13], bytes[14], bytes[15]).to_string();
  }
  // The longest run of two or more zero groups, the first when tied.
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    if (group(i) != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && group(j) == 0) ++j;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::uint16_t g = group(i);
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      unsigned nibble = (g >> shift) & 15;
      if (nibble || started || shift == 0) {
        out += kHex[nibble];
        started = true;
      }
    }
  }
  return out;
}

std::expected<IpAddress, AddressParseError> IpAddress::parse(std::string_view text) {
  if (text.find(':') == std::string_view::npos) {
    auto v4 = Ipv4Address::parse(text);
    if (!v4) return std::unexpected(v4.error());
    return IpAddress(*v4);
  }
  auto v6 = Ipv6Address::parse(text);
  if (!v6) return std::unexpected(v6.error());
  return IpAddress(*v6);
}

std::string IpAddress::to_string() const {
  if (auto a = v4()) return a->to_string();
  return v6()->to_string();
}

std::string Endpoint::to_string() const {
  if (address.is_v6()) return '[' + address.to_string() + "]:" + decimal(port);
  return address.to_string() + ':' + decimal(port);
}

}  // namespace ipaddr
