#pragma once
// What a store holds at its paths: a type chosen by the user that turns into bytes (a git
// blob) and back, and merges three ways. Two ready-made ones: String and Counter.
#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <irmin/error.hpp>
#include <irmin/merge.hpp>

namespace irmin {

// encode() gives the blob's bytes; C::decode(bytes) reads them back (BadContents when it
// cannot) and must give a value equal to the one encoded; C::merge(old, ours, theirs) is
// the merge function of the values at one path (see merge.hpp; old is nullopt when the
// path was absent in the common ancestor).
template <class C>
concept Contents = std::equality_comparable<C> && std::copy_constructible<C> &&
    requires(const C& c, std::span<const std::uint8_t> bytes, const std::optional<C>& old) {
  { c.encode() } -> std::same_as<std::vector<std::uint8_t>>;
  { C::decode(bytes) } -> std::same_as<Result<C>>;
  { C::merge(old, c, c) } -> std::same_as<MergeResult<C>>;
};

namespace contents {

// Any bytes as text; equal values merge, different changes conflict (merge::idempotent).
struct String {
  std::string value;

  std::vector<std::uint8_t> encode() const { return {value.begin(), value.end()}; }
  static Result<String> decode(std::span<const std::uint8_t> bytes) {
    return String{std::string(bytes.begin(), bytes.end())};
  }
  static MergeResult<String> merge(const std::optional<String>& old, const String& ours,
                                   const String& theirs) {
    return merge::idempotent(old, ours, theirs);
  }
  friend bool operator==(const String&, const String&) = default;
};

// A 64-bit counter, stored as decimal text ("-12"); merges with merge::counter.
struct Counter {
  std::int64_t value = 0;

  std::vector<std::uint8_t> encode() const;
  // BadContents unless the bytes are an optional '-' and decimal digits with no leading
  // zero ("0" itself, never "-0") that fit 64 bits.
  static Result<Counter> decode(std::span<const std::uint8_t> bytes);
  static MergeResult<Counter> merge(const std::optional<Counter>& old, const Counter& ours,
                                    const Counter& theirs);
  friend bool operator==(const Counter&, const Counter&) = default;
};

}  // namespace contents
}  // namespace irmin
