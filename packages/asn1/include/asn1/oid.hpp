#pragma once
// OBJECT IDENTIFIER: kept as its contents octets (at most 127), so OIDs compare and copy
// cheaply and can be constants: `constexpr asn1::Oid sha256 = asn1::oid("2.16.840.1.101.3.4.2.1");`
#include <asn1/decoder.hpp>

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace asn1 {

namespace detail {
__extension__ typedef unsigned __int128 uint128;
}  // namespace detail

class Oid {
 public:
  static constexpr std::size_t capacity = 127;

  constexpr Oid() = default;

  // From the dotted form "1.2.840.113549"; nothing when malformed (fewer than two arcs,
  // a first arc above 2, a second above 39 under 0 or 1, leading zeros, an arc above 2^64-1).
  static constexpr std::optional<Oid> parse(std::string_view dotted);
  // From the contents octets of an encoded OID, checked (X.690 8.19; arcs up to 128 bits).
  static std::optional<Oid> from_der(ByteView content);

  // The contents octets.
  constexpr ByteView der() const { return ByteView(bytes_.data(), size_); }
  constexpr bool empty() const { return size_ == 0; }
  // The dotted form.
  std::string to_string() const;

  friend constexpr bool operator==(const Oid&, const Oid&) = default;
  friend constexpr auto operator<=>(const Oid&, const Oid&) = default;

 private:
  constexpr bool push_arc(detail::uint128 v);
  std::array<std::uint8_t, capacity> bytes_{};
  std::uint8_t size_ = 0;
};

constexpr bool Oid::push_arc(detail::uint128 v) {
  int groups = 1;
  while (groups < 19 && (v >> (7 * groups)) != 0) ++groups;
  if (size_ + groups > static_cast<int>(capacity)) return false;
  for (int g = groups - 1; g >= 0; --g) {
    auto b = static_cast<std::uint8_t>((v >> (7 * g)) & 0x7f);
    if (g != 0) b |= 0x80;
    bytes_[size_++] = b;
  }
  return true;
}

constexpr std::optional<Oid> Oid::parse(std::string_view dotted) {
  Oid out;
  std::uint64_t first = 0;
  std::size_t arc = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t begin = i;
    std::uint64_t v = 0;
    while (i < dotted.size() && dotted[i] >= '0' && dotted[i] <= '9') {
      const std::uint64_t digit = static_cast<std::uint64_t>(dotted[i] - '0');
      if (v > (UINT64_MAX - digit) / 10) return std::nullopt;
      v = v * 10 + digit;
      ++i;
    }
    if (i == begin) return std::nullopt;
    if (i - begin > 1 && dotted[begin] == '0') return std::nullopt;
    if (arc == 0) {
      if (v > 2) return std::nullopt;
      first = v;
    } else if (arc == 1) {
      if (first < 2 && v > 39) return std::nullopt;
      if (!out.push_arc(static_cast<detail::uint128>(first) * 40 + v)) return std::nullopt;
    } else if (!out.push_arc(v)) {
      return std::nullopt;
    }
    ++arc;
    if (i == dotted.size()) break;
    if (dotted[i] != '.') return std::nullopt;
    ++i;
  }
  if (arc < 2) return std::nullopt;
  return out;
}

namespace detail {
void invalid_oid_literal();  // not constexpr: reaching it in oid() fails the compilation
}  // namespace detail

// A checked OID constant: a malformed literal does not compile.
consteval Oid oid(std::string_view dotted) {
  auto o = Oid::parse(dotted);
  if (!o) detail::invalid_oid_literal();
  return *o;
}

}  // namespace asn1
