#pragma once
// dns::Name: a domain name, held in its uncompressed wire form (length-prefixed labels,
// then the root's zero byte) with the case it was given. Equality and hashing ignore
// ASCII case; ordering is RFC 4034 §6.1's canonical order.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include <dns/error.hpp>

namespace dns {

class Name {
 public:
  static constexpr std::size_t kMaxWire = 255;  // bytes, root byte included
  static constexpr std::size_t kMaxLabel = 63;

  // The root name ".".
  Name() : wire_(1, '\0') {}
  // The root name "." (as the default constructor).
  static Name root() { return Name(); }

  // Parses presentation form: labels separated by dots, "\." and "\DDD" escapes, a
  // trailing dot for an absolute name. A relative name (and "@") is completed with
  // `origin`. Fails on empty labels, labels over 63 bytes, names over 255.
  static TextResult<Name> parse(std::string_view text, const Name& origin = Name());
  // The name whose uncompressed wire form is exactly `wire` (checked: label lengths,
  // limits, one terminating zero at the end); no compression pointers.
  static Result<Name> from_wire(std::span<const std::uint8_t> wire);

  // The wire form: labels and the final zero byte, case preserved, never compressed.
  std::span<const std::uint8_t> wire() const {
    return {reinterpret_cast<const std::uint8_t*>(wire_.data()), wire_.size()};
  }
  // Bytes of the wire form (1 for the root, at most 255).
  std::size_t wire_size() const { return wire_.size(); }
  // Number of labels, the root not counted ("." has 0, "a.b." has 2).
  std::size_t label_count() const;
  // Label i counted from the left (0 is the leftmost), without its length byte.
  std::string_view label(std::size_t i) const;
  // Whether this is ".".
  bool is_root() const { return wire_.size() == 1; }
  // Whether the leftmost label is "*" (RFC 4592).
  bool is_wildcard() const { return wire_.size() > 2 && wire_[0] == 1 && wire_[1] == '*'; }

  // This name less its leftmost label (the root's parent is the root).
  Name parent() const;
  // The rightmost n labels (n >= label_count() gives this name).
  Name suffix(std::size_t n) const;
  // Whether this name equals `ancestor` or lies below it (case-insensitive).
  bool is_subdomain_of(const Name& ancestor) const;
  // `label` (raw bytes, no escapes) followed by this name; NameTooLong or LabelTooLong
  // when it does not fit, BadValue for an empty label.
  Result<Name> prepend(std::string_view label) const;
  // This name's labels followed by `suffix`'s (this name treated as relative).
  Result<Name> append(const Name& suffix) const;
  // The labels of this name above `old_suffix` (which it must lie below) put in front
  // of `new_suffix`: DNAME substitution (RFC 6672). NameTooLong when the result is too long.
  Result<Name> replace_suffix(const Name& old_suffix, const Name& new_suffix) const;
  // A copy with ASCII letters lowered (the canonical form of RFC 4034 §6.2).
  Name lowercase() const;

  // Presentation form, absolute (trailing dot), with special characters escaped.
  std::string to_string() const;
  // ASCII-case-insensitive hash, consistent with ==.
  std::size_t hash() const noexcept;

  friend bool operator==(const Name& a, const Name& b) noexcept;
  // RFC 4034 §6.1 canonical order: by labels from the right, each compared as lowercased
  // bytes, an absent label sorting first.
  friend std::strong_ordering operator<=>(const Name& a, const Name& b) noexcept;

 private:
  explicit Name(std::string wire) : wire_(std::move(wire)) {}
  std::string wire_;
};

// Hashes names as == compares them (for unordered containers).
struct NameHash {
  std::size_t operator()(const Name& n) const noexcept { return n.hash(); }
};

// Lowercases one ASCII byte (the only folding DNS does).
constexpr std::uint8_t ascii_lower(std::uint8_t c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<std::uint8_t>(c + 32) : c;
}

}  // namespace dns

template <>
struct std::hash<dns::Name> {
  std::size_t operator()(const dns::Name& n) const noexcept { return n.hash(); }
};
