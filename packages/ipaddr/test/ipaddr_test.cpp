#include <gtest/gtest.h>

#include <ipaddr/ipaddr.hpp>

using namespace ipaddr;

TEST(MacAddress, ParsesAndPrintsLowerCase) {
  auto m = MacAddress::parse("02:00:5E:10:00:01");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->to_string(), "02:00:5e:10:00:01");
  EXPECT_FALSE(m->is_multicast());
  EXPECT_TRUE(MacAddress::parse("01-00-5e-00-00-fb")->is_multicast());
  EXPECT_TRUE(MacAddress::broadcast().is_broadcast());
}

TEST(MacAddress, RejectsMalformed) {
  EXPECT_FALSE(MacAddress::parse("02:00:5e:10:00"));
  EXPECT_FALSE(MacAddress::parse("02:00:5e:10:00:0g"));
  EXPECT_FALSE(MacAddress::parse("02:00-5e:10:00:01"));
  EXPECT_EQ(MacAddress::parse("0200:5e:10:00:01x").error().offset, 2u);
}

TEST(Ipv4Address, ParsesDottedDecimal) {
  auto a = Ipv4Address::parse("10.0.255.1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->value, 0x0a00ff01u);
  EXPECT_EQ(a->to_string(), "10.0.255.1");
  EXPECT_EQ(Ipv4Address::of_octets(192, 168, 1, 2).to_bytes(), (std::array<std::uint8_t, 4>{192, 168, 1, 2}));
  EXPECT_TRUE(Ipv4Address::localhost().is_loopback());
  EXPECT_TRUE(Ipv4Address::parse("224.0.0.251")->is_multicast());
}

TEST(Ipv4Address, RejectsLeadingZerosRangeAndShape) {
  auto zero = Ipv4Address::parse("10.01.0.1");
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().reason, "leading zero in octet");
  EXPECT_EQ(zero.error().offset, 3u);
  EXPECT_EQ(Ipv4Address::parse("10.0.0.256").error().reason, "octet greater than 255");
  EXPECT_FALSE(Ipv4Address::parse("10.0.0"));
  EXPECT_FALSE(Ipv4Address::parse("10.0.0.1."));
  EXPECT_FALSE(Ipv4Address::parse("10.0.0.1 "));
  EXPECT_FALSE(Ipv4Address::parse(""));
  EXPECT_FALSE(Ipv4Address::parse("1.2.3.4444"));
  EXPECT_EQ(Ipv4Address::parse("1.2.3.x").error().describe(), "expected a decimal octet at offset 6");
}

TEST(Ipv4Prefix, ParsesAndContains) {
  auto p = Ipv4Prefix::parse("10.0.0.0/8");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->contains(*Ipv4Address::parse("10.200.3.4")));
  EXPECT_FALSE(p->contains(*Ipv4Address::parse("11.0.0.1")));
  EXPECT_EQ(p->broadcast().to_string(), "10.255.255.255");
  EXPECT_EQ(p->to_string(), "10.0.0.0/8");
  EXPECT_TRUE(Ipv4Prefix::parse("0.0.0.0/0")->contains(Ipv4Address::broadcast()));
  EXPECT_FALSE(Ipv4Prefix::parse("10.0.0.7/8"));
  EXPECT_FALSE(Ipv4Prefix::parse("10.0.0.0/33"));
  EXPECT_FALSE(Ipv4Prefix::parse("10.0.0.0/"));
  EXPECT_FALSE(Ipv4Prefix::parse("10.0.0.0/08"));
  EXPECT_FALSE(Ipv4Prefix::parse("10.0.0.0"));
}

TEST(Ipv6Address, PrintsRfc5952Canonical) {
  // The examples of RFC 5952 section 4.
  EXPECT_EQ(Ipv6Address::parse("2001:0db8:0000:0000:0000:0000:0000:0001")->to_string(), "2001:db8::1");
  EXPECT_EQ(Ipv6Address::parse("2001:db8:0:0:1:0:0:1")->to_string(), "2001:db8::1:0:0:1");
  EXPECT_EQ(Ipv6Address::parse("2001:db8:0:1:1:1:1:1")->to_string(), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(Ipv6Address::parse("2001:DB8::AAAA")->to_string(), "2001:db8::aaaa");
  EXPECT_EQ(Ipv6Address::parse("::")->to_string(), "::");
  EXPECT_EQ(Ipv6Address::parse("::1")->to_string(), "::1");
  EXPECT_EQ(Ipv6Address::parse("fe80::")->to_string(), "fe80::");
  EXPECT_EQ(Ipv6Address::parse("1:0:0:2:0:0:0:3")->to_string(), "1:0:0:2::3");
}

TEST(Ipv6Address, ParsesEmbeddedIpv4) {
  auto a = Ipv6Address::parse("::ffff:192.0.2.1");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v4_mapped());
  EXPECT_EQ(*a, Ipv6Address::v4_mapped(*Ipv4Address::parse("192.0.2.1")));
  EXPECT_EQ(a->to_string(), "::ffff:192.0.2.1");
  EXPECT_EQ(Ipv6Address::parse("64:ff9b::192.0.2.33")->to_string(), "64:ff9b::c000:221");
}

TEST(Ipv6Address, RejectsMalformed) {
  for (const char* bad : {":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::",
                          "1:2:3:4:5:6:7::8", "fe80::1%eth0", "::ffff:1.2.3", "1:", ":1",
                          "1:2:3:4:5:6:7:1.2.3.4", "g::"}) {
    EXPECT_FALSE(Ipv6Address::parse(bad)) << bad;
  }
  EXPECT_TRUE(Ipv6Address::parse("1:2:3:4:5:6:1.2.3.4"));
  EXPECT_TRUE(Ipv6Address::parse("1::"));
  EXPECT_TRUE(Ipv6Address::parse("fe80::1")->is_link_local());
}

TEST(IpAddress, ParsesEitherVersion) {
  EXPECT_TRUE(IpAddress::parse("10.0.0.1")->is_v4());
  EXPECT_TRUE(IpAddress::parse("::1")->is_v6());
  EXPECT_FALSE(IpAddress::parse("10.0.0"));
  EXPECT_EQ((Endpoint{*IpAddress::parse("::1"), 53}).to_string(), "[::1]:53");
  EXPECT_EQ((Endpoint{Ipv4Address::localhost(), 8080}).to_string(), "127.0.0.1:8080");
}

TEST(Ipv6Address, RoundTripsEveryZeroRunShape) {
  // Each subset of zero groups: parse(to_string(a)) == a.
  for (unsigned mask = 0; mask < 256; ++mask) {
    Ipv6Address a;
    for (int g = 0; g < 8; ++g)
      if (mask & (1u << g)) a.bytes[2 * g + 1] = std::uint8_t(g + 1);
    auto text = a.to_string();
    auto back = Ipv6Address::parse(text);
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(*back, a) << text;
  }
}
