#pragma once
// Which CPU extensions the accelerated code paths may use, read once through CPUID.
// On a CPU without an extension, and on non-x86 builds, the portable code runs.

namespace nocrypto::cpu {

struct Features {
  bool ssse3 = false;
  bool sse41 = false;
  bool aesni = false;
  bool pclmulqdq = false;
  bool sha = false;   // SHA-NI: SHA-1 and SHA-256 rounds
  bool avx2 = false;  // only set when the OS saves the YMM state
  bool bmi1 = false;
  bool bmi2 = false;
  bool adx = false;
  bool vaes = false;
  bool vpclmulqdq = false;
  bool avx512f = false;  // only set when the OS saves the ZMM state
};

// What this CPU offers (and its OS enables), probed on first call and cached.
const Features& detected() noexcept;

// What the library uses: detected(), or no extension at all while forced portable.
const Features& active() noexcept;

// Makes every primitive take its portable code path (on) or the fastest one the CPU
// offers (off, the default). For tests and benchmarks of the fallbacks; not thread-safe.
void force_portable(bool on) noexcept;

}  // namespace nocrypto::cpu
