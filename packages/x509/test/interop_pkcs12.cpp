// PKCS #12 across us and `openssl pkcs12`: what openssl exports (its default PBES2 with
// AES-256, the SHA-1 3DES PBE with a SHA-1 MAC, and -legacy with RC2-40) we read, with
// the key paired to its certificate; what we write openssl reads (-info shows the
// algorithms) and extracts the same key and certificates, for every key type and MAC hash.
#include "support.hpp"

#include <gtest/gtest.h>

namespace {

using x509::Bytes;
using x509_test::run;

const std::string q = " 2>&1";
const std::string kPassword = "interop p\xc3\xa4ss";  // UTF-8: openssl makes it a BMPString too

class Pkcs12Interop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!run("openssl version >/dev/null 2>&1").second) GTEST_SKIP() << "no openssl";
    const std::string commands[] = {
        "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + path("ca.key"),
        "req -x509 -new -key " + path("ca.key") + " -subj '/CN=Interop CA' -days 30 -out " +
            path("ca.pem"),
        "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " + path("leaf.key"),
        "req -new -key " + path("leaf.key") + " -subj '/CN=leaf.interop' -out " + path("leaf.csr"),
        "x509 -req -in " + path("leaf.csr") + " -CA " + path("ca.pem") + " -CAkey " +
            path("ca.key") + " -CAcreateserial -days 30 -out " + path("leaf.pem")};
    for (const auto& c : commands) {
      const auto [out, ok] = run("openssl " + c + q);
      ASSERT_TRUE(ok) << c << ": " << out;
    }
  }
  std::string path(const std::string& f) const { return dir / f; }
  static std::string pass() { return "'pass:" + kPassword + "'"; }

  // openssl exports leaf.key, leaf.pem and ca.pem with `args`; we read the file and check
  // that the key is openssl's, paired with the leaf. False when openssl refused.
  bool exported_and_read(const std::string& args) {
    const std::string out = path("openssl.p12");
    auto made = run("openssl pkcs12 -export -inkey " + path("leaf.key") + " -in " +
                    path("leaf.pem") + " -certfile " + path("ca.pem") +
                    " -name 'interop leaf' -passout " + pass() + " " + args + " -out " + out + q);
    if (!made.second) return false;
    auto p12 = x509::parse_pkcs12(x509_test::read_bytes(out), kPassword);
    EXPECT_TRUE(p12) << p12.error().to_string();
    if (!p12) return true;
    auto key = x509::parse_pem_private_key(x509_test::read_text(path("leaf.key")));
    auto leaf = x509::parse_pem_certificates(x509_test::read_text(path("leaf.pem")));
    EXPECT_TRUE(key && leaf);
    EXPECT_EQ(p12->keys.size(), 1u);
    EXPECT_EQ(p12->certificates.size(), 2u);
    if (p12->keys.empty() || !key || !leaf) return true;
    EXPECT_EQ(p12->keys[0].key.public_key_info(), key->public_key_info());
    EXPECT_EQ(p12->keys[0].attributes.friendly_name, "interop leaf");
    const auto* cert = p12->certificate_for(p12->keys[0]);
    EXPECT_NE(cert, nullptr);
    if (cert) {
      EXPECT_EQ(cert->certificate.tbs_der, (*leaf)[0].tbs_der);
      EXPECT_EQ(cert->attributes.local_key_id, p12->keys[0].attributes.local_key_id);
    }
    EXPECT_EQ(x509::parse_pkcs12(x509_test::read_bytes(out), "wrong").error().code,
              x509::ErrorCode::BadSignature);
    return true;
  }

  x509_test::TempDir dir;
};

TEST_F(Pkcs12Interop, ReadsOpensslDefaultPbes2Aes256) {
  ASSERT_TRUE(exported_and_read(""));
}

TEST_F(Pkcs12Interop, ReadsOpensslSha1TripleDesWithSha1Mac) {
  ASSERT_TRUE(exported_and_read("-keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1"));
}

TEST_F(Pkcs12Interop, ReadsOpensslLegacyRc2) {
  if (!run("openssl list -cipher-algorithms -provider legacy 2>/dev/null | grep -qi rc2").second)
    GTEST_SKIP() << "openssl cannot load its legacy provider (RC2): -legacy not tested";
  if (!exported_and_read("-legacy"))
    GTEST_SKIP() << "openssl pkcs12 -legacy refused (no legacy provider): not tested";
}

TEST_F(Pkcs12Interop, OursReadByOpensslForEveryKeyTypeAndMacHash) {
  const std::pair<x509::KeyType, x509::HashKind> cases[] = {
      {x509::KeyType::Rsa, x509::HashKind::Sha256},
      {x509::KeyType::EcP256, x509::HashKind::Sha1},
      {x509::KeyType::EcP384, x509::HashKind::Sha384},
      {x509::KeyType::Ed25519, x509::HashKind::Sha512}};
  auto ca = x509::parse_pem_certificates(x509_test::read_text(path("ca.pem")));
  auto ca_key = x509::parse_pem_private_key(x509_test::read_text(path("ca.key")));
  ASSERT_TRUE(ca && ca_key);
  x509_test::TestRandom rng(7292);
  for (const auto& [type, hash] : cases) {
    SCOPED_TRACE(x509::key_type_name(type));
    auto key = *x509::generate_private_key(type, rng);
    x509::IssueOptions o;
    o.not_before = asn1::DateTime::from_unix(1'700'000'000);
    o.not_after = asn1::DateTime::from_unix(1'900'000'000);
    auto cert = x509::issue_certificate(*x509::parse_name("CN=ours.interop"), key.public_key_info(),
                                        (*ca)[0].tbs.subject, *ca_key, std::nullopt, o, rng);
    ASSERT_TRUE(cert) << cert.error().to_string();
    const x509::Certificate chain[] = {*cert, (*ca)[0]};
    auto der = x509::encode_pkcs12(key, chain, kPassword, rng,
                                   {.mac_hash = hash, .friendly_name = "ours"});
    ASSERT_TRUE(der) << der.error().to_string();
    const std::string file = path("ours.p12");
    x509_test::write_bytes(file, *der);

    auto info = run("openssl pkcs12 -info -noout -in " + file + " -passin " + pass() + q);
    ASSERT_TRUE(info.second) << info.first;
    EXPECT_NE(info.first.find("PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"),
              std::string::npos)
        << info.first;
    const char* mac_name = hash == x509::HashKind::Sha1     ? "MAC: sha1,"
                           : hash == x509::HashKind::Sha384 ? "MAC: sha384,"
                           : hash == x509::HashKind::Sha512 ? "MAC: sha512,"
                                                            : "MAC: sha256,";
    EXPECT_NE(info.first.find(mac_name), std::string::npos) << info.first;

    // The key openssl extracts is ours.
    ASSERT_TRUE(run("openssl pkcs12 -in " + file + " -nodes -nocerts -passin " + pass() + " -out " +
                    path("key.pem") + q)
                    .second);
    const std::string key_text = x509_test::read_text(path("key.pem"));
    EXPECT_NE(key_text.find("friendlyName: ours"), std::string::npos) << key_text;
    auto back = x509::parse_pem_private_key(key_text);
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(back->public_key_info(), key.public_key_info());
    EXPECT_EQ(x509::encode_pkcs8(*back), x509::encode_pkcs8(key));
    // And the certificates, leaf first.
    ASSERT_TRUE(run("openssl pkcs12 -in " + file + " -nokeys -passin " + pass() + " -out " +
                    path("certs.pem") + q)
                    .second);
    auto certs = x509::parse_pem_certificates(x509_test::read_text(path("certs.pem")));
    ASSERT_TRUE(certs);
    ASSERT_EQ(certs->size(), 2u);
    EXPECT_EQ((*certs)[0].tbs_der, cert->tbs_der);
    EXPECT_EQ((*certs)[1].tbs_der, (*ca)[0].tbs_der);
    // A wrong password is refused by openssl too.
    EXPECT_FALSE(run("openssl pkcs12 -in " + file + " -nodes -passin pass:wrong -out " +
                     path("none.pem") + q)
                     .second);
  }
}

}  // namespace
