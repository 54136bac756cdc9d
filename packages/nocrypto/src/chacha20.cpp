#include <nocrypto/chacha20.hpp>
#include <nocrypto/cpu.hpp>

#include "chacha20_blocks.hpp"
#include "endian.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace nocrypto {
namespace detail {
namespace {

// "expand 32-byte k"
constexpr std::uint32_t kSigma[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

inline void quarter_round(std::uint32_t* x, int a, int b, int c, int d) noexcept {
  x[a] += x[b], x[d] = std::rotl(x[d] ^ x[a], 16);
  x[c] += x[d], x[b] = std::rotl(x[b] ^ x[c], 12);
  x[a] += x[b], x[d] = std::rotl(x[d] ^ x[a], 8);
  x[c] += x[d], x[b] = std::rotl(x[b] ^ x[c], 7);
}

void load_key(std::uint32_t* state, const std::uint8_t* key) noexcept {
  std::memcpy(state, kSigma, sizeof kSigma);
  for (int i = 0; i < 8; ++i) state[4 + i] = load_le32(key + 4 * i);
}

// Every block at the fastest width the CPU allows.
void run_blocks(std::uint32_t* state, const std::uint8_t* in, std::uint8_t* out,
                std::size_t blocks, bool counter64) noexcept {
#if defined(__x86_64__) || defined(__i386__)
  const cpu::Features& f = cpu::active();
  if (f.avx512f && f.avx2) return chacha20_blocks_avx512(state, in, out, blocks, counter64);
  if (f.avx2) return chacha20_blocks_avx2(state, in, out, blocks, counter64);
#endif
  chacha20_blocks_portable(state, in, out, blocks, counter64);
}

}  // namespace

void chacha20_rounds(std::uint32_t* x) noexcept {
  for (int i = 0; i < 10; ++i) {
    quarter_round(x, 0, 4, 8, 12);
    quarter_round(x, 1, 5, 9, 13);
    quarter_round(x, 2, 6, 10, 14);
    quarter_round(x, 3, 7, 11, 15);
    quarter_round(x, 0, 5, 10, 15);
    quarter_round(x, 1, 6, 11, 12);
    quarter_round(x, 2, 7, 8, 13);
    quarter_round(x, 3, 4, 9, 14);
  }
}

void chacha20_blocks_portable(std::uint32_t* state, const std::uint8_t* in, std::uint8_t* out,
                              std::size_t blocks, bool counter64) noexcept {
  std::uint32_t x[16];
  for (; blocks > 0; --blocks, in += 64, out += 64) {
    std::memcpy(x, state, sizeof x);
    chacha20_rounds(x);
    for (int i = 0; i < 16; ++i) {
      store<std::uint32_t, false>(out + 4 * i, load_le32(in + 4 * i) ^ (x[i] + state[i]));
    }
    if (++state[12] == 0 && counter64) ++state[13];
  }
  wipe({reinterpret_cast<std::uint8_t*>(x), sizeof x});
}

}  // namespace detail

Result<ChaCha20> ChaCha20::create(ByteView key, ByteView nonce, std::uint64_t counter) noexcept {
  if (key.size() != key_size) return std::unexpected(Error::InvalidKeyLength);
  if (nonce.size() != 8 && nonce.size() != 12 && nonce.size() != 24) {
    return std::unexpected(Error::InvalidNonceLength);
  }
  if (nonce.size() != 8 && counter > 0xffffffff) return std::unexpected(Error::InvalidParameter);
  ChaCha20 c;
  std::uint32_t* s = c.state_.data();
  if (nonce.size() == 24) {
    auto subkey = hchacha20(key, nonce.first(16));
    detail::load_key(s, subkey->data());
    wipe(*subkey);
    s[13] = 0;
    s[14] = detail::load_le32(nonce.data() + 16);
    s[15] = detail::load_le32(nonce.data() + 20);
  } else {
    detail::load_key(s, key.data());
    for (std::size_t i = 0; i < nonce.size() / 4; ++i) {
      s[16 - nonce.size() / 4 + i] = detail::load_le32(nonce.data() + 4 * i);
    }
  }
  c.counter64_ = nonce.size() == 8;
  s[12] = static_cast<std::uint32_t>(counter);
  if (c.counter64_) s[13] = static_cast<std::uint32_t>(counter >> 32);
  return c;
}

Result<void> ChaCha20::apply(ByteView in, std::span<std::uint8_t> out) noexcept {
  if (out.size() != in.size()) return std::unexpected(Error::InvalidOutputLength);
  const std::size_t n = in.size();
  const std::size_t from_buffer = std::min<std::size_t>(buffered_, n);
  // Blocks still available before the counter passes its last value.
  const std::uint64_t counter =
      counter64_ ? (std::uint64_t{state_[13]} << 32 | state_[12]) : state_[12];
  std::uint64_t available = counter64_ ? 0 - counter : (std::uint64_t{1} << 32) - counter;
  if (counter64_ && counter == 0) available = ~std::uint64_t{0};  // 2^64, as good as endless
  if (exhausted_) available = 0;
  const std::size_t rest = n - from_buffer;
  const std::size_t blocks = rest / block_size + (rest % block_size != 0);
  if (blocks > available) return std::unexpected(Error::MessageTooLong);

  const std::uint8_t* src = in.data();
  std::uint8_t* dst = out.data();
  const std::uint8_t* stream = buffer_.data() + block_size - buffered_;
  for (std::size_t i = 0; i < from_buffer; ++i) dst[i] = src[i] ^ stream[i];
  buffered_ = static_cast<std::uint8_t>(buffered_ - from_buffer);
  src += from_buffer;
  dst += from_buffer;
  if (blocks == 0) return {};

  const std::size_t whole = rest / block_size;
  if (whole > 0) detail::run_blocks(state_.data(), src, dst, whole, counter64_);
  if (const std::size_t tail = rest % block_size; tail != 0) {
    buffer_.fill(0);
    detail::run_blocks(state_.data(), buffer_.data(), buffer_.data(), 1, counter64_);
    for (std::size_t i = 0; i < tail; ++i) dst[whole * block_size + i] = src[whole * block_size + i] ^ buffer_[i];
    buffered_ = static_cast<std::uint8_t>(block_size - tail);
  }
  exhausted_ = blocks == available;
  return {};
}

Result<void> ChaCha20::keystream(std::span<std::uint8_t> out) noexcept {
  std::memset(out.data(), 0, out.size());
  return apply(out, out);
}

Result<void> ChaCha20::xor_stream(ByteView key, ByteView nonce, std::uint64_t counter, ByteView in,
                                  std::span<std::uint8_t> out) noexcept {
  auto c = create(key, nonce, counter);
  if (!c) return std::unexpected(c.error());
  return c->apply(in, out);
}

ChaCha20::~ChaCha20() {
  wipe({reinterpret_cast<std::uint8_t*>(state_.data()), sizeof state_});
  wipe(buffer_);
}

Result<std::array<std::uint8_t, 32>> hchacha20(ByteView key, ByteView input) noexcept {
  if (key.size() != ChaCha20::key_size) return std::unexpected(Error::InvalidKeyLength);
  if (input.size() != 16) return std::unexpected(Error::InvalidNonceLength);
  std::uint32_t x[16];
  detail::load_key(x, key.data());
  for (int i = 0; i < 4; ++i) x[12 + i] = detail::load_le32(input.data() + 4 * i);
  detail::chacha20_rounds(x);
  std::array<std::uint8_t, 32> out;
  for (int i = 0; i < 4; ++i) {
    detail::store<std::uint32_t, false>(out.data() + 4 * i, x[i]);
    detail::store<std::uint32_t, false>(out.data() + 16 + 4 * i, x[12 + i]);
  }
  wipe({reinterpret_cast<std::uint8_t*>(x), sizeof x});
  return out;
}

}  // namespace nocrypto
