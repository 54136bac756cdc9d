#pragma once
// Resource record data: one plain struct per type, a variant of them all (dns::Rdata),
// records and RRsets, and each rdata's wire and presentation forms. Unknown types, and any
// type in RFC 3597's "\# len hex" form, are held as bytes (Unknown).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <cstruct/writer.hpp>
#include <ipaddr/ipaddr.hpp>

#include <dns/edns.hpp>
#include <dns/error.hpp>
#include <dns/name.hpp>
#include <dns/types.hpp>

namespace dns {

struct A {
  static constexpr Type kType = Type::A;
  ipaddr::Ipv4Address address;
  friend bool operator==(const A&, const A&) = default;
};
struct Aaaa {
  static constexpr Type kType = Type::AAAA;
  ipaddr::Ipv6Address address;
  friend bool operator==(const Aaaa&, const Aaaa&) = default;
};
// The types whose rdata is a single name.
template <Type T>
struct NameRdata {
  static constexpr Type kType = T;
  Name target;
  friend bool operator==(const NameRdata&, const NameRdata&) = default;
};
using Ns = NameRdata<Type::NS>;
using Cname = NameRdata<Type::CNAME>;
using Ptr = NameRdata<Type::PTR>;
using Dname = NameRdata<Type::DNAME>;
struct Soa {
  static constexpr Type kType = Type::SOA;
  Name mname, rname;
  std::uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;
  friend bool operator==(const Soa&, const Soa&) = default;
};
struct Mx {
  static constexpr Type kType = Type::MX;
  std::uint16_t preference = 0;
  Name exchange;
  friend bool operator==(const Mx&, const Mx&) = default;
};
struct Txt {
  static constexpr Type kType = Type::TXT;
  std::vector<std::string> strings;  // each at most 255 bytes; at least one
  friend bool operator==(const Txt&, const Txt&) = default;
};
struct Hinfo {
  static constexpr Type kType = Type::HINFO;
  std::string cpu, os;
  friend bool operator==(const Hinfo&, const Hinfo&) = default;
};
struct Srv {
  static constexpr Type kType = Type::SRV;
  std::uint16_t priority = 0, weight = 0, port = 0;
  Name target;
  friend bool operator==(const Srv&, const Srv&) = default;
};
struct Caa {
  static constexpr Type kType = Type::CAA;
  std::uint8_t flags = 0;
  std::string tag;  // 1 to 255 letters and digits
  std::string value;
  friend bool operator==(const Caa&, const Caa&) = default;
};
struct Tlsa {
  static constexpr Type kType = Type::TLSA;
  std::uint8_t usage = 0, selector = 0, matching_type = 0;
  Bytes data;
  friend bool operator==(const Tlsa&, const Tlsa&) = default;
};
struct Sshfp {
  static constexpr Type kType = Type::SSHFP;
  std::uint8_t algorithm = 0, fingerprint_type = 0;
  Bytes fingerprint;
  friend bool operator==(const Sshfp&, const Sshfp&) = default;
};
struct Ds {
  static constexpr Type kType = Type::DS;
  std::uint16_t key_tag = 0;
  std::uint8_t algorithm = 0, digest_type = 0;
  Bytes digest;
  friend bool operator==(const Ds&, const Ds&) = default;
};
struct Dnskey {
  static constexpr Type kType = Type::DNSKEY;
  std::uint16_t flags = 0;
  std::uint8_t protocol = 3, algorithm = 0;
  Bytes public_key;
  // The key tag of RFC 4034 Appendix B.
  std::uint16_t key_tag() const;
  friend bool operator==(const Dnskey&, const Dnskey&) = default;
};
struct Rrsig {
  static constexpr Type kType = Type::RRSIG;
  Type type_covered = Type::A;
  std::uint8_t algorithm = 0, labels = 0;
  std::uint32_t original_ttl = 0, expiration = 0, inception = 0;  // seconds since 1970, mod 2^32
  std::uint16_t key_tag = 0;
  Name signer;
  Bytes signature;
  friend bool operator==(const Rrsig&, const Rrsig&) = default;
};
// The type bitmap of NSEC and NSEC3: the types present, in increasing order, no repeats.
using TypeBitmap = std::vector<Type>;
struct Nsec {
  static constexpr Type kType = Type::NSEC;
  Name next;
  TypeBitmap types;
  friend bool operator==(const Nsec&, const Nsec&) = default;
};
struct Nsec3 {
  static constexpr Type kType = Type::NSEC3;
  std::uint8_t hash_algorithm = 1, flags = 0;
  std::uint16_t iterations = 0;
  Bytes salt;         // at most 255 bytes; "-" in text when empty
  Bytes next_hashed;  // 1 to 255 bytes; base32hex in text
  TypeBitmap types;
  friend bool operator==(const Nsec3&, const Nsec3&) = default;
};
struct Nsec3param {
  static constexpr Type kType = Type::NSEC3PARAM;
  std::uint8_t hash_algorithm = 1, flags = 0;
  std::uint16_t iterations = 0;
  Bytes salt;
  friend bool operator==(const Nsec3param&, const Nsec3param&) = default;
};
// One SvcParam (RFC 9460) in wire form: its key and its value's bytes.
struct SvcParam {
  std::uint16_t key = 0;  // 0 mandatory, 1 alpn, 2 no-default-alpn, 3 port, 4 ipv4hint,
  Bytes value;            // 5 ech, 6 ipv6hint, others keyNNNNN
  friend bool operator==(const SvcParam&, const SvcParam&) = default;
};
template <Type T>
struct SvcbRdata {
  static constexpr Type kType = T;
  std::uint16_t priority = 0;  // 0: alias form
  Name target;
  std::vector<SvcParam> params;  // in strictly increasing key order
  friend bool operator==(const SvcbRdata&, const SvcbRdata&) = default;
};
using Svcb = SvcbRdata<Type::SVCB>;
using Https = SvcbRdata<Type::HTTPS>;
// RFC 1876 location, fields as on the wire.
struct Loc {
  static constexpr Type kType = Type::LOC;
  std::uint8_t version = 0;
  std::uint8_t size = 0x12, horizontal_precision = 0x16, vertical_precision = 0x13;
  std::uint32_t latitude = 0, longitude = 0, altitude = 0;
  friend bool operator==(const Loc&, const Loc&) = default;
};
struct Null {
  static constexpr Type kType = Type::NULL_;
  Bytes data;
  friend bool operator==(const Null&, const Null&) = default;
};
// The OPT pseudo-record's rdata (Message lifts OPT into dns::Edns).
struct Opt {
  static constexpr Type kType = Type::OPT;
  std::vector<EdnsOption> options;
  friend bool operator==(const Opt&, const Opt&) = default;
};
// Any other type: its rdata as bytes.
struct Unknown {
  Type type = Type{0};
  Bytes data;
  friend bool operator==(const Unknown&, const Unknown&) = default;
};

using Rdata =
    std::variant<A, Aaaa, Ns, Cname, Ptr, Dname, Soa, Mx, Txt, Hinfo, Srv, Caa, Tlsa, Sshfp, Ds,
                 Dnskey, Rrsig, Nsec, Nsec3, Nsec3param, Svcb, Https, Loc, Null, Opt, Unknown>;

// The type of an rdata (Unknown's own field for an Unknown).
Type type_of(const Rdata& rdata);

// Wire form of an rdata alone, without its length, into w; names are never compressed.
// With `canonical`, names in the types RFC 4034 §6.2 lists are lowercased (for DNSSEC).
// A field beyond its limit (a TXT string over 255 bytes...) fails w with PrefixOverflow.
void encode_rdata(cstruct::Writer& w, const Rdata& rdata, bool canonical = false);
// The rdata of a `type` from its wire bytes (no compression pointers); BadRdata,
// Truncated or TrailingData when the bytes do not fit the type.
Result<Rdata> decode_rdata(Type type, std::span<const std::uint8_t> bytes);

// Presentation form of an rdata, e.g. "10 mail.example." for an MX; RFC 3597's
// "\# len hex" for Unknown, Null and Opt.
std::string to_string(const Rdata& rdata);
// Parses the presentation form of a `type`'s rdata (one line; relative names completed
// with `origin`); "\# len hex" is accepted for every type. The error says what was expected.
TextResult<Rdata> parse_rdata(Type type, std::string_view text, const Name& origin = Name());

struct Record {
  Name name;
  Class rclass = Class::IN;
  std::uint32_t ttl = 0;
  Rdata data;

  // The record type, as its rdata says.
  Type type() const { return type_of(data); }
  // "name ttl class type rdata", tab-separated (as ldns-read-zone prints).
  std::string to_string() const;
  // One record in zone-file form ("www 300 IN A 192.0.2.1"); relative names complete with
  // `origin`; without a TTL the record gets `default_ttl`.
  static TextResult<Record> parse(std::string_view line, const Name& origin = Name(),
                                  std::uint32_t default_ttl = 3600);
  friend bool operator==(const Record&, const Record&) = default;
};

// Records with one owner, type and class, and one TTL.
struct RRset {
  Name name;
  Type type = Type::A;
  Class rclass = Class::IN;
  std::uint32_t ttl = 0;
  std::vector<Rdata> rdatas;
  friend bool operator==(const RRset&, const RRset&) = default;
};

}  // namespace dns
