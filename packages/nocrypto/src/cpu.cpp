#include <nocrypto/cpu.hpp>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <cstdint>

namespace nocrypto::cpu {
namespace {

bool forced_portable = false;

Features probe() noexcept {
  Features f;
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  f.ssse3 = c & (1u << 9);
  f.sse41 = c & (1u << 19);
  f.aesni = c & (1u << 25);
  f.pclmulqdq = c & (1u << 1);
  // AVX state must be enabled by the OS (XCR0) before AVX2/AVX-512 code may run.
  std::uint64_t xcr0 = 0;
  if (c & (1u << 27)) {  // OSXSAVE
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = static_cast<std::uint64_t>(hi) << 32 | lo;
  }
  const bool ymm = (c & (1u << 28)) && (xcr0 & 0x6) == 0x6;
  const bool zmm = ymm && (xcr0 & 0xe0) == 0xe0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    f.sha = b & (1u << 29);
    f.avx2 = ymm && (b & (1u << 5));
    f.bmi1 = b & (1u << 3);
    f.bmi2 = b & (1u << 8);
    f.adx = b & (1u << 19);
    f.avx512f = zmm && (b & (1u << 16));
    f.vaes = ymm && (c & (1u << 9));
    f.vpclmulqdq = ymm && (c & (1u << 10));
  }
#endif
  return f;
}

}  // namespace

const Features& detected() noexcept {
  static const Features features = probe();
  return features;
}

const Features& active() noexcept {
  static const Features none{};
  return forced_portable ? none : detected();
}

void force_portable(bool on) noexcept {
  forced_portable = on;
}

}  // namespace nocrypto::cpu
