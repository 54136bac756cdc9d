#pragma once
#include <concepts>
#include <cstdint>
#include <span>

namespace mirage {

// Random: an entropy source (getrandom on unix, RDRAND and timer jitter on bare metal).
// fill() writes unpredictable bytes over the whole span; it never fails once the device
// exists (a platform that cannot seed itself fails at construction instead). This is the
// seed material for nocrypto-rng's Fortuna, not a fast generator.
template <class R>
concept Random = requires(R& r, std::span<std::uint8_t> out) {
  { r.fill(out) } -> std::same_as<void>;
};

}  // namespace mirage
