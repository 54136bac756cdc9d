#pragma once
// MdEngine's member functions (internal): included by each algorithm's .cpp, which
// instantiates the engine for its Algo.
#include <nocrypto/detail/md_engine.hpp>

#include "endian.hpp"

#include <algorithm>
#include <cstring>

namespace nocrypto::detail {

template <class Algo>
void MdEngine<Algo>::feed(ByteView data) noexcept {
  if (data.empty()) return;  // its data() may be null, which memcpy may not be given
  total_ += data.size();
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  if (buffered_ != 0) {
    const std::size_t take = std::min(n, Algo::block - buffered_);
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
    if (buffered_ < Algo::block) return;
    Algo::compress(state_.data(), buffer_.data(), 1);
    buffered_ = 0;
  }
  if (const std::size_t blocks = n / Algo::block; blocks != 0) {
    Algo::compress(state_.data(), p, blocks);
    p += blocks * Algo::block;
    n -= blocks * Algo::block;
  }
  if (n != 0) std::memcpy(buffer_.data(), p, n);
  buffered_ = n;
}

template <class Algo>
void MdEngine<Algo>::finish(std::span<std::uint8_t> out) noexcept {
  // 0x80, zeros, then the length in bits in the last length_bytes of a block.
  buffer_[buffered_++] = 0x80;
  if (buffered_ > Algo::block - Algo::length_bytes) {
    std::fill(buffer_.begin() + buffered_, buffer_.end(), 0);
    Algo::compress(state_.data(), buffer_.data(), 1);
    buffered_ = 0;
  }
  std::fill(buffer_.begin() + buffered_, buffer_.end() - 8, 0);
  const std::uint64_t bits = total_ << 3;
  if constexpr (Algo::length_bytes == 16) {  // the high half: bits shifted out above
    store<std::uint64_t, true>(buffer_.data() + Algo::block - 16, total_ >> 61);
  }
  store<std::uint64_t, Algo::big_endian>(buffer_.data() + Algo::block - 8, bits);
  Algo::compress(state_.data(), buffer_.data(), 1);
  write_state(out);
}

template <class Algo>
void MdEngine<Algo>::write_state(std::span<std::uint8_t> out) const noexcept {
  std::array<std::uint8_t, sizeof state_> bytes;
  for (std::size_t i = 0; i < state_.size(); ++i) {
    store<typename Algo::Word, Algo::big_endian>(bytes.data() + i * sizeof(typename Algo::Word),
                                                 state_[i]);
  }
  std::memcpy(out.data(), bytes.data(), std::min(out.size(), bytes.size()));
}

namespace ct {
// All ones when a < b (both below 2^63), when a == b; else zero. No branches.
inline std::uint64_t lt(std::uint64_t a, std::uint64_t b) noexcept { return 0 - ((a - b) >> 63); }
inline std::uint64_t eq(std::uint64_t a, std::uint64_t b) noexcept {
  const std::uint64_t x = a ^ b;
  return ((x | (0 - x)) >> 63) - 1;
}
}  // namespace ct

// The padded tail of the message is laid out block by block from the buffer's start:
// buffered bytes, then data[min_length...], with 0x80 at the secret end and zeros after
// it, and the length field in the block that must hold it (also secret). Every block up to
// the last the longest message could need is compressed; the state after the right one
// is kept by mask.
template <class Algo>
void MdEngine<Algo>::finish_secret_length(ByteView data, std::size_t min_length, std::size_t length,
                                          std::span<std::uint8_t> out) noexcept {
  feed(data.first(min_length));
  const ByteView rest = data.subspan(min_length);
  constexpr std::size_t block = Algo::block, field = Algo::length_bytes;
  const std::size_t start = buffered_;
  const std::size_t end = start + (length - min_length);  // where 0x80 goes
  const std::size_t final_block = (end + field) / block;
  const std::size_t blocks = (start + rest.size() + field) / block + 1;
  const std::uint64_t total = total_ + (length - min_length);
  std::array<std::uint8_t, 16> length_field{};
  if constexpr (field == 16) store<std::uint64_t, true>(length_field.data(), total >> 61);
  store<std::uint64_t, Algo::big_endian>(length_field.data() + field - 8, total << 3);
  auto state = state_;
  decltype(state_) kept{};
  std::array<std::uint8_t, block> b;
  for (std::size_t i = 0; i < blocks; ++i) {
    const std::uint64_t last = ct::eq(i, final_block);
    for (std::size_t j = 0; j < block; ++j) {
      const std::size_t p = i * block + j;
      std::uint8_t x = p < start ? buffer_[p] : (p - start < rest.size() ? rest[p - start] : 0);
      x = static_cast<std::uint8_t>((x & ct::lt(p, end)) | (0x80 & ct::eq(p, end)));
      if (j >= block - field) x |= static_cast<std::uint8_t>(length_field[j - (block - field)] & last);
      b[j] = x;
    }
    Algo::compress(state.data(), b.data(), 1);
    for (std::size_t k = 0; k < state.size(); ++k) kept[k] |= state[k] & static_cast<typename Algo::Word>(last);
  }
  state_ = kept;
  write_state(out);
}

}  // namespace nocrypto::detail
