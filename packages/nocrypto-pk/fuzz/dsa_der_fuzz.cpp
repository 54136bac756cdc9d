// DSA verification of arbitrary DER signatures under the RFC 6979 A.2.1 key: nothing may
// crash, and nothing the fuzzer makes may verify unless it re-encodes to the real
// signature.
#include <nocrypto-pk/dsa.hpp>

#include "fuzz_key.hpp"

#include <algorithm>
#include <cstdlib>

using namespace nocrypto::pk;

namespace {

const DsaPrivateKey& dsa_key() {
  static const DsaPrivateKey k = [] {
    auto r = DsaPrivateKey::make(
        pk_fuzz::hex("86f5ca03dcfeb225063ff830a0c769b9dd9d6153ad91d7ce27f787c43278b447e6533b86b1"
                     "8bed6e8a48b784a14c252c5be0dbf60b86d6385bd2f12fb763ed8873abfd3f5ba2e0a8c0a5"
                     "9082eac056935e529daf7c610467899c77adedfc846c881870b7b19b2b58f9be0521a17002"
                     "e3bdd6b86685ee90b3d9a1b02b782b1779"),
        pk_fuzz::hex("996f967f6c8e388d9e28d01e205fba957a5698b1"),
        pk_fuzz::hex("07b0f92546150b62514bb771e2a0c0ce387f03bda6c56b505209ff25fd3c133d89bbcd97e9"
                     "04e09114d9a7defdeadfc9078ea544d2e401aeecc40bb9fbbf78fd87995a10a1c27cb7789b"
                     "594ba7efb5c4326a9fe59a070e136db77175464adca417be5dce2f40d10a46a3a3943f26ab"
                     "7fd9c0398ff8c76ee0a56826a8a88f1dbd"),
        pk_fuzz::hex("411602cb19a6ccc34494d79d98ef1e7ed5af25f7"));
    if (!r) std::abort();
    return *r;
  }();
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const DsaPrivateKey& key = dsa_key();
  const auto msg = nocrypto::bytes_of("sample");
  const nocrypto::ByteView der(data, size);
  if (dsa_verify_der(key.public_key(), DigestAlgorithm::sha256, msg, der)) {
    static const auto real = dsa_sign_der(key, DigestAlgorithm::sha256, msg);
    if (!real || !std::equal(real->begin(), real->end(), der.begin(), der.end())) std::abort();
  }
  // The scalars straight, as they come out of the decoder.
  if (auto sig = nocrypto::decode_der_signature(der)) {
    (void)dsa_verify(key.public_key(), DigestAlgorithm::sha1, msg, sig->r, sig->s);
  }
  return 0;
}
