// Against the openssl command line: an RSA-2048 root, an EC P-256 intermediate (signed
// by the root with RSA-PSS) and two leaves (Ed25519 and P-384, signed with ECDSA) made
// by openssl in a temporary directory; our parse must agree with `openssl x509`'s view
// of every field, our signatures checks with `openssl verify`, and a tampered
// certificate must fail.
#include "support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>

namespace {

using x509::Bytes;
using x509::ErrorCode;
using x509_test::run;

class OpensslHierarchy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!run("openssl version >/dev/null 2>&1").second) return;
    dir_ = new x509_test::TempDir();
    const auto& d = *dir_;
    x509_test::write_text(
        d / "int.ext",
        "basicConstraints=critical,CA:TRUE,pathlen:0\n"
        "keyUsage=critical,keyCertSign,cRLSign\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid:always\n"
        "nameConstraints=permitted;DNS:example.test,excluded;DNS:forbidden.example.test\n");
    x509_test::write_text(d / "ca.ext",
                          "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n");
    x509_test::write_text(d / "evil.ext", "subjectAltName=DNS:www.other.test\n");
    x509_test::write_text(d / "forbidden.ext", "subjectAltName=DNS:a.forbidden.example.test\n");
    x509_test::write_text(d / "crit.ext",
                          "basicConstraints=CA:FALSE\n1.3.6.1.4.1.99999.7=critical,DER:05:00\n");
    x509_test::write_text(
        d / "leaf.ext",
        "basicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth,clientAuth\n"
        "subjectAltName=DNS:www.example.test,DNS:*.api.example.test,IP:192.0.2.1,"
        "IP:2001:db8::1,email:admin@example.test,URI:https://example.test/path,"
        "dirName:leaf_dir\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid\n"
        "certificatePolicies=2.23.140.1.2.1,@policy\n"
        "crlDistributionPoints=URI:http://crl.example.test/int.crl\n"
        "authorityInfoAccess=OCSP;URI:http://ocsp.example.test/,caIssuers;URI:http://example.test/"
        "int.der\n"
        "[leaf_dir]\nC=DE\nO=Dir Name\nCN=Directory\n"
        "[policy]\npolicyIdentifier=1.3.6.1.4.1.99999.1\nCPS.1=https://example.test/cps\n");
    const std::string q = " >/dev/null 2>&1";
    const std::string cmds[] = {
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d / "root.key" + " -out " +
            d / "root.pem" +
            " -days 30 -sha256 -subj '/C=US/O=Mirage Test/CN=Mirage Root CA'"
            " -addext basicConstraints=critical,CA:TRUE -addext "
            "keyUsage=critical,keyCertSign,cRLSign",
        "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
            d / "int.key" + " -out " + d / "int.csr" +
            " -subj '/C=US/O=Mirage Test/OU=Unit/CN=Mirage Intermediate'",
        "openssl x509 -req -in " + d / "int.csr" + " -CA " + d / "root.pem" + " -CAkey " +
            d / "root.key" +
            " -set_serial 0x00f1e2d3c4b5a69788 -days 20 -sha256 -sigopt rsa_padding_mode:pss"
            " -sigopt rsa_pss_saltlen:32 -extfile " +
            d / "int.ext" + " -out " + d / "int.pem",
        "openssl req -new -newkey ed25519 -nodes -keyout " + d / "leaf.key" + " -out " +
            d / "leaf.csr" + " -subj '/CN=www.example.test/emailAddress=admin@example.test'",
        "openssl x509 -req -in " + d / "leaf.csr" + " -CA " + d / "int.pem" + " -CAkey " +
            d / "int.key" + " -set_serial 4242 -days 10 -sha384 -extfile " + d / "leaf.ext" +
            " -out " + d / "leaf.pem",
        "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout " +
            d / "leaf384.key" + " -out " + d / "leaf384.csr" + " -subj '/CN=p384.example.test'",
        "openssl x509 -req -in " + d / "leaf384.csr" + " -CA " + d / "int.pem" + " -CAkey " +
            d / "int.key" + " -set_serial 7 -days 10 -sha512 -extfile " + d / "leaf.ext" +
            " -out " + d / "leaf384.pem",
        // For the chain checks: a CA below the pathlen:0 intermediate and a leaf below it,
        // names outside the constraints, an unknown critical extension, a leaf as issuer.
        "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
            d / "int2.key" + " -out " + d / "int2.csr" + " -subj '/O=Mirage Test/CN=Too Deep CA'",
        "openssl x509 -req -in " + d / "int2.csr" + " -CA " + d / "int.pem" + " -CAkey " +
            d / "int.key" + " -set_serial 8 -days 10 -sha256 -extfile " + d / "ca.ext" + " -out " +
            d / "int2.pem",
        "openssl x509 -req -in " + d / "leaf384.csr" + " -CA " + d / "int2.pem" + " -CAkey " +
            d / "int2.key" + " -set_serial 9 -days 10 -sha256 -extfile " + d / "leaf.ext" +
            " -out " + d / "deep.pem",
        "openssl x509 -req -in " + d / "leaf384.csr" + " -CA " + d / "int.pem" + " -CAkey " +
            d / "int.key" + " -set_serial 10 -days 10 -sha256 -extfile " + d / "evil.ext" +
            " -out " + d / "evil.pem",
        "openssl x509 -req -in " + d / "leaf384.csr" + " -CA " + d / "int.pem" + " -CAkey " +
            d / "int.key" + " -set_serial 11 -days 10 -sha256 -extfile " + d / "forbidden.ext" +
            " -out " + d / "forbidden.pem",
        "openssl x509 -req -in " + d / "leaf384.csr" + " -CA " + d / "int.pem" + " -CAkey " +
            d / "int.key" + " -set_serial 12 -days 10 -sha256 -extfile " + d / "crit.ext" +
            " -out " + d / "crit.pem",
        "openssl x509 -req -in " + d / "leaf.csr" + " -CA " + d / "leaf384.pem" + " -CAkey " +
            d / "leaf384.key" + " -set_serial 13 -days 10 -sha384 -extfile " + d / "evil.ext" +
            " -out " + d / "notca.pem",
    };
    for (const auto& c : cmds) {
      if (!run(c + q).second) {
        ADD_FAILURE() << "openssl failed: " << c;
        return;
      }
    }
    ready_ = true;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (!ready_) GTEST_SKIP() << "no openssl command";
  }

  static x509::Certificate load(const std::string& name, Bytes* der_out = nullptr) {
    auto der = x509::decode_pem_label(x509_test::read_text(*dir_ / name), "CERTIFICATE");
    EXPECT_TRUE(der.has_value());
    if (!der) return {};
    auto cert = x509::parse_certificate((*der)[0]);
    EXPECT_TRUE(cert.has_value()) << name << ": " << cert.error().to_string();
    if (der_out) *der_out = (*der)[0];
    return cert ? std::move(*cert) : x509::Certificate{};
  }
  // `openssl x509 -in name -noout <args>`, trimmed.
  static std::string openssl_x509(const std::string& name, const std::string& args) {
    auto [out, ok] = run("openssl x509 -in " + *dir_ / name + " -noout " + args + " 2>/dev/null");
    EXPECT_TRUE(ok) << args;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  }
  // OpenSSL 3 prints "C = US, O = Mirage Test"; ours "C=US, O=Mirage Test".
  static std::string compact(std::string s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s.compare(i, 3, " = ") == 0) {
        out += '=';
        i += 2;
      } else {
        out += s[i];
      }
    }
    return out;
  }

  static x509_test::TempDir* dir_;
  static bool ready_;
};

x509_test::TempDir* OpensslHierarchy::dir_ = nullptr;
bool OpensslHierarchy::ready_ = false;

std::string iso(const x509::Time& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02u:%02u:%02uZ", t.value.year, t.value.month,
                t.value.day, t.value.hour, t.value.minute, t.value.second);
  return buf;
}

std::string serial_hex(const Bytes& serial) {
  std::string h = x509_test::to_hex(serial);
  while (h.size() > 2 && h.rfind("00", 0) == 0) h.erase(0, 2);
  return h;
}

TEST_F(OpensslHierarchy, FieldsMatchOpensslX509) {
  for (const char* name : {"root.pem", "int.pem", "leaf.pem", "leaf384.pem"}) {
    SCOPED_TRACE(name);
    Bytes der;
    const auto cert = load(name, &der);
    EXPECT_EQ(cert.tbs.version, 2);
    EXPECT_EQ(std::string("subject=") + cert.tbs.subject.to_string(),
              compact(openssl_x509(name, "-subject")));
    EXPECT_EQ(std::string("issuer=") + cert.tbs.issuer.to_string(),
              compact(openssl_x509(name, "-issuer")));
    EXPECT_EQ(std::string("serial=") + serial_hex(cert.tbs.serial), openssl_x509(name, "-serial"));
    EXPECT_EQ("notBefore=" + iso(cert.tbs.validity.not_before) +
                  "\nnotAfter=" + iso(cert.tbs.validity.not_after),
              openssl_x509(name, "-dates -dateopt iso_8601"));
    // The key: openssl's SubjectPublicKeyInfo ends with our subjectPublicKey bits.
    auto spki = x509::decode_pem_label(openssl_x509(name, "-pubkey"), "PUBLIC KEY");
    ASSERT_TRUE(spki.has_value());
    const auto& bits = cert.tbs.public_key.subject_public_key.bytes;
    ASSERT_GE((*spki)[0].size(), bits.size());
    EXPECT_TRUE(
        std::equal(bits.begin(), bits.end(), (*spki)[0].end() - static_cast<long>(bits.size())));
    // Byte for byte, both ways: our encoding, and openssl reading our PEM.
    auto again = x509::encode_certificate(cert);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, der);
    x509_test::write_text(*dir_ / "ours.pem", x509::encode_pem("CERTIFICATE", *again));
    EXPECT_EQ(openssl_x509("ours.pem", "-fingerprint -sha256"),
              openssl_x509(name, "-fingerprint -sha256"));
  }
}

TEST_F(OpensslHierarchy, KeysAndAlgorithmsAreDecoded) {
  const auto root = load("root.pem"), inter = load("int.pem"), leaf = load("leaf.pem"),
             leaf384 = load("leaf384.pem");
  const auto* rsa = std::get_if<x509::RsaKey>(&root.tbs.public_key.key);
  ASSERT_NE(rsa, nullptr);
  // openssl prints the modulus in hex.
  EXPECT_EQ("Modulus=" + serial_hex(rsa->modulus), openssl_x509("root.pem", "-modulus"));
  EXPECT_EQ(rsa->exponent, Bytes({1, 0, 1}));
  const auto* ec = std::get_if<x509::EcKey>(&inter.tbs.public_key.key);
  ASSERT_NE(ec, nullptr);
  EXPECT_EQ(ec->curve, nocrypto::ec::Curve::P256);
  EXPECT_EQ(ec->point.size(), 65u);
  ASSERT_NE(std::get_if<x509::Ed25519Key>(&leaf.tbs.public_key.key), nullptr);
  const auto* ec384 = std::get_if<x509::EcKey>(&leaf384.tbs.public_key.key);
  ASSERT_NE(ec384, nullptr);
  EXPECT_EQ(ec384->curve, nocrypto::ec::Curve::P384);

  auto s = x509::signature_scheme(root.signature_algorithm);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(*s, (x509::SignatureScheme{x509::SignatureKind::RsaPkcs1, x509::HashKind::Sha256, 0}));
  s = x509::signature_scheme(inter.signature_algorithm);
  ASSERT_TRUE(s.has_value()) << s.error().to_string();
  EXPECT_EQ(*s, (x509::SignatureScheme{x509::SignatureKind::RsaPss, x509::HashKind::Sha256, 32}));
  s = x509::signature_scheme(leaf.signature_algorithm);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(*s, (x509::SignatureScheme{x509::SignatureKind::Ecdsa, x509::HashKind::Sha384, 0}));
  s = x509::signature_scheme(leaf384.signature_algorithm);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(*s, (x509::SignatureScheme{x509::SignatureKind::Ecdsa, x509::HashKind::Sha512, 0}));
}

TEST_F(OpensslHierarchy, ExtensionsMatchOpenssl) {
  const auto root = load("root.pem"), inter = load("int.pem"), leaf = load("leaf.pem");
  const auto* bc = root.extension<x509::BasicConstraints>();
  ASSERT_NE(bc, nullptr);
  EXPECT_TRUE(bc->ca);
  EXPECT_FALSE(bc->path_length);
  EXPECT_TRUE(root.find_extension(x509::ext::basic_constraints)->critical);
  bc = inter.extension<x509::BasicConstraints>();
  ASSERT_NE(bc, nullptr);
  EXPECT_TRUE(bc->ca);
  EXPECT_EQ(bc->path_length, 0);
  const auto* ku = inter.extension<x509::KeyUsage>();
  ASSERT_NE(ku, nullptr);
  EXPECT_TRUE(ku->has(x509::KeyUsageBit::KeyCertSign));
  EXPECT_TRUE(ku->has(x509::KeyUsageBit::CrlSign));
  EXPECT_FALSE(ku->has(x509::KeyUsageBit::DigitalSignature));
  const auto* nc = inter.extension<x509::NameConstraints>();
  ASSERT_NE(nc, nullptr);
  ASSERT_TRUE(nc->permitted && nc->excluded);
  EXPECT_EQ(std::get<x509::DnsName>((*nc->permitted)[0].base).value, "example.test");
  EXPECT_EQ(std::get<x509::DnsName>((*nc->excluded)[0].base).value, "forbidden.example.test");

  // Subject and authority key identifiers link leaf to intermediate; openssl agrees.
  const auto* ski = inter.extension<x509::SubjectKeyIdentifier>();
  const auto* aki = leaf.extension<x509::AuthorityKeyIdentifier>();
  ASSERT_TRUE(ski && aki && aki->key_id);
  EXPECT_EQ(*aki->key_id, ski->key_id);
  std::string ski_text = openssl_x509("int.pem", "-ext subjectKeyIdentifier");
  std::string ours_hex;
  for (std::size_t i = 0; i < ski->key_id.size(); ++i)
    ours_hex += (i ? ":" : "") + x509_test::to_hex(Bytes{ski->key_id[i]});
  EXPECT_NE(ski_text.find(ours_hex), std::string::npos) << ski_text << " vs " << ours_hex;

  // subjectAltName, rendered the way openssl prints it.
  const auto* san = leaf.extension<x509::SubjectAltName>();
  ASSERT_NE(san, nullptr);
  std::string rendered;
  for (const auto& n : san->names) {
    if (!rendered.empty()) rendered += ", ";
    if (auto* dns = std::get_if<x509::DnsName>(&n))
      rendered += "DNS:" + dns->value;
    else if (auto* email = std::get_if<x509::Rfc822Name>(&n))
      rendered += "email:" + email->value;
    else if (auto* uri = std::get_if<x509::UriName>(&n))
      rendered += "URI:" + uri->value;
    else if (auto* dir = std::get_if<x509::Name>(&n))
      rendered += "DirName:" + dir->to_string();
    else if (auto* ip = std::get_if<x509::IpAddressName>(&n)) {
      rendered += "IP Address:";
      if (ip->value.size() == 4) {
        for (int i = 0; i < 4; ++i) rendered += (i ? "." : "") + std::to_string(ip->value[i]);
      } else {
        rendered += "2001:DB8:0:0:0:0:0:1";  // checked below byte by byte
        EXPECT_EQ(ip->value, x509_test::hex("20010db8000000000000000000000001"));
      }
    }
  }
  std::string expected = openssl_x509("leaf.pem", "-ext subjectAltName");
  expected = expected.substr(expected.find('\n') + 1);
  while (!expected.empty() && expected.front() == ' ') expected.erase(0, 1);
  // openssl writes DirName as /C=DE/O=Dir Name/CN=Directory.
  const std::string dir_openssl = "DirName:/C=DE/O=Dir Name/CN=Directory";
  if (auto at = expected.find(dir_openssl); at != std::string::npos)
    expected.replace(at, dir_openssl.size(), "DirName:C=DE, O=Dir Name, CN=Directory");
  EXPECT_EQ(rendered, expected);
  std::printf("leaf subjectAltName (ours, as openssl prints it): %s\n", rendered.c_str());

  const auto* eku = leaf.extension<x509::ExtendedKeyUsage>();
  ASSERT_NE(eku, nullptr);
  EXPECT_EQ(eku->purposes, (std::vector<asn1::Oid>{x509::kp::server_auth, x509::kp::client_auth}));
  const auto* cp = leaf.extension<x509::CertificatePolicies>();
  ASSERT_NE(cp, nullptr);
  ASSERT_EQ(cp->policies.size(), 2u);
  EXPECT_EQ(cp->policies[0].policy.to_string(), "2.23.140.1.2.1");
  EXPECT_EQ(cp->policies[1].policy.to_string(), "1.3.6.1.4.1.99999.1");
  ASSERT_TRUE(cp->policies[1].qualifiers);
  EXPECT_EQ((*cp->policies[1].qualifiers)[0].id.to_string(), "1.3.6.1.5.5.7.2.1");
  const auto* crl = leaf.extension<x509::CrlDistributionPoints>();
  ASSERT_NE(crl, nullptr);
  ASSERT_EQ(crl->points.size(), 1u);
  ASSERT_TRUE(crl->points[0].name);
  const auto& full = std::get<x509::GeneralNames>(*crl->points[0].name);
  EXPECT_EQ(std::get<x509::UriName>(full[0]).value, "http://crl.example.test/int.crl");
  const auto* aia = leaf.extension<x509::AuthorityInfoAccess>();
  ASSERT_NE(aia, nullptr);
  ASSERT_EQ(aia->descriptions.size(), 2u);
  EXPECT_EQ(aia->descriptions[0].method.to_string(), "1.3.6.1.5.5.7.48.1");
  EXPECT_EQ(std::get<x509::UriName>(aia->descriptions[0].location).value,
            "http://ocsp.example.test/");
  EXPECT_EQ(leaf.tbs.subject.values(x509::attr::email_address),
            std::vector<std::string>{"admin@example.test"});
}

TEST_F(OpensslHierarchy, SignaturesVerifyAsOpensslSays) {
  const auto root = load("root.pem"), inter = load("int.pem"), leaf = load("leaf.pem"),
             leaf384 = load("leaf384.pem");
  auto ok = x509::verify_certificate_signature(root, root.tbs.public_key);
  EXPECT_TRUE(ok.has_value()) << ok.error().to_string();
  ok = x509::verify_certificate_signature(inter, root.tbs.public_key);
  EXPECT_TRUE(ok.has_value()) << ok.error().to_string();
  ok = x509::verify_certificate_signature(leaf, inter.tbs.public_key);
  EXPECT_TRUE(ok.has_value()) << ok.error().to_string();
  ok = x509::verify_certificate_signature(leaf384, inter.tbs.public_key);
  EXPECT_TRUE(ok.has_value()) << ok.error().to_string();
  // openssl agrees about the chain.
  const auto& d = *dir_;
  EXPECT_TRUE(run("openssl verify -CAfile " + d / "root.pem" + " -untrusted " + d / "int.pem" +
                  " " + d / "leaf.pem" + " >/dev/null 2>&1")
                  .second);
  // Wrong keys: the wrong kind of key, or the right kind but another key.
  ok = x509::verify_certificate_signature(leaf, root.tbs.public_key);
  ASSERT_FALSE(ok.has_value());
  EXPECT_EQ(ok.error().code, ErrorCode::AlgorithmMismatch);
  ok = x509::verify_certificate_signature(inter, leaf384.tbs.public_key);
  ASSERT_FALSE(ok.has_value());
  EXPECT_EQ(ok.error().code, ErrorCode::AlgorithmMismatch);
}

TEST_F(OpensslHierarchy, TamperedCertificatesFailVerification) {
  Bytes der;
  const auto inter = load("int.pem");
  for (const char* name : {"int.pem", "leaf.pem", "leaf384.pem"}) {
    SCOPED_TRACE(name);
    const auto original = load(name, &der);
    const auto& signer =
        std::string(name) == "int.pem" ? load("root.pem").tbs.public_key : inter.tbs.public_key;
    // A byte of the subject's last attribute changed: still parses, no longer verifies.
    const std::string cn = original.tbs.subject.values(x509::attr::common_name).at(0);
    auto at = std::search(der.begin(), der.end(), cn.begin(), cn.end());
    ASSERT_NE(at, der.end());
    Bytes tampered = der;
    tampered[static_cast<std::size_t>(at - der.begin())] ^= 0x01;
    auto cert = x509::parse_certificate(tampered);
    ASSERT_TRUE(cert.has_value()) << cert.error().to_string();
    auto ok = x509::verify_certificate_signature(*cert, signer);
    ASSERT_FALSE(ok.has_value());
    EXPECT_EQ(ok.error().code, ErrorCode::BadSignature) << ok.error().to_string();
    // openssl agrees the tampered certificate is bad.
    x509_test::write_text(*dir_ / "tampered.pem", x509::encode_pem("CERTIFICATE", tampered));
    EXPECT_FALSE(run("openssl verify -CAfile " + *dir_ / "root.pem" + " -untrusted " +
                     *dir_ / "int.pem" + " " + *dir_ / "tampered.pem" + " >/dev/null 2>&1")
                     .second);
    // The last signature byte changed.
    auto sig = original;
    sig.signature.bytes.back() ^= 0x80;
    ok = x509::verify_certificate_signature(sig, signer);
    ASSERT_FALSE(ok.has_value());
    EXPECT_EQ(ok.error().code, ErrorCode::BadSignature);
    // Outer and inner algorithm identifiers made to differ.
    auto mismatch = original;
    mismatch.signature_algorithm.algorithm = x509::alg::sha512_with_rsa;
    ok = x509::verify_certificate_signature(mismatch, signer);
    ASSERT_FALSE(ok.has_value());
    EXPECT_EQ(ok.error().code, ErrorCode::AlgorithmMismatch);
  }
}

// ---- hostnames and chains

TEST_F(OpensslHierarchy, HostnamesMatchAsOpensslChecks) {
  const auto leaf = load("leaf.pem");
  for (const char* host : {"www.example.test", "WWW.EXAMPLE.TEST", "x.api.example.test",
                           "api.example.test", "a.b.api.example.test", "example.test", "other.test",
                           "192.0.2.1", "192.0.2.2", "2001:db8::1", "admin@example.test"}) {
    const bool ours = x509::matches_hostname(leaf, host);
    const bool is_ip = x509::parse_ip_address(host).has_value();
    const std::string out =
        openssl_x509("leaf.pem", std::string(is_ip ? "-checkip " : "-checkhost ") + host);
    const bool theirs = out.find("does match") != std::string::npos;
    EXPECT_EQ(ours, theirs) << host << ": openssl says " << out;
  }
}

class OpensslChains : public OpensslHierarchy {
 protected:
  static asn1::DateTime now(std::int64_t days = 0) {
    return asn1::DateTime::from_unix(static_cast<std::int64_t>(std::time(nullptr)) + days * 86400);
  }
  static x509::Result<void> check(std::initializer_list<const char*> names,
                                  std::initializer_list<const char*> roots,
                                  asn1::DateTime at = now()) {
    std::vector<x509::Certificate> chain, anchors;
    for (const char* n : names) chain.push_back(load(n));
    for (const char* n : roots) anchors.push_back(load(n));
    return x509::validate_chain(chain, anchors, at);
  }
  static bool openssl_verifies(const std::string& leaf, const std::string& untrusted) {
    return run("openssl verify -CAfile " + *dir_ / "root.pem" + " -untrusted " + *dir_ / untrusted +
               " " + *dir_ / leaf + " >/dev/null 2>&1")
        .second;
  }
  static void expect_error(const x509::Result<void>& r, x509::ErrorCode code) {
    ASSERT_FALSE(r.has_value()) << "expected " << x509::code_name(code);
    EXPECT_EQ(r.error().code, code) << r.error().to_string();
  }
};

TEST_F(OpensslChains, ValidChainsPass) {
  for (auto r : {check({"leaf.pem", "int.pem"}, {"root.pem"}),
                 check({"leaf384.pem", "int.pem"}, {"root.pem"}),
                 check({"leaf.pem", "int.pem", "root.pem"}, {"root.pem"}),
                 check({"int.pem"}, {"root.pem"}), check({"root.pem"}, {"root.pem"}),
                 check({"leaf.pem", "int.pem"}, {"leaf384.pem", "root.pem"})})
    EXPECT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_TRUE(openssl_verifies("leaf.pem", "int.pem"));
}

TEST_F(OpensslChains, ValidityIsCheckedAtTheTimeGiven) {
  expect_error(check({"leaf.pem", "int.pem"}, {"root.pem"}, now(15)),
               x509::ErrorCode::Expired);  // leaf: 10 days
  expect_error(check({"int.pem"}, {"root.pem"}, now(25)),
               x509::ErrorCode::Expired);  // int: 20 days
  expect_error(check({"leaf.pem", "int.pem"}, {"root.pem"}, now(-2)),
               x509::ErrorCode::Expired);  // not yet valid
}

TEST_F(OpensslChains, ChainsNotEndingAtATrustedRootFail) {
  expect_error(check({"leaf.pem", "int.pem"}, {}), x509::ErrorCode::UntrustedRoot);
  expect_error(check({"leaf.pem"}, {"root.pem"}), x509::ErrorCode::UntrustedRoot);
  expect_error(check({}, {"root.pem"}), x509::ErrorCode::InvalidValue);
}

TEST_F(OpensslChains, IssuerNamesMustChain) {
  expect_error(check({"leaf.pem", "root.pem"}, {"root.pem"}), x509::ErrorCode::NameMismatch);
  expect_error(check({"leaf384.pem", "int2.pem", "int.pem"}, {"root.pem"}),
               x509::ErrorCode::NameMismatch);
  // Reversed, the chain does not even end under a root.
  expect_error(check({"int.pem", "leaf.pem"}, {"root.pem"}), x509::ErrorCode::UntrustedRoot);
}

TEST_F(OpensslChains, PathLengthConstraintIsEnforced) {
  // int has pathlen:0 and int2 is a CA below it.
  auto ok = check({"int2.pem", "int.pem"}, {"root.pem"});
  EXPECT_TRUE(ok.has_value()) << ok.error().to_string();
  expect_error(check({"deep.pem", "int2.pem", "int.pem"}, {"root.pem"}),
               x509::ErrorCode::PathLength);
  x509_test::write_text(*dir_ / "both.pem", x509_test::read_text(*dir_ / "int2.pem") +
                                                x509_test::read_text(*dir_ / "int.pem"));
  EXPECT_FALSE(openssl_verifies("deep.pem", "both.pem"));
}

TEST_F(OpensslChains, IssuersMustBeCas) {
  expect_error(check({"notca.pem", "leaf384.pem", "int.pem"}, {"root.pem"}),
               x509::ErrorCode::NotCa);
}

TEST_F(OpensslChains, DnsNameConstraintsAreEnforced) {
  expect_error(check({"evil.pem", "int.pem"}, {"root.pem"}), x509::ErrorCode::NameConstraints);
  expect_error(check({"forbidden.pem", "int.pem"}, {"root.pem"}), x509::ErrorCode::NameConstraints);
  EXPECT_FALSE(openssl_verifies("evil.pem", "int.pem"));
  EXPECT_FALSE(openssl_verifies("forbidden.pem", "int.pem"));
}

TEST_F(OpensslChains, UnknownCriticalExtensionsFail) {
  expect_error(check({"crit.pem", "int.pem"}, {"root.pem"}), x509::ErrorCode::UnknownCritical);
  EXPECT_FALSE(openssl_verifies("crit.pem", "int.pem"));
}

TEST_F(OpensslChains, TamperedIntermediateFails) {
  auto inter = load("int.pem");
  inter.signature.bytes[10] ^= 1;
  std::vector<x509::Certificate> chain{load("leaf.pem"), inter}, roots{load("root.pem")};
  expect_error(x509::validate_chain(chain, roots, now()), x509::ErrorCode::BadSignature);
}

}  // namespace
