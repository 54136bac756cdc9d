#include "kernel_frames.hpp"
#include "util.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <ipv6/checksum.hpp>
#include <ipv6/fragments.hpp>

namespace {

using namespace ipv6_test;
using namespace std::chrono_literals;
using ipv6::ReassemblyError;
namespace nh = ipv6::next_header;

const async::TimePoint t0{};

ipv6::Packet packet(const cstruct::Buffer& d) {
  auto p = ipv6::parse(d);
  EXPECT_TRUE(p);
  return *p;
}

// A fragment of datagram `id` holding bytes [offset, offset + size) whose values are
// their offsets' low bytes, with `before` (extension headers) ahead of the fragment header.
cstruct::Buffer fragment(std::uint32_t id, std::uint16_t offset, std::size_t size, bool more,
                         Bytes before = {}, Ipv6Address src = ip("fd00::1")) {
  Bytes data(size);
  for (std::size_t i = 0; i < size; ++i) data[i] = std::uint8_t(offset + i);
  if (before.empty())
    return datagram(nh::fragment, cat({fragment_header(nh::udp, offset, more, id), data}), src);
  before[0] = nh::fragment;
  return datagram(nh::destination_options,
                  cat({before, fragment_header(nh::udp, offset, more, id), data}), src);
}

bool holds_offsets(const cstruct::Buffer& payload) {
  for (std::size_t i = 0; i < payload.size(); ++i)
    if (payload.get_u8(i) != std::uint8_t(i)) return false;
  return true;
}

TEST(Ipv6PlanFragments, SendsWhatFitsWhole) {
  EXPECT_EQ(ipv6::plan_fragments(1460, 1500), (std::vector<ipv6::FragmentPlan>{{0, 1460, false}}));
}

TEST(Ipv6PlanFragments, CutsAsTheKernelDid) {
  // ping -s 3000: 3008 bytes of ICMPv6 in 1448 + 1448 + 112 (the captured fragments).
  EXPECT_EQ(
      ipv6::plan_fragments(3008, 1500),
      (std::vector<ipv6::FragmentPlan>{{0, 1448, true}, {1448, 1448, true}, {2896, 112, false}}));
}

TEST(Ipv6PlanFragments, LeavesRoomForEveryHeaderAndKeepsMultiplesOfEight) {
  for (std::size_t mtu : {1280, 1400, 1500, 9000}) {
    for (std::size_t unfragmentable : {40, 48, 64}) {
      auto plan = ipv6::plan_fragments(20000, mtu, unfragmentable);
      std::size_t next = 0;
      for (std::size_t i = 0; i < plan.size(); ++i) {
        EXPECT_EQ(plan[i].offset, next);
        EXPECT_LE(unfragmentable + 8 + plan[i].length, mtu);
        EXPECT_EQ(plan[i].more, i + 1 < plan.size());
        if (plan[i].more) {
          EXPECT_EQ(plan[i].length % 8, 0u);
        }
        next += plan[i].length;
      }
      EXPECT_EQ(next, 20000u);
    }
  }
}

TEST(Ipv6Reassembler, ReassemblesTheKernelsFragmentsInAnyOrder) {
  std::vector<kernel::Frame> frames{kernel::fragment_1, kernel::fragment_2, kernel::fragment_3};
  std::sort(frames.begin(), frames.end());
  do {
    ipv6::Reassembler r;
    std::optional<cstruct::Buffer> whole;
    for (auto f : frames) {
      auto out = r.add(packet(datagram_of(f)), t0);
      ASSERT_TRUE(out);
      if (*out) whole = **out;
    }
    ASSERT_TRUE(whole);
    auto p = ipv6::parse(*whole);
    ASSERT_TRUE(p);
    EXPECT_FALSE(p->fragment);
    EXPECT_EQ(p->header.payload_length, 3008);
    EXPECT_EQ(p->protocol, nh::icmpv6);
    EXPECT_EQ(p->payload.get_u8(0), 128);  // the echo request
    auto c = ipv6::pseudo_header(p->header.source, p->header.destination, nh::icmpv6, 3008);
    c.add(p->payload);
    EXPECT_EQ(c.finish(), 0);  // the checksum covers all three pieces
    EXPECT_EQ(r.datagrams(), 0u);
    EXPECT_EQ(r.bytes(), 0u);
  } while (std::next_permutation(frames.begin(), frames.end()));
}

TEST(Ipv6Reassembler, KeepsTheFirstFragmentsHeadersAndDropsTheFragmentHeader) {
  const Bytes dest = options_header(0, {0x1e, 1, 0x77});
  ipv6::Reassembler r;
  EXPECT_EQ(r.add(packet(fragment(1, 16, 8, false)), t0), std::nullopt);  // no headers before
  EXPECT_EQ(r.add(packet(fragment(1, 8, 8, true)), t0), std::nullopt);
  auto whole = r.add(packet(fragment(1, 0, 8, true, dest)), t0);
  ASSERT_TRUE(whole && *whole);
  auto p = ipv6::parse(**whole);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->header.next_header, nh::destination_options);
  EXPECT_EQ(p->header.payload_length, dest.size() + 24);
  EXPECT_EQ(p->protocol, nh::udp);
  EXPECT_EQ(p->protocol_at, 40u);
  EXPECT_TRUE(holds_offsets(p->payload));
  EXPECT_EQ(p->payload.size(), 24u);
}

TEST(Ipv6Reassembler, IgnoresAnExactDuplicate) {
  ipv6::Reassembler r;
  EXPECT_EQ(r.add(packet(fragment(1, 0, 8, true)), t0), std::nullopt);
  EXPECT_EQ(r.add(packet(fragment(1, 0, 8, true)), t0), std::nullopt);
  auto whole = r.add(packet(fragment(1, 8, 8, false)), t0);
  ASSERT_TRUE(whole && *whole);
  EXPECT_TRUE(holds_offsets(packet(**whole).payload));
}

TEST(Ipv6Reassembler, DropsTheWholeDatagramOnOverlap) {
  ipv6::Reassembler r;
  EXPECT_EQ(r.add(packet(fragment(1, 0, 16, true)), t0), std::nullopt);
  EXPECT_EQ(r.add(packet(fragment(1, 8, 16, true)), t0).error(), ReassemblyError::Overlap);
  EXPECT_EQ(r.datagrams(), 0u);
  // RFC 5722: what came before is gone too, so the rest completes nothing.
  EXPECT_EQ(r.add(packet(fragment(1, 16, 8, false)), t0), std::nullopt);
  EXPECT_EQ(r.bytes(), 8u);
}

TEST(Ipv6Reassembler, KeepsDatagramsOfDifferentSourcesApart) {
  ipv6::Reassembler r;
  EXPECT_EQ(r.add(packet(fragment(1, 0, 8, true)), t0), std::nullopt);
  EXPECT_EQ(r.add(packet(fragment(1, 8, 8, false, {}, ip("fd00::9"))), t0), std::nullopt);
  EXPECT_EQ(r.datagrams(), 2u);
}

TEST(Ipv6Reassembler, TimesOutAfterSixtySeconds) {
  ipv6::Reassembler r;
  EXPECT_EQ(r.add(packet(fragment(1, 0, 8, true)), t0), std::nullopt);
  EXPECT_EQ(r.expire(t0 + 59s), 0u);
  EXPECT_EQ(r.add(packet(fragment(1, 8, 8, false)), t0 + 60s), std::nullopt);
  EXPECT_EQ(r.datagrams(), 1u);  // only the last fragment, in a new datagram
}

TEST(Ipv6Reassembler, GivesTheFirstFragmentsOfWhatTimesOut) {
  ipv6::Reassembler r;
  const auto first = fragment(1, 0, 8, true);
  EXPECT_EQ(r.add(packet(first), t0), std::nullopt);
  EXPECT_EQ(r.add(packet(fragment(2, 8, 8, true)), t0 + 1s), std::nullopt);  // no first
  EXPECT_TRUE(r.timed_out(t0 + 59s).empty());
  auto firsts = r.timed_out(t0 + 61s);
  ASSERT_EQ(firsts.size(), 1u);
  EXPECT_EQ(firsts[0], first);
  EXPECT_EQ(r.datagrams(), 0u);
}

TEST(Ipv6Reassembler, BoundsFragmentsAndBytes) {
  ipv6::Reassembler r({.max_datagrams = 2, .max_fragments = 2, .max_bytes = 64});
  EXPECT_EQ(r.add(packet(fragment(1, 0, 8, true)), t0), std::nullopt);
  EXPECT_EQ(r.add(packet(fragment(1, 8, 8, true)), t0), std::nullopt);
  EXPECT_EQ(r.add(packet(fragment(1, 16, 8, true)), t0).error(), ReassemblyError::TooManyFragments);
  EXPECT_EQ(r.add(packet(fragment(2, 0, 72, true)), t0).error(), ReassemblyError::TooBig);
  EXPECT_EQ(r.add(packet(fragment(3, 0, 8, true)), t0), std::nullopt);
  EXPECT_EQ(r.add(packet(fragment(4, 0, 8, true)), t0), std::nullopt);
  EXPECT_EQ(r.add(packet(fragment(5, 0, 8, true)), t0), std::nullopt);
  EXPECT_EQ(r.datagrams(), 2u);
}

TEST(Ipv6Reassembler, RefusesADatagramThatWouldExceed65535Bytes) {
  // Headers of 64 bytes ahead of the fragment header leave room for 65511 bytes of data
  // in each fragment's own check, but not for the last fragment's end with them.
  const Bytes dest = options_header(0, Bytes(14, 0));
  ipv6::Reassembler r({.max_bytes = 1 << 20});
  EXPECT_EQ(r.add(packet(fragment(1, 0, 65496 - 16, true, dest)), t0), std::nullopt);
  auto last = r.add(packet(fragment(1, 65496 - 16, 40, false)), t0);
  ASSERT_FALSE(last);
  EXPECT_EQ(last.error(), ReassemblyError::TooBig);
}

}  // namespace
