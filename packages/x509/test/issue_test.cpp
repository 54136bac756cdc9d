// Requests, issuing and CRLs made by this package: they re-encode to their own bytes,
// their signatures verify (and fail when tampered with), and chains made of them
// validate, with revocation.
#include "support.hpp"

#include <gtest/gtest.h>

namespace {

using x509::Bytes;
using x509::ErrorCode;
using x509::KeyType;

const asn1::DateTime t0 = asn1::DateTime::from_unix(1'700'000'000);  // 2023-11-14

x509::IssueOptions options(bool ca, std::int64_t days = 30) {
  x509::IssueOptions o;
  o.not_before = t0;
  o.not_after = asn1::DateTime::from_unix(t0.to_unix() + days * 86400);
  o.ca = ca;
  return o;
}

x509::Extension san(std::initializer_list<const char*> dns) {
  x509::SubjectAltName s;
  for (const char* d : dns) s.names.emplace_back(x509::DnsName{d});
  return *x509::make_extension(std::move(s));
}

struct Pki {
  x509_test::TestRandom rng{11};
  x509::PrivateKey root_key = *x509::generate_private_key(KeyType::EcP384, rng);
  x509::PrivateKey int_key = *x509::generate_private_key(KeyType::Rsa, rng);
  x509::PrivateKey leaf_key = *x509::generate_private_key(KeyType::Ed25519, rng);
  x509::Certificate root, intermediate, leaf;

  Pki() {
    root = *x509::self_signed_certificate(*x509::parse_name("C=US, O=Mirage, CN=Root"), root_key,
                                          options(true, 3650), rng);
    auto int_csr = *x509::make_csr(*x509::parse_name("C=US, O=Mirage, CN=Intermediate"), int_key,
                                   {}, rng);
    auto o = options(true, 365);
    o.path_length = 0;
    intermediate = *x509::issue_from_csr(int_csr, root, root_key, o, rng);
    auto leaf_csr = *x509::make_csr(*x509::parse_name("CN=www.example.test"), leaf_key,
                                    {san({"www.example.test", "example.test"})}, rng);
    auto lo = options(false);
    lo.extended_key_usage = {x509::kp::server_auth};
    leaf = *x509::issue_from_csr(leaf_csr, intermediate, int_key, lo, rng);
  }
};

Pki& pki() {
  static Pki p;
  return p;
}

TEST(Csr, MakeParseReencodeVerify) {
  x509_test::TestRandom rng(5);
  for (auto t : {KeyType::Rsa, KeyType::EcP256, KeyType::Ed25519}) {
    auto key = *x509::generate_private_key(t, rng);
    auto csr = x509::make_csr(*x509::parse_name("C=DE, CN=req.example"), key,
                              {san({"req.example"})}, rng);
    ASSERT_TRUE(csr) << csr.error().to_string();
    auto der = x509::encode_csr(*csr);
    ASSERT_TRUE(der);
    auto back = x509::parse_csr(*der);
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(back->info, csr->info);
    EXPECT_EQ(back->info_der, csr->info_der);
    EXPECT_EQ(*x509::encode_csr(*back), *der);
    EXPECT_TRUE(x509::verify_csr(*back));
    const auto* s = back->extension<x509::SubjectAltName>();
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(std::get<x509::DnsName>(s->names[0]).value, "req.example");
    // Another subject under the same signature fails.
    auto forged = *back;
    forged.info.subject = *x509::parse_name("CN=evil");
    auto forged_der = *x509::encode_csr(forged);
    auto reparsed = *x509::parse_csr(forged_der);
    auto bad = x509::verify_csr(reparsed);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::BadSignature);
    // Every proper prefix is refused.
    for (std::size_t n = 0; n < der->size(); n += 7)
      EXPECT_FALSE(x509::parse_csr(x509::ByteView(der->data(), n)));
  }
}

TEST(Csr, WithoutExtensionsAndPem) {
  x509_test::TestRandom rng(6);
  auto key = *x509::generate_private_key(KeyType::EcP256, rng);
  auto csr = *x509::make_csr(*x509::parse_name("CN=plain"), key, {}, rng);
  EXPECT_FALSE(csr.info.extensions);
  const std::string pem = x509::encode_pem("CERTIFICATE REQUEST", *x509::encode_csr(csr));
  auto back = x509::parse_pem_csr(pem);
  ASSERT_TRUE(back);
  EXPECT_TRUE(x509::verify_csr(*back));
  EXPECT_EQ(x509::parse_pem_csr("no pem here").error().code, ErrorCode::Pem);
}

TEST(Issue, HierarchyValidates) {
  auto& p = pki();
  for (const auto* c : {&p.root, &p.intermediate, &p.leaf}) {
    auto der = x509::encode_certificate(*c);
    ASSERT_TRUE(der);
    auto back = x509::parse_certificate(*der);
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(back->tbs_der, c->tbs_der);
  }
  EXPECT_TRUE(x509::verify_certificate_signature(p.root, p.root.tbs.public_key));
  EXPECT_TRUE(x509::verify_certificate_signature(p.intermediate, p.root.tbs.public_key));
  EXPECT_TRUE(x509::verify_certificate_signature(p.leaf, p.intermediate.tbs.public_key));
  // Extensions the issuer sets.
  const auto* bc = p.intermediate.extension<x509::BasicConstraints>();
  ASSERT_NE(bc, nullptr);
  EXPECT_TRUE(bc->ca);
  EXPECT_EQ(bc->path_length, 0);
  EXPECT_TRUE(p.intermediate.extension<x509::KeyUsage>()->has(x509::KeyUsageBit::KeyCertSign));
  EXPECT_FALSE(p.leaf.extension<x509::KeyUsage>()->has(x509::KeyUsageBit::KeyCertSign));
  EXPECT_EQ(p.leaf.extension<x509::AuthorityKeyIdentifier>()->key_id,
            p.intermediate.extension<x509::SubjectKeyIdentifier>()->key_id);
  EXPECT_TRUE(x509::matches_hostname(p.leaf, "example.test"));
  EXPECT_EQ(p.leaf.tbs.serial.size(), 16u);
  EXPECT_FALSE(p.leaf.tbs.validity.not_after.generalized);

  const x509::Certificate chain[] = {p.leaf, p.intermediate};
  const x509::Certificate roots[] = {p.root};
  x509::ValidationOptions o;
  o.time = asn1::DateTime::from_unix(t0.to_unix() + 86400);
  o.purpose = x509::kp::server_auth;
  EXPECT_TRUE(x509::validate_chain(chain, roots, o));
  o.purpose = x509::kp::code_signing;
  auto r = x509::validate_chain(chain, roots, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::KeyPurpose);
}

TEST(Issue, BadRequestsAndOptions) {
  auto& p = pki();
  x509_test::TestRandom rng(8);
  auto csr = *x509::make_csr(*x509::parse_name("CN=x"), p.leaf_key, {}, rng);
  csr.signature.bytes[3] ^= 1;
  auto r = x509::issue_from_csr(csr, p.intermediate, p.int_key, options(false), rng);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::BadSignature);
  auto good = *x509::make_csr(*x509::parse_name("CN=x"), p.leaf_key, {}, rng);
  auto wrong_key = x509::issue_from_csr(good, p.intermediate, p.root_key, options(false), rng);
  ASSERT_FALSE(wrong_key);
  EXPECT_EQ(wrong_key.error().code, ErrorCode::AlgorithmMismatch);
  auto o = options(false);
  o.not_after = asn1::DateTime::from_unix(t0.to_unix() - 1);
  EXPECT_EQ(x509::issue_from_csr(good, p.intermediate, p.int_key, o, rng).error().code,
            ErrorCode::InvalidValue);
  o = options(false);
  o.path_length = 1;
  EXPECT_EQ(x509::issue_from_csr(good, p.intermediate, p.int_key, o, rng).error().code,
            ErrorCode::InvalidValue);
  o = options(false);
  o.serial = Bytes{0, 0};
  EXPECT_EQ(x509::issue_from_csr(good, p.intermediate, p.int_key, o, rng).error().code,
            ErrorCode::InvalidValue);
  o.serial = Bytes{0x80, 0x01};  // a magnitude: encoded with a leading 00
  auto c = x509::issue_from_csr(good, p.intermediate, p.int_key, o, rng);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->tbs.serial, (Bytes{0x00, 0x80, 0x01}));
}

TEST(Issue, TimesFollowRfc5280) {
  EXPECT_FALSE(x509::certificate_time(asn1::DateTime::from_unix(0)).generalized);
  asn1::DateTime y2050{2050, 1, 1, 0, 0, 0, 5};
  const auto t = x509::certificate_time(y2050);
  EXPECT_TRUE(t.generalized);
  EXPECT_EQ(t.value.nanosecond, 0u);
}

TEST(Crl, MakeParseReencodeVerifyAndRevoke) {
  auto& p = pki();
  x509_test::TestRandom rng(9);
  std::vector<x509::CrlEntry> entries = {
      {Bytes{0x01, 0x02}, t0, x509::RevocationReason::KeyCompromise},
      {Bytes(p.leaf.tbs.serial.begin(), p.leaf.tbs.serial.end()), t0, std::nullopt},
  };
  auto crl = x509::make_crl(p.intermediate, p.int_key, t0,
                            asn1::DateTime::from_unix(t0.to_unix() + 7 * 86400), entries,
                            Bytes{0x05}, rng);
  ASSERT_TRUE(crl) << crl.error().to_string();
  auto der = *x509::encode_crl(*crl);
  auto back = x509::parse_crl(der);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->tbs, crl->tbs);
  EXPECT_EQ(*x509::encode_crl(*back), der);
  EXPECT_TRUE(x509::verify_crl(*back, p.intermediate));
  EXPECT_EQ(x509::verify_crl(*back, p.root).error().code, ErrorCode::NameMismatch);
  EXPECT_EQ(back->crl_number(), Bytes{0x05});
  ASSERT_NE(back->find(Bytes{0x01, 0x02}), nullptr);
  EXPECT_EQ(back->find(Bytes{0x01, 0x02})->reason(), x509::RevocationReason::KeyCompromise);
  EXPECT_FALSE(back->has_unknown_critical());
  for (std::size_t n = 0; n < der.size(); n += 5)
    EXPECT_FALSE(x509::parse_crl(x509::ByteView(der.data(), n)));
  auto tampered = *back;
  tampered.tbs_der.back() ^= 1;
  EXPECT_FALSE(x509::verify_crl(tampered, p.intermediate));

  const x509::Certificate chain[] = {p.leaf, p.intermediate};
  const x509::Certificate roots[] = {p.root};
  x509::ValidationOptions o;
  o.time = asn1::DateTime::from_unix(t0.to_unix() + 86400);
  const x509::Crl crls[] = {*back};
  o.crls = crls;
  auto r = x509::validate_chain(chain, roots, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Revoked);
  // Past nextUpdate the CRL is not current: ignored, or RevocationUnknown when required.
  o.time = asn1::DateTime::from_unix(t0.to_unix() + 8 * 86400);
  EXPECT_TRUE(x509::validate_chain(chain, roots, o));
  o.require_revocation_check = true;
  auto unknown = x509::validate_chain(chain, roots, o);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::RevocationUnknown);
  // A CRL from the root that revokes nothing covers the intermediate; the leaf's issuer
  // has none: still unknown. With a fresh empty one from the intermediate: valid.
  auto root_crl = *x509::make_crl(p.root, p.root_key, o.time, std::nullopt, {}, Bytes{1}, rng);
  auto int_crl = *x509::make_crl(p.intermediate, p.int_key, o.time, std::nullopt, {}, Bytes{6}, rng);
  const x509::Crl fresh[] = {root_crl, int_crl};
  o.crls = fresh;
  EXPECT_TRUE(x509::validate_chain(chain, roots, o));
  const x509::Crl only_root[] = {root_crl};
  o.crls = only_root;
  EXPECT_EQ(x509::validate_chain(chain, roots, o).error().code, ErrorCode::RevocationUnknown);
}

}  // namespace
