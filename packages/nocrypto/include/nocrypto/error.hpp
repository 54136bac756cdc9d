#pragma once
// The one error type of nocrypto's fallible calls, and the Result they return.
#include <cstdint>
#include <expected>

namespace nocrypto {

enum class Error : std::uint8_t {
  InvalidKeyLength,     // a key is longer (or shorter) than the algorithm admits
  InvalidOutputLength,  // an output length the algorithm cannot produce
  InvalidParameter,     // another argument out of range, e.g. zero PBKDF2 iterations
};

// What every fallible nocrypto call returns: a T, or the Error that stopped it.
template <class T>
using Result = std::expected<T, Error>;

// A short lowercase name for an error, e.g. "invalid key length"; never null.
const char* to_string(Error error) noexcept;

}  // namespace nocrypto
