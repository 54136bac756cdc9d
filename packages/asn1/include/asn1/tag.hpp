#pragma once
// Tags: a class and a number. The constructed bit is not part of a tag; it belongs to
// the type that the grammar says is there.
#include <compare>
#include <cstdint>

namespace asn1 {

enum class Class : std::uint8_t { Universal = 0, Application = 1, Context = 2, Private = 3 };

struct Tag {
  Class cls = Class::Universal;
  std::uint32_t number = 0;
  // Canonical order (X.690 8.6): universal, application, context, private, then number.
  friend constexpr auto operator<=>(const Tag&, const Tag&) = default;
};

constexpr Tag universal(std::uint32_t n) { return {Class::Universal, n}; }
constexpr Tag application(std::uint32_t n) { return {Class::Application, n}; }
constexpr Tag context(std::uint32_t n) { return {Class::Context, n}; }
constexpr Tag private_(std::uint32_t n) { return {Class::Private, n}; }

// Universal tag numbers of the types this library knows.
namespace tags {
inline constexpr std::uint32_t Boolean = 1, Integer = 2, BitString = 3, OctetString = 4,
                               Null = 5, Oid = 6, Enumerated = 10, Utf8String = 12,
                               Sequence = 16, Set = 17, NumericString = 18,
                               PrintableString = 19, TeletexString = 20, Ia5String = 22,
                               UtcTime = 23, GeneralizedTime = 24, VisibleString = 26,
                               UniversalString = 28, BmpString = 30;
}  // namespace tags

}  // namespace asn1
