// RFC 6125 host name matching against subjectAltName.
#include <x509/hostname.hpp>

#include <string>

namespace x509 {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Lowercase, one trailing dot removed; nothing for empty names or empty labels.
std::optional<std::string> canonical(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty()) return std::nullopt;
  std::string out;
  out.reserve(name.size());
  char previous = '.';
  for (char c : name) {
    if (c == '.' && previous == '.') return std::nullopt;
    out += lower(c);
    previous = c;
  }
  return out;
}

std::optional<Bytes> parse_ipv4(std::string_view s) {
  Bytes out;
  std::size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
    const std::size_t start = i;
    unsigned v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3)
      v = v * 10 + static_cast<unsigned>(s[i++] - '0');
    if (i == start || v > 255 || (i - start > 1 && s[start] == '0')) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(v));
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<Bytes> parse_ipv6(std::string_view s) {
  // Groups before and after "::"; an IPv4 tail counts as two groups.
  Bytes head, tail;
  bool compressed = false;
  std::size_t i = 0;
  if (s.substr(0, 2) == "::") {
    compressed = true;
    i = 2;
  }
  while (i < s.size()) {
    Bytes& out = compressed ? tail : head;
    const std::size_t start = i;
    unsigned v = 0;
    while (i < s.size() && hex_digit(s[i]) >= 0 && i - start < 4)
      v = v * 16 + static_cast<unsigned>(hex_digit(s[i++]));
    if (i < s.size() && s[i] == '.') {  // IPv4 tail
      auto v4 = parse_ipv4(s.substr(start));
      if (!v4) return std::nullopt;
      out.insert(out.end(), v4->begin(), v4->end());
      i = s.size();
      break;
    }
    if (i == start) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
    if (i == s.size()) break;
    if (s[i] != ':') return std::nullopt;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (compressed) return std::nullopt;
      compressed = true;
      ++i;
    } else if (i == s.size()) {
      return std::nullopt;  // a trailing single ':'
    }
  }
  const std::size_t total = head.size() + tail.size();
  if (total > 16 || (!compressed && total != 16) || (compressed && total == 16))
    return std::nullopt;
  Bytes out = head;
  out.resize(16 - tail.size(), 0);
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}

bool dns_matches(std::string_view pattern_text, const std::string& host) {
  auto pattern = canonical(pattern_text);
  if (!pattern) return false;
  if (pattern->find('*') == std::string::npos) return *pattern == host;
  // Only "*." followed by at least two labels, none of them wildcards.
  if (pattern->size() < 2 || (*pattern)[0] != '*' || (*pattern)[1] != '.') return false;
  const std::string_view rest = std::string_view(*pattern).substr(2);
  if (rest.find('*') != std::string_view::npos || rest.find('.') == std::string_view::npos)
    return false;
  const std::size_t dot = host.find('.');
  if (dot == 0 || dot == std::string::npos) return false;
  return std::string_view(host).substr(dot + 1) == rest;
}

}  // namespace

std::optional<Bytes> parse_ip_address(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parse_ipv6(text);
  return parse_ipv4(text);
}

bool matches_hostname(const Certificate& cert, std::string_view host) {
  const auto* san = cert.extension<SubjectAltName>();
  if (san == nullptr) return false;
  if (auto ip = parse_ip_address(host)) {
    for (const auto& n : san->names)
      if (const auto* a = std::get_if<IpAddressName>(&n); a && a->value == *ip) return true;
    return false;
  }
  auto h = canonical(host);
  if (!h || h->find('*') != std::string::npos) return false;
  for (const auto& n : san->names)
    if (const auto* d = std::get_if<DnsName>(&n); d && dns_matches(d->value, *h)) return true;
  return false;
}

}  // namespace x509
