// Arithmetic modulo 2^255 - 19: the calls that are not worth inlining.
#include "field25519.hpp"

namespace nocrypto::ec::detail {
namespace {

u64 load64_le(const std::uint8_t* p) noexcept {
  u64 x = 0;
  for (int i = 7; i >= 0; --i) x = (x << 8) | p[i];
  return x;
}

void store64_le(std::uint8_t* p, u64 x) noexcept {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(x >> (8 * i));
}

// z^(2^250 - 1) and z^11, the common start of both exponentiations.
void pow_2_250_minus_1(Fe& z250, Fe& z11, const Fe& z) noexcept {
  Fe z2, z9, t, z5, z10, z20, z50, z100;
  fe_sq(z2, z);              // 2
  fe_sq_n(t, z2, 2);         // 8
  fe_mul(z9, t, z);          // 9
  fe_mul(z11, z9, z2);       // 11
  fe_sq(t, z11);             // 22
  fe_mul(z5, t, z9);         // 31 = 2^5 - 1
  fe_sq_n(t, z5, 5);         // 2^10 - 2^5
  fe_mul(z10, t, z5);        // 2^10 - 1
  fe_sq_n(t, z10, 10);       // 2^20 - 2^10
  fe_mul(z20, t, z10);       // 2^20 - 1
  fe_sq_n(t, z20, 20);       // 2^40 - 2^20
  fe_mul(t, t, z20);         // 2^40 - 1
  fe_sq_n(t, t, 10);         // 2^50 - 2^10
  fe_mul(z50, t, z10);       // 2^50 - 1
  fe_sq_n(t, z50, 50);       // 2^100 - 2^50
  fe_mul(z100, t, z50);      // 2^100 - 1
  fe_sq_n(t, z100, 100);     // 2^200 - 2^100
  fe_mul(t, t, z100);        // 2^200 - 1
  fe_sq_n(t, t, 50);         // 2^250 - 2^50
  fe_mul(z250, t, z50);      // 2^250 - 1
}

}  // namespace

void fe_from_bytes(Fe& h, const std::uint8_t s[32]) noexcept {
  const u64 w0 = load64_le(s), w1 = load64_le(s + 8), w2 = load64_le(s + 16),
            w3 = load64_le(s + 24);
  h.v[0] = w0 & kMask51;
  h.v[1] = ((w0 >> 51) | (w1 << 13)) & kMask51;
  h.v[2] = ((w1 >> 38) | (w2 << 26)) & kMask51;
  h.v[3] = ((w2 >> 25) | (w3 << 39)) & kMask51;
  h.v[4] = (w3 >> 12) & kMask51;
}

void fe_to_bytes(std::uint8_t s[32], const Fe& f) noexcept {
  Fe h;
  fe_carry(h, f);  // now below 2^255 + 2^70 < 2p
  // q = 1 exactly when h >= p, i.e. when h + 19 reaches 2^255.
  u64 q = (h.v[0] + 19) >> 51;
  q = (h.v[1] + q) >> 51;
  q = (h.v[2] + q) >> 51;
  q = (h.v[3] + q) >> 51;
  q = (h.v[4] + q) >> 51;
  // h - q p = h + 19 q - q 2^255: add, carry through, drop bit 255.
  h.v[0] += 19 * q;
  h.v[1] += h.v[0] >> 51;
  h.v[0] &= kMask51;
  h.v[2] += h.v[1] >> 51;
  h.v[1] &= kMask51;
  h.v[3] += h.v[2] >> 51;
  h.v[2] &= kMask51;
  h.v[4] += h.v[3] >> 51;
  h.v[3] &= kMask51;
  h.v[4] &= kMask51;
  store64_le(s, h.v[0] | (h.v[1] << 51));
  store64_le(s + 8, (h.v[1] >> 13) | (h.v[2] << 38));
  store64_le(s + 16, (h.v[2] >> 26) | (h.v[3] << 25));
  store64_le(s + 24, (h.v[3] >> 39) | (h.v[4] << 12));
}

void fe_invert(Fe& out, const Fe& z) noexcept {
  Fe z250, z11;
  pow_2_250_minus_1(z250, z11, z);
  fe_sq_n(z250, z250, 5);  // 2^255 - 2^5
  fe_mul(out, z250, z11);  // 2^255 - 21 = p - 2
}

void fe_pow22523(Fe& out, const Fe& z) noexcept {
  Fe z250, z11;
  pow_2_250_minus_1(z250, z11, z);
  fe_sq_n(z250, z250, 2);  // 2^252 - 4
  fe_mul(out, z250, z);    // 2^252 - 3
}

u64 fe_is_zero(const Fe& f) noexcept {
  std::uint8_t s[32];
  fe_to_bytes(s, f);
  u64 acc = 0;
  for (std::uint8_t b : s) acc |= b;
  return (acc - 1) >> 63;  // acc < 256: wraps round only for 0
}

u64 fe_is_negative(const Fe& f) noexcept {
  std::uint8_t s[32];
  fe_to_bytes(s, f);
  return s[0] & 1;
}

u64 fe_equal(const Fe& f, const Fe& g) noexcept {
  Fe d;
  fe_sub(d, f, g);
  return fe_is_zero(d);
}

}  // namespace nocrypto::ec::detail
