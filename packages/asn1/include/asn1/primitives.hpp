#pragma once
// The primitive types. Each factory returns a tagged grammar:
//   boolean()               bool
//   integer()               Integer (any size)
//   integer_as<T>()         T, an integral or enum type; IntegerRange when it does not fit
//   int64()                 std::int64_t
//   enumerated<T>()         T (default std::int64_t)
//   bit_string()            BitString
//   octet_string()          Bytes
//   null()                  Null
//   oid()                   Oid
//   utc_time(), generalized_time()       DateTime
//   printable_string(), ia5_string(), utf8_string(), numeric_string(), visible_string()
//                           std::string, characters checked both ways
//   teletex_string()        std::string holding the octets unchecked (T.61 is not decoded)
//   bmp_string()            std::u16string (UCS-2: no surrogates)
//   universal_string()      std::u32string (UCS-4: scalar values only)
#include <asn1/grammar.hpp>
#include <asn1/oid.hpp>
#include <asn1/time.hpp>
#include <asn1/values.hpp>

#include <limits>
#include <string>
#include <type_traits>

namespace asn1 {

struct BooleanType {
  using value_type = bool;
  static constexpr Form form = Form::Primitive;
  constexpr Tag tag() const { return universal(tags::Boolean); }
  void encode_content(bool v, Writer& w) const { w.put(v ? 0xff : 0x00); }
  std::expected<bool, Error> decode_content(Decoder& d, const Element& e) const;
};

struct IntegerType {
  using value_type = Integer;
  static constexpr Form form = Form::Primitive;
  constexpr Tag tag() const { return universal(tags::Integer); }
  void encode_content(const Integer& v, Writer& w) const;
  std::expected<Integer, Error> decode_content(Decoder& d, const Element& e) const;
};

namespace detail {
// Checks INTEGER/ENUMERATED contents (non-empty; minimal in DER).
std::expected<void, Error> check_integer(const Decoder& d, const Element& e);
}  // namespace detail

// INTEGER (or ENUMERATED, by universal number) as a C++ integral or enum type.
template <class T, std::uint32_t Number = tags::Integer>
  requires std::is_integral_v<T> || std::is_enum_v<T>
struct SmallIntegerType {
  using value_type = T;
  using raw = std::conditional_t<std::is_enum_v<T>, std::underlying_type<T>, std::type_identity<T>>::type;
  static constexpr Form form = Form::Primitive;
  constexpr Tag tag() const { return universal(Number); }

  void encode_content(T v, Writer& w) const {
    const auto r = static_cast<raw>(v);
    if constexpr (std::is_same_v<raw, bool>) {
      w.put(r ? 1 : 0);
    } else if constexpr (std::is_signed_v<raw>) {
      detail::put_int64(static_cast<std::int64_t>(r), w.bytes());
    } else {
      detail::put_uint64(static_cast<std::uint64_t>(r), w.bytes());
    }
  }

  std::expected<T, Error> decode_content(Decoder& d, const Element& e) const {
    if (auto ok = detail::check_integer(d, e); !ok) return std::unexpected(std::move(ok.error()));
    const auto range = [&] { return d.fail(Code::IntegerRange, e.content.data(), "INTEGER out of range"); };
    if constexpr (std::is_signed_v<raw>) {
      const auto v = detail::to_int64(e.content);
      if (!v || *v < std::numeric_limits<raw>::min() || *v > std::numeric_limits<raw>::max()) return range();
      return static_cast<T>(static_cast<raw>(*v));
    } else {
      const auto v = detail::to_uint64(e.content);
      if (!v || *v > std::numeric_limits<raw>::max()) return range();
      return static_cast<T>(static_cast<raw>(*v));
    }
  }
};

struct BitStringType {
  using value_type = BitString;
  static constexpr Form form = Form::String;
  constexpr Tag tag() const { return universal(tags::BitString); }
  void encode_content(const BitString& v, Writer& w) const;
  std::expected<BitString, Error> decode_content(Decoder& d, const Element& e) const;
};

struct OctetStringType {
  using value_type = Bytes;
  static constexpr Form form = Form::String;
  constexpr Tag tag() const { return universal(tags::OctetString); }
  void encode_content(const Bytes& v, Writer& w) const { w.put(v); }
  std::expected<Bytes, Error> decode_content(Decoder& d, const Element& e) const;
};

struct NullType {
  using value_type = Null;
  static constexpr Form form = Form::Primitive;
  constexpr Tag tag() const { return universal(tags::Null); }
  void encode_content(Null, Writer&) const {}
  std::expected<Null, Error> decode_content(Decoder& d, const Element& e) const;
};

struct OidType {
  using value_type = Oid;
  static constexpr Form form = Form::Primitive;
  constexpr Tag tag() const { return universal(tags::Oid); }
  void encode_content(const Oid& v, Writer& w) const;
  std::expected<Oid, Error> decode_content(Decoder& d, const Element& e) const;
};

struct UtcTimeType {
  using value_type = DateTime;
  static constexpr Form form = Form::String;
  constexpr Tag tag() const { return universal(tags::UtcTime); }
  void encode_content(const DateTime& v, Writer& w) const;
  std::expected<DateTime, Error> decode_content(Decoder& d, const Element& e) const;
};

struct GeneralizedTimeType {
  using value_type = DateTime;
  static constexpr Form form = Form::String;
  constexpr Tag tag() const { return universal(tags::GeneralizedTime); }
  void encode_content(const DateTime& v, Writer& w) const;
  std::expected<DateTime, Error> decode_content(Decoder& d, const Element& e) const;
};

// The character string types whose value is a std::string.
enum class Charset : std::uint8_t { Printable, Ia5, Utf8, Numeric, Visible, Teletex };

namespace detail {
constexpr std::uint32_t charset_tag(Charset c) {
  switch (c) {
    case Charset::Printable: return tags::PrintableString;
    case Charset::Ia5: return tags::Ia5String;
    case Charset::Utf8: return tags::Utf8String;
    case Charset::Numeric: return tags::NumericString;
    case Charset::Visible: return tags::VisibleString;
    case Charset::Teletex: return tags::TeletexString;
  }
  return 0;
}
// Whether every character of s belongs to the set (UTF-8: well-formed; Teletex: any).
bool valid_chars(Charset c, ByteView s);
// The octets of a string element, segments concatenated (BER constructed form).
std::expected<Bytes, Error> string_octets(Decoder& d, const Element& e, std::uint32_t number);
void encode_text(Charset c, std::string_view s, Writer& w);
std::expected<std::string, Error> decode_text(Charset c, Decoder& d, const Element& e);
}  // namespace detail

template <Charset C>
struct TextType {
  using value_type = std::string;
  static constexpr Form form = Form::String;
  constexpr Tag tag() const { return universal(detail::charset_tag(C)); }
  void encode_content(const std::string& v, Writer& w) const { detail::encode_text(C, v, w); }
  std::expected<std::string, Error> decode_content(Decoder& d, const Element& e) const {
    return detail::decode_text(C, d, e);
  }
};

struct BmpStringType {
  using value_type = std::u16string;
  static constexpr Form form = Form::String;
  constexpr Tag tag() const { return universal(tags::BmpString); }
  void encode_content(const std::u16string& v, Writer& w) const;
  std::expected<std::u16string, Error> decode_content(Decoder& d, const Element& e) const;
};

struct UniversalStringType {
  using value_type = std::u32string;
  static constexpr Form form = Form::String;
  constexpr Tag tag() const { return universal(tags::UniversalString); }
  void encode_content(const std::u32string& v, Writer& w) const;
  std::expected<std::u32string, Error> decode_content(Decoder& d, const Element& e) const;
};

constexpr BooleanType boolean() { return {}; }
constexpr IntegerType integer() { return {}; }
template <class T>
constexpr SmallIntegerType<T> integer_as() { return {}; }
constexpr SmallIntegerType<std::int64_t> int64() { return {}; }
template <class T = std::int64_t>
constexpr SmallIntegerType<T, tags::Enumerated> enumerated() { return {}; }
constexpr BitStringType bit_string() { return {}; }
constexpr OctetStringType octet_string() { return {}; }
constexpr NullType null() { return {}; }
constexpr OidType oid() { return {}; }
constexpr UtcTimeType utc_time() { return {}; }
constexpr GeneralizedTimeType generalized_time() { return {}; }
constexpr TextType<Charset::Printable> printable_string() { return {}; }
constexpr TextType<Charset::Ia5> ia5_string() { return {}; }
constexpr TextType<Charset::Utf8> utf8_string() { return {}; }
constexpr TextType<Charset::Numeric> numeric_string() { return {}; }
constexpr TextType<Charset::Visible> visible_string() { return {}; }
constexpr TextType<Charset::Teletex> teletex_string() { return {}; }
constexpr BmpStringType bmp_string() { return {}; }
constexpr UniversalStringType universal_string() { return {}; }

}  // namespace asn1
