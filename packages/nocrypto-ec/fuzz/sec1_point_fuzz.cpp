// Fuzzes SEC 1 point decoding on P-256, P-384 and P-521: any bytes either fail to decode
// or decode to a point that re-encodes (in the same form) to exactly those bytes, lies on
// the curve (from_coordinates accepts it) and gives an ECDH secret with a fixed key.
//
// Input: byte 0 picks the curve (mod 3); the rest is the encoded point.
#include <nocrypto-ec/ecdh.hpp>
#include <nocrypto-ec/nist.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

#define FUZZ_CHECK(cond)                                              \
  do {                                                                \
    if (!(cond)) {                                                    \
      std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                   \
    }                                                                 \
  } while (false)

using namespace nocrypto::ec;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Curve curve = static_cast<Curve>(data[0] % 3);
  const nocrypto::ByteView point(data + 1, size - 1);
  const auto key = PublicKey::from_sec1(curve, point);
  if (!key) return 0;
  const bool compressed = point.size() == 1 + scalar_size(curve);
  const auto again = key->to_sec1(compressed);
  FUZZ_CHECK(again.size() == point.size());
  FUZZ_CHECK(std::equal(again.begin(), again.end(), point.begin()));
  const auto same = PublicKey::from_coordinates(curve, key->x(), key->y());
  FUZZ_CHECK(same.has_value() && *same == *key);
  std::vector<std::uint8_t> scalar(scalar_size(curve), 0);
  scalar.back() = 3;
  const auto priv = PrivateKey::from_bytes(curve, scalar);
  FUZZ_CHECK(priv.has_value());
  FUZZ_CHECK(ecdh(*priv, *key).has_value());
  return 0;
}
