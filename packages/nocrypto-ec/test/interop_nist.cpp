// Interop with OpenSSL's command line on P-256, P-384 and P-521: keys made by `openssl
// ecparam -genkey`, our DER signatures checked by `openssl dgst -verify`, OpenSSL's
// signatures checked by us, and ECDH secrets compared with `openssl pkeyutl -derive`.
// Skips when openssl is not installed.
#include <nocrypto-ec/ecdh.hpp>
#include <nocrypto-ec/ecdsa.hpp>
#include <nocrypto-ec/nist.hpp>

#include <cstruct/hexdump.hpp>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace nist_interop {
namespace {

using namespace nocrypto::ec;
using Bytes = std::vector<std::uint8_t>;

bool have_openssl() {
  return std::system("command -v openssl >/dev/null 2>&1") == 0;
}

// A temporary directory, removed with its files when it goes out of scope.
class TempDir {
 public:
  TempDir() { ok_ = mkdtemp(path_) != nullptr; }
  ~TempDir() {
    if (ok_) std::system(("rm -rf " + std::string(path_)).c_str());
  }
  std::string file(const std::string& name) const { return std::string(path_) + "/" + name; }

 private:
  char path_[64] = "/tmp/nocrypto-ec-interop-XXXXXX";
  bool ok_ = false;
};

bool run(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

std::string slurp_text(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>/dev/null").c_str(), "r");
  if (p == nullptr) return out;
  char chunk[4096];
  for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, p)) > 0;) out.append(chunk, n);
  pclose(p);
  return out;
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// The hex block after "label:" in `openssl ec -text` output, as bytes.
Bytes text_field(const std::string& text, const std::string& label) {
  auto at = text.find(label + ":");
  if (at == std::string::npos) return {};
  at += label.size() + 1;
  std::string hex;
  for (; at < text.size(); ++at) {
    const char c = text[at];
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += c;
    else if (c != ':' && c != ' ' && c != '\n') break;
  }
  // The last run of hex digits may have swallowed the next label's first letters: the
  // loop stops at the first non-hex character, so trim to whole bytes.
  if (hex.size() % 2) hex.pop_back();
  auto b = cstruct::of_hex(hex);
  return b ? Bytes(b->data(), b->data() + b->size()) : Bytes{};
}

struct OpensslKey {
  Bytes d;    // private scalar, scalar_size bytes
  Bytes pub;  // 04||X||Y
};

std::optional<OpensslKey> generate(const TempDir& dir, const char* openssl_curve,
                                   const std::string& name, Curve curve) {
  const std::string pem = dir.file(name + ".pem");
  if (!run(std::string("openssl ecparam -name ") + openssl_curve + " -genkey -noout -out " + pem))
    return std::nullopt;
  if (!run("openssl ec -in " + pem + " -pubout -out " + dir.file(name + ".pub.pem")))
    return std::nullopt;
  const std::string text = slurp_text("openssl ec -in " + pem + " -text -noout");
  OpensslKey key{text_field(text, "priv"), text_field(text, "pub")};
  const std::size_t n = scalar_size(curve);
  while (key.d.size() > n && key.d.front() == 0) key.d.erase(key.d.begin());
  while (key.d.size() < n) key.d.insert(key.d.begin(), 0);
  return key;
}

struct Case {
  Curve curve;
  const char* openssl_curve;
  HashAlgorithm hash;
  const char* dgst;
};

class NistInterop : public testing::TestWithParam<Case> {};

TEST_P(NistInterop, SignaturesAndSecretsMatchOpenssl) {
  if (!have_openssl()) GTEST_SKIP() << "openssl not installed";
  const Case c = GetParam();
  TempDir dir;
  const auto ours = generate(dir, c.openssl_curve, "a", c.curve);
  const auto peer = generate(dir, c.openssl_curve, "b", c.curve);
  ASSERT_TRUE(ours && peer);
  const auto key = PrivateKey::from_bytes(c.curve, ours->d);
  ASSERT_TRUE(key.has_value());
  const auto pub = PublicKey::from_sec1(c.curve, ours->pub);
  ASSERT_TRUE(pub.has_value());
  EXPECT_EQ(key->public_key(), *pub);

  for (int i = 0; i < 3; ++i) {
    Bytes msg(static_cast<std::size_t>(100 * i + 3));
    for (std::size_t j = 0; j < msg.size(); ++j) msg[j] = static_cast<std::uint8_t>(j * 7 + i);
    write_file(dir.file("msg"), msg);

    // Ours, verified by OpenSSL.
    const auto raw = ecdsa_sign(*key, c.hash, msg);
    ASSERT_TRUE(raw.has_value());
    const auto der = ecdsa_signature_to_der(c.curve, *raw);
    ASSERT_TRUE(der.has_value());
    write_file(dir.file("sig.der"), *der);
    EXPECT_TRUE(run(std::string("openssl dgst -") + c.dgst + " -verify " + dir.file("a.pub.pem") +
                    " -signature " + dir.file("sig.der") + " " + dir.file("msg")))
        << curve_name(c.curve) << " message " << i;
    // A wrong message is refused by OpenSSL too (the check above means something).
    Bytes other = msg;
    other[0] ^= 1;
    write_file(dir.file("other"), other);
    EXPECT_FALSE(run(std::string("openssl dgst -") + c.dgst + " -verify " +
                     dir.file("a.pub.pem") + " -signature " + dir.file("sig.der") + " " +
                     dir.file("other")));

    // OpenSSL's, verified by us.
    ASSERT_TRUE(run(std::string("openssl dgst -") + c.dgst + " -sign " + dir.file("a.pem") +
                    " -out " + dir.file("theirs.der") + " " + dir.file("msg")));
    const auto theirs = ecdsa_signature_from_der(c.curve, read_file(dir.file("theirs.der")));
    ASSERT_TRUE(theirs.has_value());
    EXPECT_TRUE(ecdsa_verify(*pub, c.hash, msg, *theirs));
    EXPECT_FALSE(ecdsa_verify(*pub, c.hash, other, *theirs));
  }

  // ECDH: our a with their b against `openssl pkeyutl -derive`.
  ASSERT_TRUE(run("openssl pkeyutl -derive -inkey " + dir.file("a.pem") + " -peerkey " +
                  dir.file("b.pub.pem") + " -out " + dir.file("secret")));
  const auto secret = ecdh(*key, peer->pub);
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(cstruct::to_hex(*secret), cstruct::to_hex(read_file(dir.file("secret"))));
}

INSTANTIATE_TEST_SUITE_P(
    Curves, NistInterop,
    testing::Values(Case{Curve::P256, "prime256v1", HashAlgorithm::Sha256, "sha256"},
                    Case{Curve::P384, "secp384r1", HashAlgorithm::Sha384, "sha384"},
                    Case{Curve::P521, "secp521r1", HashAlgorithm::Sha512, "sha512"}),
    [](const testing::TestParamInfo<Case>& info) {
      return std::string(info.param.openssl_curve);
    });

}  // namespace
}  // namespace nist_interop
