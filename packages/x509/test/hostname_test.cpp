// RFC 6125 host name matching: exact names, the one wildcard form, IP literals.
#include "support.hpp"

#include <gtest/gtest.h>

namespace {

using x509::Bytes;

x509::Certificate with_san(x509::GeneralNames names) {
  x509::Certificate c;
  c.tbs.version = 2;
  c.tbs.extensions = std::vector<x509::Extension>{x509::Extension{
      x509::ext::subject_alt_name, false, {}, x509::SubjectAltName{std::move(names)}}};
  return c;
}

TEST(Hostname, MatchesExactNamesCaseInsensitivelyWithTrailingDot) {
  const auto c = with_san({x509::DnsName{"www.Example.com"}, x509::DnsName{"example.org."}});
  EXPECT_TRUE(x509::matches_hostname(c, "www.example.com"));
  EXPECT_TRUE(x509::matches_hostname(c, "WWW.EXAMPLE.COM."));
  EXPECT_TRUE(x509::matches_hostname(c, "example.org"));
  EXPECT_FALSE(x509::matches_hostname(c, "example.com"));
  EXPECT_FALSE(x509::matches_hostname(c, "wwww.example.com"));
  EXPECT_FALSE(x509::matches_hostname(c, ""));
  EXPECT_FALSE(x509::matches_hostname(c, "."));
  EXPECT_FALSE(x509::matches_hostname(c, "www..example.com"));
}

TEST(Hostname, WildcardOnlyAsWholeLeftmostLabel) {
  const auto c = with_san({x509::DnsName{"*.example.com"}});
  EXPECT_TRUE(x509::matches_hostname(c, "a.example.com"));
  EXPECT_TRUE(x509::matches_hostname(c, "WWW.example.com"));
  EXPECT_FALSE(x509::matches_hostname(c, "example.com"));
  EXPECT_FALSE(x509::matches_hostname(c, "a.b.example.com"));
  EXPECT_FALSE(x509::matches_hostname(c, ".example.com"));
  EXPECT_FALSE(x509::matches_hostname(c, "*.example.com"));  // a host is never a pattern
}

TEST(Hostname, PartialAndMisplacedWildcardsNeverMatch) {
  for (const char* pattern : {"f*.example.com", "*oo.example.com", "www.*.com", "*.*.example.com",
                              "*.com", "*", "*.", "**.example.com", "w*w.example.com"}) {
    const auto c = with_san({x509::DnsName{pattern}});
    for (const char* host : {"foo.example.com", "www.example.com", "www.a.com", "a.b.example.com",
                             "example.com", "com", "x.com"})
      EXPECT_FALSE(x509::matches_hostname(c, host)) << pattern << " vs " << host;
  }
}

TEST(Hostname, IpLiteralsMatchIpAddressEntriesOnly) {
  const auto c =
      with_san({x509::IpAddressName{{192, 0, 2, 1}}, x509::DnsName{"10.0.0.1"},
                x509::IpAddressName{x509_test::hex("20010db8000000000000000000000001")}});
  EXPECT_TRUE(x509::matches_hostname(c, "192.0.2.1"));
  EXPECT_FALSE(x509::matches_hostname(c, "192.0.2.2"));
  EXPECT_FALSE(x509::matches_hostname(c, "10.0.0.1"));  // a dNSName never matches an IP literal
  EXPECT_TRUE(x509::matches_hostname(c, "2001:db8::1"));
  EXPECT_TRUE(x509::matches_hostname(c, "2001:DB8:0:0:0:0:0:1"));
  EXPECT_FALSE(x509::matches_hostname(c, "2001:db8::2"));
}

TEST(Hostname, CommonNameIsNotConsulted) {
  x509::Certificate c;
  c.tbs.subject.rdns.push_back({x509::Attribute{
      x509::attr::common_name, x509::AttributeValue(std::in_place_index<1>, "www.example.com")}});
  EXPECT_FALSE(x509::matches_hostname(c, "www.example.com"));
}

TEST(IpAddress, ParsesIpv4AndIpv6Literals) {
  EXPECT_EQ(x509::parse_ip_address("127.0.0.1"), (Bytes{127, 0, 0, 1}));
  EXPECT_EQ(x509::parse_ip_address("::"), Bytes(16, 0));
  EXPECT_EQ(x509::parse_ip_address("::1"), x509_test::hex("00000000000000000000000000000001"));
  EXPECT_EQ(x509::parse_ip_address("fe80::1:2"),
            x509_test::hex("fe800000000000000000000000010002"));
  EXPECT_EQ(x509::parse_ip_address("::ffff:192.0.2.1"),
            x509_test::hex("00000000000000000000ffffc0000201"));
  for (const char* bad :
       {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1..2.3", "1:2", ":::", "1::2::3",
        "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "g::1", "1:"})
    EXPECT_FALSE(x509::parse_ip_address(bad).has_value()) << bad;
}

}  // namespace
