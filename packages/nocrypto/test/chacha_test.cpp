// ChaCha20, HChaCha20, Poly1305 and the two AEADs: the worked examples of RFC 8439
// section 2 and of the XChaCha draft, the stream's buffering and limits, in-place use,
// every length across the block and vector-batch boundaries, and the accelerated paths
// against the portable ones. Each test runs on both code paths.
#include <nocrypto/chacha20.hpp>
#include <nocrypto/chacha20_poly1305.hpp>
#include <nocrypto/poly1305.hpp>

#include "support.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

// n bytes from a fresh xorshift state `seed`.
Bytes pseudorandom(std::size_t n, std::uint64_t seed) {
  return xorshift_bytes(n, seed);
}

Bytes iota(std::uint8_t first, std::size_t n) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(first + i);
  return out;
}

Bytes xor_stream(ByteView key, ByteView nonce, std::uint64_t counter, ByteView in) {
  Bytes out(in.size());
  EXPECT_TRUE(ChaCha20::xor_stream(key, nonce, counter, in, out));
  return out;
}

const std::string kSunscreen =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
    "future, sunscreen would be it.";

using ChaCha = BothPaths;
INSTANTIATE_TEST_SUITE_P(Paths, ChaCha, testing::Bool(), path_name);

TEST_P(ChaCha, BlockFunctionMatchesRfc8439Section2_3_2) {
  const Bytes key = iota(0, 32);
  const Bytes nonce = from_hex("000000090000004a00000000");
  EXPECT_EQ(to_hex(xor_stream(key, nonce, 1, Bytes(64))),
            "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
}

TEST_P(ChaCha, EncryptionMatchesRfc8439Section2_4_2) {
  const Bytes key = iota(0, 32);
  const Bytes nonce = from_hex("000000000000004a00000000");
  const ByteView plaintext = bytes_of(kSunscreen);
  const Bytes ciphertext = xor_stream(key, nonce, 1, plaintext);
  EXPECT_EQ(to_hex(ciphertext),
            "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f59"
            "3dabcd62b3571639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d"
            "16ccf806818ce91ab77937365af90bbf74a35be6b40b8eedf2785e42874d");
  EXPECT_EQ(xor_stream(key, nonce, 1, ciphertext), Bytes(plaintext.begin(), plaintext.end()));
}

TEST_P(ChaCha, SecondBlockOfTheZeroKeyMatchesRfc8439A1) {
  EXPECT_EQ(to_hex(xor_stream(Bytes(32), Bytes(12), 1, Bytes(64))),
            "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
            "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
}

TEST_P(ChaCha, PolyKeyGenerationMatchesRfc8439Section2_6_2) {
  Bytes block(32);
  auto c = ChaCha20::create(iota(0x80, 32), from_hex("000000000001020304050607"));
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->keystream(block));
  EXPECT_EQ(to_hex(block), "8ad5a08b905f81cc815040274ab29471a833b637e3fd0da508dbb8e2fdd1a646");
}

TEST_P(ChaCha, HChaCha20MatchesTheXChaChaDraft) {
  const auto out = hchacha20(iota(0, 32), from_hex("000000090000004a0000000031415927"));
  ASSERT_TRUE(out);
  EXPECT_EQ(to_hex(*out), "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
}

TEST_P(ChaCha, XChaCha20IsChaCha20UnderTheHChaCha20Subkey) {
  const Bytes key = pseudorandom(32, 1), nonce = pseudorandom(24, 2), msg = pseudorandom(300, 3);
  const auto subkey = hchacha20(key, ByteView(nonce).first(16));
  ASSERT_TRUE(subkey);
  Bytes inner_nonce(4);
  inner_nonce.insert(inner_nonce.end(), nonce.begin() + 16, nonce.end());
  EXPECT_EQ(xor_stream(key, nonce, 5, msg), xor_stream(*subkey, inner_nonce, 5, msg));
}

TEST_P(ChaCha, RefusesBadKeyNonceAndCounter) {
  const Bytes key(32), nonce(12);
  EXPECT_EQ(ChaCha20::create(Bytes(31), nonce).error(), Error::InvalidKeyLength);
  EXPECT_EQ(ChaCha20::create(key, Bytes(16)).error(), Error::InvalidNonceLength);
  EXPECT_EQ(ChaCha20::create(key, nonce, std::uint64_t{1} << 32).error(), Error::InvalidParameter);
  EXPECT_TRUE(ChaCha20::create(key, Bytes(8), std::uint64_t{1} << 32));
  EXPECT_EQ(hchacha20(key, Bytes(12)).error(), Error::InvalidNonceLength);
  auto c = ChaCha20::create(key, nonce);
  Bytes in(10), out(9);
  EXPECT_EQ(c->apply(in, out).error(), Error::InvalidOutputLength);
}

// Every length from 0 to 600 crosses the 64-byte block and the 512- and 1024-byte vector
// batches; each is checked against one byte at a time, which uses only the buffered path.
TEST_P(ChaCha, EveryLengthMatchesByteAtATime) {
  const Bytes key = pseudorandom(32, 7);
  for (std::size_t nonce_size : {8, 12, 24}) {
    const Bytes nonce = pseudorandom(nonce_size, 8);
    const Bytes msg = pseudorandom(1300, 9);
    auto bytewise = ChaCha20::create(key, nonce, 3);
    ASSERT_TRUE(bytewise);
    Bytes expected(msg.size());
    for (std::size_t i = 0; i < msg.size(); ++i) {
      ASSERT_TRUE(bytewise->apply(ByteView(msg).subspan(i, 1), std::span(expected).subspan(i, 1)));
    }
    for (std::size_t n = 0; n <= 600; ++n) {
      const Bytes got = xor_stream(key, nonce, 3, ByteView(msg).first(n));
      ASSERT_EQ(got, Bytes(expected.begin(), expected.begin() + n)) << n;
    }
    for (std::size_t n : {1023, 1024, 1025, 1088, 1300}) {
      ASSERT_EQ(xor_stream(key, nonce, 3, ByteView(msg).first(n)),
                Bytes(expected.begin(), expected.begin() + n))
          << n;
    }
  }
}

TEST_P(ChaCha, SplitsAndInPlaceGiveTheOneShotStream) {
  const Bytes key = pseudorandom(32, 11), nonce = pseudorandom(12, 12);
  const Bytes msg = pseudorandom(3000, 13);
  const Bytes expected = xor_stream(key, nonce, 0, msg);
  for (std::size_t step : {1, 3, 63, 64, 65, 100, 511, 512, 513, 1000}) {
    auto c = ChaCha20::create(key, nonce);
    Bytes data = msg;
    for (std::size_t at = 0; at < data.size(); at += step) {
      const std::size_t n = std::min(step, data.size() - at);
      ASSERT_TRUE(c->apply(std::span(data).subspan(at, n)));
    }
    EXPECT_EQ(data, expected) << step;
  }
}

TEST_P(ChaCha, AcceleratedPathsMatchPortableOnes) {
  const Bytes key = pseudorandom(32, 21);
  const Bytes msg = pseudorandom(5000, 22);
  for (std::size_t nonce_size : {8, 12, 24}) {
    const Bytes nonce = pseudorandom(nonce_size, 23);
    for (std::size_t n : {0, 64, 128, 200, 448, 512, 577, 1024, 1600, 2048, 4999}) {
      cpu::force_portable(true);
      const Bytes portable = xor_stream(key, nonce, 1, ByteView(msg).first(n));
      cpu::force_portable(GetParam());
      EXPECT_EQ(xor_stream(key, nonce, 1, ByteView(msg).first(n)), portable) << n;
    }
  }
}

TEST_P(ChaCha, SixtyFourBitCounterCarriesIntoTheHighWord) {
  const Bytes key = pseudorandom(32, 31), nonce = pseudorandom(8, 32);
  const std::uint64_t start = 0xfffffff0;  // 16 blocks below the carry
  const Bytes msg = pseudorandom(64 * 40, 33);
  const Bytes all = xor_stream(key, nonce, start, msg);
  // Block 2^32 onwards, from a stream that starts there.
  const Bytes later = xor_stream(key, nonce, std::uint64_t{1} << 32, ByteView(msg).subspan(64 * 16));
  EXPECT_EQ(Bytes(all.begin() + 64 * 16, all.end()), later);
  cpu::force_portable(true);
  EXPECT_EQ(xor_stream(key, nonce, start, msg), all);
}

TEST_P(ChaCha, ThirtyTwoBitCounterNeverWraps) {
  const Bytes key(32), nonce(12);
  Bytes buffer(2000, 0x5a);
  // Block 2^32 - 1 is the last: 64 bytes fit, a 65th does not, and nothing is written.
  auto c = ChaCha20::create(key, nonce, 0xffffffff);
  EXPECT_EQ(c->apply(std::span(buffer).first(65)).error(), Error::MessageTooLong);
  EXPECT_EQ(buffer, Bytes(2000, 0x5a));
  EXPECT_TRUE(c->apply(std::span(buffer).first(10)));
  EXPECT_TRUE(c->apply(std::span(buffer).subspan(10, 54)));
  EXPECT_EQ(c->apply(std::span(buffer).first(1)).error(), Error::MessageTooLong);
  EXPECT_TRUE(c->apply(std::span(buffer).first(0)));
  // Sixteen blocks up to the end, through the vector paths.
  buffer.assign(2000, 0x5a);
  auto d = ChaCha20::create(key, nonce, 0xfffffff0);
  EXPECT_TRUE(d->apply(std::span(buffer).first(1024)));
  EXPECT_EQ(d->apply(std::span(buffer).first(1)).error(), Error::MessageTooLong);
  cpu::force_portable(true);
  EXPECT_EQ(xor_stream(key, nonce, 0xfffffff0, Bytes(1024, 0x5a)),
            Bytes(buffer.begin(), buffer.begin() + 1024));
}

// ---- Poly1305 ----

using Poly = BothPaths;
INSTANTIATE_TEST_SUITE_P(Paths, Poly, testing::Bool(), path_name);

TEST_P(Poly, MatchesRfc8439Section2_5_2) {
  const Bytes key = from_hex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
  const auto tag = Poly1305::mac(key, bytes_of("Cryptographic Forum Research Group"));
  ASSERT_TRUE(tag);
  EXPECT_EQ(to_hex(*tag), "a8061dc1305136c6c22b8baf0c0127a9");
  EXPECT_TRUE(Poly1305::verify(key, bytes_of("Cryptographic Forum Research Group"), *tag));
  Bytes bad(tag->begin(), tag->end());
  bad[15] ^= 0x80;
  EXPECT_EQ(Poly1305::verify(key, bytes_of("Cryptographic Forum Research Group"), bad).error(),
            Error::AuthenticationFailed);
  EXPECT_EQ(Poly1305::verify(key, bytes_of("x"), ByteView(*tag).first(15)).error(),
            Error::AuthenticationFailed);
  EXPECT_EQ(Poly1305::mac(Bytes(16), {}).error(), Error::InvalidKeyLength);
}

TEST_P(Poly, SplitsGiveTheOneShotTag) {
  const Bytes key = pseudorandom(32, 41), msg = pseudorandom(2000, 42);
  for (std::size_t n = 0; n <= 700; n += (n < 300 ? 1 : 37)) {
    const ByteView m = ByteView(msg).first(n);
    const auto expected = Poly1305::mac(key, m);
    for (std::size_t step : {1, 5, 16, 17, 64, 100, 256}) {
      auto p = Poly1305::create(key);
      for (std::size_t at = 0; at < n; at += step) p->feed(m.subspan(at, std::min(step, n - at)));
      ASSERT_EQ(p->finish(), *expected) << n << " in steps of " << step;
    }
  }
}

TEST_P(Poly, AcceleratedPathsMatchPortableOnes) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    Bytes key = pseudorandom(32, seed);
    if (seed % 4 == 0) std::fill(key.begin(), key.begin() + 16, 0xff);  // the largest r
    const Bytes msg = seed % 3 == 0 ? Bytes(1500, 0xff) : pseudorandom(1500, seed + 100);
    for (std::size_t n : {0, 16, 63, 64, 128, 255, 256, 512, 1024, 1100, 1500}) {
      cpu::force_portable(true);
      const auto portable = Poly1305::mac(key, ByteView(msg).first(n));
      cpu::force_portable(GetParam());
      ASSERT_EQ(Poly1305::mac(key, ByteView(msg).first(n)), portable) << seed << " " << n;
    }
  }
}

// ---- ChaCha20-Poly1305 and XChaCha20-Poly1305 ----

using Aead = BothPaths;
INSTANTIATE_TEST_SUITE_P(Paths, Aead, testing::Bool(), path_name);

TEST_P(Aead, SealMatchesRfc8439Section2_8_2AndOpens) {
  const auto aead = ChaCha20Poly1305::create(iota(0x80, 32));
  ASSERT_TRUE(aead);
  const Bytes nonce = from_hex("070000004041424344454647");
  const Bytes aad = from_hex("50515253c0c1c2c3c4c5c6c7");
  const ByteView plaintext = bytes_of(kSunscreen);
  Bytes sealed(plaintext.size() + 16);
  ASSERT_TRUE(aead->seal(nonce, aad, plaintext, sealed));
  EXPECT_EQ(to_hex(sealed),
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fa"
            "fb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4"
            "fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116"
            "1ae10b594f09e26a7e902ecbd0600691");
  Bytes opened(plaintext.size());
  ASSERT_TRUE(aead->open(nonce, aad, sealed, opened));
  EXPECT_EQ(opened, Bytes(plaintext.begin(), plaintext.end()));
}

template <class A>
void check_round_trips(std::size_t nonce_size) {
  const auto aead = A::create(pseudorandom(32, 51));
  ASSERT_TRUE(aead);
  const Bytes nonce = pseudorandom(nonce_size, 52);
  const Bytes msg = pseudorandom(1200, 53), aad_all = pseudorandom(100, 54);
  for (std::size_t n = 0; n <= 600; ++n) {
    const ByteView pt = ByteView(msg).first(n), aad = ByteView(aad_all).first(n % 40);
    Bytes sealed(n + 16);
    ASSERT_TRUE(aead->seal(nonce, aad, pt, sealed));
    // Detached gives the same bytes.
    Bytes ct(n), tag(16);
    ASSERT_TRUE(aead->seal_detached(nonce, aad, pt, ct, tag));
    ASSERT_EQ(ct, Bytes(sealed.begin(), sealed.begin() + n));
    ASSERT_EQ(tag, Bytes(sealed.begin() + n, sealed.end()));
    // In place, both ways.
    Bytes buffer(pt.begin(), pt.end());
    buffer.resize(n + 16);
    ASSERT_TRUE(aead->seal(nonce, aad, ByteView(buffer).first(n), buffer));
    ASSERT_EQ(buffer, sealed);
    ASSERT_TRUE(aead->open(nonce, aad, buffer, std::span(buffer).first(n)));
    ASSERT_EQ(Bytes(buffer.begin(), buffer.begin() + n), Bytes(pt.begin(), pt.end()));
    Bytes opened(n);
    ASSERT_TRUE(aead->open_detached(nonce, aad, ct, tag, opened));
    ASSERT_EQ(opened, Bytes(pt.begin(), pt.end()));
    // Any flipped bit of ciphertext, tag or aad fails, and zeroes the output.
    const std::size_t flip = (n * 7919) % (n + 16);
    Bytes bad = sealed;
    bad[flip] ^= static_cast<std::uint8_t>(1u << (n % 8));
    Bytes junk(n, 0xee);
    ASSERT_EQ(aead->open(nonce, aad, bad, junk).error(), Error::AuthenticationFailed);
    ASSERT_EQ(junk, Bytes(n, 0));
    if (!aad.empty()) {
      Bytes bad_aad(aad.begin(), aad.end());
      bad_aad[0] ^= 1;
      ASSERT_EQ(aead->open(nonce, bad_aad, sealed, opened).error(), Error::AuthenticationFailed);
    }
  }
}

TEST_P(Aead, RoundTripsEveryLengthInPlaceAndDetached) {
  check_round_trips<ChaCha20Poly1305>(12);
  check_round_trips<XChaCha20Poly1305>(24);
}

template <class A>
void check_incremental(std::size_t nonce_size) {
  const auto aead = A::create(pseudorandom(32, 61));
  const Bytes nonce = pseudorandom(nonce_size, 62);
  const Bytes msg = pseudorandom(2500, 63), aad = pseudorandom(50, 64);
  Bytes sealed(msg.size() + 16);
  ASSERT_TRUE(aead->seal(nonce, aad, msg, sealed));
  for (std::size_t step : {1, 15, 16, 17, 64, 333, 512, 4096}) {
    auto e = aead->encryptor(nonce);
    ASSERT_TRUE(e);
    ASSERT_TRUE(e->aad(ByteView(aad).first(7)));
    ASSERT_TRUE(e->aad(ByteView(aad).subspan(7)));
    Bytes ct(msg.size());
    for (std::size_t at = 0; at < msg.size(); at += step) {
      const std::size_t n = std::min(step, msg.size() - at);
      ASSERT_TRUE(e->feed(ByteView(msg).subspan(at, n), std::span(ct).subspan(at, n)));
    }
    EXPECT_EQ(e->aad(aad).error(), Error::InvalidParameter);
    const auto tag = e->finish();
    EXPECT_EQ(ct, Bytes(sealed.begin(), sealed.begin() + msg.size())) << step;
    EXPECT_EQ(Bytes(tag.begin(), tag.end()), Bytes(sealed.begin() + msg.size(), sealed.end()));

    auto d = aead->decryptor(nonce);
    ASSERT_TRUE(d);
    ASSERT_TRUE(d->aad(aad));
    Bytes pt = ct;  // in place
    for (std::size_t at = 0; at < pt.size(); at += step) {
      const std::size_t n = std::min(step, pt.size() - at);
      ASSERT_TRUE(d->feed(std::span(pt).subspan(at, n), std::span(pt).subspan(at, n)));
    }
    EXPECT_TRUE(d->finish(tag));
    EXPECT_EQ(pt, msg);
    auto bad = aead->decryptor(nonce);
    ASSERT_TRUE(bad->feed(ct, pt));
    EXPECT_EQ(bad->finish(tag).error(), Error::AuthenticationFailed);  // aad missing
  }
}

TEST_P(Aead, IncrementalMatchesOneShot) {
  check_incremental<ChaCha20Poly1305>(12);
  check_incremental<XChaCha20Poly1305>(24);
}

TEST_P(Aead, EmptyMessageAndEmptyAad) {
  const auto aead = ChaCha20Poly1305::create(Bytes(32, 1));
  Bytes tag_only(16), none;
  ASSERT_TRUE(aead->seal(Bytes(12), {}, {}, tag_only));
  EXPECT_TRUE(aead->open(Bytes(12), {}, tag_only, none));
  // The tag of nothing is Poly1305 of nothing but the two zero lengths.
  Bytes block(64);
  auto c = ChaCha20::create(Bytes(32, 1), Bytes(12));
  ASSERT_TRUE(c->keystream(block));
  const auto expected = Poly1305::mac(ByteView(block).first(32), Bytes(16));
  EXPECT_EQ(tag_only, Bytes(expected->begin(), expected->end()));
  auto e = aead->encryptor(Bytes(12));
  const auto tag = e->finish();
  EXPECT_EQ(Bytes(tag.begin(), tag.end()), tag_only);
}

TEST_P(Aead, RefusesBadLengths) {
  EXPECT_EQ(ChaCha20Poly1305::create(Bytes(16)).error(), Error::InvalidKeyLength);
  EXPECT_EQ(XChaCha20Poly1305::create(Bytes(33)).error(), Error::InvalidKeyLength);
  const auto aead = ChaCha20Poly1305::create(Bytes(32));
  const auto xaead = XChaCha20Poly1305::create(Bytes(32));
  Bytes pt(10), out(26), small(25), opened(10);
  EXPECT_EQ(aead->seal(Bytes(24), {}, pt, out).error(), Error::InvalidNonceLength);
  EXPECT_EQ(aead->seal(Bytes(8), {}, pt, out).error(), Error::InvalidNonceLength);
  EXPECT_EQ(xaead->seal(Bytes(12), {}, pt, out).error(), Error::InvalidNonceLength);
  EXPECT_EQ(aead->encryptor(Bytes(11)).error(), Error::InvalidNonceLength);
  EXPECT_EQ(aead->seal(Bytes(12), {}, pt, small).error(), Error::InvalidOutputLength);
  ASSERT_TRUE(aead->seal(Bytes(12), {}, pt, out));
  EXPECT_EQ(aead->open(Bytes(12), {}, out, small).error(), Error::InvalidOutputLength);
  EXPECT_EQ(aead->open(Bytes(12), {}, ByteView(out).first(15), std::span<std::uint8_t>()).error(),
            Error::InvalidInputLength);
  EXPECT_EQ(aead->open_detached(Bytes(12), {}, ByteView(out).first(10), ByteView(out).subspan(10, 15),
                                opened)
                .error(),
            Error::AuthenticationFailed);
  Bytes tag(15);
  EXPECT_EQ(aead->seal_detached(Bytes(12), {}, pt, opened, tag).error(), Error::InvalidOutputLength);
}

// 2^38 - 64 bytes is the most one nonce can take; beyond it the calls refuse by
// arithmetic alone, before touching the (here too short) buffers.
TEST_P(Aead, RefusesMessagesPastTheCounter) {
  const std::size_t too_long = (std::size_t{1} << 38) - 63;
  std::uint8_t byte = 0;
  const auto aead = ChaCha20Poly1305::create(Bytes(32));
  const ByteView huge(&byte, too_long);
  const std::span<std::uint8_t> huge_out(&byte, too_long + 16);
  EXPECT_EQ(aead->seal(Bytes(12), {}, huge, huge_out).error(), Error::MessageTooLong);
  EXPECT_EQ(aead->open(Bytes(12), {}, ByteView(&byte, too_long + 16), std::span(&byte, too_long))
                .error(),
            Error::MessageTooLong);
  const auto xaead = XChaCha20Poly1305::create(Bytes(32));
  EXPECT_EQ(xaead->seal(Bytes(24), {}, huge, huge_out).error(), Error::MessageTooLong);
  auto e = aead->encryptor(Bytes(12));
  EXPECT_EQ(e->feed(huge, std::span(&byte, too_long)).error(), Error::MessageTooLong);
  auto d = aead->decryptor(Bytes(12));
  EXPECT_EQ(d->feed(huge, std::span(&byte, too_long)).error(), Error::MessageTooLong);
}

}  // namespace
}  // namespace nocrypto_test
