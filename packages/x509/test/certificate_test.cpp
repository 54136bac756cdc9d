// Certificates: Debian's CA bundle parsed, re-encoded byte for byte and self-verified;
// truncated and garbled DER refused with errors.
#include "support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

namespace {

using x509::Bytes;
using x509::ErrorCode;

std::vector<Bytes> bundle() {
  if (!std::filesystem::exists(x509_test::kCaBundle)) return {};
  auto blocks = x509::decode_pem_label(x509_test::read_text(x509_test::kCaBundle), "CERTIFICATE");
  EXPECT_TRUE(blocks.has_value()) << blocks.error().to_string();
  return blocks ? std::move(*blocks) : std::vector<Bytes>{};
}

TEST(CaBundle, ParsesReEncodesAndVerifiesSelfSignedRoots) {
  const auto certs = bundle();
  if (certs.empty()) GTEST_SKIP() << "no " << x509_test::kCaBundle;
  std::size_t parsed = 0, reencoded = 0, extensions_reencoded = 0, extensions_known = 0,
              self_signed = 0, verified = 0, skipped_algorithm = 0;
  std::size_t rsa = 0, ec = 0, ed = 0, unknown = 0;
  for (std::size_t i = 0; i < certs.size(); ++i) {
    auto cert = x509::parse_certificate(certs[i]);
    if (!cert) {
      ADD_FAILURE() << "certificate " << i << ": " << cert.error().to_string();
      continue;
    }
    ++parsed;
    const std::size_t header = (certs[i][1] & 0x80) ? 2 + (certs[i][1] & 0x7f) : 2;
    EXPECT_TRUE(std::equal(cert->tbs_der.begin(), cert->tbs_der.end(),
                           certs[i].begin() + static_cast<long>(header)))
        << "certificate " << i << ": tbs_der is not the signed slice";
    auto again = x509::encode_certificate(*cert);
    ASSERT_TRUE(again.has_value()) << again.error().to_string();
    if (*again == certs[i]) {
      ++reencoded;
    } else {
      ADD_FAILURE() << "certificate " << i << " (" << cert->tbs.subject.to_string()
                    << ") re-encodes differently";
    }
    auto tbs = x509::encode_tbs_certificate(cert->tbs);
    ASSERT_TRUE(tbs.has_value());
    EXPECT_EQ(*tbs, cert->tbs_der);
    if (cert->tbs.extensions) {
      for (const auto& e : *cert->tbs.extensions) {
        if (std::holds_alternative<x509::UnknownExtension>(e.parsed)) continue;
        ++extensions_known;
        auto value = x509::encode_extension_value(e.parsed);
        ASSERT_TRUE(value.has_value()) << value.error().to_string();
        if (*value == e.value) {
          ++extensions_reencoded;
        } else {
          ADD_FAILURE() << "certificate " << i << " extension " << e.id.to_string()
                        << " re-encodes differently";
        }
      }
    }
    switch (cert->tbs.public_key.key.index()) {
      case 0:
        ++unknown;
        break;
      case 1:
        ++rsa;
        break;
      case 2:
        ++ec;
        break;
      default:
        ++ed;
        break;
    }
    if (cert->self_issued()) {
      ++self_signed;
      auto ok = x509::verify_certificate_signature(*cert, cert->tbs.public_key);
      if (ok) {
        ++verified;
      } else if (ok.error().code == ErrorCode::UnsupportedAlgorithm) {
        ++skipped_algorithm;  // SHA-1 (or other refused) self-signatures: checked below when
                              // allowed
        auto sha1 =
            x509::verify_certificate_signature(*cert, cert->tbs.public_key, {.allow_sha1 = true});
        EXPECT_TRUE(sha1.has_value()) << "certificate " << i << ": " << sha1.error().to_string();
      } else {
        ADD_FAILURE() << "certificate " << i << " (" << cert->tbs.subject.to_string()
                      << "): " << ok.error().to_string();
      }
    }
  }
  std::printf(
      "CA bundle: %zu certificates; %zu parsed, %zu re-encoded byte for byte; %zu of %zu decoded "
      "extensions "
      "re-encoded; keys: %zu RSA, %zu EC, %zu Ed25519, %zu other; %zu self-issued: %zu "
      "self-signatures "
      "verified, %zu with a disallowed algorithm (SHA-1) verified only with allow_sha1\n",
      certs.size(), parsed, reencoded, extensions_reencoded, extensions_known, rsa, ec, ed, unknown,
      self_signed, verified, skipped_algorithm);
  EXPECT_EQ(parsed, certs.size());
  EXPECT_EQ(reencoded, certs.size());
  EXPECT_EQ(extensions_reencoded, extensions_known);
  EXPECT_EQ(verified + skipped_algorithm, self_signed);
  EXPECT_GT(verified, 0u);
}

TEST(CaBundle, ChangingADecodedExtensionChangesTheEncoding) {
  const auto certs = bundle();
  if (certs.empty()) GTEST_SKIP();
  for (const auto& der : certs) {
    auto cert = x509::parse_certificate(der);
    ASSERT_TRUE(cert.has_value());
    if (!cert->tbs.extensions) continue;
    for (auto& e : *cert->tbs.extensions) {
      if (auto* bc = std::get_if<x509::BasicConstraints>(&e.parsed); bc && bc->ca) {
        bc->path_length = 7;
        auto again = x509::encode_certificate(*cert);
        ASSERT_TRUE(again.has_value());
        auto back = x509::parse_certificate(*again);
        ASSERT_TRUE(back.has_value()) << back.error().to_string();
        const auto* parsed = back->extension<x509::BasicConstraints>();
        ASSERT_NE(parsed, nullptr);
        EXPECT_EQ(parsed->path_length, 7);
        // The signature no longer verifies over the changed TBSCertificate.
        auto ok =
            x509::verify_certificate_signature(*back, back->tbs.public_key, {.allow_sha1 = true});
        EXPECT_FALSE(ok.has_value());
        return;
      }
    }
  }
  GTEST_SKIP() << "no CA certificate with basicConstraints";
}

TEST(Der, TruncatedCertificatesAreErrors) {
  const auto certs = bundle();
  if (certs.empty()) GTEST_SKIP();
  const Bytes& der = certs[0];
  for (std::size_t n = 0; n < der.size(); ++n) {
    auto r = x509::parse_certificate(x509::ByteView(der.data(), n));
    ASSERT_FALSE(r.has_value()) << "prefix of " << n << " bytes parsed";
    EXPECT_FALSE(r.error().message.empty());
  }
}

TEST(Der, GarbledCertificatesNeverCrash) {
  const auto certs = bundle();
  if (certs.empty()) GTEST_SKIP();
  std::size_t refused = 0, accepted = 0;
  std::uint32_t seed = 12345;
  for (std::size_t c = 0; c < certs.size(); c += 7) {
    for (int round = 0; round < 40; ++round) {
      Bytes der = certs[c];
      seed = seed * 1103515245 + 12345;
      const std::size_t at = (seed >> 8) % der.size();
      der[at] ^= static_cast<std::uint8_t>(1u << ((seed >> 4) % 8));
      auto r = x509::parse_certificate(der);
      if (r) {
        ++accepted;  // a flip inside a value (a key, a string): must still re-encode exactly
        auto again = x509::encode_certificate(*r);
        ASSERT_TRUE(again.has_value());
        EXPECT_EQ(*again, der);
      } else {
        ++refused;
        EXPECT_FALSE(r.error().message.empty());
      }
    }
  }
  EXPECT_GT(refused, 0u);
  std::printf("garbled: %zu refused, %zu accepted (flips inside values)\n", refused, accepted);
}

TEST(Der, ErrorsSayWhereAndWhat) {
  // A SEQUENCE holding only an INTEGER: tbsCertificate is missing.
  auto r = x509::parse_certificate(x509_test::hex("30 03 02 01 00"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::Der);
  EXPECT_NE(r.error().message.find("tbsCertificate"), std::string::npos) << r.error().message;
  auto empty = x509::parse_certificate({});
  ASSERT_FALSE(empty.has_value());
  auto trailing = bundle();
  if (!trailing.empty()) {
    trailing[0].push_back(0);
    auto t = x509::parse_certificate(trailing[0]);
    ASSERT_FALSE(t.has_value());
    EXPECT_NE(t.error().message.find("after the element"), std::string::npos) << t.error().message;
  }
}

TEST(Der, BadExtensionValueIsAnErrorWithItsPath) {
  const auto certs = bundle();
  if (certs.empty()) GTEST_SKIP();
  for (const auto& der : certs) {
    auto cert = x509::parse_certificate(der);
    ASSERT_TRUE(cert.has_value());
    if (!cert->tbs.extensions) continue;
    for (auto& e : *cert->tbs.extensions) {
      if (e.id != x509::ext::basic_constraints) continue;
      e.parsed = x509::UnknownExtension{};
      e.value = {0x30, 0x03, 0x01, 0x01, 0x01};  // cA TRUE as 01: not DER
      auto bad = x509::encode_certificate(*cert);
      ASSERT_TRUE(bad.has_value());
      auto r = x509::parse_certificate(*bad);
      ASSERT_FALSE(r.has_value());
      EXPECT_NE(r.error().message.find("extnValue"), std::string::npos) << r.error().message;
      return;
    }
  }
}

}  // namespace
