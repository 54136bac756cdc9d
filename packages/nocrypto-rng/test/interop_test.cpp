// The generator against OpenSSL's command line: after reseed(seed) its key is
// SHA-256(SHA-256(32 zero bytes || seed)) and its counter 1, so its first output is
// `openssl enc -aes-256-ctr` of zeros under that key from IV 00..01. Skips without openssl.
#include <nocrypto-rng/fortuna.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

std::string run(const std::string& command) {
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return {};
  std::string out;
  char chunk[4096];
  for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, p)) > 0;) out.append(chunk, n);
  if (pclose(p) != 0) return {};
  return out;
}

std::string hex(const std::vector<std::uint8_t>& b) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (auto c : b) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

TEST(OpensslInterop, FirstOutputIsAes256CtrUnderTheDoubleHashedSeed) {
  if (std::system("command -v openssl >/dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl";
  std::vector<std::uint8_t> seed(45);
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i * 11 + 3);
  char path[] = "/tmp/nocrypto-rng-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  const std::vector<std::uint8_t> zeros(32, 0);
  ASSERT_EQ(write(fd, zeros.data(), zeros.size()), 32);
  ASSERT_EQ(write(fd, seed.data(), seed.size()), static_cast<ssize_t>(seed.size()));
  close(fd);
  std::string key = run(std::string("openssl dgst -sha256 -binary ") + path +
                        " | openssl dgst -sha256 -r");
  unlink(path);
  ASSERT_GE(key.size(), 64u);
  key.resize(64);
  const std::string theirs = run("head -c 80 /dev/zero | openssl enc -aes-256-ctr -K " + key +
                                 " -iv 00000000000000000000000000000001 | od -An -v -tx1 | tr -d ' \\n'");
  nocrypto::rng::Generator g;
  g.reseed(seed);
  std::vector<std::uint8_t> ours(80);
  ASSERT_TRUE(g.generate(ours));
  EXPECT_EQ(hex(ours), theirs);
}

}  // namespace
