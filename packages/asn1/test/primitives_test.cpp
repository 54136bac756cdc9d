// Every primitive both ways: encodings, edge cases, and each strictness rule rejected in
// DER (at the right offset) and accepted in BER where BER allows it.
#include "test_support.hpp"

#include <cstdint>
#include <limits>

namespace {

using namespace asn1;
using asn1_test::der_hex;
using asn1_test::error_of;
using asn1_test::hex;
using asn1_test::value_of_hex;

// ---------------------------------------------------------------- BOOLEAN, NULL

TEST(Boolean, EncodesFalseAsZeroAndTrueAsFF) {
  EXPECT_EQ(der_hex(boolean(), false), "010100");
  EXPECT_EQ(der_hex(boolean(), true), "0101FF");
  EXPECT_TRUE(value_of_hex(boolean(), "0101FF"));
  EXPECT_FALSE(value_of_hex(boolean(), "010100"));
}

TEST(Boolean, RejectsOtherTrueOctetsInDerAcceptsInBer) {
  const Error e = error_of(boolean(), "010101");
  EXPECT_EQ(e.code, Code::BadBoolean);
  EXPECT_EQ(e.offset, 2u);
  EXPECT_TRUE(value_of_hex(boolean(), "010101", Mode::Ber));
}

TEST(Boolean, RejectsWrongLengthInBothModes) {
  EXPECT_EQ(error_of(boolean(), "0100").code, Code::BadBoolean);
  EXPECT_EQ(error_of(boolean(), "01020000", Mode::Ber).code, Code::BadBoolean);
}

TEST(Boolean, RejectsConstructedForm) {
  const Error e = error_of(boolean(), "2103010100", Mode::Ber);
  EXPECT_EQ(e.code, Code::ExpectedPrimitive);
  EXPECT_EQ(e.offset, 0u);
}

TEST(Null, EncodesEmptyAndRejectsContents) {
  EXPECT_EQ(der_hex(null(), Null{}), "0500");
  value_of_hex(null(), "0500");
  const Error e = error_of(null(), "050100");
  EXPECT_EQ(e.code, Code::BadNull);
  EXPECT_EQ(e.offset, 2u);
}

// ---------------------------------------------------------------- INTEGER

TEST(Integer, EncodesSmallIntegersAtTheBoundaries) {
  EXPECT_EQ(der_hex(int64(), 0), "020100");
  EXPECT_EQ(der_hex(int64(), 127), "02017F");
  EXPECT_EQ(der_hex(int64(), 128), "02020080");
  EXPECT_EQ(der_hex(int64(), 255), "020200FF");
  EXPECT_EQ(der_hex(int64(), 256), "02020100");
  EXPECT_EQ(der_hex(int64(), -1), "0201FF");
  EXPECT_EQ(der_hex(int64(), -128), "020180");
  EXPECT_EQ(der_hex(int64(), -129), "0202FF7F");
  EXPECT_EQ(der_hex(int64(), std::numeric_limits<std::int64_t>::min()), "02088000000000000000");
  EXPECT_EQ(der_hex(int64(), std::numeric_limits<std::int64_t>::max()), "02087FFFFFFFFFFFFFFF");
  EXPECT_EQ(der_hex(integer_as<std::uint64_t>(), std::numeric_limits<std::uint64_t>::max()), "020900FFFFFFFFFFFFFFFF");
}

TEST(Integer, RoundTripsSmallIntegers) {
  for (std::int64_t v : {0L, 1L, -1L, 127L, 128L, -128L, -129L, 255L, 256L, 32767L, 32768L, -32769L,
                         std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    auto der = encode_der(int64(), v);
    ASSERT_TRUE(der);
    auto back = decode(int64(), *der);
    ASSERT_TRUE(back) << v;
    EXPECT_EQ(*back, v);
  }
}

TEST(Integer, RejectsNonMinimalInDerAcceptsInBer) {
  for (const char* h : {"0202007F", "0202FF80", "02030000FF"}) {
    const Error e = error_of(int64(), h);
    EXPECT_EQ(e.code, Code::NonMinimalInteger) << h;
    EXPECT_EQ(e.offset, 2u) << h;
  }
  EXPECT_EQ(value_of_hex(int64(), "0202007F", Mode::Ber), 127);
  EXPECT_EQ(value_of_hex(int64(), "0202FF80", Mode::Ber), -128);
  // BER's redundant octets are dropped from the byte form too.
  EXPECT_EQ(value_of_hex(integer(), "0203000080", Mode::Ber).bytes, hex("0080"));
}

TEST(Integer, RejectsEmptyInBothModes) {
  EXPECT_EQ(error_of(int64(), "0200").code, Code::BadInteger);
  EXPECT_EQ(error_of(integer(), "0200", Mode::Ber).code, Code::BadInteger);
}

TEST(Integer, ReportsRangeErrorsForSmallTypes) {
  EXPECT_EQ(value_of_hex(integer_as<std::uint8_t>(), "020200FF"), 255);
  const Error e = error_of(integer_as<std::uint8_t>(), "02020100");
  EXPECT_EQ(e.code, Code::IntegerRange);
  EXPECT_EQ(e.offset, 2u);
  EXPECT_EQ(error_of(integer_as<std::uint8_t>(), "0201FF").code, Code::IntegerRange);
  EXPECT_EQ(value_of_hex(integer_as<std::int8_t>(), "020180"), -128);
  EXPECT_EQ(error_of(integer_as<std::int8_t>(), "02020080").code, Code::IntegerRange);
  EXPECT_EQ(error_of(int64(), "0209010000000000000000").code, Code::IntegerRange);
}

TEST(Integer, KeepsLargeIntegersAsBytes) {
  const Bytes serial = hex("00C7A31B4F0E22D9A1E4F6C81B3400AA5522119900");
  auto v = value_of_hex(integer(), "0215" + asn1_test::to_hex(serial));
  EXPECT_EQ(v.bytes, serial);
  EXPECT_FALSE(v.negative());
  EXPECT_FALSE(v.to_int64().has_value());
  EXPECT_EQ(der_hex(integer(), v), "0215" + asn1_test::to_hex(serial));
  EXPECT_EQ(Integer::from_unsigned(hex("0000FF")).bytes, hex("00FF"));
  EXPECT_EQ(Integer::from_unsigned(hex("")).bytes, hex("00"));
  EXPECT_EQ(Integer::from_int64(-129).bytes, hex("FF7F"));
  // A value given with redundant octets is written minimally.
  EXPECT_EQ(der_hex(integer(), Integer{hex("0000007F")}), "02017F");
}

TEST(Enumerated, MapsToEnumTypes) {
  enum class Color : std::uint8_t { Red = 0, Green = 1, Blue = 200 };
  EXPECT_EQ(der_hex(enumerated<Color>(), Color::Blue), "0A0200C8");
  EXPECT_EQ(value_of_hex(enumerated<Color>(), "0A0101"), Color::Green);
  EXPECT_EQ(value_of_hex(enumerated(), "0A01FF"), -1);
  EXPECT_EQ(error_of(enumerated<Color>(), "0A020100").code, Code::IntegerRange);
  EXPECT_EQ(error_of(enumerated(), "020101").code, Code::UnexpectedTag);
}

// ---------------------------------------------------------------- lengths and tags

TEST(Length, UsesLongFormsFrom128) {
  EXPECT_EQ(der_hex(octet_string(), Bytes(127, 0x41)).substr(0, 4), "047F");
  EXPECT_EQ(der_hex(octet_string(), Bytes(128, 0x41)).substr(0, 6), "048180");
  EXPECT_EQ(der_hex(octet_string(), Bytes(300, 0x41)).substr(0, 8), "0482012C");
  EXPECT_EQ(der_hex(octet_string(), Bytes(70000, 0x41)).substr(0, 10), "0483011170");
  for (std::size_t n : {0u, 1u, 127u, 128u, 255u, 256u, 65535u, 65536u}) {
    auto der = encode_der(octet_string(), Bytes(n, 7));
    ASSERT_TRUE(der);
    auto back = decode(octet_string(), *der);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->size(), n);
  }
}

TEST(Length, RejectsNonMinimalLengthsInDerAcceptsInBer) {
  Error e = error_of(octet_string(), "04810141");
  EXPECT_EQ(e.code, Code::NonMinimalLength);
  EXPECT_EQ(e.offset, 1u);
  e = error_of(octet_string(), "0482000141");
  EXPECT_EQ(e.code, Code::NonMinimalLength);
  EXPECT_EQ(e.offset, 1u);
  EXPECT_EQ(value_of_hex(octet_string(), "04810141", Mode::Ber), hex("41"));
  EXPECT_EQ(value_of_hex(octet_string(), "04840000000141", Mode::Ber), hex("41"));
}

TEST(Length, RejectsTruncatedAndReservedLengths) {
  Error e = error_of(octet_string(), "040541");
  EXPECT_EQ(e.code, Code::Truncated);
  EXPECT_EQ(e.offset, 1u);
  e = error_of(octet_string(), "0482 01");
  EXPECT_EQ(e.code, Code::Truncated);
  EXPECT_EQ(error_of(octet_string(), "04FF", Mode::Ber).code, Code::BadLength);
  EXPECT_EQ(error_of(octet_string(), "04").code, Code::Truncated);
  EXPECT_EQ(error_of(octet_string(), "").code, Code::Truncated);
  EXPECT_EQ(error_of(octet_string(), "0489FFFFFFFFFFFFFFFFFF", Mode::Ber).code, Code::LengthLimit);
}

TEST(Length, RejectsIndefiniteLengthInDerAcceptsInBer) {
  const auto g = sequence(int64());
  const Error e = error_of(g, "30800201050000");
  EXPECT_EQ(e.code, Code::IndefiniteLength);
  EXPECT_EQ(e.offset, 1u);
  EXPECT_EQ(std::get<0>(value_of_hex(g, "30800201050000", Mode::Ber)), 5);
  // Nested indefinite lengths.
  const auto nested = sequence(sequence(int64()), int64());
  auto v = value_of_hex(nested, "3080 3080 020101 0000 020102 0000", Mode::Ber);
  EXPECT_EQ(std::get<0>(std::get<0>(v)), 1);
  EXPECT_EQ(std::get<1>(v), 2);
}

TEST(Length, RejectsIndefiniteLengthOnPrimitivesAndMissingEndOfContents) {
  EXPECT_EQ(error_of(octet_string(), "0480 0000", Mode::Ber).code, Code::BadLength);
  const Error e = error_of(sequence(int64()), "3080 020105", Mode::Ber);
  EXPECT_EQ(e.code, Code::Truncated);
  EXPECT_EQ(e.offset, 5u);
}

TEST(Tag, EncodesHighTagNumbers) {
  EXPECT_EQ(der_hex(implicit(30, int64()), 5), "9E0105");
  EXPECT_EQ(der_hex(implicit(31, int64()), 5), "9F1F0105");
  EXPECT_EQ(der_hex(implicit(200, int64()), 5), "9F81480105");
  EXPECT_EQ(der_hex(implicit(application(16384), int64()), 5), "5F8180000105");
  EXPECT_EQ(der_hex(explicit_(private_(0xffffffffu), int64()), 5), "FF8FFFFFFF7F03020105");
  EXPECT_EQ(value_of_hex(implicit(200, int64()), "9F81480105"), 5);
  EXPECT_EQ(value_of_hex(explicit_(private_(0xffffffffu), int64()), "FF8FFFFFFF7F03020105"), 5);
}

TEST(Tag, RejectsHighFormForLowNumbersInDerAcceptsInBer) {
  const Error e = error_of(implicit(5, int64()), "9F050105");
  EXPECT_EQ(e.code, Code::NonMinimalTag);
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(value_of_hex(implicit(5, int64()), "9F050105", Mode::Ber), 5);
}

TEST(Tag, RejectsMalformedTagNumbers) {
  Error e = error_of(implicit(200, int64()), "9F80480105", Mode::Ber);
  EXPECT_EQ(e.code, Code::BadTag);
  EXPECT_EQ(e.offset, 1u);
  EXPECT_EQ(error_of(implicit(200, int64()), "9F908080800001 05", Mode::Ber).code, Code::TagTooLarge);
  EXPECT_EQ(error_of(implicit(200, int64()), "9F81").code, Code::Truncated);
}

TEST(Tag, RejectsTheWrongTag) {
  const Error e = error_of(int64(), "0101FF");
  EXPECT_EQ(e.code, Code::UnexpectedTag);
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(error_of(implicit(1, int64()), "800105").code, Code::UnexpectedTag);
  EXPECT_EQ(error_of(implicit(application(1), int64()), "810105").code, Code::UnexpectedTag);
}

TEST(TopLevel, RejectsTrailingBytesInBothModes) {
  Error e = error_of(boolean(), "0101FF00");
  EXPECT_EQ(e.code, Code::TrailingBytes);
  EXPECT_EQ(e.offset, 3u);
  EXPECT_EQ(error_of(boolean(), "0101FF00", Mode::Ber).code, Code::TrailingBytes);
  auto prefix = decode_prefix(boolean(), hex("0101FF00"));
  ASSERT_TRUE(prefix);
  EXPECT_EQ(prefix->second, 3u);
}

// ---------------------------------------------------------------- BIT STRING, OCTET STRING

TEST(BitString, EncodesUnusedBitsAndClearsPadding) {
  EXPECT_EQ(der_hex(bit_string(), BitString{}), "030100");
  EXPECT_EQ(der_hex(bit_string(), BitString{hex("80"), 7}), "03020780");
  EXPECT_EQ(der_hex(bit_string(), BitString{hex("FF"), 4}), "030204F0");
  auto v = value_of_hex(bit_string(), "03030680C0");
  EXPECT_EQ(v.bit_count(), 10u);
  EXPECT_TRUE(v.bit(0));
  EXPECT_FALSE(v.bit(1));
  EXPECT_TRUE(v.bit(8));
  EXPECT_TRUE(v.bit(9));
  EXPECT_FALSE(v.bit(10));
  EXPECT_FALSE(encode_der(bit_string(), BitString{{}, 3}).has_value());
  EXPECT_FALSE(encode_der(bit_string(), BitString{hex("00"), 8}).has_value());
}

TEST(BitString, RejectsNonZeroPaddingInDerAcceptsInBer) {
  const Error e = error_of(bit_string(), "03020781");
  EXPECT_EQ(e.code, Code::NonZeroPadding);
  EXPECT_EQ(e.offset, 3u);
  EXPECT_EQ(value_of_hex(bit_string(), "03020781", Mode::Ber).unused, 7);
}

TEST(BitString, RejectsMalformedContentsInBothModes) {
  EXPECT_EQ(error_of(bit_string(), "0300", Mode::Ber).code, Code::BadBitString);
  EXPECT_EQ(error_of(bit_string(), "030108", Mode::Ber).code, Code::BadBitString);
  const Error e = error_of(bit_string(), "030101");
  EXPECT_EQ(e.code, Code::BadBitString);
  EXPECT_EQ(e.offset, 2u);
}

TEST(BitString, ConcatenatesConstructedSegmentsInBerOnly) {
  const char* h = "2380 0302000A 030204B0 0000";
  auto v = value_of_hex(bit_string(), h, Mode::Ber);
  EXPECT_EQ(v.bytes, hex("0AB0"));
  EXPECT_EQ(v.unused, 4);
  EXPECT_EQ(error_of(bit_string(), "2380 030204B0 0302000A 0000", Mode::Ber).code, Code::BadBitString);
  const Error e = error_of(bit_string(), "2308 0302000A 030204B0");
  EXPECT_EQ(e.code, Code::ConstructedString);
  EXPECT_EQ(e.offset, 0u);
}

TEST(OctetString, HandlesEmptyAndConstructedStrings) {
  EXPECT_EQ(der_hex(octet_string(), Bytes{}), "0400");
  EXPECT_TRUE(value_of_hex(octet_string(), "0400").empty());
  EXPECT_EQ(value_of_hex(octet_string(), "2408 04024142 04024344", Mode::Ber), hex("41424344"));
  // Nested constructed segments, one of them indefinite.
  EXPECT_EQ(value_of_hex(octet_string(), "2480 2480 040141 0000 040142 0000", Mode::Ber), hex("4142"));
  EXPECT_EQ(error_of(octet_string(), "2408 04024142 04024344").code, Code::ConstructedString);
  const Error e = error_of(octet_string(), "2404 0C024142", Mode::Ber);
  EXPECT_EQ(e.code, Code::UnexpectedTag);
  EXPECT_EQ(e.offset, 2u);
}

// ---------------------------------------------------------------- OBJECT IDENTIFIER

TEST(Oid, ConvertsBetweenDottedAndDer) {
  constexpr Oid rsa_sha256 = oid("1.2.840.113549.1.1.11");
  static_assert(rsa_sha256.der().size() == 9);
  EXPECT_EQ(der_hex(asn1::oid(), rsa_sha256), "06092A864886F70D01010B");
  EXPECT_EQ(rsa_sha256.to_string(), "1.2.840.113549.1.1.11");
  EXPECT_EQ(der_hex(asn1::oid(), oid("2.999.3")), "0603883703");
  EXPECT_EQ(value_of_hex(asn1::oid(), "0603883703").to_string(), "2.999.3");
  EXPECT_EQ(value_of_hex(asn1::oid(), "060100").to_string(), "0.0");
  EXPECT_EQ(value_of_hex(asn1::oid(), "060128").to_string(), "1.0");
  EXPECT_EQ(value_of_hex(asn1::oid(), "06014F").to_string(), "1.39");
  EXPECT_EQ(value_of_hex(asn1::oid(), "060150").to_string(), "2.0");
  // A 128-bit arc (as in 2.25.UUID) decodes; dotted parsing takes arcs up to 64 bits.
  EXPECT_FALSE(Oid::parse("2.25.170141183460469231731687303715884105733").has_value());
  auto big = decode(asn1::oid(), hex("0614 69 82 8080808080808080808080808080808080 05"));
  ASSERT_TRUE(big) << big.error().to_string();
  EXPECT_EQ(big->to_string(), "2.25.170141183460469231731687303715884105733");
}

TEST(Oid, RejectsMalformedDottedForms) {
  for (const char* s : {"", "1", "3.1", "1.40", "0.40", "1..2", "01.2", "1.2.", ".1.2", "1.2.a", "1.2.18446744073709551616"})
    EXPECT_FALSE(Oid::parse(s).has_value()) << s;
  EXPECT_TRUE(Oid::parse("2.40").has_value());
  EXPECT_TRUE(Oid::parse("1.2.18446744073709551615").has_value());
}

TEST(Oid, RejectsMalformedEncodings) {
  for (const char* h : {"0600", "06022A80", "06032A8001", "0601 80"}) {
    const Error e = error_of(asn1::oid(), h, Mode::Ber);
    EXPECT_EQ(e.code, Code::BadOid) << h;
  }
  EXPECT_EQ(error_of(asn1::oid(), "0615 2A 8181818181818181818181818181818181818101").code, Code::BadOid);
  EXPECT_FALSE(encode_der(asn1::oid(), Oid{}).has_value());
}

// ---------------------------------------------------------------- times

TEST(UtcTime, DecodesWithRfc5280YearRule) {
  auto t = value_of_hex(utc_time(), "170D 3235303130323033303430355A");  // 250102030405Z
  EXPECT_EQ(t.year, 2025);
  EXPECT_EQ(t.month, 1);
  EXPECT_EQ(t.day, 2);
  EXPECT_EQ(t.hour, 3);
  EXPECT_EQ(t.minute, 4);
  EXPECT_EQ(t.second, 5);
  EXPECT_EQ(value_of_hex(utc_time(), "170D 3530303130313030303030305A").year, 1950);
  EXPECT_EQ(value_of_hex(utc_time(), "170D 3439313233313233353935395A").year, 2049);
  EXPECT_EQ(der_hex(utc_time(), DateTime{2049, 12, 31, 23, 59, 59, 0}), "170D3439313233313233353935395A");
  EXPECT_FALSE(encode_der(utc_time(), DateTime{2050, 1, 1, 0, 0, 0, 0}).has_value());
  EXPECT_FALSE(encode_der(utc_time(), DateTime{1949, 12, 31, 0, 0, 0, 0}).has_value());
}

TEST(UtcTime, RejectsBerFormsInDer) {
  // No seconds; an offset: BER only. Offsets are folded into UTC.
  EXPECT_EQ(error_of(utc_time(), "170B 323530313032303330345A").code, Code::BadTime);
  EXPECT_EQ(value_of_hex(utc_time(), "170B 323530313032303330345A", Mode::Ber).minute, 4);
  const char* offset = "1711 3235303130323033303430352B30313030";  // 250102030405+0100
  const Error e = error_of(utc_time(), offset);
  EXPECT_EQ(e.code, Code::BadTime);
  EXPECT_EQ(e.offset, 2u);
  auto t = value_of_hex(utc_time(), offset, Mode::Ber);
  EXPECT_EQ(t.hour, 2);
  EXPECT_EQ(value_of_hex(utc_time(), "1711 3235303130323030303030302B30313030", Mode::Ber).day, 1);
}

TEST(UtcTime, RejectsImpossibleDates) {
  for (const char* text : {"250230000000Z", "251301000000Z", "250101240000Z", "250101006000Z", "250101000060Z",
                           "230229000000Z", "2501010000000Z", "25010100000Z", "250101000000"}) {
    Bytes der = {0x17, static_cast<std::uint8_t>(std::string(text).size())};
    der.insert(der.end(), text, text + std::string(text).size());
    EXPECT_FALSE(decode(utc_time(), der, Mode::Ber).has_value()) << text;
  }
  Bytes leap = {0x17, 13};
  const std::string text = "240229000000Z";
  leap.insert(leap.end(), text.begin(), text.end());
  EXPECT_TRUE(decode(utc_time(), leap).has_value());
}

TEST(GeneralizedTime, HandlesFractionsAndZones) {
  auto der = encode_der(generalized_time(), DateTime{2051, 6, 7, 8, 9, 10, 500'000'000});
  ASSERT_TRUE(der);
  EXPECT_EQ(std::string(der->begin() + 2, der->end()), "20510607080910.5Z");
  auto back = decode(generalized_time(), *der);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->nanosecond, 500'000'000u);
  EXPECT_EQ(der_hex(generalized_time(), DateTime{9999, 12, 31, 23, 59, 59, 0}), "180F39393939313233313233353935395A");
  auto text = [](const std::string& s) {
    Bytes b = {0x18, static_cast<std::uint8_t>(s.size())};
    b.insert(b.end(), s.begin(), s.end());
    return b;
  };
  EXPECT_FALSE(decode(generalized_time(), text("20510607080910.50Z")).has_value());  // trailing zero
  EXPECT_TRUE(decode(generalized_time(), text("20510607080910.50Z"), Mode::Ber).has_value());
  EXPECT_FALSE(decode(generalized_time(), text("20510607080910,5Z")).has_value());
  EXPECT_TRUE(decode(generalized_time(), text("20510607080910,5Z"), Mode::Ber).has_value());
  EXPECT_FALSE(decode(generalized_time(), text("20510607080910.Z"), Mode::Ber).has_value());
  EXPECT_FALSE(decode(generalized_time(), text("20510607080910"), Mode::Ber).has_value());  // local time
  EXPECT_FALSE(decode(generalized_time(), text("205106070809Z")).has_value());
  EXPECT_TRUE(decode(generalized_time(), text("205106070809Z"), Mode::Ber).has_value());
  auto shifted = decode(generalized_time(), text("20510607000000-0230"), Mode::Ber);
  ASSERT_TRUE(shifted);
  EXPECT_EQ(shifted->hour, 2);
  EXPECT_EQ(shifted->minute, 30);
  EXPECT_EQ(DateTime::from_unix(0), (DateTime{1970, 1, 1, 0, 0, 0, 0}));
  EXPECT_EQ((DateTime{2000, 3, 1, 0, 0, 0, 0}).to_unix(), 951868800);
}

// ---------------------------------------------------------------- strings

TEST(Strings, CheckCharactersBothWays) {
  EXPECT_EQ(der_hex(printable_string(), "Hi (x)"), "1306486920287829");
  EXPECT_EQ(value_of_hex(printable_string(), "1306486920287829"), "Hi (x)");
  Error e = error_of(printable_string(), "1303 41 2A 42");  // '*'
  EXPECT_EQ(e.code, Code::BadString);
  EXPECT_EQ(e.offset, 3u);
  EXPECT_FALSE(encode_der(printable_string(), "a@b").has_value());
  EXPECT_EQ(value_of_hex(ia5_string(), "1603 61407E"), "a@~");
  EXPECT_EQ(error_of(ia5_string(), "1601 80").code, Code::BadString);
  EXPECT_EQ(value_of_hex(numeric_string(), "1203 312033"), "1 3");
  EXPECT_EQ(error_of(numeric_string(), "1201 61").code, Code::BadString);
  EXPECT_EQ(value_of_hex(visible_string(), "1A02 207E"), " ~");
  EXPECT_EQ(error_of(visible_string(), "1A01 0A").code, Code::BadString);
  EXPECT_EQ(value_of_hex(teletex_string(), "1402 FF00"), std::string("\xff\0", 2));
}

TEST(Strings, EmptyStringsRoundTrip) {
  EXPECT_EQ(der_hex(utf8_string(), ""), "0C00");
  EXPECT_EQ(value_of_hex(printable_string(), "1300"), "");
  EXPECT_EQ(der_hex(bmp_string(), u""), "1E00");
  EXPECT_EQ(der_hex(universal_string(), U""), "1C00");
}

TEST(Strings, Utf8MustBeWellFormed) {
  EXPECT_EQ(value_of_hex(utf8_string(), "0C07 68C3A9F09F9880"), "h\xc3\xa9\xf0\x9f\x98\x80");
  for (const char* h : {"0C02C080", "0C03EDA080", "0C01FF", "0C01C3", "0C04F4908080", "0C03E08080"}) {
    const Error e = error_of(utf8_string(), h);
    EXPECT_EQ(e.code, Code::BadString) << h;
    EXPECT_EQ(e.offset, 2u) << h;
  }
  EXPECT_EQ(error_of(utf8_string(), "0C03 41 C080").offset, 3u);
  EXPECT_FALSE(encode_der(utf8_string(), "\xc0\x80").has_value());
}

TEST(Strings, BmpAndUniversalStrings) {
  EXPECT_EQ(der_hex(bmp_string(), u"A\u00e9"), "1E04004100E9");
  EXPECT_EQ(value_of_hex(bmp_string(), "1E04004100E9"), u"A\u00e9");
  EXPECT_EQ(error_of(bmp_string(), "1E03004100").code, Code::BadString);
  EXPECT_EQ(error_of(bmp_string(), "1E02D800").code, Code::BadString);
  EXPECT_EQ(der_hex(universal_string(), U"\U0001F600"), "1C040001F600");
  EXPECT_EQ(value_of_hex(universal_string(), "1C040001F600"), U"\U0001F600");
  EXPECT_EQ(error_of(universal_string(), "1C0400110000").code, Code::BadString);
  EXPECT_EQ(error_of(universal_string(), "1C03000041").code, Code::BadString);
}

TEST(Strings, ConstructedStringsInBerOnly) {
  EXPECT_EQ(value_of_hex(utf8_string(), "2C80 0C0141 0C0142 0000", Mode::Ber), "AB");
  EXPECT_EQ(error_of(utf8_string(), "2C06 0C0141 0C0142").code, Code::ConstructedString);
  // A multi-byte character split across segments is checked after joining.
  EXPECT_EQ(value_of_hex(utf8_string(), "2C06 0C01C3 0C01A9", Mode::Ber), "\xc3\xa9");
}

// ---------------------------------------------------------------- errors

TEST(Error, RendersWhatWhereAndPath) {
  const auto g = sequence(required("outer", sequence(required("flag", boolean()))));
  auto r = decode(g, hex("3005 3003 010101"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::BadBoolean);
  EXPECT_EQ(r.error().offset, 6u);
  EXPECT_EQ(r.error().path, "outer.flag");
  EXPECT_EQ(r.error().to_string(), "BOOLEAN neither 00 nor FF in DER at offset 6 (outer.flag)");
  EXPECT_STREQ(code_name(r.error().code), "BadBoolean");
}

}  // namespace
