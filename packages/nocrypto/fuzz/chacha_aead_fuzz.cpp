// Differential fuzzing of ChaCha20-Poly1305 and XChaCha20-Poly1305: sealing on the
// accelerated and the portable paths must give the same bytes, one-shot and incremental
// (pieces cut where the input says) must agree, every seal must open again, and a flipped
// bit must fail to open. Opening the raw input as a sealed message must fail cleanly
// (with the output zeroed) unless it happens to be authentic, which it never is.
//
// Input: byte 0 = flags (bit 0: XChaCha; bits 1..3: number of cuts), byte 1 = AAD
// length (mod 64), then 32 key bytes, 24 nonce bytes (12 used without XChaCha), then the
// cut lengths (one byte each, scaled by 5), then AAD and message.
#include <nocrypto/chacha20.hpp>
#include <nocrypto/chacha20_poly1305.hpp>
#include <nocrypto/cpu.hpp>
#include <nocrypto/poly1305.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
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

template <class A>
void check(ByteView key, ByteView nonce, ByteView aad, ByteView msg, ByteView cuts,
           ByteView raw) {
  const auto aead = A::create(key);
  FUZZ_CHECK(aead.has_value());
  Bytes sealed(msg.size() + 16);
  nocrypto::cpu::force_portable(false);
  FUZZ_CHECK(aead->seal(nonce, aad, msg, sealed).has_value());
  Bytes portable(msg.size() + 16);
  nocrypto::cpu::force_portable(true);
  FUZZ_CHECK(aead->seal(nonce, aad, msg, portable).has_value());
  FUZZ_CHECK(sealed == portable);

  // Incremental, cut where the input says, on the accelerated path.
  nocrypto::cpu::force_portable(false);
  auto e = aead->encryptor(nonce);
  FUZZ_CHECK(e.has_value());
  FUZZ_CHECK(e->aad(aad.first(aad.size() / 2)).has_value());
  FUZZ_CHECK(e->aad(aad.subspan(aad.size() / 2)).has_value());
  Bytes pieces(msg.size());
  std::size_t at = 0;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    const std::size_t n =
        i < cuts.size() ? std::min<std::size_t>(5u * cuts[i], msg.size() - at) : msg.size() - at;
    FUZZ_CHECK(e->feed(msg.subspan(at, n), std::span(pieces).subspan(at, n)).has_value());
    at += n;
  }
  const auto tag = e->finish();
  FUZZ_CHECK(std::equal(pieces.begin(), pieces.end(), sealed.begin()));
  FUZZ_CHECK(std::equal(tag.begin(), tag.end(), sealed.begin() + msg.size()));

  // Opens on both paths, in place; a flipped bit does not.
  for (bool forced : {false, true}) {
    nocrypto::cpu::force_portable(forced);
    Bytes buffer = sealed;
    FUZZ_CHECK(aead->open(nonce, aad, buffer, std::span(buffer).first(msg.size())).has_value());
    FUZZ_CHECK(std::equal(msg.begin(), msg.end(), buffer.begin()));
    Bytes bad = sealed;
    bad[(raw.size() * 31) % bad.size()] ^= static_cast<std::uint8_t>(1u << (raw.size() % 8));
    Bytes out(msg.size(), 0xee);
    const auto r = aead->open(nonce, aad, bad, out);
    FUZZ_CHECK(!r && r.error() == nocrypto::Error::AuthenticationFailed);
    FUZZ_CHECK(std::all_of(out.begin(), out.end(), [](std::uint8_t b) { return b == 0; }));
  }

  // The raw input, taken as sealed bytes, is not authentic.
  if (raw.size() >= 16) {
    Bytes out(raw.size() - 16, 0xee);
    const auto r = aead->open(nonce, aad, raw, out);
    FUZZ_CHECK(!r && r.error() == nocrypto::Error::AuthenticationFailed);
    FUZZ_CHECK(std::all_of(out.begin(), out.end(), [](std::uint8_t b) { return b == 0; }));
  } else {
    Bytes out;
    FUZZ_CHECK(!aead->open(nonce, aad, raw, out).has_value());
  }
  nocrypto::cpu::force_portable(false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2 + 32 + 24) return 0;
  const ByteView input(data, size);
  const bool xchacha = data[0] & 1;
  const std::size_t cut_count = (data[0] >> 1) & 7;
  const ByteView key = input.subspan(2, 32);
  const ByteView nonce = input.subspan(34, xchacha ? 24 : 12);
  ByteView rest = input.subspan(58);
  const ByteView cuts = rest.first(std::min(cut_count, rest.size()));
  rest = rest.subspan(cuts.size());
  const ByteView aad = rest.first(std::min<std::size_t>(data[1] % 64, rest.size()));
  const ByteView msg = rest.subspan(aad.size());
  if (xchacha) {
    check<nocrypto::XChaCha20Poly1305>(key, nonce, aad, msg, cuts, input);
  } else {
    check<nocrypto::ChaCha20Poly1305>(key, nonce, aad, msg, cuts, input);
  }
  return 0;
}
