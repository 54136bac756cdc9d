// HMAC, HKDF and PBKDF2: the properties the RFCs state, the limits they set, and the RFC
// 7914 PBKDF2-HMAC-SHA256 examples; constant-time compare and wipe.
#include "support.hpp"

#include <nocrypto/nocrypto.hpp>

#include <gtest/gtest.h>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

Bytes pattern(std::size_t n, std::uint8_t seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7);
  return b;
}

TEST(Hmac, IncrementalMatchesOneShot) {
  const Bytes key = pattern(20, 1), msg = pattern(1000, 2);
  Hmac<Sha256> m(key);
  m.feed(ByteView(msg).first(63));
  m.feed(ByteView(msg).subspan(63));
  EXPECT_EQ(to_hex(m.finish()), to_hex(hmac<Sha256>(key, msg)));
}

TEST(Hmac, KeyLongerThanBlockIsHashedFirst) {
  const Bytes key = pattern(Sha512::block_size + 1, 3), msg = pattern(50, 4);
  EXPECT_EQ(to_hex(hmac<Sha512>(key, msg)), to_hex(hmac<Sha512>(sha512(key), msg)));
  // A key of exactly one block is used as it is.
  const Bytes block_key = pattern(Sha512::block_size, 3);
  EXPECT_NE(to_hex(hmac<Sha512>(block_key, msg)), to_hex(hmac<Sha512>(sha512(block_key), msg)));
}

TEST(Hmac, KeyedStateCanBeCopiedForEachMessage) {
  const Bytes key = pattern(32, 5);
  const Hmac<Sha3_256> keyed(key);
  for (std::size_t n : {0, 1, 135, 136, 137}) {
    const Bytes msg = pattern(n, 6);
    Hmac<Sha3_256> m = keyed;
    m.feed(msg);
    EXPECT_EQ(to_hex(m.finish()), to_hex(hmac<Sha3_256>(key, msg))) << n;
  }
}

TEST(Hmac, VerifyAcceptsTheTagAndTruncationsDownToHalf) {
  const Bytes key = pattern(32, 7), msg = pattern(77, 8);
  const auto tag = hmac<Sha256>(key, msg);
  EXPECT_TRUE(hmac_verify<Sha256>(key, msg, tag));
  EXPECT_TRUE(hmac_verify<Sha256>(key, msg, ByteView(tag).first(16)));
  EXPECT_FALSE(hmac_verify<Sha256>(key, msg, ByteView(tag).first(15)));
  EXPECT_FALSE(hmac_verify<Sha256>(key, msg, {}));
  // 80 bits is the floor even where half the digest is less.
  const auto md5_tag = hmac<Md5>(key, msg);
  EXPECT_TRUE(hmac_verify<Md5>(key, msg, ByteView(md5_tag).first(10)));
  EXPECT_FALSE(hmac_verify<Md5>(key, msg, ByteView(md5_tag).first(9)));
}

TEST(Hmac, VerifyRejectsEveryFlippedBitAndLongerTags) {
  const Bytes key = pattern(16, 9), msg = pattern(10, 10);
  const auto tag = hmac<Sha1>(key, msg);
  for (std::size_t bit = 0; bit < tag.size() * 8; ++bit) {
    auto bad = tag;
    bad[bit / 8] ^= static_cast<std::uint8_t>(1 << bit % 8);
    EXPECT_FALSE(hmac_verify<Sha1>(key, msg, bad)) << bit;
  }
  Bytes longer(tag.begin(), tag.end());
  longer.push_back(0);
  EXPECT_FALSE(hmac_verify<Sha1>(key, msg, longer));
}

TEST(Hkdf, EmptySaltIsDigestSizeZeros) {
  const Bytes ikm = pattern(22, 11), zeros(Sha384::digest_size, 0);
  EXPECT_EQ(to_hex(hkdf_extract<Sha384>({}, ikm)), to_hex(hkdf_extract<Sha384>(zeros, ikm)));
}

TEST(Hkdf, ShorterOutputIsPrefixOfLonger) {
  const auto prk = hkdf_extract<Sha256>(pattern(13, 12), pattern(22, 13));
  Bytes longer(200), shorter(77);
  ASSERT_TRUE(hkdf_expand<Sha256>(prk, pattern(10, 14), longer));
  ASSERT_TRUE(hkdf_expand<Sha256>(prk, pattern(10, 14), shorter));
  longer.resize(shorter.size());
  EXPECT_EQ(to_hex(longer), to_hex(shorter));
}

TEST(Hkdf, RejectsOutputLongerThan255Blocks) {
  const auto prk = hkdf_extract<Sha1>({}, pattern(20, 15));
  Bytes out(255 * Sha1::digest_size + 1, 0xee);
  EXPECT_EQ(hkdf_expand<Sha1>(prk, {}, out).error(), Error::InvalidOutputLength);
  EXPECT_EQ(out.front(), 0xee) << "a refused expand writes nothing";
  out.pop_back();
  EXPECT_TRUE(hkdf_expand<Sha1>(prk, {}, out));
  EXPECT_TRUE(hkdf_expand<Sha1>(prk, {}, std::span<std::uint8_t>{}));
}

TEST(Pbkdf2, MatchesRfc7914Sha256Examples) {
  Bytes out(64);
  ASSERT_TRUE(pbkdf2_hmac<Sha256>(bytes_of("passwd"), bytes_of("salt"), 1, out));
  EXPECT_EQ(to_hex(out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  ASSERT_TRUE(pbkdf2_hmac<Sha256>(bytes_of("Password"), bytes_of("NaCl"), 80000, out));
  EXPECT_EQ(to_hex(out),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
            "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

TEST(Pbkdf2, RejectsZeroIterations) {
  Bytes out(32);
  EXPECT_EQ(pbkdf2_hmac<Sha256>(bytes_of("pw"), bytes_of("salt"), 0, out).error(),
            Error::InvalidParameter);
}

TEST(Pbkdf2, OneIterationIsHmacOfSaltAndBlockIndex) {
  Bytes salt = pattern(16, 16), out(Sha512::digest_size + 5);
  ASSERT_TRUE(pbkdf2_hmac<Sha512>(bytes_of("pw"), salt, 1, out));
  Bytes block1 = salt, block2 = salt;
  block1.insert(block1.end(), {0, 0, 0, 1});
  block2.insert(block2.end(), {0, 0, 0, 2});
  const auto t1 = hmac<Sha512>(bytes_of("pw"), block1);
  const auto t2 = hmac<Sha512>(bytes_of("pw"), block2);
  Bytes expected(t1.begin(), t1.end());
  expected.insert(expected.end(), t2.begin(), t2.begin() + 5);
  EXPECT_EQ(to_hex(out), to_hex(expected));
}

TEST(EqualCt, ComparesContentsAndLengths) {
  const Bytes a = pattern(33, 17);
  Bytes b = a;
  EXPECT_TRUE(equal_ct(a, b));
  EXPECT_TRUE(equal_ct({}, {}));
  b.back() ^= 0x80;
  EXPECT_FALSE(equal_ct(a, b));
  b = a;
  b.front() ^= 1;
  EXPECT_FALSE(equal_ct(a, b));
  EXPECT_FALSE(equal_ct(a, ByteView(a).first(32)));
}

TEST(Wipe, ZeroesTheBytes) {
  Bytes secret = pattern(40, 18);
  wipe(secret);
  EXPECT_EQ(secret, Bytes(40, 0));
}

TEST(Errors, HaveNames) {
  EXPECT_STREQ(to_string(Error::InvalidKeyLength), "invalid key length");
  EXPECT_STREQ(to_string(Error::InvalidOutputLength), "invalid output length");
  EXPECT_STREQ(to_string(Error::InvalidParameter), "invalid parameter");
}

}  // namespace
}  // namespace nocrypto_test
