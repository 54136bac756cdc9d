#include <cstruct/writer.hpp>

#include <cstruct/reader.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace {

using cstruct::Buffer;
using cstruct::Error;
using cstruct::Reader;
using cstruct::Writer;
using Bytes = std::vector<std::uint8_t>;

Bytes contents(std::span<const std::uint8_t> s) {
  return Bytes(s.begin(), s.end());
}

TEST(Writer, WritesBigAndLittleEndianBytes) {
  Writer w;
  w.u8(0x01);
  w.u16_be(0x0203);
  w.u24_be(0x040506);
  w.u16_le(0x0203);
  w.u24_le(0x040506);
  ASSERT_TRUE(w.status());
  EXPECT_EQ(contents(w.written()), (Bytes{1, 2, 3, 4, 5, 6, 3, 2, 6, 5, 4}));
}

TEST(Writer, RoundTripsEveryWidthThroughTheReader) {
  Writer w;
  w.u8(0xfe);
  w.u16_be(0xfedc);
  w.u24_be(0xfedcba);
  w.u32_be(0xfedcba98);
  w.u64_be(0xfedcba9876543210);
  w.u16_le(0x1234);
  w.u24_le(0x123456);
  w.u32_le(0x12345678);
  w.u64_le(0x123456789abcdef0);
  w.bytes(Bytes{'e', 'n', 'd'});
  const auto out = w.finish();
  ASSERT_TRUE(out) << describe(out.error());
  EXPECT_EQ(out->size(), 1 + 2 + 3 + 4 + 8 + 2 + 3 + 4 + 8 + 3u);
  Reader r(*out);
  EXPECT_EQ(r.u8(), 0xfe);
  EXPECT_EQ(r.u16_be(), 0xfedc);
  EXPECT_EQ(r.u24_be(), 0xfedcbau);
  EXPECT_EQ(r.u32_be(), 0xfedcba98u);
  EXPECT_EQ(r.u64_be(), 0xfedcba9876543210u);
  EXPECT_EQ(r.u16_le(), 0x1234);
  EXPECT_EQ(r.u24_le(), 0x123456u);
  EXPECT_EQ(r.u32_le(), 0x12345678u);
  EXPECT_EQ(r.u64_le(), 0x123456789abcdef0u);
  EXPECT_EQ(contents(*r.bytes(3)), (Bytes{'e', 'n', 'd'}));
  EXPECT_TRUE(r.expect_end());
}

TEST(Writer, PrefixOfEveryWidthCountsTheBody) {
  Writer w;
  w.u8_prefixed([](Writer& b) { b.u8('a'); });
  w.u16_prefixed([](Writer& b) { b.u16_be(0x6263); });
  w.u24_prefixed([](Writer&) {});
  w.u32_prefixed([](Writer& b) { b.bytes(Bytes{'d', 'e', 'f'}); });
  EXPECT_EQ(contents(*w.finish_span()),
            (Bytes{1, 'a', 0, 2, 'b', 'c', 0, 0, 0, 0, 0, 0, 3, 'd', 'e', 'f'}));
}

TEST(Writer, NestedPrefixesRoundTripThroughTheReader) {
  const Bytes session = {0xaa, 0xbb};
  Writer w;
  w.u8(0x16);
  w.u16_be(0x0303);
  w.u16_prefixed([&](Writer& body) {
    body.u8_prefixed([&](Writer& s) { s.bytes(session); });
    body.u24_prefixed([](Writer& list) {
      for (std::uint16_t i = 0; i < 3; ++i) list.u16_be(i);
    });
  });
  const auto out = w.finish();
  ASSERT_TRUE(out);
  Reader r(*out);
  EXPECT_EQ(r.u8(), 0x16);
  EXPECT_EQ(r.u16_be(), 0x0303);
  auto body = r.u16_prefixed();
  ASSERT_TRUE(body);
  EXPECT_EQ(body->remaining(), 1 + 2 + 3 + 6u);
  EXPECT_EQ(contents(body->u8_prefixed()->rest()), session);
  auto list = body->u24_prefixed();
  ASSERT_TRUE(list);
  for (std::uint16_t i = 0; i < 3; ++i) EXPECT_EQ(list->u16_be(), i);
  EXPECT_TRUE(list->expect_end());
  EXPECT_TRUE(body->expect_end());
  EXPECT_TRUE(r.expect_end());
}

TEST(Writer, BodyTooLongForItsPrefixFails) {
  Writer w;
  w.u8(0xff);
  w.u8_prefixed([](Writer& b) { b.bytes(Bytes(255, 1)); });
  ASSERT_TRUE(w.status());
  EXPECT_EQ(w.size(), 1 + 1 + 255u);
  w.u8_prefixed([](Writer& b) { b.bytes(Bytes(256, 1)); });
  EXPECT_EQ(w.status(), std::unexpected(Error{Error::Kind::PrefixOverflow, 257}));
  EXPECT_EQ(w.finish(), std::unexpected(Error{Error::Kind::PrefixOverflow, 257}));
  Writer w16;
  w16.u16_prefixed([](Writer& b) { b.bytes(Bytes(65536, 1)); });
  EXPECT_EQ(w16.status(), std::unexpected(Error{Error::Kind::PrefixOverflow, 0}));
}

TEST(Writer, WritesAfterAFailureDoNothing) {
  Writer w;
  w.u8_prefixed([](Writer& b) { b.bytes(Bytes(300, 1)); });
  ASSERT_FALSE(w.status());
  const std::size_t size = w.size();
  w.u32_be(1);
  w.bytes(Bytes{1, 2});
  w.u16_prefixed([](Writer& b) { b.u8(1); });
  EXPECT_EQ(w.size(), size);
  EXPECT_EQ(w.status(), std::unexpected(Error{Error::Kind::PrefixOverflow, 0}));
}

TEST(Writer, GrowsAsNeededAndKeepsEveryByte) {
  Writer w;
  for (std::uint32_t i = 0; i < 5000; ++i) w.u32_be(i);
  const auto out = w.finish();
  ASSERT_TRUE(out);
  ASSERT_EQ(out->size(), 20000u);
  Reader r(*out);
  for (std::uint32_t i = 0; i < 5000; ++i) ASSERT_EQ(r.u32_be(), i);
}

TEST(Writer, PrefixIsFilledInEvenWhenTheBodyMovesTheStorage) {
  Writer w;  // no storage yet: the body's writes reallocate several times
  w.u8(7);
  w.u16_prefixed([](Writer& b) { b.bytes(Bytes(1000, 9)); });
  const auto out = w.finish();
  ASSERT_TRUE(out);
  EXPECT_EQ(out->get_u8(0), 7);
  EXPECT_EQ(out->get_be16(1), 1000);
  EXPECT_EQ(out->size(), 1003u);
}

TEST(Writer, WithCapacityDoesNotMoveItsStorage) {
  Writer w = Writer::with_capacity(64);
  w.u8(1);
  const std::uint8_t* first = w.written().data();
  for (int i = 0; i < 63; ++i) w.u8(1);
  EXPECT_EQ(w.written().data(), first);
  w.u8(1);
  EXPECT_NE(w.written().data(), first);
}

TEST(Writer, GrowableFinishIsZeroCopyAndUnaffectedByLaterWrites) {
  Writer w;
  w.u16_be(0x0102);
  const auto out = w.finish();
  ASSERT_TRUE(out);
  EXPECT_EQ(out->data(), w.written().data());
  w.u16_be(0x0304);
  EXPECT_EQ(contents(*out), (Bytes{1, 2}));
  EXPECT_EQ(contents(w.written()), (Bytes{1, 2, 3, 4}));
}

TEST(Writer, EmptyWriterFinishesEmpty) {
  Writer w;
  const auto out = w.finish();
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->empty());
}

TEST(Writer, FixedWriterFillsItsSpanExactly) {
  std::array<std::uint8_t, 7> out{};
  Writer w{std::span(out)};
  w.u8(1);
  w.u16_be(0x0203);
  w.u32_le(0x07060504);
  const auto written = w.finish_span();
  ASSERT_TRUE(written);
  EXPECT_EQ(written->data(), out.data());
  EXPECT_EQ(contents(*written), (Bytes{1, 2, 3, 4, 5, 6, 7}));
}

TEST(Writer, FixedWriterOverflowIsAnErrorAndWritesNothingPastTheEnd) {
  std::array<std::uint8_t, 8> guarded;
  guarded.fill(0xee);
  Writer w{std::span(guarded).subspan(2, 3)};
  w.u16_be(0x0102);
  w.u16_be(0x0304);  // one byte short
  EXPECT_EQ(w.status(), std::unexpected(Error{Error::Kind::Overflow, 2}));
  w.u8(5);  // would have fitted, but the writer has failed
  EXPECT_EQ(w.size(), 2u);
  EXPECT_EQ(w.finish_span(), std::unexpected(Error{Error::Kind::Overflow, 2}));
  EXPECT_EQ(contents(guarded), (Bytes{0xee, 0xee, 1, 2, 0xee, 0xee, 0xee, 0xee}));
}

TEST(Writer, FixedWriterOverflowInsideAPrefixIsAnOverflow) {
  std::array<std::uint8_t, 4> out{};
  Writer w{std::span(out)};
  w.u16_prefixed([](Writer& b) { b.bytes(Bytes{1, 2, 3}); });
  EXPECT_EQ(w.status(), std::unexpected(Error{Error::Kind::Overflow, 2}));
  EXPECT_EQ(w.finish(), std::unexpected(Error{Error::Kind::Overflow, 2}));
}

TEST(Writer, FixedWriterOnAnEmptySpanFailsAtTheFirstByte) {
  Writer w{std::span<std::uint8_t>()};
  w.bytes(Bytes{});  // nothing to write: no failure
  EXPECT_TRUE(w.status());
  w.u8(1);
  EXPECT_EQ(w.status(), std::unexpected(Error{Error::Kind::Overflow, 0}));
}

TEST(Writer, BufferWriterFinishesWithASliceOfTheBuffer) {
  const Buffer frame = Buffer::create_aligned(64);
  Writer w(frame);
  w.u32_be(0xdeadbeef);
  const auto out = w.finish();
  ASSERT_TRUE(out);
  EXPECT_EQ(out->data(), frame.data());
  EXPECT_EQ(out->size(), 4u);
  EXPECT_EQ(frame.get_be32(0), 0xdeadbeefu);
  EXPECT_EQ(frame.use_count(), 3u);  // frame, the writer, the result
}

TEST(Writer, BufferWriterOverflowsAtTheBufferEnd) {
  Writer w(Buffer::create(3));
  w.u32_be(1);
  EXPECT_EQ(w.status(), std::unexpected(Error{Error::Kind::Overflow, 0}));
}

TEST(Writer, SpanWriterFinishCopiesIntoANewBuffer) {
  std::array<std::uint8_t, 4> out{};
  Writer w{std::span(out)};
  w.u16_le(0x0201);
  const auto copy = w.finish();
  ASSERT_TRUE(copy);
  EXPECT_NE(copy->data(), out.data());
  EXPECT_EQ(contents(*copy), (Bytes{1, 2}));
  EXPECT_EQ(copy->use_count(), 1u);
}

TEST(Writer, MovedFromWriterIsEmptyAndGrowable) {
  std::array<std::uint8_t, 2> out{};
  Writer a{std::span(out)};
  a.u8(1);
  Writer b = std::move(a);
  EXPECT_EQ(b.size(), 1u);
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty
  a.u32_be(5);              // growable again: writes to its own storage, not to `out`
  EXPECT_TRUE(a.status());
  EXPECT_EQ(out[1], 0);
  b.u8(2);
  EXPECT_EQ(contents(out), (Bytes{1, 2}));
}

TEST(WriterDeathTest, FinishInsideAPrefixIsABug) {
#ifdef NDEBUG
  GTEST_SKIP() << "assertions are compiled out";
#endif
  Writer w;
  EXPECT_DEATH(w.u8_prefixed([](Writer& b) { (void)b.finish(); }), "inside a prefix");
}

TEST(WriterDeathTest, A24BitValueOver24BitsIsABug) {
#ifdef NDEBUG
  GTEST_SKIP() << "assertions are compiled out";
#endif
  Writer w;
  EXPECT_DEATH(w.u24_be(0x1000000), "does not fit in 24 bits");
}

}  // namespace
