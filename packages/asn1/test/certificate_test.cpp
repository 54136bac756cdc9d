// Real data: every certificate of Debian's CA bundle decodes strictly as DER with the
// test's RFC 5280 grammar and re-encodes to the same bytes.
#include "pem.hpp"
#include "x509_grammar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace {

TEST(CaBundle, EveryCertificateRoundTripsByteForByte) {
  if (!std::filesystem::exists(asn1_test::kCaBundle)) GTEST_SKIP() << "no " << asn1_test::kCaBundle;
  const auto certs = asn1_test::pem_blocks(asn1_test::read_text(asn1_test::kCaBundle));
  ASSERT_FALSE(certs.empty());
  const auto grammar = x509_test::certificate();
  std::size_t ok = 0, with_extensions = 0;
  for (std::size_t i = 0; i < certs.size(); ++i) {
    auto cert = asn1::decode(grammar, certs[i], asn1::Mode::Der);
    if (!cert) {
      ADD_FAILURE() << "certificate " << i << ": " << cert.error().to_string();
      continue;
    }
    // The captured TBSCertificate bytes are exactly the signed slice of the input.
    const auto& tbs = cert->tbs.encoding;
    EXPECT_GE(cert->tbs.value.version, 0);
    const std::size_t header = (certs[i][1] & 0x80) ? 2 + (certs[i][1] & 0x7f) : 2;
    EXPECT_TRUE(tbs.size() <= certs[i].size() - header &&
                std::equal(tbs.begin(), tbs.end(), certs[i].begin() + static_cast<std::ptrdiff_t>(header)));
    if (cert->tbs.value.extensions) ++with_extensions;
    auto again = asn1::encode_der(grammar, *cert);
    ASSERT_TRUE(again.has_value()) << again.error().to_string();
    EXPECT_EQ(*again, certs[i]) << "certificate " << i << " re-encodes differently";
    // And BER accepts whatever DER accepts, with the same value.
    auto ber = asn1::decode(grammar, certs[i], asn1::Mode::Ber);
    ASSERT_TRUE(ber.has_value()) << ber.error().to_string();
    EXPECT_EQ(ber->tbs.value, cert->tbs.value);
    if (again && *again == certs[i]) ++ok;
  }
  std::printf("CA bundle: %zu of %zu certificates decoded as DER and re-encoded byte for byte (%zu with extensions)\n",
              ok, certs.size(), with_extensions);
  EXPECT_EQ(ok, certs.size());
}

}  // namespace
