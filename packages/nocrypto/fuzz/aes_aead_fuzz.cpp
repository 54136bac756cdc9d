// Differential fuzzing of AES-GCM and AES-CCM: the accelerated (AES-NI, PCLMULQDQ) and
// portable (bitsliced AES, integer-multiply GHASH) paths must seal to the same bytes,
// open must give back the message, incremental GCM must equal one-shot GCM, and random
// bytes must fail to open cleanly on both paths. AES-CBC with PKCS#7 is checked the same
// way on whatever the input decrypts to.
//
// Input: byte 0 = key size (16, 24, 32) and CCM tag length; byte 1 = GCM nonce length
// (1..64); byte 2 = CCM nonce length (7..13); byte 3 = AAD length; byte 4 = a split point
// for the incremental calls; the rest = key, nonces and AAD (cycled), then the message.
#include <nocrypto/aes.hpp>
#include <nocrypto/ccm.hpp>
#include <nocrypto/cpu.hpp>
#include <nocrypto/gcm.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using nocrypto::ByteView;
using Bytes = std::vector<std::uint8_t>;

#define FUZZ_CHECK(cond)                                              \
  do {                                                                \
    if (!(cond)) {                                                    \
      std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                   \
    }                                                                 \
  } while (false)

// n bytes taken cyclically from `pool` starting at `at` (zeros when the pool is empty).
Bytes take(ByteView pool, std::size_t& at, std::size_t n) {
  Bytes out(n);
  for (auto& b : out) b = pool.empty() ? 0 : pool[at++ % pool.size()];
  return out;
}

template <class Aead>
Bytes seal(const Aead& aead, const Bytes& nonce, const Bytes& aad, ByteView msg, bool portable) {
  nocrypto::cpu::force_portable(portable);
  Bytes out(msg.size() + aead.tag_length());
  FUZZ_CHECK(aead.seal(nonce, aad, msg, out));
  Bytes back(msg.size());
  FUZZ_CHECK(aead.open(nonce, aad, out, back));
  FUZZ_CHECK(std::equal(back.begin(), back.end(), msg.begin(), msg.end()));
  // Random bytes (the message itself, as if sealed) must not open, and leave zeros.
  if (msg.size() >= aead.tag_length() && aead.tag_length() == 16) {
    Bytes junk(msg.size() - 16, 0x5a);
    FUZZ_CHECK(!aead.open(nonce, aad, msg, junk));
    FUZZ_CHECK(std::all_of(junk.begin(), junk.end(), [](std::uint8_t b) { return b == 0; }));
  }
  nocrypto::cpu::force_portable(false);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 5) return 0;
  static constexpr std::size_t kKeySizes[] = {16, 24, 32};
  const std::size_t key_size = kKeySizes[data[0] % 3];
  const std::size_t ccm_tag = 4 + 2 * ((data[0] / 3) % 7);
  const std::size_t gcm_nonce = 1 + data[1] % 64;
  const std::size_t ccm_nonce = 7 + data[2] % 7;
  const std::size_t aad_size = data[3];
  const std::size_t split = data[4];
  const ByteView rest(data + 5, size - 5);
  // The parameters take up to the first 64 bytes of the rest; the message is all of it
  // after those, so the message and the parameters vary independently.
  const std::size_t params = std::min<std::size_t>(rest.size(), 64);
  const ByteView pool = rest.first(params), msg = rest.subspan(params);
  std::size_t at = 0;
  const Bytes key = take(pool, at, key_size), nonce = take(pool, at, gcm_nonce),
              nonce13 = take(pool, at, ccm_nonce), aad = take(pool, at, aad_size);

  auto gcm = nocrypto::AesGcm::create(key);
  auto ccm = nocrypto::AesCcm::create(key, ccm_tag);
  auto ccm16 = nocrypto::AesCcm::create(key);
  FUZZ_CHECK(gcm && ccm && ccm16);

  const Bytes fast = seal(*gcm, nonce, aad, msg, false);
  FUZZ_CHECK(fast == seal(*gcm, nonce, aad, msg, true));
  // A CCM message must fit its length field: 2^(8 (15 - nonce)) bytes.
  const std::size_t q = 15 - ccm_nonce;
  if (q >= 3 || msg.size() < (std::size_t{1} << (8 * q))) {
    FUZZ_CHECK(seal(*ccm, nonce13, aad, msg, false) == seal(*ccm, nonce13, aad, msg, true));
    FUZZ_CHECK(seal(*ccm16, nonce13, aad, msg, false) == seal(*ccm16, nonce13, aad, msg, true));
  }

  // Incremental GCM, cut at `split` (and the AAD at split % its size), on both paths.
  for (bool portable : {false, true}) {
    nocrypto::cpu::force_portable(portable);
    auto enc = gcm->encryptor(nonce);
    FUZZ_CHECK(enc);
    const std::size_t a = aad.empty() ? 0 : split % (aad.size() + 1);
    FUZZ_CHECK(enc->aad(ByteView(aad).first(a)));
    FUZZ_CHECK(enc->aad(ByteView(aad).subspan(a)));
    Bytes out(msg.size() + 16);
    const std::size_t cut = std::min(split * 7, msg.size());
    FUZZ_CHECK(enc->feed(msg.first(cut), std::span(out).first(cut)));
    FUZZ_CHECK(enc->feed(msg.subspan(cut), std::span(out).subspan(cut, msg.size() - cut)));
    FUZZ_CHECK(enc->finish(std::span(out).subspan(msg.size())));
    FUZZ_CHECK(out == fast);
    nocrypto::cpu::force_portable(false);
  }

  // CBC-PKCS#7 on the whole-block prefix of the message: both paths agree on the result.
  auto aes = nocrypto::Aes::create(key);
  FUZZ_CHECK(aes);
  const ByteView blocks = msg.first(msg.size() / 16 * 16);
  const Bytes iv = take(pool, at, 16);
  Bytes p1(blocks.size()), p2(blocks.size());
  const auto r1 = nocrypto::cbc_pkcs7_decrypt(*aes, iv, blocks, p1);
  nocrypto::cpu::force_portable(true);
  const auto r2 = nocrypto::cbc_pkcs7_decrypt(*aes, iv, blocks, p2);
  nocrypto::cpu::force_portable(false);
  FUZZ_CHECK(r1.has_value() == r2.has_value() && p1 == p2);
  if (r1) FUZZ_CHECK(*r1 == *r2);
  return 0;
}
