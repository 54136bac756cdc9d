#pragma once
// From a run-time DigestAlgorithm to nocrypto's hash types.
#include <nocrypto-pk/common.hpp>

#include <nocrypto/hmac.hpp>
#include <nocrypto/sha1.hpp>
#include <nocrypto/sha2.hpp>

namespace nocrypto::pk::detail {

template <class H>
struct HashTag {
  using type = H;
};

// Calls fn(HashTag<H>{}) with H the hash type of `algorithm`.
template <class Fn>
decltype(auto) visit_hash(DigestAlgorithm algorithm, Fn&& fn) {
  switch (algorithm) {
    case DigestAlgorithm::sha1:
      return fn(HashTag<Sha1>{});
    case DigestAlgorithm::sha224:
      return fn(HashTag<Sha224>{});
    case DigestAlgorithm::sha256:
      return fn(HashTag<Sha256>{});
    case DigestAlgorithm::sha384:
      return fn(HashTag<Sha384>{});
    case DigestAlgorithm::sha512:
      break;
  }
  return fn(HashTag<Sha512>{});
}

// HMAC under a run-time hash, over the concatenation of `parts`.
Bytes hmac(DigestAlgorithm algorithm, ByteView key, std::initializer_list<ByteView> parts);

// The hash of the concatenation of `parts`.
Bytes hash_parts(DigestAlgorithm algorithm, std::initializer_list<ByteView> parts);

}  // namespace nocrypto::pk::detail
