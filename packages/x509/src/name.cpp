// Names as text: RFC 4514 short names, string values as UTF-8.
#include <x509/name.hpp>

#include <algorithm>
#include <cctype>

namespace x509 {
namespace {

void put_utf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

struct ShortName {
  asn1::Oid type;
  std::string_view name;
};

constexpr ShortName short_names[] = {
    {attr::common_name, "CN"},
    {attr::surname, "SN"},
    {attr::serial_number, "serialNumber"},
    {attr::country, "C"},
    {attr::locality, "L"},
    {attr::state, "ST"},
    {attr::street, "street"},
    {attr::organization, "O"},
    {attr::organizational_unit, "OU"},
    {attr::title, "title"},
    {attr::postal_code, "postalCode"},
    {attr::given_name, "GN"},
    {attr::initials, "initials"},
    {attr::generation_qualifier, "generationQualifier"},
    {attr::dn_qualifier, "dnQualifier"},
    {attr::pseudonym, "pseudonym"},
    {attr::organization_identifier, "organizationIdentifier"},
    {attr::domain_component, "DC"},
    {attr::user_id, "UID"},
    {attr::email_address, "emailAddress"},
};

}  // namespace

std::optional<std::string_view> attribute_short_name(const asn1::Oid& type) {
  for (const auto& s : short_names)
    if (s.type == type) return s.name;
  return std::nullopt;
}

std::string attribute_text(const AttributeValue& value) {
  std::string out;
  switch (value.index()) {
    case 3:
      for (char16_t c : std::get<3>(value)) put_utf8(c, out);
      return out;
    case 4:
      for (char32_t c : std::get<4>(value)) put_utf8(c, out);
      return out;
    case 8: {
      const auto& any = std::get<8>(value);
      return std::string(any.content.begin(), any.content.end());
    }
    default:
      return std::visit(
          [](const auto& v) -> std::string {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) return v;
            return {};
          },
          value);
  }
}

std::vector<std::string> Name::values(const asn1::Oid& type) const {
  std::vector<std::string> out;
  for (const auto& rdn : rdns)
    for (const auto& a : rdn)
      if (a.type == type) out.push_back(attribute_text(a.value));
  return out;
}

std::string Name::to_string() const {
  std::string out;
  for (const auto& rdn : rdns) {
    if (!out.empty()) out += ", ";
    bool first = true;
    for (const auto& a : rdn) {
      if (!first) out += " + ";
      first = false;
      if (auto s = attribute_short_name(a.type)) {
        out += *s;
      } else {
        out += a.type.to_string();
      }
      out += '=';
      out += attribute_text(a.value);
    }
  }
  return out;
}

namespace {

bool printable_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || std::string_view(" '()+,-./:=?").find(c) != std::string_view::npos;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<Attribute> parse_attribute(std::string_view type_text, std::string_view raw) {
  const std::string type_name = trim(type_text);
  std::optional<asn1::Oid> type;
  for (const auto& s : short_names)
    if (s.name.size() == type_name.size() &&
        std::equal(s.name.begin(), s.name.end(), type_name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        }))
      type = s.type;
  if (!type) type = asn1::Oid::parse(type_name);
  if (!type)
    return fail(ErrorCode::InvalidValue, "name: unknown attribute type \"" + type_name + "\"");
  // Unescape; spaces at either end that were not escaped are dropped.
  std::string value;
  std::size_t keep = 0;  // length up to the last escaped character
  std::string_view v = raw;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      value += v[i];
      continue;
    }
    if (i + 1 >= v.size()) return fail(ErrorCode::InvalidValue, "name: a value ends in \\");
    const int hi = hex_value(v[i + 1]);
    if (hi >= 0 && i + 2 < v.size() && hex_value(v[i + 2]) >= 0) {
      value += static_cast<char>(hi * 16 + hex_value(v[i + 2]));
      i += 2;
    } else if (std::string_view(",+\\=\"<>;# /").find(v[i + 1]) != std::string_view::npos) {
      value += v[++i];
    } else {
      return fail(ErrorCode::InvalidValue, "name: bad escape in \"" + std::string(raw) + "\"");
    }
    keep = value.size();
  }
  while (value.size() > keep && value.back() == ' ') value.pop_back();
  if (value.empty())
    return fail(ErrorCode::InvalidValue, "name: empty value for " + type_name);
  if (*type == attr::country || *type == attr::serial_number || *type == attr::dn_qualifier) {
    if (!std::all_of(value.begin(), value.end(), printable_char))
      return fail(ErrorCode::InvalidValue,
                  "name: " + type_name + " takes PrintableString characters only");
    if (*type == attr::country && value.size() != 2)
      return fail(ErrorCode::InvalidValue, "name: C (country) is two letters");
    return Attribute{*type, AttributeValue(std::in_place_index<0>, std::move(value))};
  }
  if (*type == attr::domain_component || *type == attr::email_address) {
    if (!std::all_of(value.begin(), value.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
      return fail(ErrorCode::InvalidValue, "name: " + type_name + " takes ASCII only");
    return Attribute{*type, AttributeValue(std::in_place_index<5>, std::move(value))};
  }
  return Attribute{*type, AttributeValue(std::in_place_index<1>, std::move(value))};
}

// Splits at unescaped `sep`.
std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

}  // namespace

Result<Name> parse_name(std::string_view text) {
  Name name;
  std::string_view body = text;
  char separator = ',';
  while (!body.empty() && body.front() == ' ') body.remove_prefix(1);
  if (!body.empty() && body.front() == '/') {
    separator = '/';
    body.remove_prefix(1);
  }
  if (trim(body).empty()) return name;
  for (auto rdn_text : split(body, separator)) {
    RelativeDistinguishedName rdn;
    for (auto part : split(rdn_text, '+')) {
      std::size_t eq = std::string_view::npos;
      for (std::size_t i = 0; i < part.size(); ++i) {
        if (part[i] == '\\') {
          ++i;
        } else if (part[i] == '=') {
          eq = i;
          break;
        }
      }
      if (eq == std::string_view::npos)
        return fail(ErrorCode::InvalidValue,
                    "name: \"" + trim(part) + "\" is not TYPE=value");
      auto a = parse_attribute(part.substr(0, eq), part.substr(eq + 1));
      if (!a) return std::unexpected(std::move(a.error()));
      rdn.push_back(std::move(*a));
    }
    name.rdns.push_back(std::move(rdn));
  }
  return name;
}

namespace {

// RFC 4518 in short: insignificant spaces dropped, ASCII case folded.
std::string prepared(const AttributeValue& v) {
  const std::string text = attribute_text(v);
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool values_match(const AttributeValue& a, const AttributeValue& b) {
  constexpr std::size_t other = static_cast<std::size_t>(StringKind::Other);
  if (a.index() == other || b.index() == other) return a == b;
  return prepared(a) == prepared(b);
}

bool rdns_match(const RelativeDistinguishedName& a, const RelativeDistinguishedName& b) {
  if (a.size() != b.size()) return false;
  for (const auto& x : a) {
    bool found = false;
    for (const auto& y : b) found = found || (x.type == y.type && values_match(x.value, y.value));
    if (!found) return false;
  }
  return true;
}

}  // namespace

bool names_match(const Name& a, const Name& b) {
  if (a.rdns.size() != b.rdns.size()) return false;
  for (std::size_t i = 0; i < a.rdns.size(); ++i)
    if (!rdns_match(a.rdns[i], b.rdns[i])) return false;
  return true;
}

}  // namespace x509
