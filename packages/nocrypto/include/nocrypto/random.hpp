#pragma once
// Where key generation and blinding take their randomness from: any object with
// `bool generate(std::span<std::uint8_t>)` that fills the span with unpredictable bytes
// and returns true, or returns false (and leaves the bytes unspecified) when it cannot,
// e.g. a Fortuna generator not yet seeded. nocrypto-rng's generators model it; tests
// may pass a deterministic one. nocrypto itself never reaches for entropy.
#include <concepts>
#include <cstdint>
#include <span>

namespace nocrypto {

template <class R>
concept RandomSource = requires(R& r, std::span<std::uint8_t> out) {
  { r.generate(out) } -> std::same_as<bool>;
};

}  // namespace nocrypto
