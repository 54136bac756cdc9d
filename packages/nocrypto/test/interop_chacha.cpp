// Interop for ChaCha20 and ChaCha20-Poly1305 against peers we did not write: `openssl enc
// -chacha20` (its 16-byte IV is the 32-bit block counter, little-endian, then the 12-byte
// nonce) in both directions, and ChaCha20-Poly1305 against python3's `cryptography`
// module (OpenSSL's EVP underneath; the openssl command line has no AEAD mode) in both
// directions. Skips a peer that is not installed. Both code paths.
#include <nocrypto/chacha20.hpp>
#include <nocrypto/chacha20_poly1305.hpp>

#include "support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

constexpr std::size_t kSizes[] = {0, 1, 63, 64, 65, 255, 256, 511, 512, 1000, 1024, 4097, 20000};

class ChaChaOpensslInterop : public BothPaths {
 protected:
  void SetUp() override {
    if (std::system("command -v openssl >/dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl";
    BothPaths::SetUp();
  }
};
INSTANTIATE_TEST_SUITE_P(Paths, ChaChaOpensslInterop, testing::Bool(), path_name);

TEST_P(ChaChaOpensslInterop, OpensslEncChaCha20BothDirections) {
  std::uint64_t seed = 0x243f6a8885a308d3;
  for (std::size_t n : kSizes) {
    const Bytes key = xorshift_bytes(32, seed), nonce = xorshift_bytes(12, seed);
    const Bytes msg = xorshift_bytes(n, seed);
    const std::uint32_t counter = static_cast<std::uint32_t>(seed % 1000);
    Bytes iv(4);
    for (int i = 0; i < 4; ++i) iv[i] = static_cast<std::uint8_t>(counter >> (8 * i));
    iv.insert(iv.end(), nonce.begin(), nonce.end());
    const std::string args = "enc -chacha20 -K " + to_hex(key) + " -iv " + to_hex(iv);

    Bytes ours(n);
    ASSERT_TRUE(ChaCha20::xor_stream(key, nonce, counter, msg, ours));
    const TempFile plain(msg);
    const auto theirs = command_output("openssl " + args + " -in " + plain.path());
    ASSERT_TRUE(theirs) << "openssl " << args;
    EXPECT_EQ(to_hex(ours), to_hex(bytes_of(*theirs))) << n;

    const TempFile cipher(ours);
    const auto back = command_output("openssl " + args + " -d -in " + cipher.path());
    ASSERT_TRUE(back);
    EXPECT_EQ(to_hex(bytes_of(*back)), to_hex(msg)) << n;
  }
}

bool have_python_cryptography() {
  return std::system("python3 -c 'from cryptography.hazmat.primitives.ciphers.aead import "
                     "ChaCha20Poly1305' >/dev/null 2>&1") == 0;
}

// One python3 run over many requests, a line each: "seal|open key nonce aad data" in hex
// ("-" for empty). Answers a line each: the output in hex, or "fail" when opening is
// refused; nothing if python3 failed.
std::vector<std::string> python_aead(const std::vector<std::string>& requests) {
  std::string lines;
  for (const auto& r : requests) lines += r + "\n";
  const TempFile input(Bytes(lines.begin(), lines.end()));
  const std::string script =
      "import sys\n"
      "from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305 as C\n"
      "from cryptography.exceptions import InvalidTag\n"
      "h = lambda s: b'' if s == '-' else bytes.fromhex(s)\n"
      "for line in open(sys.argv[1]):\n"
      "  op, k, n, a, d = line.split()\n"
      "  c = C(h(k))\n"
      "  try:\n"
      "    out = (c.encrypt if op == 'seal' else c.decrypt)(h(n), h(d), h(a))\n"
      "    print(out.hex() or '-')\n"
      "  except InvalidTag:\n"
      "    print('fail')\n";
  const TempFile program(Bytes(script.begin(), script.end()));
  const auto out = command_output("python3 " + program.path() + " " + input.path());
  std::vector<std::string> answers;
  if (!out) return answers;
  for (std::size_t at = 0; at < out->size();) {
    const std::size_t end = out->find('\n', at);
    std::string line = out->substr(at, end - at);
    answers.push_back(line == "-" ? "" : line);
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return answers;
}

std::string request(const char* op, const Bytes& key, const Bytes& nonce, const Bytes& aad,
                    const Bytes& data) {
  auto hex = [](const Bytes& b) { return b.empty() ? std::string("-") : to_hex(b); };
  return std::string(op) + " " + hex(key) + " " + hex(nonce) + " " + hex(aad) + " " + hex(data);
}

class ChaChaPythonInterop : public BothPaths {
 protected:
  void SetUp() override {
    if (!have_python_cryptography()) GTEST_SKIP() << "no python3 cryptography module";
    BothPaths::SetUp();
  }
};
INSTANTIATE_TEST_SUITE_P(Paths, ChaChaPythonInterop, testing::Bool(), path_name);

TEST_P(ChaChaPythonInterop, ChaCha20Poly1305BothDirections) {
  struct Case {
    Bytes key, nonce, aad, msg, sealed, bad;
  };
  std::vector<Case> cases;
  std::vector<std::string> requests;
  std::uint64_t seed = 0x13198a2e03707344;
  for (std::size_t n : kSizes) {
    Case c;
    c.key = xorshift_bytes(32, seed), c.nonce = xorshift_bytes(12, seed);
    c.aad = xorshift_bytes(n % 37, seed), c.msg = xorshift_bytes(n, seed);
    const auto aead = ChaCha20Poly1305::create(c.key);
    ASSERT_TRUE(aead);
    c.sealed.resize(n + 16);
    ASSERT_TRUE(aead->seal(c.nonce, c.aad, c.msg, c.sealed));
    c.bad = c.sealed;
    c.bad[n / 2] ^= 0x40;
    requests.push_back(request("seal", c.key, c.nonce, c.aad, c.msg));
    requests.push_back(request("open", c.key, c.nonce, c.aad, c.sealed));
    requests.push_back(request("open", c.key, c.nonce, c.aad, c.bad));
    cases.push_back(std::move(c));
  }
  const std::vector<std::string> answers = python_aead(requests);
  ASSERT_EQ(answers.size(), requests.size()) << "python3 failed";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    // What python seals we open, and what we seal it opens; tampered, neither accepts.
    EXPECT_EQ(answers[3 * i], to_hex(c.sealed)) << c.msg.size();
    EXPECT_EQ(answers[3 * i + 1], to_hex(c.msg)) << c.msg.size();
    EXPECT_EQ(answers[3 * i + 2], "fail") << c.msg.size();
    const auto aead = ChaCha20Poly1305::create(c.key);
    const Bytes theirs = from_hex(answers[3 * i]);
    ASSERT_EQ(theirs.size(), c.msg.size() + 16);
    Bytes opened(c.msg.size());
    ASSERT_TRUE(aead->open(c.nonce, c.aad, theirs, opened));
    EXPECT_EQ(opened, c.msg);
    EXPECT_EQ(aead->open(c.nonce, c.aad, c.bad, opened).error(), Error::AuthenticationFailed);
  }
}

}  // namespace
}  // namespace nocrypto_test
