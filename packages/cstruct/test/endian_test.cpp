#include <cstruct/endian.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;

// 0xff first, so every load below starts at offset 1 and an offset mistake shows.
const Bytes kInput = {0xff, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};

TEST(Endian, LoadsBigEndianAtAnOffset) {
  EXPECT_EQ(cstruct::load_u8(kInput, 1), 0x01);
  EXPECT_EQ(cstruct::load_be16(kInput, 1), 0x0102);
  EXPECT_EQ(cstruct::load_be24(kInput, 1), 0x010203u);
  EXPECT_EQ(cstruct::load_be32(kInput, 1), 0x01020304u);
  EXPECT_EQ(cstruct::load_be64(kInput, 1), 0x0102030405060708u);
}

TEST(Endian, LoadsLittleEndianAtAnOffset) {
  EXPECT_EQ(cstruct::load_le16(kInput, 1), 0x0201);
  EXPECT_EQ(cstruct::load_le24(kInput, 1), 0x030201u);
  EXPECT_EQ(cstruct::load_le32(kInput, 1), 0x04030201u);
  EXPECT_EQ(cstruct::load_le64(kInput, 1), 0x0807060504030201u);
}

TEST(Endian, LoadsTheLastBytesOfTheSpan) {
  EXPECT_EQ(cstruct::load_be32(kInput, kInput.size() - 4), 0x05060708u);
  EXPECT_EQ(cstruct::load_le16(kInput, kInput.size() - 2), 0x0807);
  EXPECT_EQ(cstruct::load_u8(kInput, kInput.size() - 1), 0x08);
}

// Stores the value at offset 1 of a 10-byte span of 0xee and returns the whole span, so
// the expectations also show that neighbouring bytes are left alone.
template <class F>
Bytes stored(F store) {
  Bytes b(10, 0xee);
  store(std::span<std::uint8_t>(b));
  return b;
}

TEST(Endian, StoresBigEndianAtAnOffset) {
  EXPECT_EQ(stored([](auto s) { cstruct::store_u8(s, 1, 0xab); }),
            (Bytes{0xee, 0xab, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee}));
  EXPECT_EQ(stored([](auto s) { cstruct::store_be16(s, 1, 0x0102); }),
            (Bytes{0xee, 0x01, 0x02, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee}));
  EXPECT_EQ(stored([](auto s) { cstruct::store_be24(s, 1, 0x010203); }),
            (Bytes{0xee, 0x01, 0x02, 0x03, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee}));
  EXPECT_EQ(stored([](auto s) { cstruct::store_be32(s, 1, 0x01020304); }),
            (Bytes{0xee, 0x01, 0x02, 0x03, 0x04, 0xee, 0xee, 0xee, 0xee, 0xee}));
  EXPECT_EQ(stored([](auto s) { cstruct::store_be64(s, 1, 0x0102030405060708); }),
            (Bytes{0xee, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xee}));
}

TEST(Endian, StoresLittleEndianAtAnOffset) {
  EXPECT_EQ(stored([](auto s) { cstruct::store_le16(s, 1, 0x0102); }),
            (Bytes{0xee, 0x02, 0x01, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee}));
  EXPECT_EQ(stored([](auto s) { cstruct::store_le24(s, 1, 0x010203); }),
            (Bytes{0xee, 0x03, 0x02, 0x01, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee}));
  EXPECT_EQ(stored([](auto s) { cstruct::store_le32(s, 1, 0x01020304); }),
            (Bytes{0xee, 0x04, 0x03, 0x02, 0x01, 0xee, 0xee, 0xee, 0xee, 0xee}));
  EXPECT_EQ(stored([](auto s) { cstruct::store_le64(s, 1, 0x0102030405060708); }),
            (Bytes{0xee, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0xee}));
}

TEST(Endian, LoadsWhatWasStoredForTheExtremeValues) {
  Bytes b(8);
  for (std::uint64_t v : {std::uint64_t{0}, std::uint64_t{1}, ~std::uint64_t{0},
                          std::uint64_t{0x8000000000000000}, std::uint64_t{0x0123456789abcdef}}) {
    cstruct::store_be64(b, 0, v);
    EXPECT_EQ(cstruct::load_be64(b, 0), v);
    cstruct::store_le64(b, 0, v);
    EXPECT_EQ(cstruct::load_le64(b, 0), v);
    cstruct::store_be32(b, 0, static_cast<std::uint32_t>(v));
    EXPECT_EQ(cstruct::load_be32(b, 0), static_cast<std::uint32_t>(v));
    cstruct::store_le16(b, 0, static_cast<std::uint16_t>(v));
    EXPECT_EQ(cstruct::load_le16(b, 0), static_cast<std::uint16_t>(v));
  }
}

// The same functions work in constant expressions (the byte-loop path).
constexpr std::array<std::uint8_t, 4> kConst = {0x12, 0x34, 0x56, 0x78};
static_assert(cstruct::load_be32(kConst, 0) == 0x12345678);
static_assert(cstruct::load_le24(kConst, 1) == 0x785634);
static_assert([] {
  std::array<std::uint8_t, 2> b{};
  cstruct::store_be16(b, 0, 0xbeef);
  return b[0] == 0xbe && b[1] == 0xef;
}());

TEST(EndianDeathTest, OutOfRangeOffsetsAndValuesAreBugs) {
#ifdef NDEBUG
  GTEST_SKIP() << "assertions are compiled out";
#endif
  EXPECT_DEATH((void)cstruct::load_be32(kInput, kInput.size() - 3), "past the end");
  EXPECT_DEATH((void)cstruct::load_u8(kInput, SIZE_MAX), "past the end");
  Bytes b(4);
  EXPECT_DEATH(cstruct::store_be64(b, 0, 1), "past the end");
  EXPECT_DEATH(cstruct::store_be24(b, 0, 0x1000000), "does not fit in 24 bits");
  EXPECT_DEATH(cstruct::store_le24(b, 0, 0xffffffff), "does not fit in 24 bits");
}

}  // namespace
