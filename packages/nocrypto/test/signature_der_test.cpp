// The DER codec of (r, s) signatures: exact bytes, round trips, and everything that is BER
// but not DER, or not even BER, refused.
#include <nocrypto/signature_der.hpp>

#include "support.hpp"

#include <gtest/gtest.h>

namespace {

using nocrypto_test::Bytes;
using nocrypto_test::from_hex;
using nocrypto_test::to_hex;

std::string encode(const std::string& r, const std::string& s) {
  auto der = nocrypto::encode_der_signature(from_hex(r), from_hex(s));
  EXPECT_TRUE(der.has_value());
  return der ? to_hex(*der) : "";
}

TEST(SignatureDer, EncodesMinimalIntegers) {
  EXPECT_EQ(encode("01", "02"), "3006020101020102");
  // A top bit set gets a 0x00 so the INTEGER stays positive; leading zeros in the input go.
  EXPECT_EQ(encode("0080", "00007f"), "30070202008002017f");
}

TEST(SignatureDer, LongFormLengthForP521SizedSignatures) {
  const Bytes r(66, 0xff), s(66, 0x01);
  auto der = nocrypto::encode_der_signature(r, s);
  ASSERT_TRUE(der);
  // 2 + 67 (0x00 pad) and 2 + 66: a body of 137 bytes needs the 0x81 form.
  EXPECT_EQ(der->size(), 3u + 137u);
  EXPECT_EQ((*der)[0], 0x30);
  EXPECT_EQ((*der)[1], 0x81);
  EXPECT_EQ((*der)[2], 137);
  auto back = nocrypto::decode_der_signature(*der);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->r, r);
  EXPECT_EQ(back->s, s);
}

TEST(SignatureDer, ZeroScalarsCannotBeEncoded) {
  EXPECT_EQ(nocrypto::encode_der_signature(from_hex("0000"), from_hex("01")).error(),
            nocrypto::Error::InvalidParameter);
  EXPECT_EQ(nocrypto::encode_der_signature(from_hex("01"), {}).error(),
            nocrypto::Error::InvalidParameter);
}

TEST(SignatureDer, RoundTripsEverySize) {
  for (std::size_t n = 1; n <= 140; ++n) {
    Bytes r(n), s(141 - n);
    for (std::size_t i = 0; i < r.size(); ++i) r[i] = static_cast<std::uint8_t>(i * 37 + n);
    for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<std::uint8_t>(0x80 | i);
    if (r[0] == 0) r[0] = 1;
    auto der = nocrypto::encode_der_signature(r, s);
    ASSERT_TRUE(der);
    auto back = nocrypto::decode_der_signature(*der);
    ASSERT_TRUE(back) << n;
    EXPECT_EQ(back->r, r);
    EXPECT_EQ(back->s, s);
  }
}

TEST(SignatureDer, RefusesWhatIsNotDer) {
  const char* bad[] = {
      "",                          // nothing
      "30",                        // no length
      "3006020101020102" "00",     // a byte after the SEQUENCE
      "3009020101020102020103",    // a third INTEGER
      "3003020101",                // no s
      "3080020101020102" "0000",   // BER indefinite length
      "308106020101020102",        // long form where the short one fits
      "30820006020101020102",      // long form with a leading zero byte
      "3106020101020102",          // a SET, not a SEQUENCE
      "3006020101030102",          // s not an INTEGER
      "30070202000102010f",        // r with a redundant leading zero
      "3006020181020102",          // r negative
      "3006020100020102",          // r zero
  };
  for (std::size_t i = 0; i < std::size(bad); ++i) {
    auto der = nocrypto::decode_der_signature(from_hex(bad[i]));
    EXPECT_FALSE(der.has_value()) << bad[i];
    if (!der) {
      EXPECT_EQ(der.error(), nocrypto::Error::InvalidEncoding) << bad[i];
    }
  }
  // Lengths that run past the end, at each level.
  for (const char* h : {"3007020101020102", "3006020201020102", "3006020101020202", "300602"}) {
    EXPECT_FALSE(nocrypto::decode_der_signature(from_hex(h)).has_value()) << h;
  }
  // An empty INTEGER.
  EXPECT_FALSE(nocrypto::decode_der_signature(from_hex("30050200020101")).has_value());
}

TEST(SignatureDer, DecodesAP256SizedSignature) {
  // The shape of a P-256 signature as `openssl dgst -sign` writes it, r with its top bit set
  // (the scalars here are made up; nocrypto-ec's interop tests use real ones).
  const auto der = from_hex(
      "3045022100b21f7d1a1bd0b8cbae2d8a6e1a2b6a0f2f7c1e2d3c4b5a69788796a5b4c3d2e1"
      "022040e6ae6c5d5e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809101");
  auto sig = nocrypto::decode_der_signature(der);
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->r.size(), 32u);
  EXPECT_EQ(sig->r[0], 0xb2);
  EXPECT_EQ(sig->s.size(), 32u);
  auto again = nocrypto::encode_der_signature(sig->r, sig->s);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, der);
}

}  // namespace
