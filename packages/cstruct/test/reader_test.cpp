#include <cstruct/reader.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace {

using cstruct::Error;
using cstruct::Reader;
using Bytes = std::vector<std::uint8_t>;

constexpr auto kTruncated = Error::Kind::Truncated;

TEST(Reader, ReadsEveryBigEndianWidth) {
  const Bytes in = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
  Reader r(in);
  EXPECT_EQ(r.u8(), 0x01);
  EXPECT_EQ(r.u16_be(), 0x0203);
  EXPECT_EQ(r.u24_be(), 0x040506u);
  EXPECT_EQ(r.u32_be(), 0x0708090au);
  EXPECT_EQ(r.u64_be(), 0x0b0c0d0e0f101112u);
  EXPECT_TRUE(r.expect_end().has_value());
}

TEST(Reader, ReadsEveryLittleEndianWidth) {
  const Bytes in = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
  Reader r(in);
  EXPECT_EQ(r.u16_le(), 0x0201);
  EXPECT_EQ(r.u24_le(), 0x050403u);
  EXPECT_EQ(r.u32_le(), 0x09080706u);
  EXPECT_EQ(r.u64_le(), 0x11100f0e0d0c0b0au);
  EXPECT_TRUE(r.empty());
}

// Every consuming read, by name, with the bytes it needs.
struct Read {
  const char* name;
  std::size_t width;
  std::optional<Error> (*run)(Reader&);  // the failure, or nothing on success
};

template <auto Method>
std::optional<Error> run(Reader& r) {
  auto result = (r.*Method)();
  if (result) return std::nullopt;
  return result.error();
}

template <class T>
std::optional<Error> failure_of(const std::expected<T, Error>& result) {
  if (result) return std::nullopt;
  return result.error();
}

const Read kReads[] = {
    {"u8", 1, run<&Reader::u8>},
    {"u16_be", 2, run<&Reader::u16_be>},
    {"u24_be", 3, run<&Reader::u24_be>},
    {"u32_be", 4, run<&Reader::u32_be>},
    {"u64_be", 8, run<&Reader::u64_be>},
    {"u16_le", 2, run<&Reader::u16_le>},
    {"u24_le", 3, run<&Reader::u24_le>},
    {"u32_le", 4, run<&Reader::u32_le>},
    {"u64_le", 8, run<&Reader::u64_le>},
    {"bytes(5)", 5, [](Reader& r) { return failure_of(r.bytes(5)); }},
    {"skip(5)", 5, [](Reader& r) { return failure_of(r.skip(5)); }},
    {"sub(5)", 5, [](Reader& r) { return failure_of(r.sub(5)); }},
    // A prefix of 4 followed by 4 bytes: 1 + 4, 2 + 4, 3 + 4 and 4 + 4 bytes in all.
    {"u8_prefixed", 5, [](Reader& r) { return failure_of(r.u8_prefixed()); }},
    {"u16_prefixed", 6, [](Reader& r) { return failure_of(r.u16_prefixed()); }},
    {"u24_prefixed", 7, [](Reader& r) { return failure_of(r.u24_prefixed()); }},
    {"u32_prefixed", 8, [](Reader& r) { return failure_of(r.u32_prefixed()); }},
};

// `available` bytes after one byte already consumed: the prefix reads see a length of 4 in
// their prefix (zeros then 4), then 4s.
Bytes input_for(const Read& read, std::size_t available) {
  Bytes in(1 + available, 4);
  if (std::string(read.name).ends_with("_prefixed")) {
    const std::size_t prefix = read.width - 4;
    for (std::size_t i = 0; i + 1 < prefix && i < available; ++i) in[1 + i] = 0;
  }
  return in;
}

TEST(Reader, EveryReadFailsAtEveryTruncationAndLeavesTheReaderAsItWas) {
  for (const Read& read : kReads) {
    for (std::size_t available = 0; available < read.width; ++available) {
      const Bytes in = input_for(read, available);
      Reader r(in);
      ASSERT_TRUE(r.skip(1));
      EXPECT_EQ(read.run(r), (Error{kTruncated, 1})) << read.name << " with " << available;
      EXPECT_EQ(r.offset(), 1u) << read.name;
      EXPECT_EQ(r.remaining(), available) << read.name;
      EXPECT_EQ(r.rest().data(), in.data() + 1) << read.name;
    }
  }
}

TEST(Reader, EveryReadSucceedsWithExactlyItsBytesAndConsumesThem) {
  for (const Read& read : kReads) {
    const Bytes in = input_for(read, read.width);
    Reader r(in);
    ASSERT_TRUE(r.skip(1));
    EXPECT_EQ(read.run(r), std::nullopt) << read.name;
    EXPECT_TRUE(r.empty()) << read.name;
    EXPECT_EQ(r.offset(), in.size()) << read.name;
  }
}

TEST(Reader, BytesBorrowsFromTheInput) {
  const Bytes in = {1, 2, 3, 4, 5};
  Reader r(in);
  ASSERT_TRUE(r.skip(1));
  const auto b = r.bytes(3);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->data(), in.data() + 1);
  EXPECT_EQ(b->size(), 3u);
  EXPECT_EQ(r.rest().data(), in.data() + 4);
  EXPECT_EQ(r.bytes(0)->size(), 0u);
}

TEST(Reader, PrefixedReadsReturnJustTheBody) {
  const Bytes in = {0x00, 0x02, 'h', 'i', '!'};
  Reader r(in);
  auto body = r.u16_prefixed();
  ASSERT_TRUE(body);
  EXPECT_EQ(body->remaining(), 2u);
  EXPECT_EQ(body->rest().data(), in.data() + 2);
  EXPECT_EQ(body->u16_be(), 'h' << 8 | 'i');
  EXPECT_EQ(body->u8(), std::unexpected(Error{kTruncated, 4}));
  EXPECT_EQ(r.u8(), '!');
}

TEST(Reader, EveryPrefixWidthReadsItsLength) {
  const Bytes in = {1, 'a', 0, 1, 'b', 0, 0, 1, 'c', 0, 0, 0, 1, 'd', 0};
  Reader r(in);
  EXPECT_EQ(r.u8_prefixed()->u8(), 'a');
  EXPECT_EQ(r.u16_prefixed()->u8(), 'b');
  EXPECT_EQ(r.u24_prefixed()->u8(), 'c');
  EXPECT_EQ(r.u32_prefixed()->u8(), 'd');
  EXPECT_EQ(r.u8_prefixed()->remaining(), 0u);  // a zero length is a valid, empty body
  EXPECT_TRUE(r.empty());
}

TEST(Reader, PrefixLongerThanTheDataFailsWithoutConsumingIt) {
  // Each prefix claims 3 bytes; 2 follow.
  const Bytes inputs[] = {
      {9, 3, 'x', 'y'}, {9, 0, 3, 'x', 'y'}, {9, 0, 0, 3, 'x', 'y'}, {9, 0, 0, 0, 3, 'x', 'y'}};
  std::expected<Reader, Error> (Reader::*const prefixed[])() noexcept = {
      &Reader::u8_prefixed, &Reader::u16_prefixed, &Reader::u24_prefixed, &Reader::u32_prefixed};
  for (std::size_t i = 0; i < 4; ++i) {
    Reader r(inputs[i]);
    ASSERT_TRUE(r.skip(1));
    EXPECT_EQ((r.*prefixed[i])(), std::unexpected(Error{kTruncated, 1})) << i;
    EXPECT_EQ(r.offset(), 1u);
    EXPECT_EQ(r.remaining(), inputs[i].size() - 1);
  }
}

TEST(Reader, HugePrefixDoesNotWrapAround) {
  const Bytes in = {0xff, 0xff, 0xff, 0xff, 1, 2};
  Reader r(in);
  EXPECT_EQ(r.u32_prefixed(), std::unexpected(Error{kTruncated, 0}));
  EXPECT_EQ(r.sub(SIZE_MAX), std::unexpected(Error{kTruncated, 0}));
  EXPECT_EQ(r.skip(SIZE_MAX), std::unexpected(Error{kTruncated, 0}));
  EXPECT_EQ(r.remaining(), in.size());
}

TEST(Reader, InnerReaderStopsAtItsOwnEnd) {
  const Bytes in = {1, 2, 3, 4, 5, 6, 7, 8};
  Reader r(in);
  auto inner = r.sub(2);
  ASSERT_TRUE(inner);
  EXPECT_EQ(inner->u32_be(), std::unexpected(Error{kTruncated, 0}));
  EXPECT_EQ(inner->u16_be(), 0x0102);
  EXPECT_EQ(r.offset(), 2u);
  EXPECT_EQ(r.u16_be(), 0x0304);
}

TEST(Reader, NestedErrorsGiveThePositionInTheOutermostInput) {
  // skip 3, then a u8-prefixed body of 4 whose own u16-prefixed body claims 9 bytes.
  const Bytes in = {0, 0, 0, 4, 0xaa, 0x00, 0x09, 0xbb};
  Reader r(in);
  ASSERT_TRUE(r.skip(3));
  auto outer = r.u8_prefixed();
  ASSERT_TRUE(outer);
  ASSERT_TRUE(outer->skip(1));
  EXPECT_EQ(outer->offset(), 1u);           // consumed by this reader
  EXPECT_EQ(outer->absolute_offset(), 5u);  // position in `in`
  EXPECT_EQ(outer->u16_prefixed(), std::unexpected(Error{kTruncated, 5}));
  EXPECT_EQ(outer->expect_end(), std::unexpected(Error{Error::Kind::TrailingData, 5}));
}

TEST(Reader, PeekDoesNotConsume) {
  const Bytes in = {7};
  Reader r(in);
  EXPECT_EQ(r.peek_u8(), 7);
  EXPECT_EQ(r.peek_u8(), 7);
  EXPECT_EQ(r.remaining(), 1u);
  EXPECT_EQ(r.u8(), 7);
  EXPECT_EQ(r.peek_u8(), std::unexpected(Error{kTruncated, 1}));
}

TEST(Reader, ExpectEndRejectsTrailingBytes) {
  const Bytes in = {1, 2, 3};
  Reader r(in);
  ASSERT_TRUE(r.u8());
  EXPECT_EQ(r.expect_end(), std::unexpected(Error{Error::Kind::TrailingData, 1}));
  EXPECT_EQ(r.remaining(), 2u);
  ASSERT_TRUE(r.skip(2));
  EXPECT_TRUE(r.expect_end());
}

TEST(Reader, OffsetPlusRemainingIsAlwaysTheSize) {
  const Bytes in = {1, 2, 3, 4, 5, 6, 7};
  Reader r(in);
  EXPECT_EQ(r.offset() + r.remaining(), in.size());
  ASSERT_TRUE(r.u16_le());
  EXPECT_EQ(r.offset(), 2u);
  EXPECT_EQ(r.offset() + r.remaining(), in.size());
  ASSERT_FALSE(r.u64_be());
  EXPECT_EQ(r.offset() + r.remaining(), in.size());
  EXPECT_EQ(r.rest().size(), r.remaining());
}

TEST(Reader, DefaultReaderIsEmpty) {
  Reader r;
  EXPECT_TRUE(r.empty());
  EXPECT_TRUE(r.expect_end());
  EXPECT_EQ(r.u8(), std::unexpected(Error{kTruncated, 0}));
  EXPECT_TRUE(r.bytes(0));
}

// A TLS-like record: type, version, then a u16-prefixed body holding a u8-prefixed
// session id and a 24-bit value, nothing else.
struct Record {
  std::uint8_t type;
  std::uint16_t version;
  std::span<const std::uint8_t> session;
  std::uint32_t value;
};

std::expected<Record, Error> parse_record(std::span<const std::uint8_t> in) {
  Reader r(in);
  Record rec{};
  CSTRUCT_TRY(rec.type, r.u8());
  CSTRUCT_TRY(rec.version, r.u16_be());
  CSTRUCT_TRY(Reader body, r.u16_prefixed());
  CSTRUCT_TRY(Reader session, body.u8_prefixed());
  rec.session = session.rest();
  CSTRUCT_TRY(rec.value, body.u24_be());
  CSTRUCT_TRY_VOID(body.expect_end());
  CSTRUCT_TRY_VOID(r.expect_end());
  return rec;
}

const Bytes kRecord = {0x16, 0x03, 0x03, 0x00, 0x06, 0x02, 0xaa, 0xbb, 0x01, 0x02, 0x03};

TEST(Reader, ParsesAWholeRecord) {
  const auto rec = parse_record(kRecord);
  ASSERT_TRUE(rec) << describe(rec.error());
  EXPECT_EQ(rec->type, 0x16);
  EXPECT_EQ(rec->version, 0x0303);
  EXPECT_EQ(rec->session.data(), kRecord.data() + 6);
  EXPECT_EQ(rec->session.size(), 2u);
  EXPECT_EQ(rec->value, 0x010203u);
}

TEST(Reader, RecordParserRejectsEveryTruncation) {
  for (std::size_t n = 0; n < kRecord.size(); ++n) {
    const auto rec = parse_record(std::span(kRecord).first(n));
    ASSERT_FALSE(rec) << n;
    EXPECT_EQ(rec.error().kind, kTruncated) << n;
  }
}

TEST(Reader, RecordParserRejectsTrailingBytesInsideAndOutside) {
  Bytes outside = kRecord;
  outside.push_back(0);
  EXPECT_EQ(parse_record(outside), std::unexpected(Error{Error::Kind::TrailingData, 11}));
  Bytes inside = kRecord;
  inside[4] = 0x07;  // the body now claims one byte more than its contents use
  inside.push_back(0);
  EXPECT_EQ(parse_record(inside), std::unexpected(Error{Error::Kind::TrailingData, 11}));
}

// The reader works in constant expressions too.
constexpr std::array<std::uint8_t, 4> kConst = {0x01, 0x02, 0xab, 0xcd};
static_assert([] {
  Reader r(kConst);
  auto body = r.u8_prefixed();
  return body && body->u8() == 2 && r.u16_le() == 0xcdab && r.expect_end();
}());

TEST(Error, DescribesTheKindAndOffset) {
  EXPECT_EQ(describe(Error{kTruncated, 12}), "truncated input at offset 12");
  EXPECT_EQ(describe(Error{Error::Kind::TrailingData, 0}), "unexpected trailing data at offset 0");
}

TEST(Error, EveryKindHasItsOwnName) {
  const Error::Kind kinds[] = {kTruncated,
                               Error::Kind::TrailingData,
                               Error::Kind::OutOfRange,
                               Error::Kind::Overflow,
                               Error::Kind::PrefixOverflow,
                               Error::Kind::OddHexLength,
                               Error::Kind::BadHexDigit};
  std::vector<std::string> names;
  for (Error::Kind k : kinds) {
    const std::string name = cstruct::to_string(k);
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(std::count(names.begin(), names.end(), name), 0) << name;
    names.push_back(name);
  }
  EXPECT_STREQ(cstruct::to_string(static_cast<Error::Kind>(200)), "unknown cstruct error");
}

}  // namespace
