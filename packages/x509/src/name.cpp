// Names as text: RFC 4514 short names, string values as UTF-8.
#include <x509/name.hpp>

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

}  // namespace x509
