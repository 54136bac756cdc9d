#pragma once
// Object ids: the SHA-1 (20 bytes) or SHA-256 (32 bytes) digest that names an object, and
// the incremental hasher that computes them (also used for pack and index trailers).
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include <git/error.hpp>
#include <nocrypto/sha1.hpp>
#include <nocrypto/sha2.hpp>

namespace git {

// A repository's object format (extensions.objectFormat): which hash names its objects.
enum class HashAlgo : std::uint8_t { Sha1, Sha256 };

// 20 for SHA-1, 32 for SHA-256.
constexpr std::size_t digest_size(HashAlgo algo) noexcept { return algo == HashAlgo::Sha1 ? 20 : 32; }
// "sha1" or "sha256", as in extensions.objectFormat.
std::string_view hash_name(HashAlgo algo) noexcept;

class ObjectId {
 public:
  static constexpr std::size_t max_size = 32;

  // The all-zero SHA-1 id.
  constexpr ObjectId() noexcept : algo_(HashAlgo::Sha1) {}
  // The all-zero id of `algo` (git's "null oid", used for "no value" in refs and reflogs).
  constexpr explicit ObjectId(HashAlgo algo) noexcept : algo_(algo) {}
  // The id whose digest is `raw`; BadId unless raw has exactly digest_size(algo) bytes.
  static Result<ObjectId> from_raw(std::span<const std::uint8_t> raw, HashAlgo algo);
  // The id written as hex (either case); BadId unless it is 2 * digest_size(algo) hex digits.
  static Result<ObjectId> from_hex(std::string_view hex, HashAlgo algo);

  HashAlgo algo() const noexcept { return algo_; }
  std::size_t size() const noexcept { return digest_size(algo_); }
  // The digest bytes (20 or 32 of them).
  std::span<const std::uint8_t> raw() const noexcept { return {bytes_.data(), size()}; }
  // Lowercase hex, 40 or 64 characters.
  std::string hex() const;
  bool is_null() const noexcept;

  friend bool operator==(const ObjectId&, const ObjectId&) = default;
  // Byte order within one algorithm (the order of a pack index); SHA-1 ids before SHA-256.
  friend std::strong_ordering operator<=>(const ObjectId&, const ObjectId&) = default;

 private:
  HashAlgo algo_;
  std::array<std::uint8_t, max_size> bytes_{};
};

// An incremental SHA-1 or SHA-256: feed bytes, then finish once into an ObjectId.
class Hasher {
 public:
  explicit Hasher(HashAlgo algo);
  void feed(std::span<const std::uint8_t> data) noexcept;
  void feed(std::string_view data) noexcept;
  ObjectId finish() noexcept;
  HashAlgo algo() const noexcept { return algo_; }

 private:
  HashAlgo algo_;
  std::variant<nocrypto::Sha1, nocrypto::Sha256> state_;
};

// The bytes of a string, borrowed.
inline std::span<const std::uint8_t> as_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
// The bytes as a string_view, borrowed.
inline std::string_view as_text(std::span<const std::uint8_t> b) noexcept {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace git
