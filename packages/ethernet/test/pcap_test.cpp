#include <gtest/gtest.h>
#include <ethernet/testing/pcap.hpp>

#include <vector>

namespace {

using ethernet::testing::parse_pcap;

void put32(std::vector<std::uint8_t>& out, std::uint32_t v, bool big) {
  for (int i = 0; i < 4; ++i) out.push_back(std::uint8_t(v >> (big ? 24 - 8 * i : 8 * i)));
}

// A capture of `frames` in either byte order, with micro- or nanosecond stamps.
std::vector<std::uint8_t> make(const std::vector<std::vector<std::uint8_t>>& frames, bool big,
                               bool nano, std::uint32_t link = 1) {
  std::vector<std::uint8_t> out;
  put32(out, nano ? 0xa1b23c4d : 0xa1b2c3d4, big);
  for (std::uint32_t v : {0x00040002u, 0u, 0u}) put32(out, v, big);  // version 2.4 (as two u16s), zone, sigfigs
  put32(out, 262144, big);
  put32(out, link, big);
  std::uint32_t t = 100;
  for (const auto& f : frames) {
    put32(out, t++, big);
    put32(out, 5, big);
    put32(out, std::uint32_t(f.size()), big);
    put32(out, std::uint32_t(f.size()), big);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

TEST(Pcap, ReadsBothByteOrdersAndBothTimeResolutions) {
  const std::vector<std::vector<std::uint8_t>> frames{{1, 2, 3}, {}, std::vector<std::uint8_t>(60, 0xee)};
  for (bool big : {false, true})
    for (bool nano : {false, true}) {
      auto got = parse_pcap(make(frames, big, nano));
      ASSERT_TRUE(got) << got.error();
      ASSERT_EQ(got->size(), 3u);
      EXPECT_EQ((*got)[0].bytes.to_string(), std::string("\1\2\3"));
      EXPECT_EQ((*got)[1].bytes.size(), 0u);
      EXPECT_EQ((*got)[2].bytes.size(), 60u);
      EXPECT_EQ((*got)[1].time_ns, 101'000'000'000u + (nano ? 5u : 5000u));
    }
}

TEST(Pcap, SaysWhatIsWrongWithABadFile) {
  auto good = make({{1, 2, 3, 4}}, false, false);
  EXPECT_EQ(parse_pcap(std::span(good).first(10)).error(), "shorter than a pcap file header");
  auto ng = good;
  ng[0] = 0x0a;
  EXPECT_EQ(parse_pcap(ng).error(), "not a pcap file (pcapng is not read)");
  EXPECT_EQ(parse_pcap(make({{1}}, false, false, 113)).error(), "link type is not Ethernet (1)");
  EXPECT_EQ(parse_pcap(std::span(good).first(good.size() - 1)).error(), "record 0 runs past the end");
  EXPECT_EQ(parse_pcap(std::span(good).first(good.size() - 6)).error(), "record 0 is cut short");
  auto cut = good;
  cut[24 + 12] = 9;  // the original length: more than was captured
  EXPECT_EQ(parse_pcap(cut).error(), "record 0 was cut by the snapshot length");
}

}  // namespace
