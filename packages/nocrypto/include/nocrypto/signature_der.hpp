#pragma once
// DSA and ECDSA signatures in DER, as X.509, TLS and `openssl dgst` carry them:
//   SEQUENCE { r INTEGER, s INTEGER }
// Both integers are positive; here they travel as unsigned big-endian bytes.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>

#include <cstdint>
#include <vector>

namespace nocrypto {

// The two scalars of a signature, unsigned big-endian with no leading zero bytes (so zero
// is the empty vector; signature schemes reject it).
struct SignatureScalars {
  std::vector<std::uint8_t> r;
  std::vector<std::uint8_t> s;
};

// The DER encoding of (r, s). Leading zero bytes of r and s are ignored; both must be
// non-zero, else InvalidParameter.
Result<std::vector<std::uint8_t>> encode_der_signature(ByteView r, ByteView s);

// The scalars of a strictly DER-encoded signature. InvalidEncoding for anything else:
// another tag, a long-form length that could be short, an indefinite length, an INTEGER
// with a redundant leading byte, a negative or zero INTEGER, bytes after the SEQUENCE or
// inside it after s, or lengths that run past the input.
Result<SignatureScalars> decode_der_signature(ByteView der);

}  // namespace nocrypto
