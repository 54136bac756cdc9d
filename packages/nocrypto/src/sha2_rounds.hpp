#pragma once
// The SHA-2 round, shared by the portable block function (sha2.cpp) and the one whose
// message schedule runs in AVX2 registers (sha_x86.cpp). Internal.
#include <bit>
#include <cstdint>

namespace nocrypto::detail {

extern const std::uint32_t kSha256Round[64];
extern const std::uint64_t kSha512Round[80];

// The rotation and shift counts of Σ0, Σ1, σ0, σ1 for each word size.
struct Sha256Shape {
  using Word = std::uint32_t;
  static constexpr int rounds = 64, big0[3] = {2, 13, 22}, big1[3] = {6, 11, 25},
                       small0[3] = {7, 18, 3}, small1[3] = {17, 19, 10};
  static constexpr const Word* k = kSha256Round;
};
struct Sha512Shape {
  using Word = std::uint64_t;
  static constexpr int rounds = 80, big0[3] = {28, 34, 39}, big1[3] = {14, 18, 41},
                       small0[3] = {1, 8, 7}, small1[3] = {19, 61, 6};
  static constexpr const Word* k = kSha512Round;
};

template <class Word>
[[gnu::always_inline]] inline Word big_sigma(Word x, const int (&r)[3]) {
  return std::rotr(x, r[0]) ^ std::rotr(x, r[1]) ^ std::rotr(x, r[2]);
}
template <class Word>
[[gnu::always_inline]] inline Word small_sigma(Word x, const int (&r)[3]) {
  return std::rotr(x, r[0]) ^ std::rotr(x, r[1]) ^ (x >> r[2]);
}

// The working variables a..h, and b ^ c: Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)), and
// this round's a ^ b is the next round's b ^ c, which saves an operation per round.
template <class Word>
struct Sha2Working {
  Word a, b, c, d, e, f, g, h, b_xor_c;
};

// One round; `kw` is the round constant plus the schedule word.
template <class S, class Word = typename S::Word>
[[gnu::always_inline]] inline void sha2_round(Sha2Working<Word>& v, Word kw) {
  // h + kw does not depend on e: summed first, it stays off the e-to-e critical path.
  const Word t1 = (v.h + kw) + (v.g ^ (v.e & (v.f ^ v.g))) + big_sigma(v.e, S::big1);
  const Word a_xor_b = v.a ^ v.b;
  const Word t2 = big_sigma(v.a, S::big0) + (v.b ^ (a_xor_b & v.b_xor_c));
  v.b_xor_c = a_xor_b;
  v.h = v.g;
  v.g = v.f;
  v.f = v.e;
  v.e = v.d + t1;
  v.d = v.c;
  v.c = v.b;
  v.b = v.a;
  v.a = t1 + t2;
}

template <class Word>
[[gnu::always_inline]] inline Sha2Working<Word> sha2_load(const Word* state) {
  return {state[0], state[1], state[2], state[3],           state[4],
          state[5], state[6], state[7], state[1] ^ state[2]};
}

template <class Word>
[[gnu::always_inline]] inline void sha2_add(Word* state, const Sha2Working<Word>& v) {
  state[0] += v.a;
  state[1] += v.b;
  state[2] += v.c;
  state[3] += v.d;
  state[4] += v.e;
  state[5] += v.f;
  state[6] += v.g;
  state[7] += v.h;
}

}  // namespace nocrypto::detail
