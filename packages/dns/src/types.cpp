#include <dns/types.hpp>

#include <utility>

#include "text.hpp"

namespace dns {

namespace {

struct Mnemonic {
  std::uint16_t value;
  std::string_view name;
};

constexpr Mnemonic kTypes[] = {
    {1, "A"},       {2, "NS"},     {5, "CNAME"},       {6, "SOA"},    {10, "NULL"},  {12, "PTR"},
    {13, "HINFO"},  {15, "MX"},    {16, "TXT"},        {28, "AAAA"},  {29, "LOC"},   {33, "SRV"},
    {39, "DNAME"},  {41, "OPT"},   {43, "DS"},         {44, "SSHFP"}, {46, "RRSIG"}, {47, "NSEC"},
    {48, "DNSKEY"}, {50, "NSEC3"}, {51, "NSEC3PARAM"}, {52, "TLSA"},  {64, "SVCB"},  {65, "HTTPS"},
    {257, "CAA"},   {249, "TKEY"}, {250, "TSIG"},      {251, "IXFR"}, {252, "AXFR"}, {255, "ANY"},
};
constexpr Mnemonic kClasses[] = {{1, "IN"}, {3, "CH"}, {4, "HS"}, {254, "NONE"}, {255, "ANY"}};
constexpr Mnemonic kRcodes[] = {
    {0, "NOERROR"},  {1, "FORMERR"},  {2, "SERVFAIL"},  {3, "NXDOMAIN"},   {4, "NOTIMP"},
    {5, "REFUSED"},  {6, "YXDOMAIN"}, {7, "YXRRSET"},   {8, "NXRRSET"},    {9, "NOTAUTH"},
    {10, "NOTZONE"}, {16, "BADVERS"}, {17, "BADKEY"},   {18, "BADTIME"},   {19, "BADMODE"},
    {20, "BADNAME"}, {21, "BADALG"},  {22, "BADTRUNC"}, {23, "BADCOOKIE"},
};
constexpr Mnemonic kOpcodes[] = {
    {0, "QUERY"}, {1, "IQUERY"}, {2, "STATUS"}, {4, "NOTIFY"}, {5, "UPDATE"}};

template <std::size_t N>
std::string name_of(const Mnemonic (&table)[N], std::uint16_t v, std::string_view prefix) {
  for (const auto& m : table) {
    if (m.value == v) return std::string(m.name);
  }
  return std::string(prefix) + std::to_string(v);
}

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

template <std::size_t N>
std::optional<std::uint16_t> value_of(const Mnemonic (&table)[N], std::string_view s,
                                      std::string_view prefix) {
  for (const auto& m : table) {
    if (iequal(m.name, s)) return m.value;
  }
  if (s.size() > prefix.size() && iequal(s.substr(0, prefix.size()), prefix)) {
    if (auto n = text::parse_uint(s.substr(prefix.size()), 65535)) {
      return static_cast<std::uint16_t>(*n);
    }
  }
  return std::nullopt;
}

}  // namespace

std::string to_string(Type type) {
  return name_of(kTypes, static_cast<std::uint16_t>(type), "TYPE");
}
std::optional<Type> parse_type(std::string_view text) {
  if (auto v = value_of(kTypes, text, "TYPE")) return Type{*v};
  return std::nullopt;
}
std::string to_string(Class rclass) {
  return name_of(kClasses, static_cast<std::uint16_t>(rclass), "CLASS");
}
std::optional<Class> parse_class(std::string_view text) {
  if (auto v = value_of(kClasses, text, "CLASS")) return Class{*v};
  return std::nullopt;
}
std::string to_string(Rcode rcode) {
  return name_of(kRcodes, static_cast<std::uint16_t>(rcode), "RCODE");
}
std::string to_string(Opcode opcode) {
  return name_of(kOpcodes, static_cast<std::uint16_t>(opcode), "OPCODE");
}

}  // namespace dns
