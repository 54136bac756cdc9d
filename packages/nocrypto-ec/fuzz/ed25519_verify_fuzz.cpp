// Ed25519 verification of arbitrary bytes: public key (32), signature (64) and message
// (the rest) split from the input. It must never crash; and a signature made by a key
// seeded from the same bytes must verify, while the input's own signature for that key
// may only verify when it is that very signature (Ed25519 signatures are unique).
#include <nocrypto-ec/ed25519.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using nocrypto::ByteView;
  using namespace nocrypto::ec;
  const ByteView in(data, size);
  // Short inputs: lengths other than 32 and 64 must be refused, not read past.
  if (size < 96) {
    if (ed25519_verify(in.first(size / 2), in.subspan(size / 2), in)) std::abort();
    return 0;
  }
  const ByteView public_key = in.first(32);
  const ByteView signature = in.subspan(32, 64);
  const ByteView message = in.subspan(96);
  (void)ed25519_verify(public_key, message, signature);
  (void)ed25519ctx_verify(public_key, message, in.first(3), signature);
  (void)ed25519ph_verify(public_key, message, {}, signature);

  auto key = Ed25519PrivateKey::from_seed(public_key);
  if (!key) std::abort();
  const auto sig = key->sign(message);
  if (!ed25519_verify(key->public_key(), message, sig)) std::abort();
  const bool theirs = ed25519_verify(key->public_key(), message, signature);
  if (theirs && std::memcmp(sig.data(), signature.data(), 64) != 0) std::abort();
  return 0;
}
