#include <cstruct/buffer.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace {

using cstruct::Buffer;
using Bytes = std::vector<std::uint8_t>;

Bytes contents(const Buffer& b) {
  return Bytes(b.begin(), b.end());
}

bool all_zero(const Buffer& b) {
  for (std::uint8_t x : b) {
    if (x != 0) return false;
  }
  return true;
}

TEST(Buffer, CreateGivesZeroedBytes) {
  const Buffer b = Buffer::create(100);
  EXPECT_EQ(b.size(), 100u);
  EXPECT_FALSE(b.empty());
  EXPECT_TRUE(all_zero(b));
  EXPECT_EQ(b.use_count(), 1u);
}

TEST(Buffer, CreateOfZeroBytesAllocatesNothing) {
  const Buffer b = Buffer::create(0);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.data(), nullptr);
  EXPECT_EQ(b.use_count(), 0u);
  EXPECT_EQ(b, Buffer());
}

TEST(Buffer, CreateAlignsLikeMalloc) {
  for (std::size_t n : {1, 7, 100}) {
    EXPECT_EQ(
        reinterpret_cast<std::uintptr_t>(Buffer::create(n).data()) % alignof(std::max_align_t), 0u);
  }
}

TEST(Buffer, CreateAlignedIsPageAlignedAndZeroed) {
  for (std::size_t n : {1, 100, 4096, 5000}) {
    const Buffer b = Buffer::create_aligned(n);
    EXPECT_EQ(b.size(), n);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(b.data()) % 4096, 0u) << n;
    EXPECT_TRUE(all_zero(b));
  }
}

TEST(Buffer, CreateAlignedHonoursOtherAlignments) {
  for (std::size_t align : {1, 64, 8192}) {
    const Buffer b = Buffer::create_aligned(10, align);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(b.data()) % align, 0u) << align;
    // A slice of an aligned buffer frees the aligned storage correctly (checked by ASan).
    const Buffer tail = b.shift(3);
    EXPECT_EQ(tail.use_count(), 2u);
  }
}

TEST(Buffer, CopyOfCopiesTheBytes) {
  Bytes source = {1, 2, 3};
  const Buffer b = Buffer::copy_of(source);
  source[0] = 9;
  EXPECT_EQ(contents(b), (Bytes{1, 2, 3}));
  EXPECT_NE(b.data(), source.data());
}

TEST(Buffer, OfStringAndToStringRoundTrip) {
  const Buffer b = Buffer::of_string(std::string("a\0b", 3));
  EXPECT_EQ(contents(b), (Bytes{'a', 0, 'b'}));
  EXPECT_EQ(b.to_string(), std::string("a\0b", 3));
  EXPECT_EQ(Buffer().to_string(), "");
}

TEST(Buffer, CopyingSharesTheStorage) {
  const Buffer a = Buffer::create(4);
  const Buffer b = a;
  EXPECT_EQ(a.data(), b.data());
  EXPECT_EQ(a.use_count(), 2u);
  b.set_u8(0, 7);
  EXPECT_EQ(a.get_u8(0), 7);
}

TEST(Buffer, WritesThroughASliceShowInTheParentAndBack) {
  const Buffer parent = Buffer::create(16);
  const Buffer slice = parent.sub(4, 8);
  EXPECT_EQ(slice.data(), parent.data() + 4);
  EXPECT_EQ(slice.size(), 8u);
  slice.set_be32(0, 0xdeadbeef);
  EXPECT_EQ(parent.get_be32(4), 0xdeadbeefu);
  parent.set_u8(11, 0x42);
  EXPECT_EQ(slice.get_u8(7), 0x42);
}

TEST(Buffer, SliceOfASliceAddsTheOffsets) {
  const Buffer parent = Buffer::of_string("0123456789");
  const Buffer inner = parent.sub(2, 6).sub(1, 3);
  EXPECT_EQ(inner.to_string(), "345");
  EXPECT_EQ(parent.use_count(), 2u);
}

TEST(Buffer, ShiftDropsThePrefix) {
  const Buffer b = Buffer::of_string("header+body");
  EXPECT_EQ(b.shift(7).to_string(), "body");
  EXPECT_EQ(b.shift(7).data(), b.data() + 7);
  EXPECT_TRUE(b.shift(b.size()).empty());
}

TEST(Buffer, SliceKeepsTheStorageAliveAfterTheParentGoes) {
  Buffer slice;
  {
    const Buffer parent = Buffer::of_string("keep me");
    slice = parent.sub(5, 2);
    EXPECT_EQ(parent.use_count(), 2u);
  }
  EXPECT_EQ(slice.use_count(), 1u);
  EXPECT_EQ(slice.to_string(), "me");  // a use after free here would stop ASan
}

TEST(Buffer, UseCountFollowsCopiesAndDestruction) {
  const Buffer a = Buffer::create(1);
  {
    const Buffer b = a;
    const Buffer c = a.sub(0, 1);
    EXPECT_EQ(a.use_count(), 3u);
  }
  EXPECT_EQ(a.use_count(), 1u);
}

TEST(Buffer, MovingTransfersWithoutCounting) {
  Buffer a = Buffer::of_string("abc");
  const std::uint8_t* data = a.data();
  Buffer b = std::move(a);
  EXPECT_EQ(b.data(), data);
  EXPECT_EQ(b.use_count(), 1u);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(a.use_count(), 0u);
  Buffer c;
  c = std::move(b);
  EXPECT_EQ(c.to_string(), "abc");
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
}

TEST(Buffer, AssignmentReleasesTheOldStorage) {
  Buffer a = Buffer::of_string("old");
  const Buffer keep_old = a;
  const Buffer b = Buffer::of_string("new");
  a = b;
  EXPECT_EQ(a.to_string(), "new");
  EXPECT_EQ(keep_old.use_count(), 1u);
  EXPECT_EQ(b.use_count(), 2u);
}

TEST(Buffer, SelfAssignmentKeepsTheStorage) {
  Buffer a = Buffer::of_string("self");
  const Buffer& alias = a;
  a = alias;
  EXPECT_EQ(a.use_count(), 1u);
  EXPECT_EQ(a.to_string(), "self");
  Buffer& same = a;
  a = std::move(same);
  EXPECT_EQ(a.to_string(), "self");
}

TEST(Buffer, TrySubRejectsSlicesOutsideTheBuffer) {
  const Buffer b = Buffer::create(10);
  using cstruct::Error;
  EXPECT_EQ(b.try_sub(8, 3), std::unexpected(Error{Error::Kind::OutOfRange, 8}));
  EXPECT_EQ(b.try_sub(11, 0), std::unexpected(Error{Error::Kind::OutOfRange, 11}));
  EXPECT_EQ(b.try_sub(1, SIZE_MAX), std::unexpected(Error{Error::Kind::OutOfRange, 1}));
  EXPECT_EQ(b.try_shift(11), std::unexpected(Error{Error::Kind::OutOfRange, 11}));
}

TEST(Buffer, TrySubAcceptsEverySliceInside) {
  const Buffer b = Buffer::create(10);
  ASSERT_TRUE(b.try_sub(0, 10).has_value());
  EXPECT_EQ(b.try_sub(0, 10)->data(), b.data());
  EXPECT_EQ(b.try_sub(10, 0)->size(), 0u);
  EXPECT_EQ(b.try_sub(3, 7)->data(), b.data() + 3);
  EXPECT_EQ(b.try_shift(10)->size(), 0u);
  EXPECT_EQ(b.try_shift(4)->size(), 6u);
}

TEST(BufferDeathTest, OutOfRangeSlicesAreBugs) {
#ifdef NDEBUG
  GTEST_SKIP() << "assertions are compiled out";
#endif
  const Buffer b = Buffer::create(10);
  EXPECT_DEATH((void)b.sub(8, 3), "Buffer::sub out of range");
  EXPECT_DEATH((void)b.sub(1, SIZE_MAX), "Buffer::sub out of range");
  EXPECT_DEATH((void)b.shift(11), "Buffer::shift past the end");
  EXPECT_DEATH((void)b.get_be16(9), "past the end");
  EXPECT_DEATH(b.set_le64(3, 0), "past the end");
  EXPECT_DEATH((void)b[10], "index out of range");
}

TEST(Buffer, GetsAndSetsEveryBigEndianWidth) {
  const Buffer b = Buffer::create(1 + 2 + 3 + 4 + 8);
  b.set_u8(0, 0x01);
  b.set_be16(1, 0x0203);
  b.set_be24(3, 0x040506);
  b.set_be32(6, 0x0708090a);
  b.set_be64(10, 0x0b0c0d0e0f101112);
  EXPECT_EQ(contents(b), (Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}));
  EXPECT_EQ(b.get_u8(0), 0x01);
  EXPECT_EQ(b.get_be16(1), 0x0203);
  EXPECT_EQ(b.get_be24(3), 0x040506u);
  EXPECT_EQ(b.get_be32(6), 0x0708090au);
  EXPECT_EQ(b.get_be64(10), 0x0b0c0d0e0f101112u);
}

TEST(Buffer, GetsAndSetsEveryLittleEndianWidth) {
  const Buffer b = Buffer::create(2 + 3 + 4 + 8);
  b.set_le16(0, 0x0201);
  b.set_le24(2, 0x050403);
  b.set_le32(5, 0x09080706);
  b.set_le64(9, 0x11100f0e0d0c0b0a);
  EXPECT_EQ(contents(b), (Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}));
  EXPECT_EQ(b.get_le16(0), 0x0201);
  EXPECT_EQ(b.get_le24(2), 0x050403u);
  EXPECT_EQ(b.get_le32(5), 0x09080706u);
  EXPECT_EQ(b.get_le64(9), 0x11100f0e0d0c0b0au);
}

TEST(Buffer, EqualityComparesContentsNotIdentity) {
  const Buffer a = Buffer::of_string("xabcx");
  EXPECT_EQ(a.sub(1, 3), Buffer::of_string("abc"));
  EXPECT_NE(a.sub(1, 3), Buffer::of_string("abd"));
  EXPECT_NE(a.sub(1, 3), a.sub(1, 2));
  EXPECT_NE(a.sub(0, 1), a.sub(1, 1));
  EXPECT_EQ(a.sub(0, 1), a.sub(4, 1));
  EXPECT_TRUE(a.sub(1, 3).equal(Bytes{'a', 'b', 'c'}));
  EXPECT_FALSE(a.equal(Bytes{}));
  EXPECT_TRUE(Buffer().equal(Bytes{}));
}

TEST(Buffer, BlitCopiesIntoPlace) {
  const Buffer b = Buffer::of_string("..........");
  b.blit(Buffer::of_string("abc"), 2);
  EXPECT_EQ(b.to_string(), "..abc.....");
  b.blit(Bytes{}, 10);
  EXPECT_EQ(b.to_string(), "..abc.....");
}

TEST(Buffer, BlitHandlesOverlappingSource) {
  const Buffer b = Buffer::of_string("abcdef....");
  b.blit(b.sub(0, 6), 2);
  EXPECT_EQ(b.to_string(), "ababcdef..");
  b.blit(b.sub(2, 6), 0);
  EXPECT_EQ(b.to_string(), "abcdefef..");
}

TEST(Buffer, FillSetsOnlyTheSlice) {
  const Buffer b = Buffer::create(6);
  b.sub(1, 4).fill(0xaa);
  EXPECT_EQ(contents(b), (Bytes{0, 0xaa, 0xaa, 0xaa, 0xaa, 0}));
  Buffer().fill(1);  // nothing to fill, nothing to crash
}

TEST(Buffer, ConcatCopiesThePartsInOrder) {
  const Buffer a = Buffer::of_string("ab");
  const Buffer parts[] = {a, Buffer(), Buffer::of_string("cde"), a.sub(1, 1)};
  const Buffer joined = Buffer::concat(parts);
  EXPECT_EQ(joined.to_string(), "abcdeb");
  a.set_u8(0, 'z');
  EXPECT_EQ(joined.to_string(), "abcdeb");
  EXPECT_TRUE(Buffer::concat({}).empty());
}

TEST(Buffer, IsAContiguousRangeOfBytes) {
  const Buffer b = Buffer::of_string("span");
  const std::span<const std::uint8_t> view = b;
  const std::span<std::uint8_t> writable = b.span();
  EXPECT_EQ(view.data(), b.data());
  EXPECT_EQ(view.size(), 4u);
  writable[0] = 'S';
  b[1] = 'P';
  EXPECT_EQ(b.to_string(), "SPan");
  std::string seen;
  for (std::uint8_t c : b) seen += static_cast<char>(c);
  EXPECT_EQ(seen, "SPan");
}

}  // namespace
