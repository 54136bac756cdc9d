// Interop with `openssl enc`: AES-128-CBC (PKCS#7 padding), AES-256-CTR (a 128-bit
// counter) and DES-EDE3-CBC (no padding), each in both directions, on both code paths.
// Skips when openssl is not installed.
#include <nocrypto/aes.hpp>
#include <nocrypto/des.hpp>

#include "support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

// `openssl enc` over `input`; nothing if it failed.
std::optional<Bytes> openssl_enc(const std::string& args, const Bytes& input) {
  const TempFile in(input), out;
  const std::string cmd = "openssl enc " + args + " -in " + in.path() + " -out " + out.path() +
                          " 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return std::nullopt;
  return out.read();
}

class OpensslEnc : public BothPaths {
 protected:
  void SetUp() override {
    if (std::system("command -v openssl >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "openssl is not installed";
    }
    BothPaths::SetUp();
  }
  std::uint64_t seed_ = 0x2545f4914f6cdd1d;
};
INSTANTIATE_TEST_SUITE_P(Paths, OpensslEnc, testing::Bool(), path_name);

constexpr std::size_t kSizes[] = {0, 1, 15, 16, 17, 100, 128, 1000, 4099};

TEST_P(OpensslEnc, Aes128CbcBothWays) {
  int checked = 0;
  for (std::size_t size : kSizes) {
    const Bytes key = xorshift_bytes(16, seed_), iv = xorshift_bytes(16, seed_);
    const Bytes pt = xorshift_bytes(size, seed_);
    const std::string args = "-K " + to_hex(key) + " -iv " + to_hex(iv);
    auto aes = Aes::create(key);
    ASSERT_TRUE(aes);
    Bytes ours(pkcs7_padded_size(size));
    ASSERT_TRUE(cbc_pkcs7_encrypt(*aes, iv, pt, ours));
    const auto theirs = openssl_enc("-aes-128-cbc " + args, pt);
    ASSERT_TRUE(theirs);
    EXPECT_EQ(to_hex(ours), to_hex(*theirs)) << size;
    const auto back = openssl_enc("-d -aes-128-cbc " + args, ours);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, pt) << size;
    Bytes plain(theirs->size());
    auto n = cbc_pkcs7_decrypt(*aes, iv, *theirs, plain);
    ASSERT_TRUE(n);
    plain.resize(*n);
    EXPECT_EQ(plain, pt);
    checked += 2;
  }
  std::printf("openssl enc -aes-128-cbc: %d agree\n", checked);
}

TEST_P(OpensslEnc, Aes256CtrBothWays) {
  int checked = 0;
  for (std::size_t size : kSizes) {
    const Bytes key = xorshift_bytes(32, seed_), pt = xorshift_bytes(size, seed_);
    Bytes iv = xorshift_bytes(16, seed_);
    for (int i = 9; i < 16; ++i) iv[i] = 0xff;  // the counter carries past 32 and 64 bits
    const std::string args = "-K " + to_hex(key) + " -iv " + to_hex(iv);
    auto aes = Aes::create(key);
    ASSERT_TRUE(aes);
    Bytes ours(size);
    ASSERT_TRUE(ctr_xor(*aes, iv, pt, ours, CtrCounter::Full128));
    const auto theirs = openssl_enc("-aes-256-ctr " + args, pt);
    ASSERT_TRUE(theirs);
    EXPECT_EQ(to_hex(ours), to_hex(*theirs)) << size;
    const auto back = openssl_enc("-d -aes-256-ctr " + args, ours);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, pt) << size;
    checked += 2;
  }
  std::printf("openssl enc -aes-256-ctr: %d agree\n", checked);
}

TEST_P(OpensslEnc, DesEde3CbcBothWays) {
  int checked = 0;
  for (std::size_t size : kSizes) {
    const std::size_t n = size / 8 * 8;
    const Bytes key = xorshift_bytes(24, seed_), iv = xorshift_bytes(8, seed_);
    const Bytes pt = xorshift_bytes(n, seed_);
    const std::string args = "-nopad -K " + to_hex(key) + " -iv " + to_hex(iv);
    auto des = TripleDes::create(key);
    ASSERT_TRUE(des);
    Bytes ours(n);
    ASSERT_TRUE(cbc_encrypt(*des, iv, pt, ours));
    const auto theirs = openssl_enc("-des-ede3-cbc " + args, pt);
    ASSERT_TRUE(theirs);
    EXPECT_EQ(to_hex(ours), to_hex(*theirs)) << n;
    const auto back = openssl_enc("-d -des-ede3-cbc " + args, ours);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, pt) << n;
    checked += 2;
  }
  std::printf("openssl enc -des-ede3-cbc: %d agree\n", checked);
}

}  // namespace
}  // namespace nocrypto_test
