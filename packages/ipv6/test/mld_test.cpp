#include "util.hpp"

#include <gtest/gtest.h>
#include <ipv6/address.hpp>
#include <ipv6/mld.hpp>

namespace {

using namespace ipv6_test;
using namespace std::chrono_literals;
using ipv6::mld::ParseError;
namespace mld = ipv6::mld;
namespace icmp = ipv6::icmp;

ipv6::Header from(Ipv6Address source, std::uint8_t hop_limit = 1) {
  return {.next_header = ipv6::next_header::icmpv6,
          .hop_limit = hop_limit,
          .source = source,
          .destination = ipv6::all_nodes};
}

// A query for `group` with Maximum Response Code `code`, version 2 unless `v1`.
icmp::Message query(Ipv6Address group, std::uint16_t code, bool v1 = false) {
  Bytes body(group.bytes.begin(), group.bytes.end());
  if (!v1) body.insert(body.end(), {2, 125, 0, 0});
  return {icmp::Type(mld::query_type), 0, std::uint32_t(code) << 16,
          cstruct::Buffer::copy_of(body)};
}

TEST(Mld, ParsesGeneralAndGroupQueries) {
  auto general = mld::parse_query(query(ip("::"), 10000), from(ip("fe80::1")));
  ASSERT_TRUE(general);
  EXPECT_EQ(*general, (mld::Query{ip("::"), 10000ms}));
  auto v1 = mld::parse_query(query(ip("ff02::1:ff00:2"), 500, true), from(ip("fe80::1")));
  ASSERT_TRUE(v1);
  EXPECT_EQ(*v1, (mld::Query{ip("ff02::1:ff00:2"), 500ms}));
}

TEST(Mld, ReadsTheFloatingPointMaximumResponseCode) {
  // 0x8000 | exp 1 | mant 0: (0x1000) << 4 = 65536 ms; only MLDv2 uses the form.
  EXPECT_EQ(mld::parse_query(query(ip("::"), 0x9000), from(ip("fe80::1")))->max_delay, 65536ms);
  EXPECT_EQ(mld::parse_query(query(ip("::"), 0xf123, false), from(ip("fe80::1")))->max_delay,
            std::chrono::milliseconds((0x123 | 0x1000) << 10));
  EXPECT_EQ(mld::parse_query(query(ip("::"), 0x9000, true), from(ip("fe80::1")))->max_delay,
            std::chrono::milliseconds(0x9000));
}

TEST(Mld, RefusesQueriesFromOffTheLinkOrShort) {
  EXPECT_EQ(mld::parse_query(query(ip("::"), 0), from(ip("fe80::1"), 2)).error(),
            ParseError::BadHopLimit);
  EXPECT_EQ(mld::parse_query(query(ip("::"), 0), from(ip("2001:db8::1"))).error(),
            ParseError::BadSource);
  icmp::Message short_query{icmp::Type(mld::query_type), 0, 0, cstruct::Buffer::create(15)};
  EXPECT_EQ(mld::parse_query(short_query, from(ip("fe80::1"))).error(), ParseError::Truncated);
  icmp::Message report = mld::report({});
  EXPECT_EQ(mld::parse_query(report, from(ip("fe80::1"))).error(), ParseError::NotAQuery);
}

TEST(Mld, ReportsEveryGroupButAllNodesAndInterfaceLocalOnes) {
  EXPECT_FALSE(mld::reported(ipv6::all_nodes));
  EXPECT_FALSE(mld::reported(ip("ff01::2")));
  EXPECT_FALSE(mld::reported(ip("fe80::1")));
  EXPECT_TRUE(mld::reported(ip("ff02::1:ff00:2")));
  EXPECT_TRUE(mld::reported(ip("ff05::fb")));
}

TEST(Mld, EncodesReportRecords) {
  const mld::Record records[] = {{mld::RecordType::ChangeToExclude, ip("ff02::1:ff00:1")},
                                 {mld::RecordType::ModeIsExclude, ip("ff05::fb")}};
  auto m = mld::report(records);
  EXPECT_EQ(std::uint8_t(m.type), mld::report_type);
  EXPECT_EQ(m.rest, 2u);  // reserved, then the number of records
  ASSERT_EQ(m.data.size(), 40u);
  EXPECT_EQ(m.data.get_be32(0), 0x04000000u);  // type, no aux data, no sources
  EXPECT_EQ(m.data.get_u8(20), 2);
  EXPECT_EQ(m.data.sub(24, 16), cstruct::Buffer::copy_of(ip("ff05::fb").bytes));
  auto alert = cstruct::Buffer::create(mld::router_alert_size);
  mld::write_router_alert(alert.span());
  EXPECT_EQ(alert, cstruct::Buffer::copy_of(Bytes{58, 0, 5, 2, 0, 0, 1, 0}));
}

TEST(Mld, DescribesEveryError) {
  for (int e = 0; e <= int(ParseError::BadSource); ++e)
    EXPECT_NE(mld::to_string(ParseError(e)), "unknown MLD parse error");
}

}  // namespace
