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

  std::array<std::uint8_t, sizeof state_> bytes;
  for (std::size_t i = 0; i < state_.size(); ++i) {
    store<typename Algo::Word, Algo::big_endian>(bytes.data() + i * sizeof(typename Algo::Word),
                                                 state_[i]);
  }
  std::memcpy(out.data(), bytes.data(), std::min(out.size(), bytes.size()));
}

}  // namespace nocrypto::detail
