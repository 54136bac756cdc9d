// Ed25519, Ed25519ctx and Ed25519ph (RFC 8032 section 5.1).
#include <nocrypto-ec/ed25519.hpp>

#include "curve25519.hpp"

#include <nocrypto/sha2.hpp>

#include <cstring>

namespace nocrypto::ec {
namespace {

using namespace detail;

// dom2(phflag, context) of RFC 8032 section 2, in a buffer big enough for any context.
class Dom2 {
 public:
  Dom2(std::uint8_t phflag, ByteView context) noexcept {
    static constexpr char kPrefix[] = "SigEd25519 no Ed25519 collisions";
    std::memcpy(bytes_, kPrefix, 32);
    bytes_[32] = phflag;
    bytes_[33] = static_cast<std::uint8_t>(context.size());
    if (!context.empty()) std::memcpy(bytes_ + 34, context.data(), context.size());
    size_ = 34 + context.size();
  }
  ByteView view() const noexcept { return {bytes_, size_}; }

 private:
  std::uint8_t bytes_[34 + 255];
  std::size_t size_;
};

bool verify_with(ByteView dom, ByteView public_key, ByteView message,
                 ByteView signature) noexcept {
  if (public_key.size() != 32 || signature.size() != 64) return false;
  const std::uint8_t* r = signature.data();
  const std::uint8_t* s = signature.data() + 32;
  if (!sc_is_canonical(s)) return false;
  GeP3 a;
  if (!ge_from_bytes(a, public_key.data())) return false;

  Sha512 h;
  h.feed(dom);
  h.feed(ByteView(r, 32));
  h.feed(public_key);
  h.feed(message);
  const auto digest = h.finish();
  std::uint8_t k[32];
  sc_reduce(k, digest.data());

  // R' = [S]B - [k]A; its encoding must be R's bytes exactly.
  GeP3 minus_a;
  ge_neg(minus_a, a);
  GeP2 rcheck;
  ge_double_scalarmult_vartime(rcheck, k, minus_a, s);
  std::uint8_t encoded[32];
  ge_to_bytes(encoded, rcheck);
  return equal_ct(ByteView(encoded, 32), ByteView(r, 32));
}

}  // namespace

Result<Ed25519PrivateKey> Ed25519PrivateKey::from_seed(ByteView seed) noexcept {
  if (seed.size() != seed_size) return std::unexpected(Error::InvalidKeyLength);
  Ed25519PrivateKey key;
  std::memcpy(key.seed_.data(), seed.data(), seed_size);
  auto h = sha512(seed);
  std::memcpy(key.scalar_.data(), h.data(), 32);
  std::memcpy(key.prefix_.data(), h.data() + 32, 32);
  wipe(h);
  key.scalar_[0] &= 248;
  key.scalar_[31] &= 127;
  key.scalar_[31] |= 64;
  GeP3 a;
  ge_scalarmult_base(a, key.scalar_.data());
  ge_to_bytes(key.public_.data(), a);
  return key;
}

Ed25519PrivateKey::~Ed25519PrivateKey() {
  wipe(seed_);
  wipe(scalar_);
  wipe(prefix_);
}

Ed25519Signature Ed25519PrivateKey::sign_with(ByteView dom, ByteView message) const noexcept {
  Ed25519Signature sig;
  // r = SHA-512(dom || prefix || M) mod L; R = [r]B.
  Sha512 h;
  h.feed(dom);
  h.feed(prefix_);
  h.feed(message);
  auto digest = h.finish();
  std::uint8_t r[32];
  sc_reduce(r, digest.data());
  GeP3 rp;
  ge_scalarmult_base(rp, r);
  ge_to_bytes(sig.data(), rp);
  // k = SHA-512(dom || R || A || M) mod L; S = r + k a mod L.
  Sha512 h2;
  h2.feed(dom);
  h2.feed(ByteView(sig.data(), 32));
  h2.feed(public_);
  h2.feed(message);
  const auto kdigest = h2.finish();
  std::uint8_t k[32];
  sc_reduce(k, kdigest.data());
  sc_muladd(sig.data() + 32, k, scalar_.data(), r);
  wipe(digest);
  wipe(r);
  return sig;
}

Ed25519Signature Ed25519PrivateKey::sign(ByteView message) const noexcept {
  return sign_with({}, message);
}

Result<Ed25519Signature> Ed25519PrivateKey::sign_ctx(ByteView message,
                                                     ByteView context) const noexcept {
  if (context.empty() || context.size() > 255) return std::unexpected(Error::InvalidParameter);
  const Dom2 dom(0, context);
  return sign_with(dom.view(), message);
}

Result<Ed25519Signature> Ed25519PrivateKey::sign_ph(ByteView message,
                                                    ByteView context) const noexcept {
  if (context.size() > 255) return std::unexpected(Error::InvalidParameter);
  const Dom2 dom(1, context);
  const auto prehash = sha512(message);
  return sign_with(dom.view(), prehash);
}

bool ed25519_verify(ByteView public_key, ByteView message, ByteView signature) noexcept {
  return verify_with({}, public_key, message, signature);
}

bool ed25519ctx_verify(ByteView public_key, ByteView message, ByteView context,
                       ByteView signature) noexcept {
  if (context.empty() || context.size() > 255) return false;
  const Dom2 dom(0, context);
  return verify_with(dom.view(), public_key, message, signature);
}

bool ed25519ph_verify(ByteView public_key, ByteView message, ByteView context,
                      ByteView signature) noexcept {
  if (context.size() > 255) return false;
  const Dom2 dom(1, context);
  const auto prehash = sha512(message);
  return verify_with(dom.view(), public_key, prehash, signature);
}

}  // namespace nocrypto::ec
