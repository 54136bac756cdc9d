// PSS and PKCS#1 v1.5 verification of arbitrary bytes with a fixed 1024-bit key: as
// signatures, and as chosen encoded messages (signed with the private key first, so the
// decoders see the fuzzer's bytes). Nothing may crash; nothing random may verify.
#include "fuzz_key.hpp"

#include <cstdlib>

using namespace nocrypto::pk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const RsaPrivateKey& key = pk_fuzz::key();
  const RsaPublicKey& pub = key.public_key();
  const auto msg = nocrypto::bytes_of("message");
  const nocrypto::ByteView input(data, size);
  if (pss_verify(pub, DigestAlgorithm::sha256, msg, input, 32)) std::abort();
  if (pkcs1_verify(pub, DigestAlgorithm::sha256, msg, input)) std::abort();
  if (size == 0) return 0;
  const auto em = pk_fuzz::fit(data + 1, size - 1, key.size());
  auto sig = rsa_private(key, em);
  if (!sig) return 0;
  const DigestAlgorithm hashes[] = {DigestAlgorithm::sha1, DigestAlgorithm::sha256,
                                    DigestAlgorithm::sha512};
  const DigestAlgorithm h = hashes[data[0] % 3];
  const std::size_t salt = (data[0] & 0x80) ? pss_any_salt_length : (data[0] >> 2) % 40;
  (void)pss_verify(pub, h, msg, *sig, salt);
  (void)pkcs1_verify(pub, h, msg, *sig);
  return 0;
}
