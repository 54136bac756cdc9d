// ECDH: the x-coordinate of our scalar times the peer's validated point.
#include <nocrypto-ec/ecdh.hpp>

#include "nist_ops.hpp"

namespace nocrypto::ec {

Result<std::vector<std::uint8_t>> ecdh(const PrivateKey& ours, const PublicKey& peer) {
  if (ours.curve() != peer.curve()) return std::unexpected(Error::InvalidKey);
  const auto& ops = detail::ops_of(ours.curve());
  std::vector<std::uint8_t> secret(ops.size);
  // With a prime-order group and 0 < d < n the product is never the identity; checked anyway.
  if (!ops.ecdh(ours.bytes().data(), peer.x().data(), peer.y().data(), secret.data())) {
    wipe(secret);
    return std::unexpected(Error::InvalidKey);
  }
  return secret;
}

Result<std::vector<std::uint8_t>> ecdh(const PrivateKey& ours, ByteView peer_sec1) {
  const auto peer = PublicKey::from_sec1(ours.curve(), peer_sec1);
  if (!peer) return std::unexpected(Error::InvalidKey);
  return ecdh(ours, *peer);
}

}  // namespace nocrypto::ec
