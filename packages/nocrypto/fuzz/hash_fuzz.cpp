// Fuzzes the buffering of every hash, HMAC and SHAKE: the input is split into pieces at
// points its first bytes choose, and feeding the pieces must give the one-shot result.
// SHA-1, SHA-256, SHA-512 and SHA3-256 must also agree between the accelerated (SHA-NI,
// AVX2, BMI2) and the portable code paths.
//
// Input: byte 0 = number of cut points (mod 8), then that many bytes of cut lengths
// (each 0..255, scaled by 3 so pieces cross the 128- and 168-byte blocks); the rest is
// the message.
#include <nocrypto/nocrypto.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <tuple>
#include <vector>

namespace {

using nocrypto::ByteView;

#define FUZZ_CHECK(cond)                                              \
  do {                                                                \
    if (!(cond)) {                                                    \
      std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                   \
    }                                                                 \
  } while (false)

// The message cut where the input says.
std::vector<ByteView> pieces(ByteView message, ByteView cuts) {
  std::vector<ByteView> out;
  for (std::uint8_t cut : cuts) {
    const std::size_t n = std::min<std::size_t>(3 * cut, message.size());
    out.push_back(message.first(n));
    message = message.subspan(n);
  }
  out.push_back(message);
  return out;
}

template <class T>
void feed_all(T& t, const std::vector<ByteView>& parts) {
  for (ByteView p : parts) t.feed(p);
}

template <nocrypto::Hash H>
void check_hash(ByteView message, const std::vector<ByteView>& parts) {
  H h;
  feed_all(h, parts);
  FUZZ_CHECK(h.finish() == nocrypto::digest<H>(message));
  const ByteView key = message.first(std::min<std::size_t>(message.size(), 2 * H::block_size));
  nocrypto::Hmac<H> m(key);
  feed_all(m, parts);
  FUZZ_CHECK(m.finish() == nocrypto::hmac<H>(key, message));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t ncuts = std::min<std::size_t>(data[0] % 8, size - 1);
  const ByteView cuts(data + 1, ncuts);
  const ByteView message(data + 1 + ncuts, size - 1 - ncuts);
  const auto parts = pieces(message, cuts);

  using namespace nocrypto;
  std::apply([&](auto... h) { (check_hash<decltype(h)>(message, parts), ...); },
             std::tuple<Md5, Sha1, Sha224, Sha256, Sha384, Sha512_256, Sha3_256, Sha3_512,
                        Blake2b<64>, Blake2s<20>>{});

  Shake128 x;
  feed_all(x, parts);
  std::uint8_t streamed[400], once[400];
  x.squeeze(std::span(streamed).first(message.size() % 200));
  x.squeeze(std::span(streamed).subspan(message.size() % 200));
  shake128(message, once);
  FUZZ_CHECK(std::equal(std::begin(streamed), std::end(streamed), std::begin(once)));

  cpu::force_portable(true);
  const auto portable1 = sha1(message);
  const auto portable256 = sha256(message);
  const auto portable512 = sha512(message);
  const auto portable3 = sha3_256(message);
  cpu::force_portable(false);
  FUZZ_CHECK(portable1 == sha1(message));
  FUZZ_CHECK(portable256 == sha256(message));
  FUZZ_CHECK(portable512 == sha512(message));
  FUZZ_CHECK(portable3 == sha3_256(message));
  return 0;
}
