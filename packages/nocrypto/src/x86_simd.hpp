#pragma once
// What the AVX2/AVX-512 translation units share (internal): the intrinsics, with GCC 12's
// warnings from inside its own AVX-512 headers (_mm512_set1_* on an undefined vector)
// silenced, and the target attributes the functions carry.
#if defined(__x86_64__) || defined(__i386__)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#define NOCRYPTO_AVX2 __attribute__((target("avx2")))
#define NOCRYPTO_AVX512 __attribute__((target("avx2,avx512f")))
#define NOCRYPTO_INLINE inline __attribute__((always_inline))
#endif
