// X25519 and Ed25519 against the openssl command line: keys it generates, signatures it
// makes and checks, secrets it derives. The raw key bytes come out of the fixed DER
// prefixes of RFC 8410 (PKCS #8 and SubjectPublicKeyInfo for OIDs 1.3.101.110/112).
#include <cstruct/hexdump.hpp>
#include <nocrypto-ec/ed25519.hpp>
#include <nocrypto-ec/x25519.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;
using nocrypto::ByteView;

Bytes hex(std::string_view h) {
  auto b = cstruct::of_hex(h);
  EXPECT_TRUE(b.has_value());
  return b ? Bytes(b->data(), b->data() + b->size()) : Bytes{};
}

const Bytes kEd25519PrivatePrefix = hex("302e020100300506032b657004220420");
const Bytes kEd25519PublicPrefix = hex("302a300506032b6570032100");
const Bytes kX25519PrivatePrefix = hex("302e020100300506032b656e04220420");
const Bytes kX25519PublicPrefix = hex("302a300506032b656e032100");

// A scratch directory, removed afterwards.
class C25519AgainstOpenssl : public testing::Test {
 protected:
  void SetUp() override {
    if (std::system("openssl version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl";
    char tmpl[] = "/tmp/nocrypto-ec-c25519-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) std::system(("rm -rf '" + dir_ + "'").c_str());
  }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  // Runs an openssl command in the scratch directory; true when it exits with 0.
  bool openssl(const std::string& args) const {
    const std::string cmd = "cd '" + dir_ + "' && openssl " + args + " > out.txt 2>&1";
    return std::system(cmd.c_str()) == 0;
  }
  void write(const std::string& name, ByteView bytes) const {
    std::ofstream out(path(name), std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  Bytes read(const std::string& name) const {
    std::ifstream in(path(name), std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // The 32 bytes after a fixed DER prefix, or nothing when the file does not start so.
  Bytes raw_key(const std::string& name, const Bytes& prefix) const {
    const Bytes der = read(name);
    if (der.size() != prefix.size() + 32 || !std::equal(prefix.begin(), prefix.end(), der.begin())) {
      ADD_FAILURE() << name << " is not the expected DER";
      return {};
    }
    return Bytes(der.begin() + static_cast<std::ptrdiff_t>(prefix.size()), der.end());
  }
  static Bytes concat(const Bytes& a, ByteView b) {
    Bytes r = a;
    r.insert(r.end(), b.begin(), b.end());
    return r;
  }

 private:
  std::string dir_;
};

TEST_F(C25519AgainstOpenssl, Ed25519KeysAndSignaturesAgreeWithOpenssl) {
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(openssl("genpkey -algorithm ed25519 -out priv.pem"));
    ASSERT_TRUE(openssl("pkey -in priv.pem -outform DER -out priv.der"));
    ASSERT_TRUE(openssl("pkey -in priv.pem -pubout -outform DER -out pub.der"));
    ASSERT_TRUE(openssl("pkey -in priv.pem -pubout -out pub.pem"));
    const Bytes seed = raw_key("priv.der", kEd25519PrivatePrefix);
    const Bytes pub = raw_key("pub.der", kEd25519PublicPrefix);
    auto key = nocrypto::ec::Ed25519PrivateKey::from_seed(seed);
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(Bytes(key->public_key().begin(), key->public_key().end()), pub);

    Bytes msg(static_cast<std::size_t>(round * 100 + 1));
    for (std::size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<std::uint8_t>(i * 31 + round);
    write("msg.bin", msg);
    // ours, checked by OpenSSL
    const auto ours = key->sign(msg);
    write("ours.sig", ours);
    EXPECT_TRUE(openssl("pkeyutl -verify -pubin -inkey pub.pem -rawin -in msg.bin -sigfile ours.sig"));
    Bytes other = msg;
    other[0] ^= 1;
    write("other.bin", other);
    EXPECT_FALSE(openssl("pkeyutl -verify -pubin -inkey pub.pem -rawin -in other.bin -sigfile ours.sig"));
    // OpenSSL's, checked by us (and equal: the scheme is deterministic)
    ASSERT_TRUE(openssl("pkeyutl -sign -inkey priv.pem -rawin -in msg.bin -out theirs.sig"));
    const Bytes theirs = read("theirs.sig");
    EXPECT_TRUE(nocrypto::ec::ed25519_verify(pub, msg, theirs));
    EXPECT_FALSE(nocrypto::ec::ed25519_verify(pub, other, theirs));
    EXPECT_EQ(theirs, Bytes(ours.begin(), ours.end()));
  }
}

// Our seed in PKCS #8: OpenSSL derives the same public key from it.
TEST_F(C25519AgainstOpenssl, OpensslReadsOurEd25519Seed) {
  Bytes seed(32);
  for (int i = 0; i < 32; ++i) seed[i] = static_cast<std::uint8_t>(200 - 3 * i);
  auto key = nocrypto::ec::Ed25519PrivateKey::from_seed(seed);
  ASSERT_TRUE(key.has_value());
  write("ours.der", concat(kEd25519PrivatePrefix, seed));
  ASSERT_TRUE(openssl("pkey -inform DER -in ours.der -pubout -outform DER -out ours_pub.der"));
  const Bytes pub = raw_key("ours_pub.der", kEd25519PublicPrefix);
  EXPECT_EQ(pub, Bytes(key->public_key().begin(), key->public_key().end()));
}

TEST_F(C25519AgainstOpenssl, X25519SharedSecretAgreesWithOpenssl) {
  for (int round = 0; round < 3; ++round) {
    // Theirs: generated by OpenSSL. Ours: fixed bytes, handed to OpenSSL as PKCS #8.
    ASSERT_TRUE(openssl("genpkey -algorithm x25519 -out a.pem"));
    ASSERT_TRUE(openssl("pkey -in a.pem -outform DER -out a.der"));
    ASSERT_TRUE(openssl("pkey -in a.pem -pubout -outform DER -out a_pub.der"));
    const Bytes a_priv = raw_key("a.der", kX25519PrivatePrefix);
    const Bytes a_pub = raw_key("a_pub.der", kX25519PublicPrefix);
    auto a_pub_ours = nocrypto::ec::X25519::public_key(a_priv);
    ASSERT_TRUE(a_pub_ours.has_value());
    EXPECT_EQ(Bytes(a_pub_ours->begin(), a_pub_ours->end()), a_pub);

    Bytes b_bytes(32);
    for (int i = 0; i < 32; ++i) b_bytes[i] = static_cast<std::uint8_t>(i * 17 + round * 5 + 3);
    auto b = nocrypto::ec::X25519PrivateKey::from_bytes(b_bytes);
    ASSERT_TRUE(b.has_value());
    const auto b_pub = b->public_key();
    write("b.der", concat(kX25519PrivatePrefix, b_bytes));
    write("b_pub.der", concat(kX25519PublicPrefix, b_pub));
    ASSERT_TRUE(openssl("pkey -inform DER -in b.der -pubout -outform DER -out b_pub_theirs.der"));
    EXPECT_EQ(raw_key("b_pub_theirs.der", kX25519PublicPrefix), Bytes(b_pub.begin(), b_pub.end()));

    ASSERT_TRUE(openssl("pkeyutl -derive -inkey a.pem -peerkey b_pub.der -peerform DER -out s1.bin"));
    ASSERT_TRUE(openssl("pkeyutl -derive -inkey b.der -keyform DER -peerkey a_pub.der -peerform DER -out s2.bin"));
    const auto ours = b->shared(a_pub);
    ASSERT_TRUE(ours.has_value());
    EXPECT_EQ(read("s1.bin"), Bytes(ours->begin(), ours->end()));
    EXPECT_EQ(read("s2.bin"), Bytes(ours->begin(), ours->end()));
  }
}

}  // namespace
