#pragma once
// What RSA, DH and DSA share: the digest algorithms they sign with, a type-erased
// RandomSource, and the byte vectors they return.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>
#include <nocrypto/random.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

namespace nocrypto::pk {

using Bytes = std::vector<std::uint8_t>;

// The hashes signatures and OAEP are made over, picked at run time as TLS and X.509 do.
enum class DigestAlgorithm : std::uint8_t { sha1, sha224, sha256, sha384, sha512 };

// Bytes in a digest of `algorithm`.
std::size_t digest_size(DigestAlgorithm algorithm) noexcept;

// The digest of `data` under `algorithm` (digest_size(algorithm) bytes).
Bytes digest(DigestAlgorithm algorithm, ByteView data);

// Any RandomSource, borrowed: key generation, blinding and salts take one of these, so a
// generator passes straight in. It must outlive the call it is given to.
class RandomRef {
 public:
  template <RandomSource R>
    requires(!std::same_as<std::remove_cv_t<R>, RandomRef>)
  RandomRef(R& source) noexcept  // NOLINT: implicit on purpose
      : context_(&source), fill_([](void* c, std::span<std::uint8_t> out) {
          return static_cast<R*>(c)->generate(out);
        }) {}

  // Fills `out`; false when the source refused.
  bool generate(std::span<std::uint8_t> out) const { return fill_(context_, out); }

 private:
  void* context_;
  bool (*fill_)(void*, std::span<std::uint8_t>);
};

// Owned bytes that are zeroed when they are destroyed or overwritten: private values.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(ByteView bytes) : bytes_(bytes.begin(), bytes.end()) {}
  explicit SecretBytes(Bytes&& bytes) noexcept : bytes_(std::move(bytes)) {}
  SecretBytes(const SecretBytes&) = default;
  SecretBytes(SecretBytes&&) noexcept = default;
  SecretBytes& operator=(const SecretBytes& other) {
    if (this != &other) {
      wipe(bytes_);
      bytes_ = other.bytes_;
    }
    return *this;
  }
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      wipe(bytes_);
      bytes_ = std::move(other.bytes_);
    }
    return *this;
  }
  ~SecretBytes() { wipe(bytes_); }

  ByteView view() const noexcept { return bytes_; }
  operator ByteView() const noexcept { return bytes_; }  // NOLINT: implicit on purpose
  std::size_t size() const noexcept { return bytes_.size(); }
  const std::uint8_t* data() const noexcept { return bytes_.data(); }
  auto begin() const noexcept { return bytes_.begin(); }
  auto end() const noexcept { return bytes_.end(); }
  std::uint8_t operator[](std::size_t i) const noexcept { return bytes_[i]; }

 private:
  Bytes bytes_;
};

}  // namespace nocrypto::pk
