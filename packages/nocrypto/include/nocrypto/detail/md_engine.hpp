#pragma once
// The Merkle-Damgard shell shared by MD5, SHA-1 and SHA-2: buffers input into blocks for
// a compression function and pads with the message length. The member functions are
// defined in src/ and instantiated there for each algorithm.
#include <nocrypto/bytes.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto::detail {

// Algo provides: Word, words (state size), block (bytes), length_bytes (8 or 16),
// big_endian, init(std::span<Word, words>, digest_size) and
// compress(Word* state, const std::uint8_t* blocks, std::size_t count).
template <class Algo>
class MdEngine {
 public:
  using Word = typename Algo::Word;
  static constexpr std::size_t block_size(std::size_t) { return Algo::block; }

  explicit MdEngine(std::size_t digest_size) noexcept { Algo::init(state_, digest_size); }
  void feed(ByteView data) noexcept;
  // Pads and writes the first out.size() bytes of the final state.
  void finish(std::span<std::uint8_t> out) noexcept;
  // Feeds data[0, length) and finishes, `length` being secret in [min_length,
  // data.size()]: the same bytes are read and the same blocks compressed whatever it is.
  void finish_secret_length(ByteView data, std::size_t min_length, std::size_t length,
                            std::span<std::uint8_t> out) noexcept;

 private:
  void write_state(std::span<std::uint8_t> out) const noexcept;
  std::array<Word, Algo::words> state_;
  std::array<std::uint8_t, Algo::block> buffer_;
  std::size_t buffered_ = 0;
  std::uint64_t total_ = 0;  // bytes fed, modulo 2^64
};

// The shape every Algo shares: a block of 16 words, the length in two words.
template <class W, std::size_t Words, bool BigEndian>
struct MdShape {
  using Word = W;
  static constexpr std::size_t words = Words, block = 16 * sizeof(W), length_bytes = 2 * sizeof(W);
  static constexpr bool big_endian = BigEndian;
};

#define NOCRYPTO_MD_ALGO(Name, Word, Words, BigEndian)                                         \
  struct Name : MdShape<Word, Words, BigEndian> {                                              \
    static void init(std::span<Word, Words> state, std::size_t digest_size) noexcept;          \
    static void compress(Word* state, const std::uint8_t* blocks, std::size_t count) noexcept; \
  }
NOCRYPTO_MD_ALGO(Md5Algo, std::uint32_t, 4, false);
NOCRYPTO_MD_ALGO(Sha1Algo, std::uint32_t, 5, true);
NOCRYPTO_MD_ALGO(Sha256Algo, std::uint32_t, 8, true);  // SHA-224 (digest 28) and SHA-256 (32)
// SHA-384 (digest 48), SHA-512 (64), SHA-512/256 (32) and SHA-512/224 (28).
NOCRYPTO_MD_ALGO(Sha512Algo, std::uint64_t, 8, true);
#undef NOCRYPTO_MD_ALGO

extern template class MdEngine<Md5Algo>;
extern template class MdEngine<Sha1Algo>;
extern template class MdEngine<Sha256Algo>;
extern template class MdEngine<Sha512Algo>;

}  // namespace nocrypto::detail
