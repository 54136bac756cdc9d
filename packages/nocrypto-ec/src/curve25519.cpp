// edwards25519 point arithmetic: the formulas, the fixed-base tables, the constant-time
// fixed-base multiplication and the variable-time double multiplication of verification.
#include "curve25519.hpp"

#include <cstring>

namespace nocrypto::ec::detail {
namespace {

// d = -121665/121666, 2d, sqrt(-1) = 2^((p-1)/4) and the base point B = (x, 4/5) with
// x even, as 51-bit limbs.
constexpr Fe kD = {{0x34dca135978a3, 0x1a8283b156ebd, 0x5e7a26001c029, 0x739c663a03cbb,
                    0x52036cee2b6ff}};
constexpr Fe kD2 = {{0x69b9426b2f159, 0x35050762add7a, 0x3cf44c0038052, 0x6738cc7407977,
                     0x2406d9dc56dff}};
constexpr Fe kSqrtM1 = {{0x61b274a0ea0b0, 0xd5a5fc8f189d, 0x7ef5e9cbd0c60, 0x78595a6804c9e,
                         0x2b8324804fc1d}};
constexpr Fe kBaseX = {{0x62d608f25d51a, 0x412a4b4f6592a, 0x75b7171a4b31d, 0x1ff60527118fe,
                        0x216936d3cd6e5}};
constexpr Fe kBaseY = {{0x6666666666658, 0x4cccccccccccc, 0x1999999999999, 0x3333333333333,
                        0x6666666666666}};

// ---- conversions and the formulas (bounds as in field25519.hpp) -------------------------

void p3_identity(GeP3& h) noexcept {
  h.X = fe_zero();
  h.Y = fe_one();
  h.Z = fe_one();
  h.T = fe_zero();
}

void p2_identity(GeP2& h) noexcept {
  h.X = fe_zero();
  h.Y = fe_one();
  h.Z = fe_one();
}

void niels_identity(GeNiels& h) noexcept {
  h.YplusX = fe_one();
  h.YminusX = fe_one();
  h.XY2d = fe_zero();
}

NOCRYPTO_FE_INLINE void p3_to_p2(GeP2& r, const GeP3& p) noexcept {
  r.X = p.X;
  r.Y = p.Y;
  r.Z = p.Z;
}

NOCRYPTO_FE_INLINE void p1p1_to_p2(GeP2& r, const GeP1P1& p) noexcept {
  fe_mul(r.X, p.X, p.T);
  fe_mul(r.Y, p.Y, p.Z);
  fe_mul(r.Z, p.Z, p.T);
}

NOCRYPTO_FE_INLINE void p1p1_to_p3(GeP3& r, const GeP1P1& p) noexcept {
  fe_mul(r.X, p.X, p.T);
  fe_mul(r.Y, p.Y, p.Z);
  fe_mul(r.Z, p.Z, p.T);
  fe_mul(r.T, p.X, p.Y);
}

NOCRYPTO_FE_INLINE void p3_to_cached(GeCached& r, const GeP3& p) noexcept {
  fe_add(r.YplusX, p.Y, p.X);
  fe_sub(r.YminusX, p.Y, p.X);
  r.Z = p.Z;
  fe_mul(r.T2d, p.T, kD2);
}

// Doubling (a = -1): with A = X^2, B = Y^2, C = 2 Z^2, E = (X+Y)^2 - A - B, G = B - A,
// the result is x = E/G, y = (A+B)/(C-G).
NOCRYPTO_FE_INLINE void ge_dbl(GeP1P1& r, const GeP2& p) noexcept {
  Fe a, b, c, g, t;
  fe_sq(a, p.X);
  fe_sq(b, p.Y);
  fe_sq(c, p.Z);
  fe_add(c, c, c);
  fe_add(r.Y, a, b);
  fe_add(t, p.X, p.Y);
  fe_sq(t, t);
  fe_sub(r.X, t, r.Y);
  fe_sub(g, b, a);
  fe_carry(r.Z, g);
  fe_sub(r.T, c, r.Z);
}

// p + q (and p - q): the unified addition with k = 2d; x = E/G, y = H/F.
NOCRYPTO_FE_INLINE void ge_add(GeP1P1& r, const GeP3& p, const GeCached& q) noexcept {
  Fe a, b, c, d, t;
  fe_add(t, p.Y, p.X);
  fe_mul(b, t, q.YplusX);
  fe_sub(t, p.Y, p.X);
  fe_mul(a, t, q.YminusX);
  fe_mul(c, p.T, q.T2d);
  fe_mul(d, p.Z, q.Z);
  fe_add(d, d, d);
  fe_sub(r.X, b, a);
  fe_add(r.Y, b, a);
  fe_add(r.Z, d, c);
  fe_sub(r.T, d, c);
}

NOCRYPTO_FE_INLINE void ge_sub(GeP1P1& r, const GeP3& p, const GeCached& q) noexcept {
  Fe a, b, c, d, t;
  fe_add(t, p.Y, p.X);
  fe_mul(b, t, q.YminusX);
  fe_sub(t, p.Y, p.X);
  fe_mul(a, t, q.YplusX);
  fe_mul(c, p.T, q.T2d);
  fe_mul(d, p.Z, q.Z);
  fe_add(d, d, d);
  fe_sub(r.X, b, a);
  fe_add(r.Y, b, a);
  fe_sub(r.Z, d, c);
  fe_add(r.T, d, c);
}

NOCRYPTO_FE_INLINE void ge_madd(GeP1P1& r, const GeP3& p, const GeNiels& q) noexcept {
  Fe a, b, c, d, t;
  fe_add(t, p.Y, p.X);
  fe_mul(b, t, q.YplusX);
  fe_sub(t, p.Y, p.X);
  fe_mul(a, t, q.YminusX);
  fe_mul(c, p.T, q.XY2d);
  fe_add(d, p.Z, p.Z);
  fe_sub(r.X, b, a);
  fe_add(r.Y, b, a);
  fe_add(r.Z, d, c);
  fe_sub(r.T, d, c);
}

NOCRYPTO_FE_INLINE void ge_msub(GeP1P1& r, const GeP3& p, const GeNiels& q) noexcept {
  Fe a, b, c, d, t;
  fe_add(t, p.Y, p.X);
  fe_mul(b, t, q.YminusX);
  fe_sub(t, p.Y, p.X);
  fe_mul(a, t, q.YplusX);
  fe_mul(c, p.T, q.XY2d);
  fe_add(d, p.Z, p.Z);
  fe_sub(r.X, b, a);
  fe_add(r.Y, b, a);
  fe_sub(r.Z, d, c);
  fe_add(r.T, d, c);
}

// ---- tables ------------------------------------------------------------------------

// The affine (Niels) forms of n points, with one inversion for all of them.
void to_niels(GeNiels* out, const GeP3* in, int n) noexcept {
  Fe acc[8];
  acc[0] = in[0].Z;
  for (int i = 1; i < n; ++i) fe_mul(acc[i], acc[i - 1], in[i].Z);
  Fe inv;
  fe_invert(inv, acc[n - 1]);
  for (int i = n - 1; i >= 0; --i) {
    Fe zinv;
    if (i > 0) {
      fe_mul(zinv, inv, acc[i - 1]);
      fe_mul(inv, inv, in[i].Z);
    } else {
      zinv = inv;
    }
    Fe x, y, t;
    fe_mul(x, in[i].X, zinv);
    fe_mul(y, in[i].Y, zinv);
    fe_add(t, y, x);
    fe_carry(out[i].YplusX, t);
    fe_sub(t, y, x);
    fe_carry(out[i].YminusX, t);
    fe_mul(t, x, y);
    fe_mul(out[i].XY2d, t, kD2);
  }
}

struct BaseTables {
  GeNiels comb[32][8];  // comb[i][j] = (j + 1) 256^i B: the fixed-base multiplication
  GeNiels odd[64];      // odd[j] = (2j + 1) B: the verifier's width-8 window
};

BaseTables make_tables() noexcept {
  BaseTables t;
  GeP3 base;
  base.X = kBaseX;
  base.Y = kBaseY;
  base.Z = fe_one();
  fe_mul(base.T, kBaseX, kBaseY);
  GeP3 row[8];
  GeP1P1 s;
  GeCached c;
  // comb
  GeP3 b = base;
  for (int i = 0; i < 32; ++i) {
    row[0] = b;
    p3_to_cached(c, b);
    for (int j = 1; j < 8; ++j) {
      ge_add(s, row[j - 1], c);
      p1p1_to_p3(row[j], s);
    }
    to_niels(t.comb[i], row, 8);
    GeP2 q;
    p3_to_p2(q, b);
    for (int k = 0; k < 8; ++k) {
      ge_dbl(s, q);
      if (k < 7) p1p1_to_p2(q, s);
    }
    p1p1_to_p3(b, s);
  }
  // odd multiples
  GeP2 q;
  p3_to_p2(q, base);
  ge_dbl(s, q);
  GeP3 two_b;
  p1p1_to_p3(two_b, s);
  GeCached two_bc;
  p3_to_cached(two_bc, two_b);
  GeP3 cur = base;
  for (int chunk = 0; chunk < 8; ++chunk) {
    for (int j = 0; j < 8; ++j) {
      row[j] = cur;
      ge_add(s, cur, two_bc);
      p1p1_to_p3(cur, s);
    }
    to_niels(t.odd + 8 * chunk, row, 8);
  }
  return t;
}

// Computed on first use: a few thousand field operations, once.
const BaseTables& tables() noexcept {
  static const BaseTables t = make_tables();
  return t;
}

// 1 when a = b, else 0, for a, b < 2^63; constant time.
NOCRYPTO_FE_INLINE u64 eq_mask_bit(u64 a, u64 b) noexcept {
  return ((a ^ b) - 1) >> 63;
}

void niels_cmov(GeNiels& t, const GeNiels& u, u64 bit) noexcept {
  fe_cmov(t.YplusX, u.YplusX, bit);
  fe_cmov(t.YminusX, u.YminusX, bit);
  fe_cmov(t.XY2d, u.XY2d, bit);
}

// t = e comb[pos] for -8 <= e <= 8: every entry read, the wanted one kept by masks.
void select(GeNiels& t, int pos, std::int8_t e) noexcept {
  const GeNiels* row = tables().comb[pos];
  const u64 ev = static_cast<u64>(static_cast<std::int64_t>(e));
  const u64 negative = ev >> 63;
  const u64 m = 0 - negative;
  const u64 magnitude = (ev ^ m) - m;
  niels_identity(t);
  for (int j = 0; j < 8; ++j) niels_cmov(t, row[j], eq_mask_bit(magnitude, j + 1));
  GeNiels minus;
  minus.YplusX = t.YminusX;
  minus.YminusX = t.YplusX;
  fe_neg(minus.XY2d, t.XY2d);
  niels_cmov(t, minus, negative);
}

// Width-w non-adjacent form of a scalar below 2^253: out[i] is 0 or odd with
// |out[i]| < 2^(w-1), and any w consecutive digits hold at most one nonzero.
void wnaf(std::int8_t out[256], const std::uint8_t s[32], int w) noexcept {
  auto bit = [&](int pos) -> int { return pos < 256 ? (s[pos >> 3] >> (pos & 7)) & 1 : 0; };
  std::memset(out, 0, 256);
  int carry = 0;
  int pos = 0;
  while (pos < 256) {
    if (bit(pos) == carry) {  // bit + carry is even: a zero digit, carry unchanged
      ++pos;
      continue;
    }
    int v = carry;
    for (int k = 0; k < w; ++k) v += bit(pos + k) << k;
    if (v >= (1 << (w - 1))) {
      v -= 1 << w;
      carry = 1;
    } else {
      carry = 0;
    }
    out[pos] = static_cast<std::int8_t>(v);
    pos += w;
  }
}

}  // namespace

void ge_scalarmult_base(GeP3& h, const std::uint8_t a[32]) noexcept {
  // a = sum e[i] 16^i with -8 <= e[i] <= 8 (signed radix 16).
  std::int8_t e[64];
  for (int i = 0; i < 32; ++i) {
    e[2 * i] = static_cast<std::int8_t>(a[i] & 15);
    e[2 * i + 1] = static_cast<std::int8_t>((a[i] >> 4) & 15);
  }
  int carry = 0;
  for (int i = 0; i < 63; ++i) {
    int v = e[i] + carry;
    carry = (v + 8) >> 4;
    e[i] = static_cast<std::int8_t>(v - carry * 16);
  }
  e[63] = static_cast<std::int8_t>(e[63] + carry);

  // The odd digits (weights 16 * 256^i) first, times 16, then the even ones.
  GeP1P1 r;
  GeNiels t;
  p3_identity(h);
  for (int i = 1; i < 64; i += 2) {
    select(t, i / 2, e[i]);
    ge_madd(r, h, t);
    p1p1_to_p3(h, r);
  }
  GeP2 q;
  p3_to_p2(q, h);
  for (int k = 0; k < 4; ++k) {
    ge_dbl(r, q);
    if (k < 3) p1p1_to_p2(q, r);
  }
  p1p1_to_p3(h, r);
  for (int i = 0; i < 64; i += 2) {
    select(t, i / 2, e[i]);
    ge_madd(r, h, t);
    p1p1_to_p3(h, r);
  }
  std::memset(e, 0, sizeof e);
}

void ge_double_scalarmult_vartime(GeP2& r, const std::uint8_t a[32], const GeP3& A,
                                  const std::uint8_t b[32]) noexcept {
  std::int8_t an[256], bn[256];
  wnaf(an, a, 5);
  wnaf(bn, b, 8);
  // A, 3A, ..., 15A
  GeCached ai[8];
  GeP1P1 t;
  GeP3 u = A;
  p3_to_cached(ai[0], A);
  GeP2 q;
  p3_to_p2(q, A);
  ge_dbl(t, q);
  GeP3 a2;
  p1p1_to_p3(a2, t);
  GeCached a2c;
  p3_to_cached(a2c, a2);
  for (int i = 1; i < 8; ++i) {
    ge_add(t, u, a2c);
    p1p1_to_p3(u, t);
    p3_to_cached(ai[i], u);
  }
  const GeNiels* odd = tables().odd;

  int i = 255;
  while (i >= 0 && an[i] == 0 && bn[i] == 0) --i;
  p2_identity(r);
  for (; i >= 0; --i) {
    ge_dbl(t, r);
    if (an[i] > 0) {
      p1p1_to_p3(u, t);
      ge_add(t, u, ai[an[i] / 2]);
    } else if (an[i] < 0) {
      p1p1_to_p3(u, t);
      ge_sub(t, u, ai[-an[i] / 2]);
    }
    if (bn[i] > 0) {
      p1p1_to_p3(u, t);
      ge_madd(t, u, odd[bn[i] / 2]);
    } else if (bn[i] < 0) {
      p1p1_to_p3(u, t);
      ge_msub(t, u, odd[-bn[i] / 2]);
    }
    p1p1_to_p2(r, t);
  }
}

bool ge_from_bytes(GeP3& h, const std::uint8_t s[32]) noexcept {
  Fe y;
  fe_from_bytes(y, s);
  std::uint8_t canonical[32];
  fe_to_bytes(canonical, y);
  canonical[31] |= s[31] & 0x80;
  if (std::memcmp(canonical, s, 32) != 0) return false;  // y >= p

  // x^2 = u / v with u = y^2 - 1, v = d y^2 + 1; x = u v^3 (u v^7)^((p-5)/8).
  Fe y2, u, v, v3, x, t;
  fe_sq(y2, y);
  fe_sub(t, y2, fe_one());
  fe_carry(u, t);
  fe_mul(t, y2, kD);
  fe_add(t, t, fe_one());
  fe_carry(v, t);
  fe_sq(v3, v);
  fe_mul(v3, v3, v);
  fe_sq(x, v3);
  fe_mul(x, x, v);
  fe_mul(x, x, u);
  fe_pow22523(x, x);
  fe_mul(x, x, v3);
  fe_mul(x, x, u);

  Fe vxx, minus_u;
  fe_sq(vxx, x);
  fe_mul(vxx, vxx, v);
  if (!fe_equal(vxx, u)) {
    fe_neg(minus_u, u);
    if (!fe_equal(vxx, minus_u)) return false;  // u/v is not a square: not on the curve
    fe_mul(x, x, kSqrtM1);
  }
  const u64 sign = s[31] >> 7;
  if (fe_is_zero(x) && sign) return false;  // "-0"
  if (fe_is_negative(x) != sign) fe_neg(x, x);
  h.X = x;
  h.Y = y;
  h.Z = fe_one();
  fe_mul(h.T, x, y);
  return true;
}

void ge_to_bytes(std::uint8_t s[32], const GeP2& h) noexcept {
  Fe recip, x, y;
  fe_invert(recip, h.Z);
  fe_mul(x, h.X, recip);
  fe_mul(y, h.Y, recip);
  fe_to_bytes(s, y);
  s[31] ^= static_cast<std::uint8_t>(fe_is_negative(x) << 7);
}

void ge_to_bytes(std::uint8_t s[32], const GeP3& h) noexcept {
  GeP2 q;
  p3_to_p2(q, h);
  ge_to_bytes(s, q);
}

void ge_neg(GeP3& r, const GeP3& h) noexcept {
  fe_neg(r.X, h.X);
  r.Y = h.Y;
  r.Z = h.Z;
  fe_neg(r.T, h.T);
}

void ge_to_montgomery_u(std::uint8_t u[32], const GeP3& h) noexcept {
  // (1 + y) / (1 - y) = (Z + Y) / (Z - Y)
  Fe n, d;
  fe_add(n, h.Z, h.Y);
  fe_sub(d, h.Z, h.Y);
  fe_invert(d, d);
  fe_mul(n, n, d);
  fe_to_bytes(u, n);
}

}  // namespace nocrypto::ec::detail
