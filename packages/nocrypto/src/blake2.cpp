// BLAKE2b and BLAKE2s (RFC 7693): one engine over the word size.
#include <nocrypto/blake2.hpp>

#include "endian.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>

namespace nocrypto {
namespace detail {
namespace {

constexpr std::uint8_t kSigma[10][16] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
                                         {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
                                         {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
                                         {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
                                         {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
                                         {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
                                         {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
                                         {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
                                         {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
                                         {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0}};

template <class Word>
struct Blake2Shape;

template <>
struct Blake2Shape<std::uint64_t> {
  static constexpr int rounds = 12, rotation[4] = {32, 24, 16, 63};
  static constexpr std::uint64_t iv[8] = {
      0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
      0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
};

template <>
struct Blake2Shape<std::uint32_t> {
  static constexpr int rounds = 10, rotation[4] = {16, 12, 8, 7};
  static constexpr std::uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
};

template <class Word>
Result<void> blake2_once(ByteView data, std::span<std::uint8_t> out, ByteView key) noexcept {
  constexpr std::size_t max = Blake2Engine<Word>::max_digest;
  if (out.empty() || out.size() > max) return std::unexpected(Error::InvalidOutputLength);
  if (key.size() > max) return std::unexpected(Error::InvalidKeyLength);
  Blake2Engine<Word> engine(out.size(), key);
  engine.feed(data);
  engine.finish(out);
  return {};
}

}  // namespace

template <class Word>
Blake2Engine<Word>::Blake2Engine(std::size_t digest_size, ByteView key) noexcept {
  assert(digest_size >= 1 && digest_size <= max_digest && key.size() <= max_digest);
  std::copy_n(Blake2Shape<Word>::iv, 8, state_.begin());
  state_[0] ^= 0x01010000 ^ (key.size() << 8) ^ digest_size;
  if (!key.empty()) {  // the key, zero-padded, is the first block
    std::copy(key.begin(), key.end(), buffer_.begin());
    buffered_ = block_bytes;
  }
}

template <class Word>
void Blake2Engine<Word>::compress(const std::uint8_t* block, bool last) noexcept {
  using Shape = Blake2Shape<Word>;
  Word m[16], v[16];
  for (int i = 0; i < 16; ++i) m[i] = load<Word, false>(block + i * sizeof(Word));
  for (int i = 0; i < 8; ++i) {
    v[i] = state_[i];
    v[i + 8] = Shape::iv[i];
  }
  v[12] ^= static_cast<Word>(counter_);
  if constexpr (sizeof(Word) == 4) v[13] ^= static_cast<Word>(counter_ >> 32);
  if (last) v[14] = ~v[14];
  auto g = [&v](int a, int b, int c, int d, Word x, Word y) {
    constexpr const int* r = Shape::rotation;
    v[a] += v[b] + x;
    v[d] = std::rotr(v[d] ^ v[a], r[0]);
    v[c] += v[d];
    v[b] = std::rotr(v[b] ^ v[c], r[1]);
    v[a] += v[b] + y;
    v[d] = std::rotr(v[d] ^ v[a], r[2]);
    v[c] += v[d];
    v[b] = std::rotr(v[b] ^ v[c], r[3]);
  };
#pragma GCC unroll 12
  for (int round = 0; round < Shape::rounds; ++round) {
    const std::uint8_t* s = kSigma[round % 10];
    g(0, 4, 8, 12, m[s[0]], m[s[1]]);
    g(1, 5, 9, 13, m[s[2]], m[s[3]]);
    g(2, 6, 10, 14, m[s[4]], m[s[5]]);
    g(3, 7, 11, 15, m[s[6]], m[s[7]]);
    g(0, 5, 10, 15, m[s[8]], m[s[9]]);
    g(1, 6, 11, 12, m[s[10]], m[s[11]]);
    g(2, 7, 8, 13, m[s[12]], m[s[13]]);
    g(3, 4, 9, 14, m[s[14]], m[s[15]]);
  }
  for (int i = 0; i < 8; ++i) state_[i] ^= v[i] ^ v[i + 8];
}

template <class Word>
void Blake2Engine<Word>::feed(ByteView data) noexcept {
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  while (n != 0) {
    if (buffered_ == block_bytes) {  // more input follows, so this block is not the last
      counter_ += block_bytes;
      compress(buffer_.data(), false);
      buffered_ = 0;
    }
    if (buffered_ == 0) {
      for (; n > block_bytes; n -= block_bytes, p += block_bytes) {
        counter_ += block_bytes;
        compress(p, false);
      }
    }
    const std::size_t take = std::min(n, block_bytes - buffered_);
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
  }
}

template <class Word>
void Blake2Engine<Word>::finish(std::span<std::uint8_t> out) noexcept {
  counter_ += buffered_;
  std::fill(buffer_.begin() + buffered_, buffer_.end(), 0);
  compress(buffer_.data(), true);
  std::array<std::uint8_t, max_digest> bytes;
  for (int i = 0; i < 8; ++i) store<Word, false>(bytes.data() + i * sizeof(Word), state_[i]);
  std::copy_n(bytes.begin(), std::min(out.size(), bytes.size()), out.begin());
}

template class Blake2Engine<std::uint64_t>;
template class Blake2Engine<std::uint32_t>;

}  // namespace detail

Result<void> blake2b(ByteView data, std::span<std::uint8_t> out, ByteView key) noexcept {
  return detail::blake2_once<std::uint64_t>(data, out, key);
}

Result<void> blake2s(ByteView data, std::span<std::uint8_t> out, ByteView key) noexcept {
  return detail::blake2_once<std::uint32_t>(data, out, key);
}

}  // namespace nocrypto
