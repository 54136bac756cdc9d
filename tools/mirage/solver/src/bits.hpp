// A set of one package's published versions, as bits over its ascending version list.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace solver::detail {

// Sets of indices 0..size-1. Up to 64 indices live inline, so the common case never
// allocates; operands of binary operations have the same size (one package's versions).
class Bits {
 public:
  Bits() = default;
  explicit Bits(std::size_t size) : size_(static_cast<std::uint32_t>(size)) {
    if (size > 64) big_.assign((size + 63) / 64, 0);
  }

  // Indices lo..hi, inclusive.
  static Bits range(std::size_t size, std::size_t lo, std::size_t hi) {
    Bits b(size);
    for (std::size_t i = lo; i <= hi; ++i) b.set(i);
    return b;
  }
  static Bits all(std::size_t size) { return ~Bits(size); }

  std::size_t size() const { return size_; }
  bool small() const { return size_ <= 64; }
  std::uint64_t word() const { return small_; }  // the whole set when small()
  bool test(std::size_t i) const { return (words()[i / 64] >> (i % 64)) & 1; }
  void set(std::size_t i) { words()[i / 64] |= std::uint64_t{1} << (i % 64); }

  bool none() const {
    for (std::size_t w = 0; w < count_words(); ++w) {
      if (words()[w]) return false;
    }
    return true;
  }
  bool is_all() const { return (~*this).none(); }
  std::size_t count() const {
    std::size_t n = 0;
    for (std::size_t w = 0; w < count_words(); ++w) n += std::popcount(words()[w]);
    return n;
  }

  Bits operator&(const Bits& o) const { return combine(o, [](auto a, auto b) { return a & b; }); }
  Bits operator|(const Bits& o) const { return combine(o, [](auto a, auto b) { return a | b; }); }
  Bits without(const Bits& o) const { return combine(o, [](auto a, auto b) { return a & ~b; }); }
  Bits operator~() const {
    Bits out = *this;
    for (std::size_t w = 0; w < count_words(); ++w) out.words()[w] = ~words()[w];
    out.clear_tail();
    return out;
  }

  bool subset_of(const Bits& o) const {
    for (std::size_t w = 0; w < count_words(); ++w) {
      if (words()[w] & ~o.words()[w]) return false;
    }
    return true;
  }
  bool disjoint_with(const Bits& o) const {
    for (std::size_t w = 0; w < count_words(); ++w) {
      if (words()[w] & o.words()[w]) return false;
    }
    return true;
  }

  bool operator==(const Bits&) const = default;

 private:
  std::size_t count_words() const { return size_ <= 64 ? 1 : big_.size(); }
  std::uint64_t* words() { return size_ <= 64 ? &small_ : big_.data(); }
  const std::uint64_t* words() const { return size_ <= 64 ? &small_ : big_.data(); }

  void clear_tail() {
    if (size_ % 64 != 0) words()[count_words() - 1] &= (std::uint64_t{1} << (size_ % 64)) - 1;
    if (size_ == 0) small_ = 0;
  }

  template <class Op>
  Bits combine(const Bits& o, Op op) const {
    Bits out = *this;
    for (std::size_t w = 0; w < count_words(); ++w) out.words()[w] = op(words()[w], o.words()[w]);
    return out;
  }

  std::uint32_t size_ = 0;
  std::uint64_t small_ = 0;
  std::vector<std::uint64_t> big_;  // only when size_ > 64
};

}  // namespace solver::detail
