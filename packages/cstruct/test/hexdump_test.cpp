#include <cstruct/hexdump.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using cstruct::Error;
using Bytes = std::vector<std::uint8_t>;

Bytes of(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

// Expected outputs are what `hexdump -C` prints for the same bytes, worked out by hand
// from its format: "%08.8_Ax  " then "%02x " per byte with an extra space after the
// eighth, then " |" the printable bytes "|", and a last line with the length.

TEST(Hexdump, DumpsAPartialLine) {
  EXPECT_EQ(cstruct::hexdump(of("Hello world\n")),
            "00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |Hello world.|\n"
            "0000000c\n");
}

TEST(Hexdump, DumpsExactlyOneLine) {
  EXPECT_EQ(cstruct::hexdump(of("0123456789abcdef")),
            "00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n"
            "00000010\n");
}

TEST(Hexdump, DumpsASingleByte) {
  EXPECT_EQ(cstruct::hexdump(Bytes{0xff}),
            "00000000  ff                                                |.|\n"
            "00000001\n");
}

TEST(Hexdump, ShowsOnlyPrintableAsciiAsItself) {
  EXPECT_EQ(cstruct::hexdump(Bytes{0x00, 0x1f, 0x20, 0x41, 0x7e, 0x7f, 0x80, 0xff, 0x0a}),
            "00000000  00 1f 20 41 7e 7f 80 ff  0a                       |.. A~....|\n"
            "00000009\n");
}

TEST(Hexdump, SqueezesRepeatedLinesIntoAStar) {
  EXPECT_EQ(cstruct::hexdump(Bytes(40, 0)),
            "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
            "*\n"
            "00000020  00 00 00 00 00 00 00 00                           |........|\n"
            "00000028\n");
}

TEST(Hexdump, PrintsTheLineAfterARepeatAndEndsWithTheLength) {
  Bytes in(64, 0);
  in[16] = 'A';
  EXPECT_EQ(cstruct::hexdump(in),
            "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
            "00000010  41 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |A...............|\n"
            "00000020  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
            "*\n"
            "00000040\n");
}

TEST(Hexdump, EmptyInputGivesNothing) {
  EXPECT_EQ(cstruct::hexdump(Bytes{}), "");
}

TEST(Hex, ToHexIsLowercaseWithoutSeparators) {
  EXPECT_EQ(cstruct::to_hex(Bytes{0x00, 0x0f, 0xa0, 0xff}), "000fa0ff");
  EXPECT_EQ(cstruct::to_hex(Bytes{}), "");
}

TEST(Hex, OfHexInvertsToHexForEveryByte) {
  Bytes all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
  const auto back = cstruct::of_hex(cstruct::to_hex(all));
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->equal(all));
}

TEST(Hex, OfHexAcceptsEitherCase) {
  EXPECT_TRUE(cstruct::of_hex("DeadBEEF")->equal(Bytes{0xde, 0xad, 0xbe, 0xef}));
  EXPECT_TRUE(cstruct::of_hex("")->empty());
}

TEST(Hex, OfHexRejectsAnOddNumberOfDigits) {
  EXPECT_EQ(cstruct::of_hex("abc"), std::unexpected(Error{Error::Kind::OddHexLength, 3}));
}

TEST(Hex, OfHexRejectsNonHexCharactersWhereTheyAre) {
  EXPECT_EQ(cstruct::of_hex("0g"), std::unexpected(Error{Error::Kind::BadHexDigit, 1}));
  EXPECT_EQ(cstruct::of_hex("00g0"), std::unexpected(Error{Error::Kind::BadHexDigit, 2}));
  EXPECT_EQ(cstruct::of_hex("00 1"), std::unexpected(Error{Error::Kind::BadHexDigit, 2}));
  EXPECT_EQ(cstruct::of_hex("0x"), std::unexpected(Error{Error::Kind::BadHexDigit, 1}));
  EXPECT_EQ(cstruct::of_hex(std::string("\0\0", 2)),
            std::unexpected(Error{Error::Kind::BadHexDigit, 0}));
}

}  // namespace
