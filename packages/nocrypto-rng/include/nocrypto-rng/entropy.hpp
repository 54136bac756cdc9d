#pragma once
// Entropy into Fortuna's pools. The entropy itself always comes from a mirage::Random
// device: getrandom(2) in mirage-unix; CpuEntropy below (RDRAND and timer jitter) on bare
// metal, where mini-os wraps it as its Random device.
#include <nocrypto-rng/fortuna.hpp>

#include <async/task.hpp>
#include <async/time.hpp>
#include <mirage/clock.hpp>
#include <mirage/random.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace nocrypto::rng {

// The source number events from a Random device carry in the pools.
inline constexpr std::uint8_t device_source = 0;

// Gives every pool 32 bytes from `device` and pool 0 a second 32, enough for the next
// generate() to reseed at once: the generator is usable as soon as this returns.
template <mirage::Random R>
void seed_from(R& device, Fortuna& fortuna, std::uint8_t source = device_source) {
  std::array<std::uint8_t, 32> event;
  for (std::size_t pool = 0; pool < Fortuna::pools; ++pool) {
    for (int round = 0; round < (pool == 0 ? 2 : 1); ++round) {
      device.fill(event);
      (void)fortuna.add_event(source, pool, event);
    }
  }
  wipe(event);
}

// Runs for ever: every `period`, 32 bytes from `device` into the next pool in turn, so the
// later pools fill up for the rarer reseeds that draw on them. Start it beside the
// application (a unikernel's main does, with a period of a second).
template <mirage::Random R, mirage::Time T>
async::Task<void> keep_feeding(R& device, T& time, Fortuna& fortuna, async::Duration period,
                               std::uint8_t source = device_source) {
  std::array<std::uint8_t, 32> event;
  for (std::size_t pool = 0;; pool = (pool + 1) % Fortuna::pools) {
    co_await time.sleep(period);
    device.fill(event);
    (void)fortuna.add_event(source, pool, event);
  }
}

// Entropy from the CPU, for platforms without an operating system to ask: each 32 bytes
// are SHA-256 of 64 bytes of RDRAND output (when the CPU has RDRAND: this machine's does,
// but it has no RDSEED) and 256 time-stamp-counter deltas taken around memory accesses
// whose timing varies with caches, interrupts and other cores. A mirage::Random device.
class CpuEntropy {
 public:
  // Nothing on a CPU without a time-stamp counter (non-x86 builds).
  static std::optional<CpuEntropy> create() noexcept;

  bool has_rdrand() const noexcept { return rdrand_; }
  void fill(std::span<std::uint8_t> out) noexcept;

  // One sample of timer jitter (a TSC delta); public for tests.
  static std::uint64_t jitter_sample() noexcept;

 private:
  explicit CpuEntropy(bool rdrand) noexcept : rdrand_(rdrand) {}
  bool rdrand_;
};
static_assert(mirage::Random<CpuEntropy>);

}  // namespace nocrypto::rng
