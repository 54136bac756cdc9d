#include <gtest/gtest.h>
#include <ethernet/frame.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/hex.hpp>
#include <ipv4/checksum.hpp>
#include <ipv4/fragments.hpp>

#include <vector>

namespace {

using namespace std::chrono_literals;
using ethernet::testing::hex;
using ipv4::FragmentPlan;
using ipv4::ReassemblyError;
namespace captured = ethernet::testing::captured;

const async::TimePoint t0{};
const auto src = mirage::Ipv4Address::of_octets(10, 0, 0, 1);
const auto dst = mirage::Ipv4Address::of_octets(10, 0, 0, 2);

ipv4::Packet captured_fragment(std::string_view frame) {
  auto p = ipv4::parse(hex(frame).shift(ethernet::header_size));
  EXPECT_TRUE(p);
  return *p;
}

// A fragment of datagram `id` holding bytes [offset, offset + size) whose values are
// their offsets' low bytes, so an assembled payload can be checked byte by byte.
ipv4::Packet fragment(std::uint16_t id, std::size_t offset, std::size_t size, bool more) {
  auto payload = cstruct::Buffer::create(size);
  for (std::size_t i = 0; i < size; ++i) payload.set_u8(i, std::uint8_t(offset + i));
  ipv4::Header h{.id = id,
                 .more_fragments = more,
                 .fragment_offset = std::uint16_t(offset),
                 .protocol = 17,
                 .source = src,
                 .destination = dst};
  return {h, cstruct::Buffer::create(20), payload};
}

bool holds_offsets(const cstruct::Buffer& payload) {
  for (std::size_t i = 0; i < payload.size(); ++i)
    if (payload.get_u8(i) != std::uint8_t(i)) return false;
  return true;
}

TEST(PlanFragments, KeepsAPayloadThatFitsWhole) {
  EXPECT_EQ(ipv4::plan_fragments(1480, 1500), (std::vector<FragmentPlan>{{0, 1480, false}}));
}

TEST(PlanFragments, CutsAsTheKernelDoes) {
  // ping -s 3000: 3008 bytes of ICMP in 1480 + 1480 + 48 (the captured fragments).
  EXPECT_EQ(ipv4::plan_fragments(3008, 1500),
            (std::vector<FragmentPlan>{{0, 1480, true}, {1480, 1480, true}, {2960, 48, false}}));
}

TEST(PlanFragments, KeepsNonFinalFragmentsMultiplesOfEight) {
  for (std::size_t mtu : {28, 68, 576, 1499, 1500, 9000}) {
    auto plan = ipv4::plan_fragments(20000, mtu);
    std::size_t next = 0;
    for (std::size_t i = 0; i < plan.size(); ++i) {
      EXPECT_EQ(plan[i].offset, next);
      EXPECT_LE(plan[i].length + 20, mtu);
      EXPECT_EQ(plan[i].more, i + 1 < plan.size());
      if (plan[i].more) {
        EXPECT_EQ(plan[i].length % 8, 0u);
      }
      next += plan[i].length;
    }
    EXPECT_EQ(next, 20000u) << mtu;
  }
}

TEST(Reassembler, ReassemblesTheKernelsFragments) {
  ipv4::Reassembler r;
  EXPECT_EQ(r.add(captured_fragment(captured::fragment_1), t0), std::nullopt);
  EXPECT_EQ(r.add(captured_fragment(captured::fragment_2), t0), std::nullopt);
  auto whole = r.add(captured_fragment(captured::fragment_3), t0);
  ASSERT_TRUE(whole && *whole);
  const ipv4::Packet& p = **whole;
  EXPECT_EQ(p.payload.size(), 3008u);
  EXPECT_FALSE(p.header.is_fragment());
  EXPECT_EQ(p.header.protocol, 1);
  EXPECT_EQ(ipv4::checksum(p.payload), 0);  // the ICMP checksum covers all three pieces
  EXPECT_EQ(r.datagrams(), 0u);
  EXPECT_EQ(r.bytes(), 0u);
}

TEST(Reassembler, ReassemblesFragmentsInAnyOrder) {
  ipv4::Reassembler r;
  EXPECT_EQ(r.add(fragment(1, 16, 8, false), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(1, 0, 8, true), t0), std::nullopt);
  auto whole = r.add(fragment(1, 8, 8, true), t0);
  ASSERT_TRUE(whole && *whole);
  EXPECT_EQ((*whole)->payload.size(), 24u);
  EXPECT_TRUE(holds_offsets((*whole)->payload));
}

TEST(Reassembler, IgnoresAnExactDuplicate) {
  ipv4::Reassembler r;
  EXPECT_EQ(r.add(fragment(1, 0, 8, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(1, 0, 8, true), t0), std::nullopt);
  auto whole = r.add(fragment(1, 8, 8, false), t0);
  ASSERT_TRUE(whole && *whole);
  EXPECT_TRUE(holds_offsets((*whole)->payload));
}

TEST(Reassembler, RejectsOverlapAndDropsTheDatagram) {
  ipv4::Reassembler r;
  EXPECT_EQ(r.add(fragment(1, 0, 16, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(1, 8, 16, true), t0).error(), ReassemblyError::Overlap);
  EXPECT_EQ(r.datagrams(), 0u);
  // What came before the overlap is gone: the rest alone completes nothing.
  EXPECT_EQ(r.add(fragment(1, 16, 8, false), t0), std::nullopt);
}

TEST(Reassembler, RejectsAFragmentInsideAnother) {
  ipv4::Reassembler r;
  EXPECT_EQ(r.add(fragment(1, 0, 32, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(1, 8, 8, true), t0).error(), ReassemblyError::Overlap);
}

TEST(Reassembler, RejectsTooManyFragments) {
  ipv4::Reassembler r({.max_fragments = 4});
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(r.add(fragment(1, i * 8, 8, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(1, 32, 8, true), t0).error(), ReassemblyError::TooManyFragments);
  EXPECT_EQ(r.datagrams(), 0u);
}

TEST(Reassembler, RejectsDifferentEnds) {
  ipv4::Reassembler r;
  EXPECT_EQ(r.add(fragment(1, 16, 8, false), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(1, 32, 8, false), t0).error(), ReassemblyError::Inconsistent);
  EXPECT_EQ(r.add(fragment(2, 16, 8, false), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(2, 24, 8, true), t0).error(), ReassemblyError::Inconsistent);
  EXPECT_EQ(r.add(fragment(3, 24, 8, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(3, 8, 8, false), t0).error(), ReassemblyError::Inconsistent);
}

TEST(Reassembler, DropsADatagramAfterTheTimeout) {
  ipv4::Reassembler r;
  EXPECT_EQ(r.add(fragment(1, 0, 8, true), t0), std::nullopt);
  EXPECT_EQ(r.expire(t0 + 29s), 0u);
  EXPECT_EQ(r.expire(t0 + 30s), 1u);
  EXPECT_EQ(r.add(fragment(1, 8, 8, false), t0 + 30s), std::nullopt);
  EXPECT_EQ(r.datagrams(), 1u);
}

TEST(Reassembler, ExpiresOnTheNextFragmentWithoutBeingAsked) {
  ipv4::Reassembler r;
  EXPECT_EQ(r.add(fragment(1, 0, 8, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(2, 0, 8, true), t0 + 31s), std::nullopt);
  EXPECT_EQ(r.datagrams(), 1u);
  EXPECT_EQ(r.bytes(), 8u);
}

TEST(Reassembler, KeepsDatagramsApart) {
  ipv4::Reassembler r;
  EXPECT_EQ(r.add(fragment(1, 0, 8, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(2, 8, 8, false), t0), std::nullopt);
  EXPECT_EQ(r.datagrams(), 2u);
  EXPECT_TRUE(*r.add(fragment(2, 0, 8, true), t0));
  EXPECT_EQ(r.datagrams(), 1u);
}

TEST(Reassembler, EvictsTheOldestDatagramWhenTooManyAreInProgress) {
  ipv4::Reassembler r({.max_datagrams = 2});
  EXPECT_EQ(r.add(fragment(1, 0, 8, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(2, 0, 8, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(3, 0, 8, true), t0), std::nullopt);
  EXPECT_EQ(r.datagrams(), 2u);
  EXPECT_EQ(r.add(fragment(1, 8, 8, false), t0), std::nullopt);  // 1 was evicted
  EXPECT_TRUE(*r.add(fragment(3, 8, 8, false), t0));
}

TEST(Reassembler, EvictsTheOldestDatagramsToStayWithinTheByteBound) {
  ipv4::Reassembler r({.max_bytes = 64});
  EXPECT_EQ(r.add(fragment(1, 0, 32, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(2, 0, 32, true), t0), std::nullopt);
  EXPECT_EQ(r.add(fragment(2, 32, 16, true), t0), std::nullopt);  // 1 goes
  EXPECT_EQ(r.datagrams(), 1u);
  EXPECT_EQ(r.bytes(), 48u);
  EXPECT_EQ(r.add(fragment(2, 48, 24, false), t0).error(), ReassemblyError::TooBig);
  EXPECT_EQ(r.bytes(), 0u);
}

TEST(Reassembler, IgnoresEmptyFragments) {
  ipv4::Reassembler r;
  EXPECT_EQ(r.add(fragment(1, 8, 0, true), t0), std::nullopt);
  EXPECT_EQ(r.datagrams(), 0u);
}

TEST(Reassembler, DescribesEveryError) {
  for (auto e : {ReassemblyError::Overlap, ReassemblyError::TooManyFragments,
                 ReassemblyError::TooBig, ReassemblyError::Inconsistent})
    EXPECT_NE(ipv4::to_string(e), "unknown reassembly error");
}

}  // namespace
