#include <mirage-runtime/values.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mirage_runtime;
using namespace std::chrono_literals;

TEST(IntegerKey, ParsesDecimalWithinTheTypesRange) {
  EXPECT_EQ(KeyType<std::uint16_t>::parse("8080"), 8080);
  EXPECT_EQ(KeyType<std::uint16_t>::parse("0"), 0);
  EXPECT_EQ(KeyType<std::uint16_t>::parse("65535"), 65535);
  EXPECT_EQ(KeyType<int>::parse("-5"), -5);
}

TEST(IntegerKey, RejectsOutOfRangeSignsAndStrayCharacters) {
  for (auto text : {"65536", "-1", "abc", "", "80x", " 80", "+80", "0x10"}) {
    EXPECT_FALSE(KeyType<std::uint16_t>::parse(text)) << text;
  }
}

TEST(IntegerKey, ExpectationNamesTheRange) {
  EXPECT_EQ(KeyType<std::uint16_t>::expected(), "an integer in 0..65535");
  EXPECT_EQ(KeyType<std::int8_t>::expected(), "an integer in -128..127");
  EXPECT_EQ(KeyType<std::uint16_t>::docv(), "PORT");
  EXPECT_EQ(KeyType<int>::docv(), "INT");
}

TEST(BoolKey, AcceptsOnlyTrueAndFalse) {
  EXPECT_EQ(KeyType<bool>::parse("true"), true);
  EXPECT_EQ(KeyType<bool>::parse("false"), false);
  for (auto text : {"yes", "1", "TRUE", ""}) EXPECT_FALSE(KeyType<bool>::parse(text)) << text;
}

TEST(Ipv4AddressKey, ParsesDottedQuadAndPrintsItBack) {
  using K = KeyType<ipaddr::Ipv4Address>;
  auto a = K::parse("10.0.255.2");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_bytes(), (std::array<std::uint8_t, 4>{10, 0, 255, 2}));
  EXPECT_EQ(K::print(*a), "10.0.255.2");
  EXPECT_EQ(K::docv(), "IPV4");
}

TEST(Ipv4AddressKey, RejectsMalformedAddresses) {
  for (auto text : {"256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..3.4", "", "1.2.3.4 ",
                    "1.2.3.", ".1.2.3", "a.b.c.d", "1.2.3.1000"}) {
    EXPECT_FALSE(KeyType<ipaddr::Ipv4Address>::parse(text)) << text;
  }
}

TEST(Ipv6AddressKey, ParsesAndPrintsCanonically) {
  using K = KeyType<ipaddr::Ipv6Address>;
  auto a = K::parse("FE80:0:0:0:0:0:0:1");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_link_local());
  EXPECT_EQ(K::print(*a), "fe80::1");
  for (auto text : {"fe80::1%eth0", "1:2", "10.0.0.1", ""}) EXPECT_FALSE(K::parse(text)) << text;
  EXPECT_EQ(K::docv(), "IPV6");
}

TEST(IpAddressKey, TakesEitherVersion) {
  using K = KeyType<ipaddr::IpAddress>;
  auto v4 = K::parse("10.0.0.1");
  auto v6 = K::parse("::1");
  ASSERT_TRUE(v4 && v6);
  EXPECT_TRUE(v4->is_v4());
  EXPECT_TRUE(v6->is_v6());
  EXPECT_EQ(K::print(*v6), "::1");
  EXPECT_FALSE(K::parse("10.0.0"));
  EXPECT_EQ(K::docv(), "IP");
}

TEST(MacAddressKey, ParsesColonSeparatedOctets) {
  using K = KeyType<ipaddr::MacAddress>;
  auto m = K::parse("02:00:5E:10:00:01");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->bytes, (std::array<std::uint8_t, 6>{0x02, 0x00, 0x5e, 0x10, 0x00, 0x01}));
  EXPECT_EQ(K::print(*m), "02:00:5e:10:00:01");
  for (auto text : {"02:00:5e:10:00", "2:00:5e:10:00:01", "zz:00:5e:10:00:01"}) {
    EXPECT_FALSE(K::parse(text)) << text;
  }
  EXPECT_EQ(K::docv(), "MAC");
}

TEST(Ipv4InterfaceKey, ReadsAndPrintsAddressWithPrefixLength) {
  using K = KeyType<Ipv4Interface>;
  auto i = K::parse("10.0.0.2/24");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->address.to_string(), "10.0.0.2");
  EXPECT_EQ(K::print(*i), "10.0.0.2/24");
  EXPECT_FALSE(K::parse("10.0.0.2"));
  EXPECT_EQ(K::docv(), "CIDR");
  EXPECT_EQ(K::expected(), "an IPv4 address and prefix length like 10.0.0.2/24");
}

TEST(Duration, ParsesEveryUnitAndSums) {
  EXPECT_EQ(parse_duration("1s"), Duration(1s));
  EXPECT_EQ(parse_duration("250ms"), Duration(250ms));
  EXPECT_EQ(parse_duration("1m30s"), Duration(90s));
  EXPECT_EQ(parse_duration("2h"), Duration(2h));
  EXPECT_EQ(parse_duration("10us"), Duration(10us));
  EXPECT_EQ(parse_duration("5ns"), Duration(5ns));
}

TEST(Duration, RejectsBareNumbersUnknownUnitsAndOverflow) {
  for (auto text : {"", "10", "1x", "s", "1.5s", "-1s", "1 s", "3000000h", "1s2"}) {
    EXPECT_FALSE(parse_duration(text)) << text;
  }
}

TEST(Duration, PrintsTheShortestTextThatReadsBack) {
  EXPECT_EQ(to_string(Duration(90s)), "1m30s");
  EXPECT_EQ(to_string(Duration(0)), "0s");
  EXPECT_EQ(to_string(Duration(250ms)), "250ms");
  EXPECT_EQ(to_string(Duration(-2s)), "-2s");
  for (Duration d : {Duration(1h + 1ns), Duration(59min + 999us), Duration::max()}) {
    EXPECT_EQ(parse_duration(to_string(d)), d) << to_string(d);
  }
}

TEST(ListKey, ParsesCommaSeparatedElements) {
  using List = KeyType<std::vector<std::uint16_t>>;
  EXPECT_EQ(List::parse("1,2,3"), (std::vector<std::uint16_t>{1, 2, 3}));
  EXPECT_EQ(List::parse(""), std::vector<std::uint16_t>{});
  for (auto text : {"1,,2", "1,", ",1", "1,x"}) EXPECT_FALSE(List::parse(text)) << text;
  EXPECT_EQ(List::print({80, 443}), "80,443");
  EXPECT_EQ(List::docv(), "PORT,...");
  EXPECT_EQ(List::expected(), "a comma-separated list, each an integer in 0..65535");
}

TEST(OptionalKey, WrapsTheInnerTypeAndPrintsNothingWhenAbsent) {
  using Opt = KeyType<std::optional<ipaddr::Ipv4Address>>;
  auto parsed = Opt::parse("10.0.0.1");
  ASSERT_TRUE(parsed && *parsed);
  EXPECT_EQ(Opt::print(*parsed), "10.0.0.1");
  EXPECT_FALSE(Opt::parse("10.0.0"));
  EXPECT_EQ(Opt::print(std::nullopt), "");
}

}  // namespace
