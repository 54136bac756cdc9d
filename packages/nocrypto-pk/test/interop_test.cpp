// Against the `openssl` command line: OpenSSL-made RSA, DH and DSA keys, our signatures
// verified by `openssl dgst`, OpenSSL's verified by us, OAEP and PKCS#1 v1.5 ciphertexts
// both ways, and DH shared secrets from `openssl pkeyutl -derive`.
#include "support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <unistd.h>

namespace nocrypto_pk_test {
namespace {

using namespace nocrypto::pk;

// A scratch directory, removed at the end.
class Scratch {
 public:
  Scratch() {
    char tmpl[] = "/tmp/nocrypto-pk-interop-XXXXXX";
    const char* d = mkdtemp(tmpl);
    EXPECT_NE(d, nullptr);
    dir_ = d ? d : "/tmp";
  }
  ~Scratch() { (void)std::system(("rm -rf " + dir_).c_str()); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  std::string dir_;
};

// Runs a shell command; returns its exit status and (into `out`) its stdout.
int run(const std::string& command, std::string* out = nullptr) {
  FILE* p = popen((command + " 2>/dev/null").c_str(), "r");
  if (p == nullptr) return -1;
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  const int status = pclose(p);
  if (out != nullptr) *out = text;
  return status;
}

void write_file(const std::string& path, ByteView bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

Bytes read_bytes(const std::string& path) {
  const std::string s = read_file(path);
  return Bytes(s.begin(), s.end());
}

// The numbers `openssl pkey -text -noout` prints: "name:" then indented hex bytes with
// colons, or "name: 65537 (0x10001)" on one line.
std::map<std::string, Bytes> key_numbers(const std::string& pem, bool pub = false) {
  std::string text;
  EXPECT_EQ(run("openssl pkey " + std::string(pub ? "-pubin " : "") + "-in " + pem +
                    " -text -noout",
                &text),
            0);
  std::map<std::string, Bytes> out;
  std::istringstream in(text);
  std::string line, name, hex;
  auto flush = [&] {
    if (!name.empty() && !hex.empty()) {
      // openssl prints a 00 in front of a value whose top bit is set: keep the minimal
      // big-endian form, as our keys give it.
      Bytes v = from_hex(hex);
      const auto nz = std::find_if(v.begin(), v.end(), [](std::uint8_t b) { return b != 0; });
      v.erase(v.begin(), nz);
      out[name] = std::move(v);
    }
    hex.clear();
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == ' ') {
      for (char c : line) {
        if (std::isxdigit(static_cast<unsigned char>(c))) hex += c;
      }
      continue;
    }
    flush();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    name = line.substr(0, colon);
    const auto paren = line.find("(0x");
    if (paren != std::string::npos) {
      std::string v = line.substr(paren + 3, line.find(')', paren) - paren - 3);
      if (v.size() % 2) v = "0" + v;
      out[name] = from_hex(v);
      name.clear();
    }
  }
  flush();
  return out;
}

struct OpensslRsa {
  std::string pem, pub_pem;
  std::optional<RsaPrivateKey> key;
};

OpensslRsa openssl_rsa(const Scratch& s, int bits) {
  OpensslRsa r;
  r.pem = s.path("rsa" + std::to_string(bits) + ".pem");
  r.pub_pem = s.path("rsa" + std::to_string(bits) + ".pub.pem");
  EXPECT_EQ(run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:" + std::to_string(bits) +
                " -out " + r.pem),
            0);
  EXPECT_EQ(run("openssl pkey -in " + r.pem + " -pubout -out " + r.pub_pem), 0);
  auto n = key_numbers(r.pem);
  auto key = RsaPrivateKey::make(n["modulus"], n["publicExponent"], n["privateExponent"],
                                 n["prime1"], n["prime2"], n["exponent1"], n["exponent2"],
                                 n["coefficient"]);
  EXPECT_TRUE(key.has_value());
  if (key) r.key = std::move(*key);
  return r;
}

TEST(OpensslInterop, RsaSignaturesBothWays) {
  Scratch s;
  TestRng rng("interop-sig");
  for (int bits : {2048, 3072}) {
    OpensslRsa k = openssl_rsa(s, bits);
    ASSERT_TRUE(k.key.has_value());
    const std::string msg = s.path("msg"), sig = s.path("sig");
    Bytes m(1000);
    rng.generate(m);
    write_file(msg, m);
    // PKCS#1 v1.5, ours -> openssl
    auto ours = pkcs1_sign(*k.key, DigestAlgorithm::sha256, m, RandomRef(rng));
    ASSERT_TRUE(ours.has_value());
    write_file(sig, *ours);
    EXPECT_EQ(run("openssl dgst -sha256 -verify " + k.pub_pem + " -signature " + sig + " " + msg),
              0);
    // openssl -> ours (and the signatures agree: the scheme is deterministic)
    ASSERT_EQ(run("openssl dgst -sha256 -sign " + k.pem + " -out " + sig + " " + msg), 0);
    EXPECT_TRUE(pkcs1_verify(k.key->public_key(), DigestAlgorithm::sha256, m, read_bytes(sig)));
    EXPECT_EQ(to_hex(read_bytes(sig)), to_hex(*ours));
    // PSS, SHA-384, salt of the digest length, both ways.
    auto pss = pss_sign(*k.key, DigestAlgorithm::sha384, m, rng, 48);
    ASSERT_TRUE(pss.has_value());
    write_file(sig, *pss);
    EXPECT_EQ(run("openssl dgst -sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 "
                  "-verify " + k.pub_pem + " -signature " + sig + " " + msg),
              0);
    ASSERT_EQ(run("openssl dgst -sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 "
                  "-sign " + k.pem + " -out " + sig + " " + msg),
              0);
    EXPECT_TRUE(pss_verify(k.key->public_key(), DigestAlgorithm::sha384, m, read_bytes(sig), 48));
    // OpenSSL's default salt for signing is the longest that fits.
    ASSERT_EQ(run("openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sign " + k.pem + " -out " +
                  sig + " " + msg),
              0);
    EXPECT_TRUE(pss_verify(k.key->public_key(), DigestAlgorithm::sha256, m, read_bytes(sig),
                           pss_any_salt_length));
    // A signature openssl made for other bytes does not verify here.
    Bytes other = m;
    other[0] ^= 1;
    EXPECT_FALSE(pss_verify(k.key->public_key(), DigestAlgorithm::sha256, other, read_bytes(sig),
                            pss_any_salt_length));
  }
}

TEST(OpensslInterop, RsaEncryptionBothWays) {
  Scratch s;
  TestRng rng("interop-enc");
  OpensslRsa k = openssl_rsa(s, 2048);
  ASSERT_TRUE(k.key.has_value());
  const std::string pt = s.path("pt"), ct = s.path("ct"), back = s.path("back");
  for (DigestAlgorithm h : {DigestAlgorithm::sha1, DigestAlgorithm::sha256}) {
    const std::string md = h == DigestAlgorithm::sha1 ? "sha1" : "sha256";
    const std::string opts = " -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:" + md +
                             " -pkeyopt rsa_mgf1_md:" + md;
    for (int i = 0; i < 3; ++i) {
      Bytes m(static_cast<std::size_t>(1 + 40 * i));
      rng.generate(m);
      write_file(pt, m);
      ASSERT_EQ(run("openssl pkeyutl -encrypt -pubin -inkey " + k.pub_pem + opts + " -in " + pt +
                    " -out " + ct),
                0);
      auto ours = oaep_decrypt(*k.key, h, read_bytes(ct), {}, RandomRef(rng));
      ASSERT_TRUE(ours.has_value());
      EXPECT_EQ(to_hex(*ours), to_hex(m));
      auto c = oaep_encrypt(k.key->public_key(), h, m, rng);
      ASSERT_TRUE(c.has_value());
      write_file(ct, *c);
      ASSERT_EQ(run("openssl pkeyutl -decrypt -inkey " + k.pem + opts + " -in " + ct + " -out " +
                    back),
                0);
      EXPECT_EQ(to_hex(read_bytes(back)), to_hex(m));
    }
  }
  // PKCS#1 v1.5 encryption, both ways.
  Bytes m(48);
  rng.generate(m);
  write_file(pt, m);
  ASSERT_EQ(run("openssl pkeyutl -encrypt -pubin -inkey " + k.pub_pem + " -in " + pt + " -out " +
                ct),
            0);
  auto ours = pkcs1_decrypt(*k.key, read_bytes(ct), RandomRef(rng));
  ASSERT_TRUE(ours.has_value());
  EXPECT_EQ(to_hex(*ours), to_hex(m));
  auto c = pkcs1_encrypt(k.key->public_key(), m, rng);
  ASSERT_TRUE(c.has_value());
  write_file(ct, *c);
  ASSERT_EQ(run("openssl pkeyutl -decrypt -inkey " + k.pem + " -in " + ct + " -out " + back), 0);
  EXPECT_EQ(to_hex(read_bytes(back)), to_hex(m));
}

TEST(OpensslInterop, DhSharedSecretsMatch) {
  Scratch s;
  const std::pair<DhGroup, const char*> groups[] = {{DhGroup::ffdhe2048, "ffdhe2048"},
                                                    {DhGroup::ffdhe3072, "ffdhe3072"},
                                                    {DhGroup::modp2048, "modp_2048"},
                                                    {DhGroup::modp1536, "modp_1536"}};
  for (const auto& [group, name] : groups) {
    const std::string a = s.path("a.pem"), b = s.path("b.pem"), bpub = s.path("b.pub.pem");
    const std::string out = s.path("z");
    ASSERT_EQ(run(std::string("openssl genpkey -algorithm DH -pkeyopt group:") + name +
                  " -out " + a),
              0);
    ASSERT_EQ(run(std::string("openssl genpkey -algorithm DH -pkeyopt group:") + name +
                  " -out " + b),
              0);
    ASSERT_EQ(run("openssl pkey -in " + b + " -pubout -out " + bpub), 0);
    auto na = key_numbers(a), nb = key_numbers(b);
    // (openssl prints a named group's name, not its prime: the equal secrets below show
    // the primes agree.)
    auto key = DhPrivateKey::make(group, na["private-key"]);
    ASSERT_TRUE(key.has_value()) << name;
    Bytes their_pub = na["public-key"];
    EXPECT_EQ(to_hex(Bytes(dh_size(group) - their_pub.size(), 0)) + to_hex(their_pub),
              to_hex(key->public_value()));
    ASSERT_EQ(run("openssl pkeyutl -derive -inkey " + a + " -peerkey " + bpub +
                  " -pkeyopt dh_pad:1 -out " + out),
              0);
    auto z = dh_shared_secret(*key, nb["public-key"]);
    ASSERT_TRUE(z.has_value());
    EXPECT_EQ(to_hex(*z), to_hex(read_bytes(out))) << name;
  }
}

TEST(OpensslInterop, DsaSignaturesBothWays) {
  Scratch s;
  const std::string params = s.path("dsap.pem"), key_pem = s.path("dsa.pem");
  const std::string pub_pem = s.path("dsa.pub.pem"), msg = s.path("msg"), sig = s.path("sig");
  ASSERT_EQ(run("openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 "
                "-pkeyopt dsa_paramgen_q_bits:256 -out " + params),
            0);
  ASSERT_EQ(run("openssl genpkey -paramfile " + params + " -out " + key_pem), 0);
  ASSERT_EQ(run("openssl pkey -in " + key_pem + " -pubout -out " + pub_pem), 0);
  auto n = key_numbers(key_pem);
  auto key = DsaPrivateKey::make(n["P"], n["Q"], n["G"], n["priv"]);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(to_hex(key->public_key().y()), to_hex(n["pub"]));
  TestRng rng("interop-dsa");
  for (int i = 0; i < 4; ++i) {
    Bytes m(static_cast<std::size_t>(100 * i));
    rng.generate(m);
    write_file(msg, m);
    auto ours = dsa_sign_der(*key, DigestAlgorithm::sha256, m);
    ASSERT_TRUE(ours.has_value());
    write_file(sig, *ours);
    EXPECT_EQ(run("openssl dgst -sha256 -verify " + pub_pem + " -signature " + sig + " " + msg),
              0);
    ASSERT_EQ(run("openssl dgst -sha256 -sign " + key_pem + " -out " + sig + " " + msg), 0);
    EXPECT_TRUE(dsa_verify_der(key->public_key(), DigestAlgorithm::sha256, m, read_bytes(sig)));
  }
}

}  // namespace
}  // namespace nocrypto_pk_test
