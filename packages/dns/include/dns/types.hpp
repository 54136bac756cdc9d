#pragma once
// The numbers of the DNS: record types, classes, opcodes and response codes, with their
// mnemonics. An enum here holds any 16-bit value, known or not (RFC 3597).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dns {

enum class Type : std::uint16_t {
  A = 1,
  NS = 2,
  CNAME = 5,
  SOA = 6,
  NULL_ = 10,
  PTR = 12,
  HINFO = 13,
  MX = 15,
  TXT = 16,
  AAAA = 28,
  LOC = 29,
  SRV = 33,
  DNAME = 39,
  OPT = 41,
  DS = 43,
  SSHFP = 44,
  RRSIG = 46,
  NSEC = 47,
  DNSKEY = 48,
  NSEC3 = 50,
  NSEC3PARAM = 51,
  TLSA = 52,
  SVCB = 64,
  HTTPS = 65,
  CAA = 257,
  // Meta and query types.
  TKEY = 249,
  TSIG = 250,
  IXFR = 251,
  AXFR = 252,
  ANY = 255,
};

enum class Class : std::uint16_t { IN = 1, CH = 3, HS = 4, NONE = 254, ANY = 255 };

enum class Opcode : std::uint8_t { Query = 0, IQuery = 1, Status = 2, Notify = 4, Update = 5 };

// The 12-bit response code: 4 bits in the header, 8 more in the OPT record.
enum class Rcode : std::uint16_t {
  NoError = 0,
  FormErr = 1,
  ServFail = 2,
  NXDomain = 3,
  NotImp = 4,
  Refused = 5,
  YXDomain = 6,
  YXRRSet = 7,
  NXRRSet = 8,
  NotAuth = 9,
  NotZone = 10,
  BadVers = 16,
  BadKey = 17,
  BadTime = 18,
  BadMode = 19,
  BadName = 20,
  BadAlg = 21,
  BadTrunc = 22,
  BadCookie = 23,
};

// "A", "NSEC3PARAM"...; "TYPE1234" for a type without a mnemonic (RFC 3597).
std::string to_string(Type type);
// A mnemonic (any case) or TYPEnnn; nothing when it is neither.
std::optional<Type> parse_type(std::string_view text);
// "IN", "CH", "HS", "NONE", "ANY" or "CLASSnnn".
std::string to_string(Class rclass);
// A class mnemonic (any case) or CLASSnnn; nothing when it is neither.
std::optional<Class> parse_class(std::string_view text);
// "NOERROR", "NXDOMAIN"...; "RCODE1234" for others.
std::string to_string(Rcode rcode);
// "QUERY", "NOTIFY", "UPDATE"...; "OPCODE9" for others.
std::string to_string(Opcode opcode);

// Types that only appear in questions or as pseudo-records, never in a zone.
constexpr bool is_meta_type(Type t) {
  const auto v = static_cast<std::uint16_t>(t);
  return t == Type::OPT || (v >= 128 && v <= 255);
}

}  // namespace dns
