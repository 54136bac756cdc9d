// ECDSA with RFC 6979 deterministic nonces, over the per-curve operations of nist_ops.hpp.
#include <nocrypto-ec/ecdsa.hpp>

#include "nist_ops.hpp"

#include <nocrypto/hmac.hpp>
#include <nocrypto/sha1.hpp>
#include <nocrypto/sha2.hpp>
#include <nocrypto/signature_der.hpp>

#include <algorithm>
#include <array>

namespace nocrypto::ec {
namespace {

using Scalar = std::array<std::uint8_t, max_scalar_size>;

// bits2int (RFC 6979 §2.3.2): the leftmost `bits` bits of h as an integer, written as
// ops.size big-endian bytes.
void bits2int(const detail::CurveOps& ops, ByteView h, std::uint8_t* out) {
  const std::size_t n = ops.size;
  std::fill(out, out + n, 0);
  if (8 * h.size() <= ops.bits) {  // the whole of h fits
    std::copy(h.begin(), h.end(), out + (n - h.size()));
    return;
  }
  // Keep the first n bytes, then shift out the bits beyond `bits` (0..7 of them).
  const unsigned shift = static_cast<unsigned>(8 * n - ops.bits);
  for (std::size_t i = n; i-- > 0;) {
    const unsigned hi = i > 0 ? h[i - 1] : 0;
    out[i] = static_cast<std::uint8_t>(((hi << 8) | h[i]) >> shift);
  }
}

// The RFC 6979 nonce generator (§3.2) for key d and hash h1, producing candidates k until
// sign() accepts one.
template <Hash H>
Result<std::vector<std::uint8_t>> sign_with(const detail::CurveOps& ops, ByteView d,
                                            ByteView h1) {
  using Digest = typename H::Digest;
  const std::size_t n = ops.size;
  Scalar e{}, h_octets{};
  bits2int(ops, h1, e.data());
  ops.reduce(e.data(), h_octets.data());  // bits2octets(h1)

  Digest v, k;
  v.fill(0x01);
  k.fill(0x00);
  const auto step = [&](std::uint8_t separator, bool with_seed) {
    Hmac<H> mac(k);
    mac.feed(v);
    const std::uint8_t sep[1] = {separator};
    mac.feed(sep);
    if (with_seed) {
      mac.feed(d);
      mac.feed(ByteView(h_octets.data(), n));
    }
    k = mac.finish();
    v = hmac<H>(k, v);
  };
  step(0x00, true);
  step(0x01, true);

  std::vector<std::uint8_t> signature(2 * n);
  std::array<std::uint8_t, max_scalar_size + H::digest_size> t{};
  Scalar candidate{};
  Result<std::vector<std::uint8_t>> result = std::unexpected(Error::InvalidKey);
  for (int attempt = 0; attempt < 64; ++attempt) {
    std::size_t filled = 0;
    while (filled < n) {
      v = hmac<H>(k, v);
      std::copy(v.begin(), v.end(), t.begin() + filled);
      filled += v.size();
    }
    bits2int(ops, ByteView(t.data(), filled), candidate.data());
    if (ops.scalar_in_range(candidate.data()) &&
        ops.sign(d.data(), candidate.data(), e.data(), signature.data(), signature.data() + n)) {
      result = std::move(signature);
      break;
    }
    step(0x00, false);  // a candidate out of range, or r or s zero: draw the next one
  }
  wipe(t);
  wipe(candidate);
  wipe(v);
  wipe(k);
  return result;
}

template <Hash H>
Result<std::vector<std::uint8_t>> sign_message(const PrivateKey& key, ByteView message) {
  const auto digest = nocrypto::digest<H>(message);
  return sign_with<H>(detail::ops_of(key.curve()), key.bytes(), digest);
}

}  // namespace

std::size_t digest_size(HashAlgorithm hash) noexcept {
  switch (hash) {
    case HashAlgorithm::Sha1:
      return 20;
    case HashAlgorithm::Sha224:
      return 28;
    case HashAlgorithm::Sha256:
      return 32;
    case HashAlgorithm::Sha384:
      return 48;
    case HashAlgorithm::Sha512:
      break;
  }
  return 64;
}

Result<std::vector<std::uint8_t>> ecdsa_sign_digest(const PrivateKey& key, HashAlgorithm hash,
                                                    ByteView digest) {
  if (digest.size() != digest_size(hash)) return std::unexpected(Error::InvalidInputLength);
  const auto& ops = detail::ops_of(key.curve());
  switch (hash) {
    case HashAlgorithm::Sha1:
      return sign_with<Sha1>(ops, key.bytes(), digest);
    case HashAlgorithm::Sha224:
      return sign_with<Sha224>(ops, key.bytes(), digest);
    case HashAlgorithm::Sha256:
      return sign_with<Sha256>(ops, key.bytes(), digest);
    case HashAlgorithm::Sha384:
      return sign_with<Sha384>(ops, key.bytes(), digest);
    case HashAlgorithm::Sha512:
      break;
  }
  return sign_with<Sha512>(ops, key.bytes(), digest);
}

Result<std::vector<std::uint8_t>> ecdsa_sign(const PrivateKey& key, HashAlgorithm hash,
                                             ByteView message) {
  switch (hash) {
    case HashAlgorithm::Sha1:
      return sign_message<Sha1>(key, message);
    case HashAlgorithm::Sha224:
      return sign_message<Sha224>(key, message);
    case HashAlgorithm::Sha256:
      return sign_message<Sha256>(key, message);
    case HashAlgorithm::Sha384:
      return sign_message<Sha384>(key, message);
    case HashAlgorithm::Sha512:
      break;
  }
  return sign_message<Sha512>(key, message);
}

bool ecdsa_verify_digest(const PublicKey& key, ByteView digest, ByteView signature) {
  const auto& ops = detail::ops_of(key.curve());
  if (signature.size() != 2 * ops.size) return false;
  Scalar e{};
  bits2int(ops, digest, e.data());
  return ops.verify(key.x().data(), key.y().data(), e.data(), signature.data(),
                    signature.data() + ops.size);
}

bool ecdsa_verify(const PublicKey& key, HashAlgorithm hash, ByteView message,
                  ByteView signature) {
  switch (hash) {
    case HashAlgorithm::Sha1:
      return ecdsa_verify_digest(key, digest<Sha1>(message), signature);
    case HashAlgorithm::Sha224:
      return ecdsa_verify_digest(key, digest<Sha224>(message), signature);
    case HashAlgorithm::Sha256:
      return ecdsa_verify_digest(key, digest<Sha256>(message), signature);
    case HashAlgorithm::Sha384:
      return ecdsa_verify_digest(key, digest<Sha384>(message), signature);
    case HashAlgorithm::Sha512:
      break;
  }
  return ecdsa_verify_digest(key, digest<Sha512>(message), signature);
}

Result<std::vector<std::uint8_t>> ecdsa_signature_to_der(Curve curve, ByteView raw) {
  const std::size_t n = scalar_size(curve);
  if (raw.size() != 2 * n) return std::unexpected(Error::InvalidEncoding);
  return encode_der_signature(raw.first(n), raw.subspan(n));
}

Result<std::vector<std::uint8_t>> ecdsa_signature_from_der(Curve curve, ByteView der) {
  const std::size_t n = scalar_size(curve);
  const auto scalars = decode_der_signature(der);
  if (!scalars) return std::unexpected(scalars.error());
  if (scalars->r.size() > n || scalars->s.size() > n)
    return std::unexpected(Error::InvalidEncoding);
  std::vector<std::uint8_t> raw(2 * n);
  std::copy(scalars->r.begin(), scalars->r.end(), raw.begin() + (n - scalars->r.size()));
  std::copy(scalars->s.begin(), scalars->s.end(), raw.end() - scalars->s.size());
  return raw;
}

}  // namespace nocrypto::ec
