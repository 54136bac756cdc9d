#pragma once
// Distinguished names (RFC 5280 4.1.2.4): a sequence of RDNs, each a set of
// attribute-type-and-value pairs. String values keep their ASN.1 string type, so a name
// re-encodes to exactly the bytes it came from.
#include <asn1/asn1.hpp>
#include <x509/error.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace x509 {

// The ASN.1 type of a directory string; the index of the alternative in AttributeValue.
enum class StringKind : std::uint8_t {
  Printable,
  Utf8,
  Teletex,
  Bmp,
  Universal,
  Ia5,
  Numeric,
  Visible,
  Other
};

// One value: the string types decoded (Teletex as its octets, unconverted), anything
// else kept whole as asn1::Any.
using AttributeValue =
    std::variant<std::string, std::string, std::string, std::u16string, std::u32string, std::string,
                 std::string, std::string, asn1::Any>;

struct Attribute {
  asn1::Oid type;
  AttributeValue value;
  friend bool operator==(const Attribute&, const Attribute&) = default;
};

using RelativeDistinguishedName = std::vector<Attribute>;

struct Name {
  std::vector<RelativeDistinguishedName> rdns;
  friend bool operator==(const Name&, const Name&) = default;

  // The values of every attribute of this type, as UTF-8, in order.
  std::vector<std::string> values(const asn1::Oid& type) const;
  // "C=US, O=Example, CN=example.com" (RFC 4514 short names where there is one, dotted
  // OIDs otherwise; RDNs in the order they are encoded, multi-valued RDNs joined by "+").
  std::string to_string() const;
};

// The attribute types of RFC 5280 appendix A and RFC 4519 that certificates use.
namespace attr {
inline constexpr asn1::Oid common_name = asn1::oid("2.5.4.3");
inline constexpr asn1::Oid surname = asn1::oid("2.5.4.4");
inline constexpr asn1::Oid serial_number = asn1::oid("2.5.4.5");
inline constexpr asn1::Oid country = asn1::oid("2.5.4.6");
inline constexpr asn1::Oid locality = asn1::oid("2.5.4.7");
inline constexpr asn1::Oid state = asn1::oid("2.5.4.8");
inline constexpr asn1::Oid street = asn1::oid("2.5.4.9");
inline constexpr asn1::Oid organization = asn1::oid("2.5.4.10");
inline constexpr asn1::Oid organizational_unit = asn1::oid("2.5.4.11");
inline constexpr asn1::Oid title = asn1::oid("2.5.4.12");
inline constexpr asn1::Oid postal_code = asn1::oid("2.5.4.17");
inline constexpr asn1::Oid given_name = asn1::oid("2.5.4.42");
inline constexpr asn1::Oid initials = asn1::oid("2.5.4.43");
inline constexpr asn1::Oid generation_qualifier = asn1::oid("2.5.4.44");
inline constexpr asn1::Oid dn_qualifier = asn1::oid("2.5.4.46");
inline constexpr asn1::Oid pseudonym = asn1::oid("2.5.4.65");
inline constexpr asn1::Oid organization_identifier = asn1::oid("2.5.4.97");
inline constexpr asn1::Oid domain_component = asn1::oid("0.9.2342.19200300.100.1.25");
inline constexpr asn1::Oid user_id = asn1::oid("0.9.2342.19200300.100.1.1");
inline constexpr asn1::Oid email_address = asn1::oid("1.2.840.113549.1.9.1");
}  // namespace attr

// The short name of an attribute type ("CN", "O", "emailAddress"), or nothing.
std::optional<std::string_view> attribute_short_name(const asn1::Oid& type);

// A name from text: "C=US, O=Example, CN=www.example.com" (RDNs in encoding order, as
// Name::to_string prints them; short names or dotted OIDs; "+" between the attributes of
// one RDN; RFC 4514 escapes \, \+ \\ \= and \XX in values), or OpenSSL's
// "/C=US/O=Example/CN=www.example.com". Values become PrintableString for C,
// serialNumber and dnQualifier, IA5String for DC and emailAddress, UTF8String otherwise.
// InvalidValue naming the part that is wrong (an unknown short name, an empty value, a
// country that is not two letters, a bad escape).
Result<Name> parse_name(std::string_view text);

// Whether two names are the same by RFC 5280 7.1: the same RDNs with the same attribute
// types, string values compared after RFC 4518-style preparation (any string type,
// as UTF-8; ASCII case folded; leading, trailing and repeated spaces dropped), other
// values byte for byte.
bool names_match(const Name& a, const Name& b);

// A value as UTF-8 (BMP and Universal converted; Teletex and others' octets as they are).
std::string attribute_text(const AttributeValue& value);

}  // namespace x509
