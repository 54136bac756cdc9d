#pragma once
// The process's generator: one Fortuna that key generation, nonces and blinding draw from
// unless given another. It produces nothing until seeded: the unikernel's main seeds it
// from the platform's Random device before the application starts.
#include <nocrypto-rng/fortuna.hpp>

#include <cstdint>
#include <span>

namespace nocrypto::rng {

// The default Fortuna, created on first use with the monotonic clock set by
// set_default_clock (until then a clock that never advances, which still allows the
// first reseed).
Fortuna& default_generator() noexcept;

// Sets the clock the default generator's reseed interval is measured with. Call before the
// first default_generator().
void set_default_clock(std::function<std::uint64_t()> now_ns) noexcept;

// A nocrypto::RandomSource over the default generator, for calls that take one.
struct DefaultSource {
  bool generate(std::span<std::uint8_t> out) noexcept { return default_generator().generate(out); }
};

}  // namespace nocrypto::rng
