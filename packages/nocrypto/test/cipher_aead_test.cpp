// AES-GCM and AES-CCM, on both code paths: published examples, round trips at every
// length across the block and eight-block boundaries, in place, the incremental GCM
// objects against the one-shot calls, tampering, truncated tags, argument checks, and
// the two paths against each other.
#include <nocrypto/ccm.hpp>
#include <nocrypto/gcm.hpp>

#include "support.hpp"

#include <gtest/gtest.h>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

class Aead : public BothPaths {};
INSTANTIATE_TEST_SUITE_P(Paths, Aead, testing::Bool(), path_name);

Bytes pseudorandom(std::size_t n, std::uint64_t seed) {
  Bytes out(n);
  seed = seed * 0x9e3779b97f4a7c15 + 1;
  for (auto& b : out) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    b = static_cast<std::uint8_t>(seed);
  }
  return out;
}

Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_P(Aead, GcmMatchesTheSpecificationTestCases) {
  // McGrew and Viega, "The Galois/Counter Mode of Operation", test cases 1 to 3.
  auto zero = AesGcm::create(Bytes(16));
  ASSERT_TRUE(zero);
  Bytes tag(16);
  ASSERT_TRUE(zero->seal(Bytes(12), {}, {}, tag));
  EXPECT_EQ(to_hex(tag), "58e2fccefa7e3061367f1d57a4e7455a");
  Bytes sealed(32);
  ASSERT_TRUE(zero->seal(Bytes(12), {}, Bytes(16), sealed));
  EXPECT_EQ(to_hex(sealed), "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
  auto gcm = AesGcm::create(from_hex("feffe9928665731c6d6a8f9467308308"));
  ASSERT_TRUE(gcm);
  const Bytes pt = from_hex(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
  Bytes out(pt.size() + 16);
  ASSERT_TRUE(gcm->seal(from_hex("cafebabefacedbaddecaf888"), {}, pt, out));
  EXPECT_EQ(to_hex(out),
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
            "4d5c2af327cd64a62cf35abd2ba6fab4");
}

TEST_P(Aead, CcmMatchesRfc3610PacketVector1) {
  auto ccm = AesCcm::create(from_hex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"), 8);
  ASSERT_TRUE(ccm);
  const Bytes pt = from_hex("08090a0b0c0d0e0f101112131415161718191a1b1c1d1e");
  Bytes out(pt.size() + 8);
  ASSERT_TRUE(ccm->seal(from_hex("00000003020100a0a1a2a3a4a5"), from_hex("0001020304050607"), pt,
                        out));
  EXPECT_EQ(to_hex(out), "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0");
}

// Seal and open `n`-byte messages of every length, separately and in place, and check
// that every single-bit change of the sealed bytes, the AAD or the nonce is refused.
template <class A>
void round_trips(const A& aead, ByteView nonce, std::size_t max, bool tamper) {
  const std::size_t t = aead.tag_length();
  for (std::size_t n = 0; n <= max; ++n) {
    const Bytes pt = pseudorandom(n, n), aad = pseudorandom(n % 37, n + 1000);
    Bytes sealed(n + t);
    ASSERT_TRUE(aead.seal(nonce, aad, pt, sealed)) << n;
    Bytes buf = pt;
    buf.resize(n + t);
    ASSERT_TRUE(aead.seal(nonce, aad, ByteView(buf).first(n), buf)) << n;
    EXPECT_EQ(buf, sealed) << n;
    ASSERT_TRUE(aead.open(nonce, aad, buf, std::span(buf).first(n))) << n;
    EXPECT_EQ(Bytes(buf.begin(), buf.begin() + n), pt) << n;
    Bytes ct(n), tag(t), back(n);
    ASSERT_TRUE(aead.seal_detached(nonce, aad, pt, ct, tag));
    EXPECT_EQ(concat(ct, tag), sealed);
    ASSERT_TRUE(aead.open_detached(nonce, aad, ct, tag, back));
    EXPECT_EQ(back, pt);
    if (!tamper) continue;
    for (std::size_t i = 0; i < sealed.size(); ++i) {
      Bytes bad = sealed, out(n, 0xaa);
      bad[i] ^= static_cast<std::uint8_t>(1 << (i % 8));
      EXPECT_EQ(aead.open(nonce, aad, bad, out).error(), Error::AuthenticationFailed) << n;
      EXPECT_EQ(out, Bytes(n, 0)) << n << " " << i;
    }
    Bytes out(n);
    Bytes bad_aad = aad;
    bad_aad.push_back(0);
    EXPECT_FALSE(aead.open(nonce, bad_aad, sealed, out));
    Bytes bad_nonce(nonce.begin(), nonce.end());
    bad_nonce[0] ^= 1;
    EXPECT_FALSE(aead.open(bad_nonce, aad, sealed, out));
  }
}

TEST_P(Aead, GcmRoundTripsAtEveryLengthInPlaceAndRefusesTampering) {
  for (std::size_t key_size : {16, 24, 32}) {
    auto gcm = AesGcm::create(pseudorandom(key_size, 1));
    ASSERT_TRUE(gcm);
    round_trips(*gcm, pseudorandom(12, 2), 100, key_size == 16);
    round_trips(*gcm, pseudorandom(12, 3), 300, false);
  }
}

TEST_P(Aead, CcmRoundTripsAtEveryLengthInPlaceAndRefusesTampering) {
  for (std::size_t key_size : {16, 24, 32}) {
    auto ccm = AesCcm::create(pseudorandom(key_size, 1));
    ASSERT_TRUE(ccm);
    round_trips(*ccm, pseudorandom(13, 2), 100, key_size == 16);
    for (std::size_t nonce = 7; nonce <= 13; ++nonce) {
      for (std::size_t tag = 4; tag <= 16; tag += 2) {
        auto short_tag = AesCcm::create(pseudorandom(key_size, 1), tag);
        ASSERT_TRUE(short_tag);
        round_trips(*short_tag, pseudorandom(nonce, nonce), 40, false);
      }
    }
  }
}

TEST_P(Aead, GcmTakesAnyNonceLengthAndTruncatedTags) {
  auto gcm = AesGcm::create(pseudorandom(16, 4));
  ASSERT_TRUE(gcm);
  for (std::size_t n = 1; n <= 70; ++n) round_trips(*gcm, pseudorandom(n, n), 40, false);
  Bytes out(16);
  EXPECT_EQ(gcm->seal({}, {}, {}, std::span(out).first(16)).error(), Error::InvalidNonceLength);
  const Bytes key = pseudorandom(16, 4), nonce = pseudorandom(12, 5), pt = pseudorandom(50, 6);
  Bytes full(66);
  ASSERT_TRUE(gcm->seal(nonce, {}, pt, full));
  for (std::size_t t = 4; t <= 16; ++t) {
    auto truncated = AesGcm::create(key, t);
    ASSERT_TRUE(truncated);
    Bytes sealed(50 + t);
    ASSERT_TRUE(truncated->seal(nonce, {}, pt, sealed));
    EXPECT_EQ(sealed, Bytes(full.begin(), full.begin() + 50 + t));  // a prefix of the tag
    Bytes back(50);
    EXPECT_TRUE(truncated->open(nonce, {}, sealed, back));
    // The full-length AesGcm refuses the short tag.
    Bytes ct(sealed.begin(), sealed.begin() + 50), tag(sealed.begin() + 50, sealed.end());
    if (t != 16) {
      EXPECT_EQ(gcm->open_detached(nonce, {}, ct, tag, back).error(),
                Error::AuthenticationFailed);
    }
  }
  for (std::size_t t : {0, 1, 3, 17, 32}) {
    EXPECT_EQ(AesGcm::create(key, t).error(), Error::InvalidParameter) << t;
  }
}

TEST_P(Aead, RejectsBadKeysNoncesAndLengths) {
  for (std::size_t n : {0, 8, 15, 17, 31, 33}) {
    EXPECT_EQ(AesGcm::create(Bytes(n)).error(), Error::InvalidKeyLength);
    EXPECT_EQ(AesCcm::create(Bytes(n)).error(), Error::InvalidKeyLength);
  }
  for (std::size_t t : {0, 2, 3, 5, 15, 17, 18}) {
    EXPECT_EQ(AesCcm::create(Bytes(16), t).error(), Error::InvalidParameter) << t;
  }
  auto gcm = AesGcm::create(Bytes(16));
  auto ccm = AesCcm::create(Bytes(16));
  ASSERT_TRUE(gcm && ccm);
  Bytes out(20), small(19), tag(16);
  const Bytes pt(4);
  EXPECT_EQ(gcm->seal(Bytes(12), {}, pt, small).error(), Error::InvalidOutputLength);
  EXPECT_EQ(ccm->seal(Bytes(13), {}, pt, small).error(), Error::InvalidOutputLength);
  for (std::size_t n : {0, 1, 6, 14, 16}) {
    EXPECT_EQ(ccm->seal(Bytes(n), {}, pt, out).error(), Error::InvalidNonceLength) << n;
  }
  // Shorter than a tag: nothing to authenticate.
  Bytes none;
  EXPECT_EQ(gcm->open(Bytes(12), {}, Bytes(15), none).error(), Error::AuthenticationFailed);
  EXPECT_EQ(ccm->open(Bytes(13), {}, Bytes(15), none).error(), Error::AuthenticationFailed);
  // A 13-byte CCM nonce leaves two length bytes: 65536 bytes do not fit.
  Bytes big(65536), big_out(65536 + 16);
  EXPECT_EQ(ccm->seal(Bytes(13), {}, big, big_out).error(), Error::MessageTooLong);
  EXPECT_TRUE(ccm->seal(Bytes(12), {}, big, big_out));
}

TEST_P(Aead, GcmIncrementalMatchesOneShotForAnySplit) {
  auto gcm = AesGcm::create(pseudorandom(32, 9));
  ASSERT_TRUE(gcm);
  const Bytes nonce = pseudorandom(12, 10), aad = pseudorandom(77, 11), pt = pseudorandom(999, 12);
  Bytes sealed(pt.size() + 16);
  ASSERT_TRUE(gcm->seal(nonce, aad, pt, sealed));
  for (std::size_t piece : {1, 5, 16, 33, 128, 129, 500}) {
    auto enc = gcm->encryptor(nonce);
    ASSERT_TRUE(enc);
    for (std::size_t at = 0; at < aad.size(); at += piece) {
      ASSERT_TRUE(enc->aad(ByteView(aad).subspan(at, std::min(piece, aad.size() - at))));
    }
    Bytes out(pt.size() + 16);
    for (std::size_t at = 0; at < pt.size(); at += piece) {
      const std::size_t n = std::min(piece, pt.size() - at);
      ASSERT_TRUE(enc->feed(ByteView(pt).subspan(at, n), std::span(out).subspan(at, n)));
    }
    EXPECT_EQ(enc->aad(aad).error(), Error::InvalidParameter);  // AAD after text
    ASSERT_TRUE(enc->finish(std::span(out).subspan(pt.size())));
    EXPECT_EQ(out, sealed) << piece;

    auto dec = gcm->decryptor(nonce);
    ASSERT_TRUE(dec);
    ASSERT_TRUE(dec->aad(aad));
    Bytes back = Bytes(sealed.begin(), sealed.end() - 16);  // in place
    for (std::size_t at = 0; at < back.size(); at += piece) {
      const std::size_t n = std::min(piece, back.size() - at);
      ASSERT_TRUE(dec->feed(ByteView(back).subspan(at, n), std::span(back).subspan(at, n)));
    }
    EXPECT_EQ(back, pt);
    Bytes bad_tag(sealed.end() - 16, sealed.end());
    bad_tag[15] ^= 1;
    auto dec2 = *dec;
    EXPECT_TRUE(dec->finish(ByteView(sealed).last(16)));
    EXPECT_EQ(dec2.finish(bad_tag).error(), Error::AuthenticationFailed);
    EXPECT_EQ(dec->finish(ByteView(sealed).last(16)).error(), Error::InvalidParameter);  // spent
  }
  // Only AAD, no text; and neither.
  for (const Bytes& a : {Bytes{}, aad}) {
    Bytes tag(16), expected(16);
    ASSERT_TRUE(gcm->seal(nonce, a, {}, expected));
    auto enc = gcm->encryptor(nonce);
    ASSERT_TRUE(enc->aad(a));
    ASSERT_TRUE(enc->finish(tag));
    EXPECT_EQ(tag, expected);
  }
}

TEST(AeadPaths, AcceleratedAndPortableAgree) {
  for (std::size_t key_size : {16, 24, 32}) {
    auto gcm = AesGcm::create(pseudorandom(key_size, 20));
    auto ccm = AesCcm::create(pseudorandom(key_size, 21));
    ASSERT_TRUE(gcm && ccm);
    for (std::size_t n : {0, 1, 15, 16, 17, 127, 128, 129, 255, 256, 257, 1000, 4096 + 7}) {
      for (std::size_t nonce_size : {12, 13, 16, 60}) {
        const Bytes nonce = pseudorandom(nonce_size, n), aad = pseudorandom(n % 50, n + 1),
                    pt = pseudorandom(n, n + 2);
        Bytes out[2][2];
        for (int portable = 0; portable < 2; ++portable) {
          cpu::force_portable(portable != 0);
          out[portable][0].resize(n + 16);
          ASSERT_TRUE(gcm->seal(nonce, aad, pt, out[portable][0]));
          if (nonce_size <= 13) {
            out[portable][1].resize(n + 16);
            ASSERT_TRUE(ccm->seal(nonce, aad, pt, out[portable][1]));
          }
        }
        cpu::force_portable(false);
        EXPECT_EQ(out[0][0], out[1][0]) << n << " " << nonce_size;
        EXPECT_EQ(out[0][1], out[1][1]) << n << " " << nonce_size;
      }
    }
  }
}

}  // namespace
}  // namespace nocrypto_test
