// Interop with OpenSSL's command line: digests, HMACs, SHAKE, keyed BLAKE2, HKDF and
// PBKDF2 of pseudorandom inputs, computed by us and by `openssl`, on both code paths.
// Skips when openssl is not installed.
#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

bool have_openssl() {
  return std::system("command -v openssl >/dev/null 2>&1") == 0;
}

// The bytes openssl printed as hex, in whatever case and with or without colons; the
// first word only (dgst -r appends the file name). Nothing if it failed.
std::optional<Bytes> openssl(const std::string& args) {
  auto printed = command_output("openssl " + args);
  if (!printed) return std::nullopt;
  std::string out = printed->substr(0, printed->find_first_of(" \n"));
  out.erase(std::remove(out.begin(), out.end(), ':'), out.end());
  return from_hex(out);
}

class OpensslInterop : public BothPaths {
 protected:
  void SetUp() override {
    if (!have_openssl()) GTEST_SKIP() << "openssl is not installed";
    BothPaths::SetUp();
  }
  std::uint64_t seed_ = 0x9e3779b97f4a7c15;
};
INSTANTIATE_TEST_SUITE_P(Paths, OpensslInterop, testing::Bool(), path_name);

constexpr std::size_t kSizes[] = {0, 1, 55, 56, 64, 111, 112, 128, 136, 1000, 20000};

TEST_P(OpensslInterop, DigestsAndHmacsMatchOpensslDgst) {
  int checked = 0;
  for (const Suite& s : all_suites()) {
    for (std::size_t size : kSizes) {
      const Bytes msg = xorshift_bytes(size, seed_);
      const Bytes key = xorshift_bytes(1 + size % 200, seed_);  // some keys exceed the block
      const TempFile file(msg);
      const auto theirs = openssl("dgst -r -" + s.name + " " + file.path());
      ASSERT_TRUE(theirs) << s.name;
      EXPECT_EQ(to_hex(s.hash(msg)), to_hex(*theirs)) << s.name << " size " << size;
      const auto their_mac = openssl(
          "dgst -r -" + s.name + " -mac HMAC -macopt hexkey:" + to_hex(key) + " " + file.path());
      ASSERT_TRUE(their_mac) << s.name;
      EXPECT_EQ(to_hex(s.hmac(key, msg)), to_hex(*their_mac))
          << "HMAC-" << s.name << " size " << size;
      checked += 2;
    }
  }
  std::printf("openssl dgst: %d digests and HMACs agree\n", checked);
}

TEST_P(OpensslInterop, ShakeMatchesOpensslXoflen) {
  int checked = 0;
  for (const char* name : {"shake128", "shake256"}) {
    for (std::size_t size : kSizes) {
      const Bytes msg = xorshift_bytes(size, seed_);
      const std::size_t out_len = 1 + size % 500;
      const TempFile file(msg);
      const auto theirs = openssl(std::string("dgst -r -") + name + " -xoflen " +
                                  std::to_string(out_len) + " " + file.path());
      ASSERT_TRUE(theirs) << name;
      EXPECT_EQ(to_hex(xof_named(name)(msg, out_len)), to_hex(*theirs)) << name << " size " << size;
      ++checked;
    }
  }
  std::printf("openssl dgst -xoflen: %d SHAKE outputs agree\n", checked);
}

TEST_P(OpensslInterop, KeyedBlake2MatchesOpensslMac) {
  int checked = 0;
  for (std::size_t size : kSizes) {
    const Bytes msg = xorshift_bytes(size, seed_);
    const TempFile file(msg);
    for (auto [mac, max] : {std::pair{"BLAKE2BMAC", 64}, std::pair{"BLAKE2SMAC", 32}}) {
      const std::size_t out_len = 1 + size % max;
      const Bytes key = xorshift_bytes(1 + (size * 7) % max, seed_);
      const auto theirs =
          openssl("mac -macopt hexkey:" + to_hex(key) + " -macopt size:" + std::to_string(out_len) +
                  " -in " + file.path() + " " + mac);
      ASSERT_TRUE(theirs) << mac;
      Bytes ours(out_len);
      ASSERT_TRUE(max == 64 ? blake2b(msg, ours, key) : blake2s(msg, ours, key));
      EXPECT_EQ(to_hex(ours), to_hex(*theirs)) << mac << " size " << size;
      ++checked;
    }
  }
  std::printf("openssl mac: %d keyed BLAKE2 outputs agree\n", checked);
}

TEST_P(OpensslInterop, HkdfAndPbkdf2MatchOpensslKdf) {
  int checked = 0;
  for (const Suite& s : all_suites()) {
    std::string digest = s.name;
    std::transform(digest.begin(), digest.end(), digest.begin(), ::toupper);
    const Bytes ikm = xorshift_bytes(1 + checked % 80, seed_), salt = xorshift_bytes(16, seed_);
    const Bytes info = xorshift_bytes(1 + checked % 30, seed_);
    const std::size_t len = 1 + (checked * 37) % (3 * s.digest_size);
    const auto theirs =
        openssl("kdf -keylen " + std::to_string(len) + " -kdfopt digest:" + digest +
                " -kdfopt hexkey:" + to_hex(ikm) + " -kdfopt hexsalt:" + to_hex(salt) +
                " -kdfopt hexinfo:" + to_hex(info) + " HKDF");
    ASSERT_TRUE(theirs) << "HKDF " << digest;
    EXPECT_EQ(to_hex(s.hkdf(salt, ikm, info, len).value_or(Bytes{})), to_hex(*theirs)) << digest;
    const auto their_key =
        openssl("kdf -keylen " + std::to_string(len) + " -kdfopt digest:" + digest +
                " -kdfopt hexpass:" + to_hex(ikm) + " -kdfopt hexsalt:" + to_hex(salt) +
                " -kdfopt iter:1000 PBKDF2");
    ASSERT_TRUE(their_key) << "PBKDF2 " << digest;
    EXPECT_EQ(to_hex(s.pbkdf2(ikm, salt, 1000, len).value_or(Bytes{})), to_hex(*their_key))
        << digest;
    checked += 2;
  }
  std::printf("openssl kdf: %d HKDF and PBKDF2 outputs agree\n", checked);
}

}  // namespace
}  // namespace nocrypto_test
