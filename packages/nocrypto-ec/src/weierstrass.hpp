#pragma once
// Points of a short Weierstrass curve y^2 = x^3 - 3x + b over a prime field (internal):
// the NIST curves P-256, P-384 and P-521. Two coordinate systems: projective with the
// complete formulas of Renes, Costello and Batina (ePrint 2015/1060, algorithms 4-6,
// a = -3), which have no exceptional cases, and Jacobian (dbl-2001-b, add-2007-bl,
// madd-2007-bl of the Explicit-Formulas Database), whose doubling is much cheaper.
// Secret scalar multiplication never branches: Jacobian doublings, Jacobian additions only
// where the operands provably differ, the complete addition where they might not.
// Verification (public values only) uses Jacobian coordinates and w-NAF with branches.
// p256.cpp, p384.cpp and p521.cpp instantiate Weierstrass<C> for their curve and export it
// through the byte-level CurveOps of nist_ops.hpp.
#include "nist_ops.hpp"
#include "weierstrass_field.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

namespace nocrypto::ec::detail {

// C provides: limbs, bytes (of a coordinate and of a scalar), bits (of the order n),
// Fp and Fn (Montgomery moduli p and n), and plain limbs b, gx, gy. Adx: the field and
// scalar multiplications in BMI2/ADX assembly (four-limb moduli on x86-64 only), for a
// caller that has checked the CPU.
template <class C, bool Adx = false>
struct Weierstrass {
  using F = Montgomery<typename C::Fp, Adx>;
  using S = Montgomery<typename C::Fn, Adx>;
  static constexpr std::size_t N = C::limbs;
  static constexpr std::size_t bytes = C::bytes;
  using L = Limbs<N>;

  struct Point {  // (X : Y : Z), Montgomery form; the identity is (0 : 1 : 0)
    L x, y, z;
  };
  struct Affine {  // Montgomery form
    L x, y;
  };

  static constexpr L b = F::to_mont(C::b);

  static constexpr Point identity() { return {L{}, F::one, L{}}; }

  static void cmov(Point& r, const Point& a, u64 mask) {
    detail::cmov(r.x, a.x, mask);
    detail::cmov(r.y, a.y, mask);
    detail::cmov(r.z, a.z, mask);
  }

  // The common end of the two additions below: from t0 = X1 X2, t1 = Y1 Y2, t2 = Z1 Z2,
  // t3 = X1 Y2 + X2 Y1, t4 = Y1 Z2 + Y2 Z1 and y3 = X1 Z2 + X2 Z1 to (X3 : Y3 : Z3).
  static Point add_end(L t0, L t1, L t2, const L& t3, const L& t4, L y3) {
    const auto M = F::mul;
    const auto A = F::add;
    const auto D = F::sub;
    L z3 = M(b, t2);
    L x3 = D(y3, z3);
    z3 = A(x3, x3);
    x3 = A(x3, z3);
    z3 = D(t1, x3);
    x3 = A(t1, x3);
    y3 = M(b, y3);
    t1 = A(t2, t2);
    t2 = A(t1, t2);
    y3 = D(y3, t2);
    y3 = D(y3, t0);
    t1 = A(y3, y3);
    y3 = A(t1, y3);
    t1 = A(t0, t0);
    t0 = A(t1, t0);
    t0 = D(t0, t2);
    t1 = M(t4, y3);
    t2 = M(t0, y3);
    y3 = M(x3, z3);
    y3 = A(y3, t2);
    x3 = M(t3, x3);
    x3 = D(x3, t1);
    z3 = M(t4, z3);
    t1 = M(t3, t0);
    z3 = A(z3, t1);
    return {x3, y3, z3};
  }

  // P + Q for any P and Q (algorithm 4: 12M + 2 multiplications by b).
  static Point add(const Point& p, const Point& q) {
    const auto M = F::mul;
    const auto A = F::add;
    const auto D = F::sub;
    L t0 = M(p.x, q.x), t1 = M(p.y, q.y), t2 = M(p.z, q.z);
    L t3 = A(p.x, p.y), t4 = A(q.x, q.y);
    t3 = M(t3, t4);
    t4 = A(t0, t1);
    t3 = D(t3, t4);
    t4 = A(p.y, p.z);
    L x3 = A(q.y, q.z);
    t4 = M(t4, x3);
    x3 = A(t1, t2);
    t4 = D(t4, x3);
    x3 = A(p.x, p.z);
    L y3 = A(q.x, q.z);
    x3 = M(x3, y3);
    y3 = A(t0, t2);
    y3 = D(x3, y3);
    return add_end(t0, t1, t2, t3, t4, y3);
  }

  // P + Q for any P and an affine Q (so Q is not the identity; algorithm 5: 11M + 2 by b).
  static Point add_affine(const Point& p, const Affine& q) {
    const auto M = F::mul;
    const auto A = F::add;
    const auto D = F::sub;
    L t0 = M(p.x, q.x), t1 = M(p.y, q.y);
    L t3 = A(q.x, q.y), t4 = A(p.x, p.y);
    t3 = M(t3, t4);
    t4 = A(t0, t1);
    t3 = D(t3, t4);
    t4 = M(q.y, p.z);
    t4 = A(t4, p.y);
    L y3 = M(q.x, p.z);
    y3 = A(y3, p.x);
    return add_end(t0, t1, p.z, t3, t4, y3);
  }

  // 2P for any P (algorithm 6: 8M + 3S + 2 by b).
  static Point dbl(const Point& p) {
    const auto M = F::mul;
    const auto A = F::add;
    const auto D = F::sub;
    L t0 = F::sqr(p.x), t1 = F::sqr(p.y), t2 = F::sqr(p.z);
    L t3 = M(p.x, p.y);
    t3 = A(t3, t3);
    L z3 = M(p.x, p.z);
    z3 = A(z3, z3);
    L y3 = M(b, t2);
    y3 = D(y3, z3);
    L x3 = A(y3, y3);
    y3 = A(x3, y3);
    x3 = D(t1, y3);
    y3 = A(t1, y3);
    y3 = M(x3, y3);
    x3 = M(x3, t3);
    t3 = A(t2, t2);
    t2 = A(t2, t3);
    z3 = M(b, z3);
    z3 = D(z3, t2);
    z3 = D(z3, t0);
    t3 = A(z3, z3);
    z3 = A(z3, t3);
    t3 = A(t0, t0);
    t0 = A(t3, t0);
    t0 = D(t0, t2);
    t0 = M(t0, z3);
    y3 = A(y3, t0);
    t0 = M(p.y, p.z);
    t0 = A(t0, t0);
    z3 = M(t0, z3);
    x3 = D(x3, z3);
    z3 = M(t0, t1);
    z3 = A(z3, z3);
    z3 = A(z3, z3);
    return {x3, y3, z3};
  }

  static Point negate(const Point& p) { return {p.x, F::neg(p.y), p.z}; }

  // The affine point of P (Montgomery form); false (and zeros) for the identity.
  static bool to_affine(const Point& p, Affine& out) {
    const L zinv = F::inv(p.z);
    out.x = F::mul(p.x, zinv);
    out.y = F::mul(p.y, zinv);
    return !F::is_zero(p.z);
  }

  // Bits [pos, pos + count) of a plain scalar (count <= 8; bits past the top are zero).
  // The position is public; only the value read is secret.
  static unsigned bits_at(const L& k, std::size_t pos, unsigned count) {
    if (pos >= 64 * N) return 0;
    u64 v = k[pos / 64] >> (pos % 64);
    if (pos % 64 != 0 && pos / 64 + 1 < N) v |= k[pos / 64 + 1] << (64 - pos % 64);
    return static_cast<unsigned>(v) & ((1u << count) - 1);
  }

  // Signed 5-bit window i of a scalar (Booth recoding): k = sum d_i 32^i with d_i in
  // [-16, 16], from bits 5i - 1 .. 5i + 4. Returns |d_i|; `negative` is all ones when
  // d_i < 0. No branches: the digit is secret.
  static constexpr std::size_t booth_windows = (C::bits + 1 + 4) / 5;
  static unsigned booth_digit(const L& k, std::size_t i, u64& negative) {
    const unsigned w = i == 0 ? bits_at(k, 0, 5) << 1 : bits_at(k, 5 * i - 1, 6);
    const unsigned top = w >> 5;
    const unsigned v = (w >> 1) + (w & 1);
    const unsigned neg = 0u - top;
    negative = 0 - static_cast<u64>(top);
    return (v & ~neg) | ((32 - v) & neg);
  }

  // ---- Jacobian coordinates (X : Y : Z) = (X/Z^2, Y/Z^3): Z = 0 is the identity ----

  struct Jacobian {
    L x, y, z;
  };

  // 2P (dbl-2001-b for a = -3: 3M + 5S). Correct for every P on the curve, the identity
  // included (Z stays zero); no branches.
  static Jacobian dbl(const Jacobian& p) {
    const L delta = F::sqr(p.z);
    const L gamma = F::sqr(p.y);
    const L beta = F::mul(p.x, gamma);
    L t = F::mul(F::sub(p.x, delta), F::add(p.x, delta));
    const L alpha = F::add(F::add(t, t), t);
    L beta4 = F::add(beta, beta);
    beta4 = F::add(beta4, beta4);
    const L beta8 = F::add(beta4, beta4);
    Jacobian r;
    r.x = F::sub(F::sqr(alpha), beta8);
    r.z = F::sub(F::sub(F::sqr(F::add(p.y, p.z)), gamma), delta);
    L g2 = F::sqr(gamma);
    g2 = F::add(g2, g2);
    g2 = F::add(g2, g2);
    g2 = F::add(g2, g2);
    r.y = F::sub(F::mul(alpha, F::sub(beta4, r.x)), g2);
    return r;
  }

  // Projective (X*Z, Y, Z^3) of a Jacobian point; the identity becomes (0 : 1 : 0).
  static Point projective_of(const Jacobian& p) {
    const L z2 = F::sqr(p.z);
    Point r{F::mul(p.x, p.z), p.y, F::mul(z2, p.z)};
    cmov(r, identity(), F::is_zero(p.z));
    return r;
  }
  // Jacobian (X*Z, Y*Z^2, Z) of a projective point (the identity maps to (0, 0, 0), which
  // doubles to itself and maps back to the identity).
  static Jacobian jacobian_of(const Point& p) {
    const L z2 = F::sqr(p.z);
    return {F::mul(p.x, p.z), F::mul(p.y, z2), p.z};
  }

  // P + Q (add-2007-bl, 11M + 5S) without branches. Correct when P or Q is the identity
  // (by masks) and whenever P != +-Q; P = -Q gives the identity, P = Q does not give 2P,
  // so callers must exclude that case.
  static Jacobian add_unequal(const Jacobian& p, const Jacobian& q) {
    const L z1z1 = F::sqr(p.z), z2z2 = F::sqr(q.z);
    const L u1 = F::mul(p.x, z2z2), u2 = F::mul(q.x, z1z1);
    const L s1 = F::mul(F::mul(p.y, q.z), z2z2), s2 = F::mul(F::mul(q.y, p.z), z1z1);
    const L h = F::sub(u2, u1);
    L r = F::sub(s2, s1);
    r = F::add(r, r);
    const L i = F::sqr(F::add(h, h));
    const L j = F::mul(h, i);
    const L v = F::mul(u1, i);
    Jacobian out;
    out.x = F::sub(F::sub(F::sqr(r), j), F::add(v, v));
    const L s1j = F::mul(s1, j);
    out.y = F::sub(F::mul(r, F::sub(v, out.x)), F::add(s1j, s1j));
    out.z = F::mul(F::sub(F::sub(F::sqr(F::add(p.z, q.z)), z1z1), z2z2), h);
    cmov(out, q, F::is_zero(p.z));
    cmov(out, p, F::is_zero(q.z));
    return out;
  }

  static void cmov(Jacobian& r, const Jacobian& a, u64 mask) {
    detail::cmov(r.x, a.x, mask);
    detail::cmov(r.y, a.y, mask);
    detail::cmov(r.z, a.z, mask);
  }

  // k*P for a secret plain scalar k < 2^bits (at most about 2n): signed 5-bit windows,
  // five Jacobian doublings and one addition per window, the table entry selected by
  // reading all of them and negated by a mask. Before the last window the accumulator is
  // 32 K P with 32 <= 32 K < n - 16 (or the identity), so it never equals +-d P for a
  // digit |d| <= 16 and the cheaper Jacobian addition is exact; the last window uses the
  // complete projective addition, since there 32 K may be n + d.
  static Point mul(const L& k, const Point& p) {
    // j P for j <= 16: (j - 1) P != +-P for j >= 3, as n > 17.
    Jacobian jtable[17];
    jtable[0] = {F::one, F::one, L{}};
    jtable[1] = jacobian_of(p);
    for (int i = 2; i < 17; ++i)
      jtable[i] = (i % 2 == 0) ? dbl(jtable[i / 2]) : add_unequal(jtable[i - 1], jtable[1]);
    Jacobian r = {F::one, F::one, L{}};
    for (std::size_t w = booth_windows; w-- > 1;) {
      for (int j = 0; j < 5; ++j) r = dbl(r);
      u64 negative;
      const unsigned d = booth_digit(k, w, negative);
      Jacobian t = jtable[0];
      for (unsigned i = 1; i < 17; ++i) cmov(t, jtable[i], mask_if_zero(i ^ d));
      detail::cmov(t.y, F::neg(t.y), negative);
      r = add_unequal(r, t);
    }
    for (int j = 0; j < 5; ++j) r = dbl(r);
    u64 negative;
    const unsigned d = booth_digit(k, 0, negative);
    Jacobian t = jtable[0];
    for (unsigned i = 1; i < 17; ++i) cmov(t, jtable[i], mask_if_zero(i ^ d));
    detail::cmov(t.y, F::neg(t.y), negative);
    return add(projective_of(r), projective_of(t));
  }

  // j * 32^w * G for w < booth_windows and 1 <= j <= 16 (entry [w][j - 1]), affine.
  static constexpr int g_wnaf = 7;  // w-NAF width for G in verification
  struct BaseTable {
    Affine entry[booth_windows][16];
    Affine odd[1 << (g_wnaf - 2)];  // (2i + 1) * G, for public scalars
  };
  static inline BaseTable base_storage;

  static void build_base_table() {
    constexpr std::size_t comb = booth_windows * 16;
    constexpr std::size_t odd_count = 1 << (g_wnaf - 2);
    std::vector<Point> points(comb + odd_count);
    const Point g1 = {F::to_mont(C::gx), F::to_mont(C::gy), F::one};
    Point g = g1;
    for (std::size_t w = 0; w < booth_windows; ++w) {
      Point* row = &points[w * 16];
      row[0] = g;
      for (int j = 1; j < 16; ++j) row[j] = (j % 2 == 1) ? dbl(row[j / 2]) : add(row[j - 1], g);
      g = dbl(row[15]);  // 32 * 32^w * G
    }
    Point* odd = &points[comb];
    const Point g2 = dbl(g1);
    odd[0] = g1;
    for (std::size_t i = 1; i < odd_count; ++i) odd[i] = add(odd[i - 1], g2);
    // One inversion for all: prefix products of Z, inverted, unwound backwards.
    std::vector<L> prefix(points.size());
    L acc = F::one;
    for (std::size_t i = 0; i < points.size(); ++i) {
      prefix[i] = acc;
      acc = F::mul(acc, points[i].z);
    }
    L inv = F::inv(acc);
    for (std::size_t i = points.size(); i-- > 0;) {
      const L zinv = F::mul(inv, prefix[i]);
      inv = F::mul(inv, points[i].z);
      Affine& a = i < comb ? base_storage.entry[i / 16][i % 16] : base_storage.odd[i - comb];
      a.x = F::mul(points[i].x, zinv);
      a.y = F::mul(points[i].y, zinv);
    }
  }

  static const BaseTable& base_table() {
    static const bool built = (build_base_table(), true);
    (void)built;
    return base_storage;
  }

  // k*G for a secret plain scalar: one mixed addition per signed 5-bit digit from the
  // table, no doublings; the entry is found by reading the whole row and negated by a
  // mask, and the addition of a zero digit is computed and discarded.
  static Point mul_base(const L& k) {
    const BaseTable& table = base_table();
    Point r = identity();
    for (std::size_t w = 0; w < booth_windows; ++w) {
      u64 negative;
      const unsigned d = booth_digit(k, w, negative);
      Affine a{};
      for (unsigned j = 0; j < 16; ++j) {
        const u64 mask = mask_if_zero((j + 1) ^ d);
        detail::cmov(a.x, table.entry[w][j].x, mask);
        detail::cmov(a.y, table.entry[w][j].y, mask);
      }
      detail::cmov(a.y, F::neg(a.y), negative);
      const Point s = add_affine(r, a);
      cmov(r, s, ~mask_if_zero(d));
    }
    return r;
  }

  // ---- variable time, for public values only (verification) ----

  // P + Q in Jacobian coordinates (add-2007-bl, 11M + 5S), with the identity and P = Q
  // handled by branches.
  static Jacobian add_vartime(const Jacobian& p, const Jacobian& q) {
    if (F::is_zero(p.z)) return q;
    if (F::is_zero(q.z)) return p;
    const L z1z1 = F::sqr(p.z), z2z2 = F::sqr(q.z);
    const L u1 = F::mul(p.x, z2z2), u2 = F::mul(q.x, z1z1);
    const L s1 = F::mul(F::mul(p.y, q.z), z2z2), s2 = F::mul(F::mul(q.y, p.z), z1z1);
    const L h = F::sub(u2, u1);
    L r = F::sub(s2, s1);
    if (F::is_zero(h)) {
      if (F::is_zero(r)) return dbl(p);
      return {F::one, F::one, L{}};
    }
    r = F::add(r, r);
    const L h2 = F::add(h, h);
    const L i = F::sqr(h2);
    const L j = F::mul(h, i);
    const L v = F::mul(u1, i);
    Jacobian out;
    out.x = F::sub(F::sub(F::sqr(r), j), F::add(v, v));
    const L s1j = F::mul(s1, j);
    out.y = F::sub(F::mul(r, F::sub(v, out.x)), F::add(s1j, s1j));
    out.z = F::mul(F::sub(F::sub(F::sqr(F::add(p.z, q.z)), z1z1), z2z2), h);
    return out;
  }

  // P + Q for an affine Q (madd-2007-bl, 7M + 4S), with branches for the special cases.
  static Jacobian add_vartime(const Jacobian& p, const Affine& q) {
    if (F::is_zero(p.z)) return {q.x, q.y, F::one};
    const L z1z1 = F::sqr(p.z);
    const L u2 = F::mul(q.x, z1z1);
    const L s2 = F::mul(F::mul(q.y, p.z), z1z1);
    const L h = F::sub(u2, p.x);
    L r = F::sub(s2, p.y);
    if (F::is_zero(h)) {
      if (F::is_zero(r)) return dbl(p);
      return {F::one, F::one, L{}};
    }
    r = F::add(r, r);
    const L hh = F::sqr(h);
    L i = F::add(hh, hh);
    i = F::add(i, i);
    const L j = F::mul(h, i);
    const L v = F::mul(p.x, i);
    Jacobian out;
    out.x = F::sub(F::sub(F::sqr(r), j), F::add(v, v));
    const L yj = F::mul(p.y, j);
    out.y = F::sub(F::mul(r, F::sub(v, out.x)), F::add(yj, yj));
    out.z = F::sub(F::sub(F::sqr(F::add(p.z, h)), z1z1), hh);
    return out;
  }

  static Jacobian negate(const Jacobian& p) { return {p.x, F::neg(p.y), p.z}; }
  static Affine negate(const Affine& p) { return {p.x, F::neg(p.y)}; }

  // The width-w NAF of a public plain scalar: digits[i] odd in (-2^(w-1), 2^(w-1)) or
  // zero, k = sum digits[i] 2^i. Returns the number of digits (at most 64N + 1).
  static std::size_t wnaf(const L& k, int w, signed char* digits) {
    u64 t[N + 1] = {};
    for (std::size_t i = 0; i < N; ++i) t[i] = k[i];
    const u64 full = u64{1} << w, half = full >> 1;
    std::size_t len = 0;
    for (;;) {
      bool nonzero = false;
      for (std::size_t i = 0; i <= N; ++i) nonzero |= t[i] != 0;
      if (!nonzero) break;
      int d = 0;
      if (t[0] & 1) {
        const u64 low = t[0] & (full - 1);
        if (low >= half) {  // d = low - 2^w < 0: k += 2^w - low
          d = static_cast<int>(low) - static_cast<int>(full);
          u64 carry = full - low;
          for (std::size_t i = 0; i <= N && carry != 0; ++i) {
            t[i] += carry;
            carry = t[i] < carry;
          }
        } else {
          d = static_cast<int>(low);
          t[0] -= low;
        }
      }
      digits[len++] = static_cast<signed char>(d);
      for (std::size_t i = 0; i < N; ++i) t[i] = (t[i] >> 1) | (t[i + 1] << 63);
      t[N] >>= 1;
    }
    return len;
  }

  // u1*G + u2*Q for public scalars and a public Q: one doubling chain over both w-NAFs.
  static Jacobian mul_double_vartime(const L& u1, const L& u2, const Affine& q) {
    const BaseTable& table = base_table();
    constexpr int q_wnaf = 5;
    Jacobian qodd[1 << (q_wnaf - 2)];
    qodd[0] = {q.x, q.y, F::one};
    const Jacobian q2 = dbl(qodd[0]);
    for (std::size_t i = 1; i < std::size(qodd); ++i) qodd[i] = add_vartime(q2, qodd[i - 1]);
    signed char d1[64 * N + 1], d2[64 * N + 1];
    const std::size_t n1 = wnaf(u1, g_wnaf, d1), n2 = wnaf(u2, q_wnaf, d2);
    Jacobian r = {F::one, F::one, L{}};
    for (std::size_t i = n1 > n2 ? n1 : n2; i-- > 0;) {
      r = dbl(r);
      if (i < n1 && d1[i] != 0) {
        const Affine& g = table.odd[(d1[i] > 0 ? d1[i] : -d1[i]) / 2];
        r = add_vartime(r, d1[i] > 0 ? g : negate(g));
      }
      if (i < n2 && d2[i] != 0) {
        const Jacobian& t = qodd[(d2[i] > 0 ? d2[i] : -d2[i]) / 2];
        r = add_vartime(r, d2[i] > 0 ? t : negate(t));
      }
    }
    return r;
  }

  // x^3 - 3x + b.
  static L rhs(const L& x) {
    L r = F::mul(F::sqr(x), x);
    const L x3 = F::add(F::add(x, x), x);
    return F::add(F::sub(r, x3), b);
  }

  // ---- the byte-level operations of CurveOps (plain big-endian integers of `bytes`) ----

  static L plain(const std::uint8_t* in) { return limbs_of_bytes<N>(in, bytes); }
  static void put(const L& a, std::uint8_t* out) { bytes_of_limbs<N>(a, out, bytes); }

  static bool scalar_in_range(const std::uint8_t* d) {
    const L k = plain(d);
    return (~S::is_zero(k) & (0 - less_than(k, S::m))) != 0;
  }

  static void reduce(const std::uint8_t* e, std::uint8_t* out) {
    put(S::from_mont(S::to_mont(plain(e))), out);  // e < R, so the product reduces it fully
  }

  static void put_affine(const Affine& a, std::uint8_t* x, std::uint8_t* y) {
    put(F::from_mont(a.x), x);
    if (y != nullptr) put(F::from_mont(a.y), y);
  }

  static void public_from_private(const std::uint8_t* d, std::uint8_t* x, std::uint8_t* y) {
    L k = plain(d);
    Affine a;
    to_affine(mul_base(k), a);
    put_affine(a, x, y);
    k = L{};
  }

  static bool validate_point(const std::uint8_t* x, const std::uint8_t* y) {
    const L px = plain(x), py = plain(y);
    if (!less_than(px, F::m) || !less_than(py, F::m)) return false;
    const L mx = F::to_mont(px), my = F::to_mont(py);
    return F::equal(F::sqr(my), rhs(mx)) != 0;
  }

  static constexpr L sqrt_exponent = [] {  // (p + 1) / 4, for p = 3 mod 4
    L e = F::m;
    L one{};
    one[0] = 1;
    add_limbs(e, e, one);
    for (std::size_t i = 0; i < N; ++i) e[i] = (e[i] >> 2) | (i + 1 < N ? e[i + 1] << 62 : 0);
    return e;
  }();
  static_assert((C::Fp::modulus[0] & 3) == 3);

  static bool decompress(const std::uint8_t* x, bool odd, std::uint8_t* y) {
    const L px = plain(x);
    if (!less_than(px, F::m)) return false;
    const L r = rhs(F::to_mont(px));
    L my = F::pow(r, sqrt_exponent);
    if (!F::equal(F::sqr(my), r)) return false;  // x^3 - 3x + b is not a square
    L py = F::from_mont(my);
    if (((py[0] & 1) != 0) != odd) py = F::from_mont(F::neg(my));
    put(py, y);
    return true;
  }

  static bool ecdh(const std::uint8_t* d, const std::uint8_t* x, const std::uint8_t* y,
                   std::uint8_t* out) {
    L k = plain(d);
    const Point q = {F::to_mont(plain(x)), F::to_mont(plain(y)), F::one};
    Affine a;
    const bool finite = to_affine(mul(k, q), a);
    put_affine(a, out, nullptr);
    k = L{};
    return finite;
  }

  static bool sign(const std::uint8_t* d, const std::uint8_t* nonce, const std::uint8_t* e,
                   std::uint8_t* r_out, std::uint8_t* s_out) {
    L k = plain(nonce);
    Affine a;
    to_affine(mul_base(k), a);
    const L rm = S::to_mont(F::from_mont(a.x));  // x mod n (x < p < 2n)
    L km = S::to_mont(k);
    L kinv = S::inv(km);
    L dm = S::to_mont(plain(d));
    const L em = S::to_mont(plain(e));
    const L sm = S::mul(kinv, S::add(em, S::mul(rm, dm)));
    const L r = S::from_mont(rm), s = S::from_mont(sm);
    put(r, r_out);
    put(s, s_out);
    k = km = kinv = dm = L{};
    return (~S::is_zero(r) & ~S::is_zero(s)) != 0;
  }

  static bool verify(const std::uint8_t* x, const std::uint8_t* y, const std::uint8_t* e,
                     const std::uint8_t* r_in, const std::uint8_t* s_in) {
    const L r = plain(r_in), s = plain(s_in);
    if (S::is_zero(r) || S::is_zero(s) || !less_than(r, S::m) || !less_than(s, S::m))
      return false;
    const L w = S::to_mont(S::inv_vartime(s));  // s is public
    const L u1 = S::from_mont(S::mul(S::to_mont(plain(e)), w));
    const L u2 = S::from_mont(S::mul(S::to_mont(r), w));
    const Affine q = {F::to_mont(plain(x)), F::to_mont(plain(y))};
    const Jacobian sum = mul_double_vartime(u1, u2, q);
    if (F::is_zero(sum.z)) return false;
    // x(sum) mod n == r, i.e. x == r or x == r + n (x < p < 2n), checked as X == x * Z^2.
    const L zz = F::sqr(sum.z);
    if (F::equal(sum.x, F::mul(F::to_mont(r), zz))) return true;
    L rn{};
    if (add_limbs(rn, r, S::m) != 0 || !less_than(rn, F::m)) return false;
    return F::equal(sum.x, F::mul(F::to_mont(rn), zz)) != 0;
  }

  static constexpr CurveOps ops() {
    return {bytes,           C::bits,       &scalar_in_range, &reduce, &public_from_private,
            &validate_point, &decompress,   &ecdh,            &sign,   &verify};
  }
};

}  // namespace nocrypto::ec::detail
