// Any bytes as a DER (r, s) signature: never a crash, and whatever decodes re-encodes to
// exactly the same bytes (DER has one encoding per value).
#include <nocrypto/signature_der.hpp>

#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const nocrypto::ByteView in(data, size);
  auto sig = nocrypto::decode_der_signature(in);
  if (!sig) return 0;
  if (sig->r.empty() || sig->s.empty() || sig->r[0] == 0 || sig->s[0] == 0) std::abort();
  auto again = nocrypto::encode_der_signature(sig->r, sig->s);
  if (!again || again->size() != size || std::memcmp(again->data(), data, size) != 0) std::abort();
  return 0;
}
