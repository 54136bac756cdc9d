#include "mpz.hpp"

#include <algorithm>
#include <array>

namespace nocrypto::pk::detail {

Mpz::~Mpz() {
  if (z_->_mp_alloc > 0 && z_->_mp_d != nullptr) {
    wipe({reinterpret_cast<std::uint8_t*>(z_->_mp_d),
          static_cast<std::size_t>(z_->_mp_alloc) * sizeof(mp_limb_t)});
  }
  mpz_clear(z_);
}

void Mpz::set_bytes(ByteView bytes) noexcept {
  if (bytes.empty()) {
    mpz_set_ui(z_, 0);
    return;
  }
  mpz_import(z_, bytes.size(), 1, 1, 1, 0, bytes.data());
}

Bytes Mpz::to_bytes() const {
  Bytes out((bits() + 7) / 8);
  to_bytes(out);
  return out;
}

bool Mpz::to_bytes(std::span<std::uint8_t> out) const noexcept {
  const std::size_t n = (bits() + 7) / 8;
  if (n > out.size()) return false;
  std::fill(out.begin(), out.end() - static_cast<std::ptrdiff_t>(n), 0);
  if (n != 0) {
    std::size_t written = 0;
    mpz_export(out.data() + (out.size() - n), &written, 1, 1, 1, 0, z_);
  }
  return true;
}

SecretBytes Mpz::to_secret() const {
  Bytes out((bits() + 7) / 8);
  to_bytes(out);
  return SecretBytes(std::move(out));
}

void powm_secret(Mpz& out, const Mpz& base, const Mpz& exp, const Mpz& m) noexcept {
  mpz_powm_sec(out, base, exp, m);
}

bool random_range(Mpz& out, const Mpz& low, const Mpz& high, RandomRef rng) {
  Mpz span;
  mpz_sub(span, high, low);  // want low + [0, span]
  const std::size_t bits = span.bits();
  if (bits == 0) {
    mpz_set(out, low);
    return true;
  }
  Bytes buf((bits + 7) / 8);
  const unsigned excess = static_cast<unsigned>(buf.size() * 8 - bits);
  for (int tries = 0; tries < 1000; ++tries) {  // each try succeeds with probability >= 1/2
    if (!rng.generate(buf)) {
      wipe(buf);
      return false;
    }
    buf[0] &= static_cast<std::uint8_t>(0xff >> excess);
    out.set_bytes(buf);
    if (cmp(out, span) <= 0) {
      mpz_add(out, out, low);
      wipe(buf);
      return true;
    }
  }
  wipe(buf);
  return false;  // a source that keeps giving the same bytes
}

bool random_odd_top2(Mpz& out, std::size_t bits, RandomRef rng) {
  Bytes buf((bits + 7) / 8);
  if (!rng.generate(buf)) return false;
  const unsigned excess = static_cast<unsigned>(buf.size() * 8 - bits);
  buf[0] &= static_cast<std::uint8_t>(0xff >> excess);
  out.reserve(bits);
  out.set_bytes(buf);
  wipe(buf);
  mpz_setbit(out, bits - 1);
  mpz_setbit(out, bits - 2);
  mpz_setbit(out, 0);
  return true;
}

namespace {

// The odd primes below 2000, for trial division.
const std::vector<unsigned long>& small_primes() {
  static const std::vector<unsigned long> primes = [] {
    std::vector<unsigned long> v;
    for (unsigned long c = 3; c < 2000; c += 2) {
      bool prime = true;
      for (unsigned long d : v) {
        if (d * d > c) break;
        if (c % d == 0) {
          prime = false;
          break;
        }
      }
      if (prime) v.push_back(c);
    }
    return v;
  }();
  return primes;
}

}  // namespace

bool probable_prime(const Mpz& w, int rounds, RandomRef rng, bool& ok) {
  ok = true;
  for (unsigned long p : small_primes()) {
    if (cmp(w, p) == 0) return true;
    if (mpz_divisible_ui_p(w, p)) return false;
  }
  // w - 1 = 2^a * m with m odd (FIPS 186-5 B.3.1).
  Mpz w1, m, b, z, two(2), high;
  mpz_sub_ui(w1, w, 1);
  const mp_bitcnt_t a = mpz_scan1(w1, 0);
  mpz_tdiv_q_2exp(m, w1, a);
  mpz_sub_ui(high, w, 2);
  for (int i = 0; i < rounds; ++i) {
    if (!random_range(b, two, high, rng)) {
      ok = false;
      return false;
    }
    powm_secret(z, b, m, w);
    if (cmp(z, 1) == 0 || cmp(z, w1) == 0) continue;
    bool passed = false;
    for (mp_bitcnt_t j = 1; j < a; ++j) {
      mpz_powm_ui(z, z, 2, w);
      if (cmp(z, w1) == 0) {
        passed = true;
        break;
      }
      if (cmp(z, 1) == 0) break;
    }
    if (!passed) return false;
  }
  return true;
}

}  // namespace nocrypto::pk::detail
