// PKCS#1 v1.5 and OAEP decryption of arbitrary bytes with a fixed 1024-bit key: as
// ciphertexts, and as chosen encoded messages (encrypted first, so the padding checks see
// the fuzzer's bytes). Nothing may crash, and every failure must be DecryptionFailed.
#include "fuzz_key.hpp"

#include <algorithm>
#include <cstdlib>

using namespace nocrypto::pk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const RsaPrivateKey& key = pk_fuzz::key();
  const nocrypto::ByteView input(data, size);
  pk_fuzz::CounterRng rng;
  auto check = [](const nocrypto::Result<SecretBytes>& r) {
    if (!r && r.error() != nocrypto::Error::DecryptionFailed) std::abort();
  };
  check(pkcs1_decrypt(key, input));
  check(oaep_decrypt(key, DigestAlgorithm::sha1, input));
  if (size == 0) return 0;
  // The first byte picks the scheme, the rest is the encoded message.
  const auto em = pk_fuzz::fit(data + 1, size - 1, key.size());
  auto c = rsa_public(key.public_key(), em);
  if (!c) return 0;  // not below n
  switch (data[0] % 4) {
    case 0:
      check(pkcs1_decrypt(key, *c, RandomRef(rng)));
      break;
    case 1:
      check(oaep_decrypt(key, DigestAlgorithm::sha1, *c));
      break;
    case 2:
      check(oaep_decrypt(key, DigestAlgorithm::sha256, *c, nocrypto::bytes_of("label")));
      break;
    default: {
      auto m = rsa_private(key, *c, RandomRef(rng));
      if (!m || !std::equal(m->begin(), m->end(), em.begin(), em.end())) std::abort();
    }
  }
  return 0;
}
