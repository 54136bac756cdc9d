#include <nocrypto-rng/entropy.hpp>

#include <nocrypto/sha2.hpp>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <x86intrin.h>
#endif

namespace nocrypto::rng {
namespace {

#if defined(__x86_64__)
bool cpu_has_rdrand() noexcept {
  unsigned a, b, c, d;
  return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_RDRND) != 0;
}

// One 64-bit RDRAND value; false when the DRNG stays empty through the retries Intel's
// guidance asks for (ten).
__attribute__((target("rdrnd"))) bool rdrand64(std::uint64_t& out) noexcept {
  for (int i = 0; i < 10; ++i) {
    unsigned long long v;
    if (_rdrand64_step(&v)) {
      out = v;
      return true;
    }
  }
  return false;
}
#endif

}  // namespace

std::optional<CpuEntropy> CpuEntropy::create() noexcept {
#if defined(__x86_64__)
  return CpuEntropy(cpu_has_rdrand());
#else
  return std::nullopt;
#endif
}

std::uint64_t CpuEntropy::jitter_sample() noexcept {
#if defined(__x86_64__)
  // A walk over a buffer bigger than L1 with a data-dependent stride: its duration varies
  // with cache state, interrupts and the other cores.
  static volatile std::uint8_t scratch[64 * 1024];
  const std::uint64_t start = __rdtsc();
  std::size_t at = static_cast<std::size_t>(start) & (sizeof scratch - 1);
  for (int i = 0; i < 64; ++i) {
    scratch[at] = static_cast<std::uint8_t>(scratch[at] + 1);
    at = (at * 33 + 4093 + scratch[at]) & (sizeof scratch - 1);
  }
  return __rdtsc() - start;
#else
  return 0;
#endif
}

void CpuEntropy::fill(std::span<std::uint8_t> out) noexcept {
  while (!out.empty()) {
    Sha256 h;
#if defined(__x86_64__)
    if (rdrand_) {
      for (int i = 0; i < 8; ++i) {
        std::uint64_t v = 0;
        if (rdrand64(v)) h.feed(ByteView(reinterpret_cast<const std::uint8_t*>(&v), sizeof v));
      }
    }
#endif
    for (int i = 0; i < 256; ++i) {
      const std::uint64_t t = jitter_sample();
      h.feed(ByteView(reinterpret_cast<const std::uint8_t*>(&t), sizeof t));
    }
    auto d = h.finish();
    const std::size_t n = out.size() < d.size() ? out.size() : d.size();
    std::copy(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(n), out.begin());
    wipe(d);
    out = out.subspan(n);
  }
}

}  // namespace nocrypto::rng
