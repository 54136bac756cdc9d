#pragma once
// The one error type of nocrypto's fallible calls, and the Result they return.
#include <cstdint>
#include <expected>

namespace nocrypto {

enum class Error : std::uint8_t {
  InvalidKeyLength,     // a key is longer (or shorter) than the algorithm admits
  InvalidOutputLength,  // an output length the algorithm cannot produce
  InvalidParameter,     // another argument out of range, e.g. zero PBKDF2 iterations
  InvalidNonceLength,   // a nonce or IV of a length the mode does not take
  InvalidInputLength,   // input of a length the operation cannot take (e.g. not whole blocks)
  InvalidPadding,       // padding that does not check out after decryption
  AuthenticationFailed, // an AEAD tag or MAC that does not match: nothing was released
  InvalidEncoding,      // a key, point or signature whose bytes are not a valid encoding
  InvalidKey,           // a key that decodes but is unusable (e.g. a point not on the curve)
  MessageTooLong,       // a message too long for the key (RSA) or the mode (CCM, GCM)
  DecryptionFailed,     // a public-key decryption that failed, with no more said on purpose
  RandomUnavailable,    // the random source refused (e.g. a generator not yet seeded)
};

// What every fallible nocrypto call returns: a T, or the Error that stopped it.
template <class T>
using Result = std::expected<T, Error>;

// A short lowercase name for an error, e.g. "invalid key length"; never null.
const char* to_string(Error error) noexcept;

}  // namespace nocrypto
