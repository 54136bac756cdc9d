// Keys, requests, certificates and CRLs across us and the openssl command line: what
// openssl makes we read (and re-encode byte for byte), what we make (through the x509
// command, X509_TOOL) openssl accepts: `openssl pkey`, `req -verify`, `verify`
// (with -purpose and -crl_check), `crl -CAfile`, `pkcs12`.
#include "support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace {

using x509::Bytes;
using x509::ErrorCode;
using x509_test::run;

const std::string q = " 2>&1";

std::string tool() {
  const char* t = std::getenv("X509_TOOL");
  return t ? t : "";
}

class Interop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!run("openssl version >/dev/null 2>&1").second) GTEST_SKIP() << "no openssl";
    ASSERT_FALSE(tool().empty()) << "X509_TOOL (the x509 command) is not set";
  }
  x509_test::TempDir dir;
  std::string operator/(const std::string& f) const { return dir / f; }
  // Runs the x509 command; its output, and whether it exited with 0.
  std::pair<std::string, bool> x509_cmd(const std::string& args) const {
    return run(tool() + " " + args + q);
  }
};

TEST_F(Interop, OpensslKeysReadAndOursReadByOpenssl) {
  const std::pair<const char*, const char*> algorithms[] = {
      {"rsa", "-algorithm RSA -pkeyopt rsa_keygen_bits:2048"},
      {"p256", "-algorithm EC -pkeyopt ec_paramgen_curve:P-256"},
      {"p384", "-algorithm EC -pkeyopt ec_paramgen_curve:P-384"},
      {"p521", "-algorithm EC -pkeyopt ec_paramgen_curve:P-521"},
      {"ed25519", "-algorithm ED25519"},
  };
  for (const auto& [name, args] : algorithms) {
    SCOPED_TRACE(name);
    const std::string key = *this / (std::string(name) + ".pem");
    ASSERT_TRUE(run("openssl genpkey " + std::string(args) + " -out " + key + q).second);
    ASSERT_TRUE(run("openssl pkey -in " + key + " -pubout -outform der -out " + key + ".pub" + q).second);
    const Bytes openssl_spki = x509_test::read_bytes(key + ".pub");
    // PKCS #8 from openssl.
    auto ours = x509::parse_pem_private_key(x509_test::read_text(key));
    ASSERT_TRUE(ours) << ours.error().to_string();
    EXPECT_EQ(*x509::encode_public_key_info(ours->public_key_info()), openssl_spki);
    EXPECT_EQ(*x509::parse_public_key_info(openssl_spki), ours->public_key_info());
    // Our PKCS #8 is openssl's byte for byte (both DER of the same key), except that
    // openssl's EC PKCS #8 may omit or include the curve inside: compare public halves.
    x509_test::write_text(key + ".ours", x509::encode_pem_private_key(*ours));
    auto pub = run("openssl pkey -in " + key + ".ours -pubout -outform der" + q);
    ASSERT_TRUE(pub.second) << pub.first;
    EXPECT_EQ(Bytes(pub.first.begin(), pub.first.end()), openssl_spki);
    if (std::string(name) != "ed25519") {
      EXPECT_TRUE(run("openssl pkey -in " + key + ".ours -check -noout" + q).second);
      // Traditional forms both ways.
      const std::string trad = key + ".trad";
      ASSERT_TRUE(run("openssl pkey -in " + key + " -traditional -out " + trad + q).second);
      auto t = x509::parse_pem_private_key(x509_test::read_text(trad));
      ASSERT_TRUE(t) << t.error().to_string();
      EXPECT_EQ(t->public_key_info(), ours->public_key_info());
      const char* label = std::string(name) == "rsa" ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
      x509_test::write_text(trad + ".ours",
                            x509::encode_pem(label, x509::encode_traditional(*ours)));
      auto pub2 = run("openssl pkey -in " + trad + ".ours -pubout -outform der" + q);
      ASSERT_TRUE(pub2.second) << pub2.first;
      EXPECT_EQ(Bytes(pub2.first.begin(), pub2.first.end()), openssl_spki);
      // openssl writes the same traditional DER we do.
      ASSERT_TRUE(run("openssl pkey -in " + key + " -traditional -outform der -out " + trad + ".der" + q).second);
      EXPECT_EQ(x509::encode_traditional(*ours), x509_test::read_bytes(trad + ".der"));
    }
  }
}

TEST_F(Interop, OpensslRequestsParseVerifyAndReencode) {
  const std::string key = *this / "k.pem";
  const std::string csr = *this / "r.der";
  ASSERT_TRUE(run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + key + q).second);
  auto made = run("openssl req -new -key " + key +
                  " -subj '/C=US/ST=CA/O=Example Org/OU=Unit/CN=www.example.test/emailAddress=a@example.test'"
                  " -addext 'subjectAltName=DNS:www.example.test,DNS:example.test,IP:192.0.2.7'"
                  " -addext 'keyUsage=critical,digitalSignature' -addext 'extendedKeyUsage=serverAuth'"
                  " -outform der -out " + csr + q);
  ASSERT_TRUE(made.second) << made.first;
  const Bytes der = x509_test::read_bytes(csr);
  auto r = x509::parse_csr(der);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*x509::encode_csr(*r), der);
  EXPECT_TRUE(x509::verify_csr(*r));
  EXPECT_EQ(r->info.subject.to_string(),
            "C=US, ST=CA, O=Example Org, OU=Unit, CN=www.example.test, emailAddress=a@example.test");
  const auto* san = r->extension<x509::SubjectAltName>();
  ASSERT_NE(san, nullptr);
  ASSERT_EQ(san->names.size(), 3u);
  EXPECT_EQ(std::get<x509::DnsName>(san->names[1]).value, "example.test");
  EXPECT_EQ(std::get<x509::IpAddressName>(san->names[2]).value, (Bytes{192, 0, 2, 7}));
  ASSERT_NE(r->extension<x509::ExtendedKeyUsage>(), nullptr);
  // An RSA-PSS signed request.
  const std::string rsa = *this / "rsa.pem";
  ASSERT_TRUE(run("openssl genpkey -algorithm RSA -out " + rsa + q).second);
  ASSERT_TRUE(run("openssl req -new -key " + rsa + " -subj '/CN=pss' -sigopt rsa_padding_mode:pss"
                  " -sigopt rsa_pss_saltlen:32 -sha256 -outform der -out " + csr + ".pss" + q).second);
  auto p = x509::parse_csr(x509_test::read_bytes(csr + ".pss"));
  ASSERT_TRUE(p);
  EXPECT_TRUE(x509::verify_csr(*p));
}

TEST_F(Interop, OurHierarchyIsAcceptedByOpenssl) {
  const auto d = [this](const std::string& f) { return *this / f; };
  const std::string steps[] = {
      "genkey --type p384 -o " + d("root.key"),
      "selfsign --key " + d("root.key") + " --subject 'C=US, O=Mirage, CN=Mirage Test Root' --ca --days 3650 -o " + d("root.pem"),
      "genkey --type rsa --traditional -o " + d("int.key"),
      "req --key " + d("int.key") + " --subject '/C=US/O=Mirage/CN=Mirage Test Intermediate' -o " + d("int.csr"),
      "sign --csr " + d("int.csr") + " --ca-cert " + d("root.pem") + " --ca-key " + d("root.key") + " --ca --pathlen 0 --days 365 -o " + d("int.pem"),
      "genkey --type ed25519 -o " + d("leaf.key"),
      "req --key " + d("leaf.key") + " --subject 'CN=www.example.test' --dns www.example.test --dns example.test --ip 192.0.2.1 --ip 2001:db8::1 -o " + d("leaf.csr"),
      "sign --csr " + d("leaf.csr") + " --ca-cert " + d("int.pem") + " --ca-key " + d("int.key") + " --eku server,client --serial 0A:0B:0C --pss --hash sha384 -o " + d("leaf.pem"),
      "genkey --type p256 -o " + d("ee2.key"),
      "req --key " + d("ee2.key") + " --subject 'CN=client' -o " + d("ee2.csr"),
      "sign --csr " + d("ee2.csr") + " --ca-cert " + d("int.pem") + " --ca-key " + d("int.key") + " --eku client --serial 77 -o " + d("ee2.pem"),
  };
  for (const auto& s : steps) {
    auto r = x509_cmd(s);
    ASSERT_TRUE(r.second) << "x509 " << s << "\n" << r.first;
  }
  // openssl reads our keys and requests.
  EXPECT_TRUE(run("openssl pkey -in " + d("int.key") + " -check -noout" + q).second);
  auto reqv = run("openssl req -in " + d("leaf.csr") + " -verify -noout" + q);
  EXPECT_TRUE(reqv.second) << reqv.first;
  EXPECT_NE(reqv.first.find("verify OK"), std::string::npos) << reqv.first;
  EXPECT_TRUE(run("openssl req -in " + d("int.csr") + " -verify -noout" + q).second);
  // openssl verifies the chain, for the purposes asked for.
  const std::string verify = "openssl verify -CAfile " + d("root.pem") + " -untrusted " + d("int.pem");
  auto ok = run(verify + " -purpose sslserver " + d("leaf.pem") + q);
  EXPECT_TRUE(ok.second) << ok.first;
  EXPECT_TRUE(run(verify + " -purpose sslclient " + d("ee2.pem") + q).second);
  auto wrong = run(verify + " -purpose sslserver " + d("ee2.pem") + q);
  EXPECT_FALSE(wrong.second) << wrong.first;
  EXPECT_TRUE(run("openssl x509 -in " + d("leaf.pem") + " -noout -checkhost example.test | grep -q 'does match'").second);
  EXPECT_TRUE(run("openssl x509 -in " + d("leaf.pem") + " -noout -checkip 2001:db8::1 | grep -q 'does match'").second);
  auto serial = run("openssl x509 -in " + d("leaf.pem") + " -noout -serial");
  EXPECT_EQ(serial.first, "serial=0A0B0C\n");
  auto text = run("openssl x509 -in " + d("leaf.pem") + " -noout -text");
  EXPECT_NE(text.first.find("rsassaPss"), std::string::npos);
  EXPECT_NE(text.first.find("TLS Web Server Authentication, TLS Web Client Authentication"),
            std::string::npos);
  // Our verify agrees, with the pool in the file and in --untrusted.
  auto ours = x509_cmd("verify --roots " + d("root.pem") + " --untrusted " + d("int.pem") + " --host example.test " + d("leaf.pem"));
  EXPECT_TRUE(ours.second) << ours.first;
  EXPECT_NE(ours.first.find("OK (CN=www.example.test <- C=US, O=Mirage, CN=Mirage Test Intermediate <- C=US, O=Mirage, CN=Mirage Test Root)"), std::string::npos) << ours.first;
  auto host = x509_cmd("verify --roots " + d("root.pem") + " --untrusted " + d("int.pem") + " --host other.test " + d("leaf.pem"));
  EXPECT_FALSE(host.second);
  auto no_int = x509_cmd("verify --roots " + d("root.pem") + " " + d("leaf.pem"));
  EXPECT_FALSE(no_int.second);
  EXPECT_NE(no_int.first.find("UntrustedRoot"), std::string::npos) << no_int.first;

  // CRLs: ours checked by openssl, and revocation seen by both.
  auto crl = x509_cmd("crl --ca-cert " + d("int.pem") + " --ca-key " + d("int.key") + " --revoke 0A0B0C:keyCompromise --revoke 1234 --number 9 -o " + d("int.crl"));
  ASSERT_TRUE(crl.second) << crl.first;
  auto crlv = run("openssl crl -in " + d("int.crl") + " -CAfile " + d("int.pem") + " -noout" + q);
  EXPECT_TRUE(crlv.second) << crlv.first;
  EXPECT_NE(crlv.first.find("verify OK"), std::string::npos) << crlv.first;
  auto crltext = run("openssl crl -in " + d("int.crl") + " -noout -text");
  EXPECT_NE(crltext.first.find("Key Compromise"), std::string::npos) << crltext.first;
  EXPECT_NE(crltext.first.find("X509v3 CRL Number: \n                9"), std::string::npos) << crltext.first;
  ASSERT_TRUE(x509_cmd("crl --ca-cert " + d("root.pem") + " --ca-key " + d("root.key") + " -o " + d("root.crl")).second);
  run("cat " + d("int.crl") + " " + d("root.crl") + " > " + d("all.crl"));
  auto revoked = run(verify + " -crl_check_all -CRLfile " + d("all.crl") + " " + d("leaf.pem") + q);
  EXPECT_FALSE(revoked.second);
  EXPECT_NE(revoked.first.find("certificate revoked"), std::string::npos) << revoked.first;
  auto fine = run(verify + " -crl_check_all -CRLfile " + d("all.crl") + " " + d("ee2.pem") + q);
  EXPECT_TRUE(fine.second) << fine.first;
  auto ours_revoked = x509_cmd("verify --roots " + d("root.pem") + " --untrusted " + d("int.pem") + " --crl " + d("all.crl") + " " + d("leaf.pem"));
  EXPECT_FALSE(ours_revoked.second);
  EXPECT_NE(ours_revoked.first.find("Revoked"), std::string::npos) << ours_revoked.first;
  EXPECT_NE(ours_revoked.first.find("keyCompromise"), std::string::npos) << ours_revoked.first;
  EXPECT_TRUE(x509_cmd("verify --roots " + d("root.pem") + " --untrusted " + d("int.pem") + " --crl " + d("all.crl") + " " + d("ee2.pem")).second);
  auto shown = x509_cmd("show " + d("int.crl"));
  EXPECT_NE(shown.first.find("revoked 0A:0B:0C"), std::string::npos) << shown.first;
}

TEST_F(Interop, OpensslCrlsParseAndVerify) {
  const auto d = [this](const std::string& f) { return *this / f; };
  ASSERT_TRUE(run("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d("ca.key") + " -out " + d("ca.pem") +
                  " -days 30 -subj '/CN=OpenSSL CA' -addext keyUsage=critical,keyCertSign,cRLSign" + q).second);
  x509_test::write_text(d("index.txt"),
                        "R\t301231000000Z\t231114000000Z,keyCompromise\t0A\tunknown\t/CN=x\n"
                        "R\t301231000000Z\t231115000000Z,superseded\t01F3\tunknown\t/CN=y\n"
                        "V\t301231000000Z\t\t0C\tunknown\t/CN=z\n");
  x509_test::write_text(d("crlnumber"), "1000\n");
  x509_test::write_text(d("ca.cnf"), "[ca]\ndefault_ca=c\n[c]\ndatabase=" + d("index.txt") +
                                         "\ncrlnumber=" + d("crlnumber") +
                                         "\ndefault_md=sha256\ndefault_crl_days=7\ncrl_extensions=ext\n"
                                         "[ext]\nauthorityKeyIdentifier=keyid:always\n");
  auto gen = run("openssl ca -config " + d("ca.cnf") + " -gencrl -keyfile " + d("ca.key") + " -cert " +
                 d("ca.pem") + " -out " + d("crl.pem") + q);
  ASSERT_TRUE(gen.second) << gen.first;
  auto crls = x509::parse_pem_crls(x509_test::read_text(d("crl.pem")));
  ASSERT_TRUE(crls) << crls.error().to_string();
  ASSERT_EQ(crls->size(), 1u);
  const auto& crl = (*crls)[0];
  auto ca = x509::parse_pem_certificates(x509_test::read_text(d("ca.pem")));
  ASSERT_TRUE(ca);
  EXPECT_TRUE(x509::verify_crl(crl, (*ca)[0]));
  EXPECT_EQ(crl.crl_number(), (Bytes{0x10, 0x00}));
  ASSERT_NE(crl.find(Bytes{0x0a}), nullptr);
  EXPECT_EQ(crl.find(Bytes{0x0a})->reason(), x509::RevocationReason::KeyCompromise);
  ASSERT_NE(crl.find(Bytes{0x01, 0xf3}), nullptr);
  EXPECT_EQ(crl.find(Bytes{0x01, 0xf3})->reason(), x509::RevocationReason::Superseded);
  EXPECT_EQ(crl.find(Bytes{0x0c}), nullptr);
  ASSERT_TRUE(run("openssl crl -in " + d("crl.pem") + " -outform der -out " + d("crl.der")).second);
  EXPECT_EQ(*x509::encode_crl(crl), x509_test::read_bytes(d("crl.der")));
  auto tampered = crl;
  tampered.tbs_der[tampered.tbs_der.size() - 3] ^= 1;
  EXPECT_EQ(x509::verify_crl(tampered, (*ca)[0]).error().code, ErrorCode::BadSignature);
}

// `x509 pkcs12` both ways: what it writes openssl reads (same key, same certificates, the
// friendly name), what `openssl pkcs12 -export` writes it reads back to the same PEM.
TEST_F(Interop, ToolPkcs12WithOpenssl) {
  const auto d = [this](const std::string& f) { return *this / f; };
  x509_test::write_text(d("pw.txt"), "correct horse\n");
  const std::string steps[] = {
      "genkey --type p256 -o " + d("root.key"),
      "selfsign --key " + d("root.key") + " --subject 'CN=P12 Root' --ca -o " + d("root.pem"),
      "genkey --type rsa -o " + d("leaf.key"),
      "req --key " + d("leaf.key") + " --subject 'CN=p12.example.test' -o " + d("leaf.csr"),
      "sign --csr " + d("leaf.csr") + " --ca-cert " + d("root.pem") + " --ca-key " + d("root.key") + " -o " + d("leaf.pem"),
      "pkcs12 --key " + d("leaf.key") + " --cert " + d("leaf.pem") + " --chain " + d("root.pem") +
          " --name 'my leaf' --password-file " + d("pw.txt") + " -o " + d("ours.p12"),
  };
  for (const auto& s : steps) {
    auto r = x509_cmd(s);
    ASSERT_TRUE(r.second) << "x509 " << s << "\n" << r.first;
  }
  // openssl reads ours.
  auto all = run("openssl pkcs12 -in " + d("ours.p12") + " -passin 'pass:correct horse' -nodes" + q);
  ASSERT_TRUE(all.second) << all.first;
  EXPECT_NE(all.first.find("friendlyName: my leaf"), std::string::npos) << all.first;
  const std::string leaf_pem = x509_test::read_text(d("leaf.pem"));
  const std::string root_pem = x509_test::read_text(d("root.pem"));
  EXPECT_NE(all.first.find(leaf_pem), std::string::npos);
  EXPECT_NE(all.first.find(root_pem), std::string::npos);
  x509_test::write_text(d("from-ours.pem"), all.first);
  const auto pub = [&](const std::string& f) { return run("openssl pkey -in " + f + " -pubout" + q); };
  EXPECT_EQ(pub(d("from-ours.pem")).first, pub(d("leaf.key")).first);
  // We read openssl's.
  auto exp = run("openssl pkcs12 -export -inkey " + d("leaf.key") + " -in " + d("leaf.pem") +
                 " -certfile " + d("root.pem") + " -passout pass:s3cret -out " + d("theirs.p12") + q);
  ASSERT_TRUE(exp.second) << exp.first;
  auto back = x509_cmd("pkcs12 --in " + d("theirs.p12") + " --password s3cret -o " + d("back.pem"));
  ASSERT_TRUE(back.second) << back.first;
  const std::string got = x509_test::read_text(d("back.pem"));
  EXPECT_NE(got.find(leaf_pem), std::string::npos) << got;
  EXPECT_NE(got.find(root_pem), std::string::npos) << got;
  EXPECT_EQ(pub(d("back.pem")).first, pub(d("leaf.key")).first);
  // Errors.
  auto wrong = x509_cmd("pkcs12 --in " + d("theirs.p12") + " --password nope");
  EXPECT_FALSE(wrong.second);
  EXPECT_NE(wrong.first.find("wrong password"), std::string::npos) << wrong.first;
  auto nopass = x509_cmd("pkcs12 --in " + d("theirs.p12"));
  EXPECT_NE(nopass.first.find("pkcs12 needs --password or --password-file"), std::string::npos);
  auto mismatch = x509_cmd("pkcs12 --key " + d("root.key") + " --cert " + d("leaf.pem") +
                           " --password x -o " + d("bad.p12"));
  EXPECT_FALSE(mismatch.second);
  EXPECT_NE(mismatch.first.find("is not the certificate of"), std::string::npos) << mismatch.first;
  auto noout = x509_cmd("pkcs12 --key " + d("leaf.key") + " --cert " + d("leaf.pem") + " --password x");
  EXPECT_NE(noout.first.find("give -o FILE.p12"), std::string::npos) << noout.first;
}

TEST_F(Interop, ToolErrorsSayWhatIsWrong) {
  auto none = run(tool() + q);
  EXPECT_FALSE(none.second);
  EXPECT_NE(none.first.find("no command given"), std::string::npos);
  EXPECT_NE(none.first.find("usage: x509"), std::string::npos);
  auto unknown = x509_cmd("frobnicate");
  EXPECT_NE(unknown.first.find("unknown command \"frobnicate\""), std::string::npos);
  auto option = x509_cmd("genkey --colour red");
  EXPECT_NE(option.first.find("unknown option --colour"), std::string::npos);
  auto type = x509_cmd("genkey --type dsa");
  EXPECT_NE(type.first.find("--type: \"dsa\" is not rsa, p256, p384, p521 or ed25519"),
            std::string::npos);
  auto bits = x509_cmd("genkey --type rsa --bits 512");
  EXPECT_NE(bits.first.find("--bits takes a number from 2048 to 16384"), std::string::npos);
  auto missing = x509_cmd("req --key /nonexistent/key.pem --subject CN=x");
  EXPECT_FALSE(missing.second);
  EXPECT_NE(missing.first.find("cannot read /nonexistent/key.pem"), std::string::npos);
  auto need = x509_cmd("req --subject CN=x");
  EXPECT_NE(need.first.find("req needs --key"), std::string::npos);
  const std::string key = *this / "k.pem";
  ASSERT_TRUE(x509_cmd("genkey -o " + key).second);
  auto subject = x509_cmd("req --key " + key + " --subject 'C=USA, CN=x'");
  EXPECT_FALSE(subject.second);
  EXPECT_NE(subject.first.find("C (country) is two letters"), std::string::npos) << subject.first;
  auto notkey = x509_cmd("req --key " + (*this / "missing") + " --subject CN=x");
  EXPECT_FALSE(notkey.second);
  x509_test::write_text(*this / "cert-not-key.pem", "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
  auto wrongblock = x509_cmd("req --key " + (*this / "cert-not-key.pem") + " --subject CN=x");
  EXPECT_NE(wrongblock.first.find("no PRIVATE KEY"), std::string::npos) << wrongblock.first;
}

}  // namespace
