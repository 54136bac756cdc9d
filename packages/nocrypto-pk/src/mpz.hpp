#pragma once
// A small owner of a GMP integer, with big-endian import and export. Every value is
// wiped before GMP frees it: the limbs it holds at the end. GMP may move a value when it
// grows it (realloc) and leaves the old block unwiped; we size secrets up front where we
// can, but cannot rule that out (a documented limitation).
#include <nocrypto-pk/common.hpp>

#include <gmp.h>

#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto::pk::detail {

class Mpz {
 public:
  Mpz() noexcept { mpz_init(z_); }
  explicit Mpz(unsigned long v) noexcept { mpz_init_set_ui(z_, v); }
  // The unsigned big-endian value of `bytes` (empty: zero).
  explicit Mpz(ByteView bytes) noexcept {
    mpz_init(z_);
    set_bytes(bytes);
  }
  Mpz(const Mpz& other) noexcept { mpz_init_set(z_, other.z_); }
  Mpz& operator=(const Mpz& other) noexcept {
    mpz_set(z_, other.z_);
    return *this;
  }
  Mpz(Mpz&& other) noexcept {
    mpz_init(z_);
    mpz_swap(z_, other.z_);
  }
  Mpz& operator=(Mpz&& other) noexcept {
    mpz_swap(z_, other.z_);
    return *this;
  }
  ~Mpz();

  mpz_ptr get() noexcept { return z_; }
  mpz_srcptr get() const noexcept { return z_; }
  operator mpz_ptr() noexcept { return z_; }              // NOLINT: for GMP calls
  operator mpz_srcptr() const noexcept { return z_; }     // NOLINT

  void set_bytes(ByteView bytes) noexcept;
  // Minimal big-endian bytes (zero: empty). Non-negative values only.
  Bytes to_bytes() const;
  // Exactly `out.size()` bytes, left-padded with zeros; false when the value is larger.
  bool to_bytes(std::span<std::uint8_t> out) const noexcept;
  SecretBytes to_secret() const;
  std::size_t bits() const noexcept { return mpz_sgn(z_) == 0 ? 0 : mpz_sizeinbase(z_, 2); }
  bool is_zero() const noexcept { return mpz_sgn(z_) == 0; }
  bool is_odd() const noexcept { return mpz_odd_p(z_) != 0; }
  // Makes room for `bits` bits up front, so a secret does not move as it grows.
  void reserve(std::size_t bits) noexcept { mpz_realloc2(z_, bits + 2 * GMP_NUMB_BITS); }

 private:
  mpz_t z_;
};

inline int cmp(const Mpz& a, const Mpz& b) noexcept { return mpz_cmp(a.get(), b.get()); }
inline int cmp(const Mpz& a, unsigned long b) noexcept { return mpz_cmp_ui(a.get(), b); }

// out = base^exp mod m for a secret exponent (mpz_powm_sec: its time and memory accesses
// depend on the sizes only). m must be odd and exp positive.
void powm_secret(Mpz& out, const Mpz& base, const Mpz& exp, const Mpz& m) noexcept;

// A uniform integer in [low, high] (inclusive, low <= high) from `rng`, by rejection.
bool random_range(Mpz& out, const Mpz& low, const Mpz& high, RandomRef rng);

// A uniform integer of exactly `bits` bits with its top two bits set and the low bit set.
bool random_odd_top2(Mpz& out, std::size_t bits, RandomRef rng);

// Whether `w` (odd, > 3) passes `rounds` Miller-Rabin rounds with random bases from
// `rng`, after trial division by the small primes. `ok` false when rng refused.
bool probable_prime(const Mpz& w, int rounds, RandomRef rng, bool& ok);

}  // namespace nocrypto::pk::detail
