#include <dns/zone_file.hpp>

#include <map>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using dns::Record;
using dns::ZoneFileOptions;
using dns_test::name;

ZoneFileOptions at(const char* origin) {
  ZoneFileOptions o;
  o.origin = name(origin);
  o.file_name = "db.test";
  return o;
}

std::vector<std::string> lines(std::string_view text, const ZoneFileOptions& options) {
  auto records = dns::parse_zone_file(text, options);
  EXPECT_TRUE(records.has_value()) << (records ? "" : records.error().describe());
  std::vector<std::string> out;
  if (records) {
    for (const auto& r : *records) out.push_back(r.to_string());
  }
  return out;
}

std::string error_of(std::string_view text, const ZoneFileOptions& options) {
  auto records = dns::parse_zone_file(text, options);
  EXPECT_FALSE(records.has_value());
  return records ? "" : records.error().describe();
}

TEST(ZoneFile, ReadsOriginTtlAndRelativeNames) {
  const auto got = lines(
      "$ORIGIN example.com.\n"
      "$TTL 1h\n"
      "@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
      "www A 192.0.2.1\n"
      "$ORIGIN sub\n"
      "x 60 A 192.0.2.2\n",
      at("."));
  EXPECT_EQ(got, (std::vector<std::string>{"example.com.\t3600\tIN\tSOA\tns1.example.com. "
                                           "hostmaster.example.com. 1 7200 3600 1209600 300",
                                           "www.example.com.\t3600\tIN\tA\t192.0.2.1",
                                           "x.sub.example.com.\t60\tIN\tA\t192.0.2.2"}));
}

TEST(ZoneFile, BlankOwnerMeansPreviousOwner) {
  const auto got =
      lines("host 60 A 192.0.2.1\n   60 AAAA 2001:db8::1\n\tTXT \"t\"\n", at("example."));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[1], "host.example.\t60\tIN\tAAAA\t2001:db8::1");
  EXPECT_EQ(got[2], "host.example.\t60\tIN\tTXT\t\"t\"");
}

TEST(ZoneFile, ParenthesesSpanLinesWithComments) {
  const auto got = lines(
      "@ 300 IN SOA ns hostmaster ( ; start\n"
      "   2024 ; serial\n"
      "   1h 15m ; refresh, retry\n"
      "   1w 5m )\n"
      "next 300 TXT \"after\"\n",
      at("example."));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0],
            "example.\t300\tIN\tSOA\tns.example. hostmaster.example. 2024 3600 900 604800 300");
}

TEST(ZoneFile, QuotedStringsKeepSemicolonsSpacesAndEscapes) {
  const auto got = lines("t 1 TXT \"a; b (c)\" \"q\\\"\\059\" plain\\032word\n", at("example."));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "t.example.\t1\tIN\tTXT\t\"a; b (c)\" \"q\\\";\" \"plain word\"");
}

TEST(ZoneFile, AcceptsTtlAndClassInEitherOrder) {
  const auto got =
      lines("a 30 IN A 192.0.2.1\nb IN 40 A 192.0.2.2\nc CH 50 TXT \"x\"\n", at("example."));
  EXPECT_EQ(got, (std::vector<std::string>{"a.example.\t30\tIN\tA\t192.0.2.1",
                                           "b.example.\t40\tIN\tA\t192.0.2.2",
                                           "c.example.\t50\tCH\tTXT\t\"x\""}));
}

TEST(ZoneFile, ReadsGenericRdataForKnownAndUnknownTypes) {
  const auto got = lines(
      "a 1 A \\# 4 c0000201\nb 1 TYPE731 \\# 3 ( 01 0203 )\nc 1 TYPE1 192.0.2.3\n", at("example."));
  EXPECT_EQ(got, (std::vector<std::string>{"a.example.\t1\tIN\tA\t192.0.2.1",
                                           "b.example.\t1\tIN\tTYPE731\t\\# 3 010203",
                                           "c.example.\t1\tIN\tA\t192.0.2.3"}));
}

TEST(ZoneFile, TtlFallsBackToLastTtlThenSoaMinimum) {
  const auto got = lines("@ SOA ns h 1 2 3 4 99\na A 192.0.2.1\nb 7 A 192.0.2.2\nc A 192.0.2.3\n",
                         at("example."));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].substr(0, 12), "example.\t99\t");
  EXPECT_EQ(got[1].substr(0, 14), "a.example.\t99\t");  // the SOA's TTL carried on (RFC 1035)
  EXPECT_EQ(got[3].substr(0, 13), "c.example.\t7\t");
}

TEST(ZoneFile, TtlDirectiveWinsOverLastTtl) {
  const auto got = lines("$TTL 20\na 7 A 192.0.2.1\nb A 192.0.2.2\n", at("example."));
  EXPECT_EQ(got[1].substr(0, 14), "b.example.\t20\t");
}

TEST(ZoneFile, IncludesThroughLoaderAndRestoresOrigin) {
  ZoneFileOptions o = at("example.");
  std::map<std::string, std::string> files = {
      {"sub.db", "$TTL 5\nhost A 192.0.2.9\n$ORIGIN elsewhere.\nz A 192.0.2.10\n"}};
  o.include = [&](std::string_view path) -> std::expected<std::string, std::string> {
    auto it = files.find(std::string(path));
    if (it == files.end()) return std::unexpected(std::string("no such file"));
    return it->second;
  };
  const auto got = lines("$TTL 1\n$INCLUDE sub.db sub\nafter A 192.0.2.1\n", o);
  EXPECT_EQ(got, (std::vector<std::string>{"host.sub.example.\t5\tIN\tA\t192.0.2.9",
                                           "z.elsewhere.\t5\tIN\tA\t192.0.2.10",
                                           "after.example.\t5\tIN\tA\t192.0.2.1"}));
  EXPECT_EQ(error_of("$INCLUDE missing.db\n", o),
            "db.test:1: cannot include 'missing.db': no such file");
}

TEST(ZoneFile, ReportsErrorsInsideIncludedFileByItsName) {
  ZoneFileOptions o = at("example.");
  o.include = [](std::string_view) -> std::expected<std::string, std::string> {
    return std::string("ok 1 A 192.0.2.1\n\nbad 1 A 300.0.0.1\n");
  };
  EXPECT_EQ(error_of("\n$INCLUDE inner.db\n", o),
            "inner.db:3: expected an IPv4 address, got '300.0.0.1'");
}

TEST(ZoneFile, RefusesIncludeWithoutLoaderAndDeepRecursion) {
  EXPECT_EQ(error_of("$INCLUDE x\n", at("example.")), "db.test:1: $INCLUDE is not allowed here");
  ZoneFileOptions o = at("example.");
  o.include = [](std::string_view) -> std::expected<std::string, std::string> {
    return std::string("$INCLUDE self\n");
  };
  EXPECT_EQ(error_of("$INCLUDE self\n", o), "self:1: $INCLUDE nested too deeply");
}

TEST(ZoneFile, GeneratesRecordsWithBindModifiers) {
  const auto got = lines(
      "$TTL 60\n"
      "$GENERATE 1-3 host$ A 192.0.2.$\n"
      "$GENERATE 0-4/2 ${10,3,d}.r PTR x${0,2,x}.example.\n"
      "$GENERATE 10-10 ${0,4,n}.ip6 CNAME \\$literal\n",
      at("example."));
  EXPECT_EQ(
      got,
      (std::vector<std::string>{
          "host1.example.\t60\tIN\tA\t192.0.2.1", "host2.example.\t60\tIN\tA\t192.0.2.2",
          "host3.example.\t60\tIN\tA\t192.0.2.3", "010.r.example.\t60\tIN\tPTR\tx00.example.",
          "012.r.example.\t60\tIN\tPTR\tx02.example.", "014.r.example.\t60\tIN\tPTR\tx04.example.",
          "a.0.0.0.ip6.example.\t60\tIN\tCNAME\t\\$literal.example."}));
}

TEST(ZoneFile, RejectsBadGenerateRangesAndModifiers) {
  EXPECT_EQ(error_of("$GENERATE 5-1 a A 192.0.2.1\n", at("example.")),
            "db.test:1: expected a range start-stop[/step], got '5-1'");
  EXPECT_EQ(error_of("$GENERATE 1-2 a${1,2,q} A 192.0.2.1\n", at("example.")),
            "db.test:1: bad $GENERATE modifier '${1,2,q}'");
  ZoneFileOptions small = at("example.");
  small.max_generate = 10;
  EXPECT_EQ(error_of("$GENERATE 1-11 a$ A 192.0.2.1\n", small),
            "db.test:1: $GENERATE range makes more than 10 records");
}

TEST(ZoneFileErrors, NameFileLineAndWhatWasExpected) {
  const ZoneFileOptions o = at("example.");
  EXPECT_EQ(error_of("$TTL 1\na A 192.0.2.1\nb BOGUS 1\n", o),
            "db.test:3: expected a TTL, class or record type, got 'BOGUS'");
  EXPECT_EQ(error_of("$TTL 1\n\n\nmx MX 10\n", o),
            "db.test:4: expected a domain name, got end of line");
  EXPECT_EQ(error_of("a 1 IN\n", o), "db.test:1: expected a record type, got end of line");
  EXPECT_EQ(error_of(" 1 A 192.0.2.1\n", o),
            "db.test:1: a record with a blank owner but no previous owner");
  EXPECT_EQ(error_of("a A 192.0.2.1\n", o),
            "db.test:1: no TTL given and no $TTL before this record");
  EXPECT_EQ(error_of("$TTL 1\na..b A 192.0.2.1\n", o),
            "db.test:2: bad owner name: empty label in name 'a..b'");
  EXPECT_EQ(error_of("$FOO bar\n", o), "db.test:1: unknown directive $FOO");
  EXPECT_EQ(error_of("$TTL 1\na AXFR \\# 0\n", o),
            "db.test:2: record type AXFR cannot appear in a zone file");
}

TEST(ZoneFileErrors, ReportUnbalancedParenthesesAndQuotes) {
  const ZoneFileOptions o = at("example.");
  EXPECT_EQ(error_of("$TTL 1\n\na TXT ( \"x\"\n\n", o), "db.test:3: '(' not closed");
  EXPECT_EQ(error_of("$TTL 1\na TXT \"x\" )\n", o), "db.test:2: ')' without '('");
  EXPECT_EQ(error_of("$TTL 1\na TXT \"open\nb A 192.0.2.1\n", o),
            "db.test:2: unterminated quoted string");
}

TEST(Record, ParsesOneLine) {
  auto r = Record::parse("www 300 IN A 192.0.2.1", name("example."));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->to_string(), "www.example.\t300\tIN\tA\t192.0.2.1");
  EXPECT_FALSE(Record::parse("a 1 A 192.0.2.1\nb 1 A 192.0.2.2").has_value());
}

}  // namespace
