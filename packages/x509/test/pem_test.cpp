// PEM and base64: RFC 7468's forms, multiple blocks, and every way to get them wrong.
#include "support.hpp"

#include <gtest/gtest.h>

namespace {

using x509::Bytes;
using x509::ErrorCode;

const std::string kHello = "-----BEGIN TEST-----\naGVsbG8=\n-----END TEST-----\n";

TEST(Base64, EncodesRfc4648Vectors) {
  auto b = [](std::string_view s) { return Bytes(s.begin(), s.end()); };
  EXPECT_EQ(x509::base64_encode(b("")), "");
  EXPECT_EQ(x509::base64_encode(b("f")), "Zg==");
  EXPECT_EQ(x509::base64_encode(b("fo")), "Zm8=");
  EXPECT_EQ(x509::base64_encode(b("foo")), "Zm9v");
  EXPECT_EQ(x509::base64_encode(b("foob")), "Zm9vYg==");
  EXPECT_EQ(x509::base64_encode(b("fooba")), "Zm9vYmE=");
  EXPECT_EQ(x509::base64_encode(b("foobar")), "Zm9vYmFy");
}

TEST(Base64, DecodesWhatItEncodesForEveryLength) {
  Bytes data;
  for (int n = 0; n < 200; ++n) {
    auto back = x509::base64_decode(x509::base64_encode(data));
    ASSERT_TRUE(back.has_value()) << back.error().to_string();
    EXPECT_EQ(*back, data);
    data.push_back(static_cast<std::uint8_t>(n * 37 + 11));
  }
}

TEST(Base64, RejectsMalformedInput) {
  for (const char* bad :
       {"Zg=", "Zg", "Zm9", "Z===", "Zg==Zg==", "Zm9v!", "Zh==", "Zm9=", "Zg=A"}) {
    auto r = x509::base64_decode(bad);
    EXPECT_FALSE(r.has_value()) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::Pem);
    }
  }
}

TEST(Pem, DecodesOneBlock) {
  auto r = x509::decode_pem(kHello);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].label, "TEST");
  EXPECT_EQ((*r)[0].data, Bytes({'h', 'e', 'l', 'l', 'o'}));
}

TEST(Pem, DecodesSeveralBlocksWithExplanatoryTextAndCrlf) {
  const std::string text =
      "Subject: something\r\nmore text\r\n-----BEGIN A-----\r\nAQID\r\n-----END A-----\r\n"
      "between\n  -----BEGIN B B-----\nBA\n  ==\n-----END B B-----\ntrailing";
  auto r = x509::decode_pem(text);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0], (x509::PemBlock{"A", {1, 2, 3}}));
  EXPECT_EQ((*r)[1], (x509::PemBlock{"B B", {4}}));
}

TEST(Pem, EmptyBodyAndEmptyLabelAreAllowed) {
  auto r = x509::decode_pem("-----BEGIN -----\n-----END -----\n");
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].label, "");
  EXPECT_TRUE((*r)[0].data.empty());
}

TEST(Pem, TextWithoutBlocksGivesNothing) {
  auto r = x509::decode_pem("just some text\nno blocks\n");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->empty());
  auto labelled = x509::decode_pem_label("just text", "CERTIFICATE");
  ASSERT_FALSE(labelled.has_value());
  EXPECT_NE(labelled.error().message.find("no CERTIFICATE block"), std::string::npos);
}

TEST(Pem, RejectsMissingEnd) {
  auto r = x509::decode_pem("-----BEGIN TEST-----\naGVsbG8=\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::Pem);
  EXPECT_NE(r.error().message.find("has no END"), std::string::npos) << r.error().message;
}

TEST(Pem, RejectsMismatchedEndLabel) {
  auto r = x509::decode_pem("-----BEGIN TEST-----\naGVsbG8=\n-----END OTHER-----\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("does not close"), std::string::npos) << r.error().message;
}

TEST(Pem, RejectsEndWithoutBegin) {
  auto r = x509::decode_pem("text\n-----END TEST-----\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("without a BEGIN"), std::string::npos);
}

TEST(Pem, RejectsNestedBegin) {
  EXPECT_FALSE(
      x509::decode_pem("-----BEGIN A-----\n-----BEGIN B-----\n-----END B-----\n-----END A-----\n"));
}

TEST(Pem, RejectsBadLabelsAndMarkers) {
  EXPECT_FALSE(x509::decode_pem("-----BEGIN  TWO SPACES-----\n-----END  TWO SPACES-----\n"));
  EXPECT_FALSE(x509::decode_pem("-----BEGIN TEST----\n-----END TEST----\n"));
  EXPECT_FALSE(x509::decode_pem("-----BEGIN -TEST-----\n-----END -TEST-----\n"));
}

TEST(Pem, RejectsGarbageInBody) {
  auto r = x509::decode_pem("-----BEGIN TEST-----\naGVs*bG8=\n-----END TEST-----\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("not base64"), std::string::npos) << r.error().message;
  EXPECT_FALSE(x509::decode_pem("-----BEGIN TEST-----\naGVsbG8\n-----END TEST-----\n"));
}

TEST(Pem, RejectsRfc1421Headers) {
  auto r = x509::decode_pem(
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAQID\n"
      "-----END RSA PRIVATE KEY-----\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("header"), std::string::npos);
}

TEST(Pem, EncodesWithSixtyFourCharacterLinesAndRoundTrips) {
  Bytes data(200);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i);
  const std::string pem = x509::encode_pem("CERTIFICATE", data);
  EXPECT_EQ(pem.rfind("-----BEGIN CERTIFICATE-----\n", 0), 0u);
  EXPECT_TRUE(pem.ends_with("\n-----END CERTIFICATE-----\n"));
  std::size_t start = pem.find('\n') + 1;
  const std::size_t stop = pem.find("-----END");
  while (start < stop) {
    const std::size_t eol = pem.find('\n', start);
    EXPECT_LE(eol - start, 64u);
    start = eol + 1;
  }
  auto back = x509::decode_pem_label(pem, "CERTIFICATE");
  ASSERT_TRUE(back.has_value()) << back.error().to_string();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0], data);
  EXPECT_EQ(x509::encode_pem("X", {}), "-----BEGIN X-----\n-----END X-----\n");
}

}  // namespace
