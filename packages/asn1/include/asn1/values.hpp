#pragma once
// The C++ values of the primitive types that have no natural standard type.
#include <asn1/decoder.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace asn1 {

// An INTEGER of any size: big-endian two's complement, always minimal (decoders strip
// redundant octets in BER; encoders strip them too), never empty.
struct Integer {
  Bytes bytes{0};

  static Integer from_int64(std::int64_t v);
  // A non-negative integer from its big-endian magnitude (a 00 octet is added as needed).
  static Integer from_unsigned(ByteView magnitude);
  // The same integer with redundant leading octets removed; empty becomes 0.
  static Integer normalized(ByteView twos_complement);
  bool negative() const { return !bytes.empty() && (bytes[0] & 0x80) != 0; }
  std::optional<std::int64_t> to_int64() const;
  std::optional<std::uint64_t> to_uint64() const;

  friend bool operator==(const Integer&, const Integer&) = default;
};

// A BIT STRING: the bits from the most significant bit of bytes[0]; the last `unused`
// (0..7) bits of the last octet are padding, zero in DER.
struct BitString {
  Bytes bytes;
  std::uint8_t unused = 0;

  std::size_t bit_count() const { return bytes.size() * 8 - (bytes.empty() ? 0 : unused); }
  bool bit(std::size_t i) const {
    return i < bit_count() && ((bytes[i / 8] >> (7 - i % 8)) & 1) != 0;
  }
  friend bool operator==(const BitString&, const BitString&) = default;
};

struct Null {
  friend bool operator==(Null, Null) = default;
};

// Any element, kept as it was: its tag, form, contents and complete encoding (what was
// signed, for instance). Encoding writes tag, form and contents; `encoding` is ignored.
struct Any {
  Tag tag;
  bool constructed = false;
  Bytes content;
  Bytes encoding;

  friend bool operator==(const Any& a, const Any& b) {
    return a.tag == b.tag && a.constructed == b.constructed && a.content == b.content;
  }
};

// A decoded value together with the exact bytes it was decoded from (capture()).
template <class T>
struct Captured {
  T value{};
  Bytes encoding;

  friend bool operator==(const Captured& a, const Captured& b) { return a.value == b.value; }
};

namespace detail {
// Two's complement of integers that fit 64 bits; nothing when the contents do not fit.
std::optional<std::int64_t> to_int64(ByteView twos_complement);
std::optional<std::uint64_t> to_uint64(ByteView twos_complement);
void put_int64(std::int64_t v, Bytes& out);
void put_uint64(std::uint64_t v, Bytes& out);
}  // namespace detail

}  // namespace asn1
