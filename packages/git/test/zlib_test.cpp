// zlib streams and loose objects as bytes.
#include <gtest/gtest.h>

#include <git/loose.hpp>
#include <git/zlib.hpp>

#include <string>

#include "support.hpp"

namespace {

using git_test::pseudo_random;

using git::as_bytes;
using git::Errc;
using git::ObjectType;

TEST(Zlib, RoundTripsAndReportsWhatItConsumed) {
  const auto data = pseudo_random(100000, 7);
  auto z = git::zlib_compress(data, 6);
  ASSERT_TRUE(z);
  const std::size_t stream = z->size();
  z->push_back(0xAA);  // a byte after the stream is not the stream's
  const auto back = git::zlib_inflate(*z, data.size());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->data, data);
  EXPECT_EQ(back->consumed, stream);
}

TEST(Zlib, RefusesWrongSizesAndCorruptStreams) {
  const auto data = pseudo_random(1000, 8);
  const auto z = *git::zlib_compress(data);
  EXPECT_EQ(git::zlib_inflate(z, 999).error().code, Errc::Zlib);   // holds more
  EXPECT_EQ(git::zlib_inflate(z, 1001).error().code, Errc::Zlib);  // holds less
  EXPECT_EQ(git::zlib_inflate(std::span(z).first(z.size() - 1), 1000).error().code, Errc::Zlib);  // no Adler-32
  auto bad = z;
  bad[bad.size() / 2] ^= 0x55;
  EXPECT_FALSE(git::zlib_inflate(bad, 1000));
  EXPECT_TRUE(git::zlib_inflate(*git::zlib_compress({}), 0));
}

TEST(Loose, RoundTripsEveryType) {
  for (const auto type : {ObjectType::Blob, ObjectType::Tree, ObjectType::Commit, ObjectType::Tag}) {
    const auto body = pseudo_random(3000, static_cast<std::uint32_t>(type));
    const auto file = git::encode_loose(type, body);
    ASSERT_TRUE(file);
    const auto back = git::decode_loose(*file);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->type, type);
    EXPECT_EQ(back->data, body);
  }
  const auto empty = git::decode_loose(*git::encode_loose(ObjectType::Blob, {}));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->data.empty());
}

std::vector<std::uint8_t> deflated(std::string_view s) { return *git::zlib_compress(as_bytes(s)); }

TEST(Loose, BoundsTheBodyByTheHeader) {
  // A header that understates or overstates the body, or promises more than allowed.
  EXPECT_EQ(git::decode_loose(deflated(std::string_view("blob 3\0abcd", 11))).error().code, Errc::Zlib);
  EXPECT_EQ(git::decode_loose(deflated(std::string_view("blob 5\0abcd", 11))).error().code, Errc::Zlib);
  EXPECT_EQ(git::decode_loose(deflated(std::string_view("blob 1\0abcdefghijklmnopqrstuvwxyz", 33))).error().code,
            Errc::Zlib);
  EXPECT_EQ(git::decode_loose(deflated(std::string_view("blob 4\0abcd", 11)), 3).error().code, Errc::TooLarge);
  EXPECT_EQ(git::decode_loose(deflated(std::string_view("blob 4abcd", 10))).error().code, Errc::BadHeader);
  EXPECT_EQ(git::decode_loose(deflated("")).error().code, Errc::BadHeader);
  auto trailing = deflated(std::string_view("blob 4\0abcd", 11));
  trailing.push_back(0);
  EXPECT_EQ(git::decode_loose(trailing).error().code, Errc::Zlib);
  // A huge size in the header is refused before anything is allocated.
  EXPECT_EQ(git::decode_loose(deflated(std::string_view("blob 99999999999999\0", 20))).error().code, Errc::TooLarge);
}

}  // namespace
