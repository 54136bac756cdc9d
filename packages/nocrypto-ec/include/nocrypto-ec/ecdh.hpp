#pragma once
// Elliptic-curve Diffie-Hellman on P-256, P-384 and P-521 (SEC 1 §3.3.1, as TLS uses it).
#include <nocrypto-ec/nist.hpp>

#include <cstdint>
#include <vector>

namespace nocrypto::ec {

// The shared secret: the x-coordinate of d*Q, scalar_size(curve) bytes. InvalidKey when
// the keys are on different curves.
Result<std::vector<std::uint8_t>> ecdh(const PrivateKey& ours, const PublicKey& peer);

// The same with the peer's point in SEC 1 encoding (uncompressed or compressed), which is
// validated first: InvalidKey for anything that is not a point of our key's curve.
Result<std::vector<std::uint8_t>> ecdh(const PrivateKey& ours, ByteView peer_sec1);

}  // namespace nocrypto::ec
