// RC2 (RFC 2268, legacy): the RFC's eight known answers (section 5), both directions;
// argument checks; CBC against ECB and in place.
#include <nocrypto/rc2.hpp>

#include "support.hpp"

#include <gtest/gtest.h>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

TEST(Rc2, MatchesRfc2268KnownAnswersBothWays) {
  const struct {
    const char* key;
    unsigned effective_bits;
    const char* plain;
    const char* cipher;
  } cases[] = {
      {"0000000000000000", 63, "0000000000000000", "ebb773f993278eff"},
      {"ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49"},
      {"3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2"},
      {"88", 64, "0000000000000000", "61a8a244adacccf0"},
      {"88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f"},
      {"88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1"},
      {"88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6"},
      {"88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e", 129,
       "0000000000000000", "5b78d3a43dfff1f1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key);
    auto rc2 = Rc2::create(from_hex(c.key), c.effective_bits);
    ASSERT_TRUE(rc2);
    const Bytes plain = from_hex(c.plain);
    Bytes out(8);
    ASSERT_TRUE(ecb_encrypt(*rc2, plain, out));
    EXPECT_EQ(to_hex(out), c.cipher);
    ASSERT_TRUE(ecb_decrypt(*rc2, out, out));
    EXPECT_EQ(out, plain);
  }
}

TEST(Rc2, RejectsBadKeyEffectiveBitsIvAndLengths) {
  EXPECT_EQ(Rc2::create(Bytes{}, 64).error(), Error::InvalidKeyLength);
  EXPECT_EQ(Rc2::create(Bytes(129), 64).error(), Error::InvalidKeyLength);
  EXPECT_EQ(Rc2::create(Bytes(8), 0).error(), Error::InvalidParameter);
  EXPECT_EQ(Rc2::create(Bytes(8), 1025).error(), Error::InvalidParameter);
  EXPECT_TRUE(Rc2::create(Bytes(128, 7), 1024));
  EXPECT_TRUE(Rc2::create(Bytes(1, 7), 1));
  auto rc2 = Rc2::create(Bytes(5, 1), 40);
  ASSERT_TRUE(rc2);
  Bytes in(12), out(12), out8(8);
  EXPECT_EQ(ecb_encrypt(*rc2, in, out).error(), Error::InvalidInputLength);
  EXPECT_EQ(cbc_encrypt(*rc2, Bytes(16), Bytes(8), out8).error(), Error::InvalidNonceLength);
  EXPECT_EQ(cbc_decrypt(*rc2, Bytes(8), Bytes(16), out8).error(), Error::InvalidOutputLength);
}

TEST(Rc2, CbcChainsBlocksAndWorksInPlace) {
  std::uint64_t state = 2268;
  const Bytes key = xorshift_bytes(16, state), iv = xorshift_bytes(8, state),
              plain = xorshift_bytes(64, state);
  auto rc2 = Rc2::create(key, 128);
  ASSERT_TRUE(rc2);
  Bytes cipher(64);
  ASSERT_TRUE(cbc_encrypt(*rc2, iv, plain, cipher));
  // The first block is E(P1 ^ IV), the next E(P2 ^ C1).
  Bytes block(8), expected(8);
  for (int i = 0; i < 8; ++i) block[i] = plain[i] ^ iv[i];
  ASSERT_TRUE(ecb_encrypt(*rc2, block, expected));
  EXPECT_EQ(Bytes(cipher.begin(), cipher.begin() + 8), expected);
  for (int i = 0; i < 8; ++i) block[i] = plain[8 + i] ^ cipher[i];
  ASSERT_TRUE(ecb_encrypt(*rc2, block, expected));
  EXPECT_EQ(Bytes(cipher.begin() + 8, cipher.begin() + 16), expected);
  Bytes x = cipher;
  ASSERT_TRUE(cbc_decrypt(*rc2, iv, x, x));
  EXPECT_EQ(x, plain);
  ASSERT_TRUE(cbc_encrypt(*rc2, iv, x, x));
  EXPECT_EQ(x, cipher);
}

}  // namespace
}  // namespace nocrypto_test
