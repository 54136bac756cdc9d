// Anchors from Debian's bundle, its directory and the crunched copy; the authenticator
// on a hierarchy made with x509's issuing functions.
#include <ca-certs/anchors.hpp>
#include <ca-certs/generated/ca_certs_test_bundle.hpp>
#include <ca-certs/unix.hpp>

#include <x509/x509.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>

namespace {

using ca_certs::Anchors;
using x509::ErrorCode;

std::size_t count_blocks(const std::string& text) {
  std::size_t n = 0;
  for (auto at = text.find("-----BEGIN CERTIFICATE-----"); at != std::string::npos;
       at = text.find("-----BEGIN CERTIFICATE-----", at + 1))
    ++n;
  return n;
}

std::set<x509::Bytes> ders(const Anchors& a) {
  std::set<x509::Bytes> out;
  for (const auto& c : a.certificates()) out.insert(*x509::encode_certificate(c));
  return out;
}

TEST(Anchors, DebianBundleDirectoryAndCrunchedCopyAgree) {
  const auto text = ca_certs::unix_store::read_text(ca_certs::unix_store::system_bundle);
  ASSERT_TRUE(text);
  auto bundle = ca_certs::unix_store::load_bundle(ca_certs::unix_store::system_bundle);
  ASSERT_TRUE(bundle) << bundle.error().to_string();
  EXPECT_EQ(bundle->size(), count_blocks(*text));
  EXPECT_GT(bundle->size(), 100u);
  auto dir = ca_certs::unix_store::load_directory(ca_certs::unix_store::system_directory);
  ASSERT_TRUE(dir) << dir.error().to_string();
  EXPECT_EQ(ders(*dir), ders(*bundle));
  auto crunched = ca_certs::generated::ca_certs_test_bundle();
  ASSERT_TRUE(crunched) << crunched.error().to_string();
  EXPECT_EQ(ders(*crunched), ders(*bundle));
  std::printf("anchors: %zu in %s, %zu in %s, %zu crunched\n", bundle->size(),
              ca_certs::unix_store::system_bundle, dir->size(),
              ca_certs::unix_store::system_directory, crunched->size());
  // Every anchor is found by its subject and by its fingerprint.
  for (const auto& c : bundle->certificates()) {
    const auto by_name = bundle->find_by_subject(c.tbs.subject);
    EXPECT_NE(std::find(by_name.begin(), by_name.end(), &c), by_name.end());
    EXPECT_EQ(bundle->find_by_fingerprint(x509::fingerprint(c, x509::PinKind::Certificate)), &c);
  }
  // Adding the bundle again adds nothing.
  EXPECT_EQ(*bundle->add_pem(*text), 0u);
}

TEST(Anchors, Errors) {
  auto missing = ca_certs::unix_store::load_bundle("/nonexistent/bundle.pem");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("cannot read /nonexistent/bundle.pem"), std::string::npos);
  auto nodir = ca_certs::unix_store::load_directory("/nonexistent/dir");
  ASSERT_FALSE(nodir);
  EXPECT_NE(nodir.error().message.find("cannot list /nonexistent/dir"), std::string::npos);
  auto bad = Anchors::from_pem("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("PEM block 0"), std::string::npos) << bad.error().message;
  auto none = Anchors::from_pem("no certificates here");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(Anchors, SystemStoreFollowsSslCertFile) {
  auto bundle = ca_certs::unix_store::load_bundle(ca_certs::unix_store::system_bundle);
  ASSERT_TRUE(bundle);
  const std::string path = ::testing::TempDir() + "/one-anchor.pem";
  {
    std::ofstream out(path);
    out << x509::encode_pem("CERTIFICATE", *x509::encode_certificate(bundle->certificates()[0]));
  }
  setenv("SSL_CERT_FILE", path.c_str(), 1);
  auto one = ca_certs::unix_store::load_system();
  unsetenv("SSL_CERT_FILE");
  std::remove(path.c_str());
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), 1u);
}

// A deterministic source for the test keys and serials.
struct Counter {
  std::uint64_t s = 0x243F6A8885A308D3ull;
  bool generate(std::span<std::uint8_t> out) noexcept {
    for (auto& b : out) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      b = static_cast<std::uint8_t>(s >> 59 ^ s >> 33);
    }
    return true;
  }
};

TEST(Authenticator, ValidatesWhatAPeerSends) {
  Counter rng;
  const auto t0 = asn1::DateTime::from_unix(1'700'000'000);
  auto opts = [&](bool ca) {
    x509::IssueOptions o;
    o.not_before = t0;
    o.not_after = asn1::DateTime::from_unix(t0.to_unix() + 30 * 86400);
    o.ca = ca;
    return o;
  };
  auto root_key = *x509::generate_private_key(x509::KeyType::EcP256, rng);
  auto int_key = *x509::generate_private_key(x509::KeyType::EcP256, rng);
  auto leaf_key = *x509::generate_private_key(x509::KeyType::EcP256, rng);
  auto root = *x509::self_signed_certificate(*x509::parse_name("CN=Test Root"), root_key, opts(true), rng);
  auto inter = *x509::issue_from_csr(*x509::make_csr(*x509::parse_name("CN=Test Int"), int_key, {}, rng),
                                     root, root_key, opts(true), rng);
  auto san = *x509::make_extension(x509::SubjectAltName{{x509::DnsName{"www.example.test"}}});
  auto server = opts(false);
  server.extended_key_usage = {x509::kp::server_auth};
  auto leaf = *x509::issue_from_csr(
      *x509::make_csr(*x509::parse_name("CN=www.example.test"), leaf_key, {san}, rng), inter,
      int_key, server, rng);
  auto client = opts(false);
  client.extended_key_usage = {x509::kp::client_auth};
  auto client_leaf = *x509::issue_from_csr(
      *x509::make_csr(*x509::parse_name("CN=www.example.test"), leaf_key, {san}, rng), inter,
      int_key, client, rng);

  // Our root among Debian's anchors.
  auto anchors = *ca_certs::unix_store::load_bundle(ca_certs::unix_store::system_bundle);
  ASSERT_TRUE(anchors.add(root));
  x509::ValidationOptions o;
  o.time = asn1::DateTime::from_unix(t0.to_unix() + 86400);
  const x509::Certificate sent[] = {leaf, inter};
  auto path = anchors.authenticate(sent, "www.example.test", o);
  ASSERT_TRUE(path) << path.error().to_string();
  EXPECT_EQ(path->size(), 3u);
  // Extra and out-of-order certificates do not matter.
  const x509::Certificate messy[] = {leaf, anchors.certificates()[3], root, inter};
  EXPECT_TRUE(anchors.authenticate(messy, "WWW.Example.Test.", o));
  EXPECT_EQ(anchors.authenticate(sent, "other.test", o).error().code, ErrorCode::NameMismatch);
  const x509::Certificate alone[] = {leaf};
  EXPECT_EQ(anchors.authenticate(alone, "www.example.test", o).error().code,
            ErrorCode::UntrustedRoot);
  const x509::Certificate wrong_purpose[] = {client_leaf, inter};
  EXPECT_EQ(anchors.authenticate(wrong_purpose, "www.example.test", o).error().code,
            ErrorCode::KeyPurpose);
  o.time = asn1::DateTime::from_unix(t0.to_unix() + 60 * 86400);
  EXPECT_EQ(anchors.authenticate(sent, "www.example.test", o).error().code, ErrorCode::Expired);
  EXPECT_EQ(anchors.authenticate({}, "", o).error().code, ErrorCode::InvalidValue);
  // Without our root: no path.
  auto debian = *ca_certs::unix_store::load_bundle(ca_certs::unix_store::system_bundle);
  o.time = asn1::DateTime::from_unix(t0.to_unix() + 86400);
  EXPECT_EQ(debian.authenticate(sent, "www.example.test", o).error().code,
            ErrorCode::UntrustedRoot);
  // Pinning instead of a path.
  const x509::Bytes pins[] = {x509::fingerprint(leaf, x509::PinKind::PublicKey)};
  EXPECT_TRUE(x509::validate_pinned(leaf, pins, x509::PinKind::PublicKey, "www.example.test", o.time));
  // client_leaf has the same key: its public-key pin matches, its certificate pin does not.
  EXPECT_TRUE(x509::validate_pinned(client_leaf, pins, x509::PinKind::PublicKey, "", o.time));
  EXPECT_EQ(x509::validate_pinned(client_leaf, pins, x509::PinKind::Certificate, "", o.time)
                .error()
                .code,
            ErrorCode::UntrustedRoot);
  EXPECT_EQ(
      x509::validate_pinned(leaf, pins, x509::PinKind::PublicKey, "other.test", o.time).error().code,
      ErrorCode::NameMismatch);
}

}  // namespace
