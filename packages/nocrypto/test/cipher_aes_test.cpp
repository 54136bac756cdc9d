// AES and its unauthenticated modes, on both code paths: the FIPS 197 and SP 800-38A
// examples, streams against one-shot calls, in-place operation, PKCS#7 edge cases,
// argument checks, and the two paths against each other on pseudorandom data. Also 3DES
// argument checks and a two-key known answer.
#include <nocrypto/aes.hpp>
#include <nocrypto/des.hpp>

#include "support.hpp"

#include <gtest/gtest.h>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

class Aes : public BothPaths {};
INSTANTIATE_TEST_SUITE_P(Paths, Aes, testing::Bool(), path_name);

Bytes pseudorandom(std::size_t n, std::uint64_t seed) {
  Bytes out(n);
  for (auto& b : out) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    b = static_cast<std::uint8_t>(seed);
  }
  return out;
}

nocrypto::Aes make(const std::string& key_hex) {
  auto aes = nocrypto::Aes::create(from_hex(key_hex));
  EXPECT_TRUE(aes);
  return *aes;
}

TEST_P(Aes, EncryptsFips197AppendixCBlocks) {
  const Bytes pt = from_hex("00112233445566778899aabbccddeeff");
  const struct {
    const char* key;
    const char* ct;
  } cases[] = {
      {"000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a"},
      {"000102030405060708090a0b0c0d0e0f1011121314151617", "dda97ca4864cdfe06eaf70a0ec0d7191"},
      {"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
       "8ea2b7ca516745bfeafc49904b496089"},
  };
  for (const auto& c : cases) {
    const auto aes = make(c.key);
    std::array<std::uint8_t, 16> block;
    std::copy(pt.begin(), pt.end(), block.begin());
    aes.encrypt_block(block, block);
    EXPECT_EQ(to_hex(block), c.ct);
    aes.decrypt_block(block, block);
    EXPECT_EQ(to_hex(block), to_hex(pt));
    EXPECT_EQ(aes.key_size(), from_hex(c.key).size());
  }
}

const char* kSp800Key = "2b7e151628aed2a6abf7158809cf4f3c";
const char* kSp800Plain =
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

TEST_P(Aes, MatchesSp80038aEcbCbcAndCtrExamples) {
  const auto aes = make(kSp800Key);
  const Bytes pt = from_hex(kSp800Plain);
  Bytes out(pt.size()), back(pt.size());
  ASSERT_TRUE(ecb_encrypt(aes, pt, out));
  EXPECT_EQ(to_hex(out),
            "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
            "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4");
  ASSERT_TRUE(ecb_decrypt(aes, out, back));
  EXPECT_EQ(back, pt);
  const Bytes iv = from_hex("000102030405060708090a0b0c0d0e0f");
  ASSERT_TRUE(cbc_encrypt(aes, iv, pt, out));
  EXPECT_EQ(to_hex(out),
            "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
            "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7");
  ASSERT_TRUE(cbc_decrypt(aes, iv, out, back));
  EXPECT_EQ(back, pt);
  const Bytes counter = from_hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  ASSERT_TRUE(ctr_xor(aes, counter, pt, out));
  EXPECT_EQ(to_hex(out),
            "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
            "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee");
  // The full 128-bit counter gives the same blocks here: no carry leaves the low word.
  ASSERT_TRUE(ctr_xor(aes, counter, out, back, CtrCounter::Full128));
  EXPECT_EQ(back, pt);
}

TEST_P(Aes, CtrCountersWrapAsTheirWidthSays) {
  const auto aes = make(kSp800Key);
  const Bytes start = from_hex("00000000000000ffffffffffffffffff");
  const Bytes zeros(32, 0);
  Bytes low(32), full(32), block(16);
  ASSERT_TRUE(ctr_xor(aes, start, zeros, low, CtrCounter::Low32));
  ASSERT_TRUE(ctr_xor(aes, start, zeros, full, CtrCounter::Full128));
  EXPECT_EQ(Bytes(low.begin(), low.begin() + 16), Bytes(full.begin(), full.begin() + 16));
  ASSERT_TRUE(ecb_encrypt(aes, from_hex("00000000000000ffffffffff00000000"), block));
  EXPECT_EQ(Bytes(low.begin() + 16, low.end()), block);  // Low32 wraps to ...ff00000000
  ASSERT_TRUE(ecb_encrypt(aes, from_hex("00000000000001000000000000000000"), block));
  EXPECT_EQ(Bytes(full.begin() + 16, full.end()), block);  // Full128 carries all the way
}

TEST_P(Aes, RejectsBadKeyIvAndLengths) {
  for (std::size_t n : {0, 1, 15, 17, 23, 25, 31, 33, 64}) {
    EXPECT_EQ(nocrypto::Aes::create(Bytes(n)).error(), Error::InvalidKeyLength) << n;
  }
  const auto aes = make(kSp800Key);
  Bytes in(20), out(20), iv(16);
  EXPECT_EQ(ecb_encrypt(aes, in, out).error(), Error::InvalidInputLength);
  EXPECT_EQ(cbc_encrypt(aes, iv, in, out).error(), Error::InvalidInputLength);
  Bytes out16(16), none;
  EXPECT_EQ(cbc_encrypt(aes, Bytes(15), Bytes(16), out16).error(), Error::InvalidNonceLength);
  EXPECT_EQ(ecb_decrypt(aes, Bytes(32), out16).error(), Error::InvalidOutputLength);
  EXPECT_EQ(ctr_xor(aes, Bytes(12), in, out).error(), Error::InvalidNonceLength);
  EXPECT_EQ(ctr_xor(aes, iv, in, out16).error(), Error::InvalidOutputLength);
  EXPECT_EQ(cbc_pkcs7_encrypt(aes, iv, in, out).error(), Error::InvalidOutputLength);
  EXPECT_EQ(cbc_pkcs7_decrypt(aes, iv, {}, none).error(), Error::InvalidInputLength);
  EXPECT_EQ(cbc_pkcs7_decrypt(aes, iv, in, out).error(), Error::InvalidInputLength);
}

TEST_P(Aes, ModesWorkInPlaceAtEveryLength) {
  for (const char* key : {kSp800Key, "000102030405060708090a0b0c0d0e0f1011121314151617",
                          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"}) {
    const auto aes = make(key);
    const Bytes iv = pseudorandom(16, 99);
    for (std::size_t n = 0; n <= 300; ++n) {
      const Bytes pt = pseudorandom(n, n + 1);
      // CTR: separate buffers, then in place.
      Bytes ct(n), buf = pt;
      ASSERT_TRUE(ctr_xor(aes, iv, pt, ct));
      ASSERT_TRUE(ctr_xor(aes, iv, buf, buf));
      EXPECT_EQ(buf, ct) << n;
      ASSERT_TRUE(ctr_xor(aes, iv, buf, buf));
      EXPECT_EQ(buf, pt) << n;
      // PKCS#7: the buffer grows to the padded size; encrypt and decrypt in place.
      Bytes padded(pkcs7_padded_size(n)), inplace = pt;
      ASSERT_TRUE(cbc_pkcs7_encrypt(aes, iv, pt, padded));
      EXPECT_EQ(padded.size() % 16, 0u);
      EXPECT_GT(padded.size(), n);
      inplace.resize(padded.size());
      ASSERT_TRUE(cbc_pkcs7_encrypt(aes, iv, ByteView(inplace).first(n), inplace));
      EXPECT_EQ(inplace, padded) << n;
      auto m = cbc_pkcs7_decrypt(aes, iv, inplace, inplace);
      ASSERT_TRUE(m) << n;
      EXPECT_EQ(*m, n);
      EXPECT_EQ(Bytes(inplace.begin(), inplace.begin() + n), pt) << n;
      if (n % 16 == 0) {  // whole blocks: ECB and raw CBC in place
        Bytes e(n), c(n), b = pt;
        ASSERT_TRUE(ecb_encrypt(aes, pt, e));
        ASSERT_TRUE(ecb_encrypt(aes, b, b));
        EXPECT_EQ(b, e);
        ASSERT_TRUE(ecb_decrypt(aes, b, b));
        EXPECT_EQ(b, pt);
        ASSERT_TRUE(cbc_encrypt(aes, iv, pt, c));
        b = pt;
        ASSERT_TRUE(cbc_encrypt(aes, iv, b, b));
        EXPECT_EQ(b, c);
        ASSERT_TRUE(cbc_decrypt(aes, iv, b, b));
        EXPECT_EQ(b, pt);
      }
    }
  }
}

TEST_P(Aes, Pkcs7RejectsEveryBadPaddingByte) {
  const auto aes = make(kSp800Key);
  const Bytes iv(16, 7);
  // Decrypting the raw CBC encryption of a chosen last block shows exactly that block.
  auto last_block = [&](const Bytes& plain) {
    Bytes ct(plain.size()), out(plain.size());
    EXPECT_TRUE(cbc_encrypt(aes, iv, plain, ct));
    return cbc_pkcs7_decrypt(aes, iv, ct, out);
  };
  for (int pad = 1; pad <= 16; ++pad) {
    Bytes block(32, 0xee);
    for (int i = 0; i < pad; ++i) block[31 - i] = static_cast<std::uint8_t>(pad);
    auto good = last_block(block);
    ASSERT_TRUE(good) << pad;
    EXPECT_EQ(*good, 32u - pad);
    for (int i = 0; i < pad; ++i) {  // each padding byte wrong in turn
      Bytes bad = block;
      bad[31 - i] ^= 0x40;
      EXPECT_EQ(last_block(bad).error(), Error::InvalidPadding) << pad << " " << i;
    }
  }
  for (int last : {0, 17, 32, 255}) {
    Bytes block(16, static_cast<std::uint8_t>(last));
    EXPECT_EQ(last_block(block).error(), Error::InvalidPadding) << last;
  }
  // A failed decryption leaves no plaintext behind.
  Bytes ct(32), out(32, 0x55);
  ASSERT_TRUE(cbc_encrypt(aes, iv, Bytes(32, 0), ct));
  EXPECT_FALSE(cbc_pkcs7_decrypt(aes, iv, ct, out));
  EXPECT_EQ(out, Bytes(32, 0));
}

TEST_P(Aes, CtrStreamMatchesOneShotForAnySplit) {
  const auto aes = make(kSp800Key);
  const Bytes iv = pseudorandom(16, 5), pt = pseudorandom(1000, 6);
  Bytes expected(pt.size());
  ASSERT_TRUE(ctr_xor(aes, iv, pt, expected));
  for (std::size_t piece : {1, 3, 15, 16, 17, 100, 129}) {
    auto s = AesCtrStream::create(aes, iv);
    ASSERT_TRUE(s);
    Bytes out(pt.size());
    for (std::size_t at = 0; at < pt.size(); at += piece) {
      const std::size_t n = std::min(piece, pt.size() - at);
      ASSERT_TRUE(s->feed(ByteView(pt).subspan(at, n), std::span(out).subspan(at, n)));
    }
    EXPECT_EQ(out, expected) << piece;
  }
}

TEST_P(Aes, CbcStreamMatchesOneShotForAnySplit) {
  const auto aes = make(kSp800Key);
  const Bytes iv = pseudorandom(16, 8);
  for (std::size_t n : {0, 1, 15, 16, 17, 64, 333}) {
    const Bytes pt = pseudorandom(n, n + 10);
    Bytes padded(pkcs7_padded_size(n));
    ASSERT_TRUE(cbc_pkcs7_encrypt(aes, iv, pt, padded));
    for (std::size_t piece : {1, 7, 16, 31, 64, 1000}) {
      // Encrypt in pieces.
      auto enc = AesCbcStream::create(aes, AesCbcStream::Direction::Encrypt, iv);
      ASSERT_TRUE(enc);
      Bytes ct;
      for (std::size_t at = 0; at < n; at += piece) {
        const std::size_t k = std::min(piece, n - at);
        Bytes out(k + 16);
        auto w = enc->feed(ByteView(pt).subspan(at, k), out);
        ASSERT_TRUE(w);
        ct.insert(ct.end(), out.begin(), out.begin() + *w);
      }
      Bytes tail(16);
      auto w = enc->finish(tail);
      ASSERT_TRUE(w);
      ct.insert(ct.end(), tail.begin(), tail.begin() + *w);
      EXPECT_EQ(ct, padded) << n << " " << piece;
      // Decrypt in pieces.
      auto dec = AesCbcStream::create(aes, AesCbcStream::Direction::Decrypt, iv);
      ASSERT_TRUE(dec);
      Bytes back;
      for (std::size_t at = 0; at < padded.size(); at += piece) {
        const std::size_t k = std::min(piece, padded.size() - at);
        Bytes out(k + 16);
        auto r = dec->feed(ByteView(padded).subspan(at, k), out);
        ASSERT_TRUE(r);
        back.insert(back.end(), out.begin(), out.begin() + *r);
      }
      auto r = dec->finish(tail);
      ASSERT_TRUE(r);
      back.insert(back.end(), tail.begin(), tail.begin() + *r);
      EXPECT_EQ(back, pt) << n << " " << piece;
    }
  }
  // Without padding, a partial block at the end is an error.
  auto raw = AesCbcStream::create(aes, AesCbcStream::Direction::Encrypt, iv, false);
  Bytes out(40);
  ASSERT_TRUE(raw->feed(Bytes(20), out));
  EXPECT_EQ(raw->finish(out).error(), Error::InvalidInputLength);
}

TEST(AesPaths, AcceleratedAndPortableAgree) {
  for (std::size_t key_size : {16, 24, 32}) {
    const Bytes key = pseudorandom(key_size, key_size);
    auto aes = nocrypto::Aes::create(key);
    ASSERT_TRUE(aes);
    const Bytes iv = pseudorandom(16, 3), pt = pseudorandom(16 * 37, 4);
    Bytes results[2][4];
    for (int portable = 0; portable < 2; ++portable) {
      cpu::force_portable(portable != 0);
      for (auto& r : results[portable]) r.resize(pt.size());
      ASSERT_TRUE(ecb_encrypt(*aes, pt, results[portable][0]));
      ASSERT_TRUE(ecb_decrypt(*aes, pt, results[portable][1]));
      ASSERT_TRUE(cbc_decrypt(*aes, iv, pt, results[portable][2]));
      ASSERT_TRUE(ctr_xor(*aes, iv, pt, results[portable][3], CtrCounter::Full128));
    }
    cpu::force_portable(false);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(results[0][i], results[1][i]) << key_size << " " << i;
  }
}

TEST(TripleDes, RejectsBadKeyIvAndLengths) {
  for (std::size_t n : {0, 8, 15, 17, 23, 25, 32}) {
    EXPECT_EQ(nocrypto::TripleDes::create(Bytes(n)).error(), Error::InvalidKeyLength) << n;
  }
  auto des = nocrypto::TripleDes::create(Bytes(24, 1));
  ASSERT_TRUE(des);
  Bytes in(12), out(12), out8(8);
  EXPECT_EQ(ecb_encrypt(*des, in, out).error(), Error::InvalidInputLength);
  EXPECT_EQ(cbc_encrypt(*des, Bytes(16), Bytes(8), out8).error(), Error::InvalidNonceLength);
  EXPECT_EQ(cbc_decrypt(*des, Bytes(8), Bytes(16), out8).error(), Error::InvalidOutputLength);
}

TEST(TripleDes, TwoKeyEqualsThreeKeyWithK3EqualK1AndWorksInPlace) {
  const Bytes k1 = from_hex("0123456789abcdef"), k2 = from_hex("23456789abcdef01");
  Bytes two = k1, three = k1;
  two.insert(two.end(), k2.begin(), k2.end());
  three.insert(three.end(), k2.begin(), k2.end());
  three.insert(three.end(), k1.begin(), k1.end());
  auto a = nocrypto::TripleDes::create(two), b = nocrypto::TripleDes::create(three);
  ASSERT_TRUE(a && b);
  const Bytes pt = pseudorandom(64, 77), iv = pseudorandom(8, 78);
  Bytes x(64), y = pt;
  ASSERT_TRUE(cbc_encrypt(*a, iv, pt, x));
  ASSERT_TRUE(cbc_encrypt(*b, iv, y, y));
  EXPECT_EQ(x, y);
  ASSERT_TRUE(cbc_decrypt(*a, iv, y, y));
  EXPECT_EQ(y, pt);
  // With K1 = K2 = K3, EDE is single DES: the classic "Now is the time for all " example.
  auto single = nocrypto::TripleDes::create(from_hex("0123456789abcdef0123456789abcdef"));
  ASSERT_TRUE(single);
  Bytes ct(24);
  ASSERT_TRUE(ecb_encrypt(*single, bytes_of("Now is the time for all "), ct));
  EXPECT_EQ(to_hex(ct), "3fa40e8a984d48156a271787ab8883f9893d51ec4b563b53");
}

}  // namespace
}  // namespace nocrypto_test
