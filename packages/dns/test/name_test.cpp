#include <dns/name.hpp>
#include <dns/wire.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using dns::Errc;
using dns::Name;
using dns_test::hex;
using dns_test::name;

TEST(Name, ParsesAbsoluteNameToWireForm) {
  EXPECT_EQ(dns_test::hex_of(name("www.Example.com.").wire()),
            "03777777074578616d706c6503636f6d00");
  EXPECT_EQ(name("www.Example.com.").to_string(), "www.Example.com.");
  EXPECT_TRUE(name(".").is_root());
  EXPECT_EQ(name(".").wire_size(), 1u);
}

TEST(Name, CompletesRelativeNamesWithOrigin) {
  const Name origin = name("example.org.");
  EXPECT_EQ(Name::parse("www", origin)->to_string(), "www.example.org.");
  EXPECT_EQ(Name::parse("@", origin)->to_string(), "example.org.");
  EXPECT_EQ(Name::parse("a.b.", origin)->to_string(), "a.b.");
}

TEST(Name, ComparesIgnoringCaseAndKeepsCase) {
  EXPECT_EQ(name("WWW.example.COM."), name("www.EXAMPLE.com."));
  EXPECT_EQ(name("WWW.example.COM.").hash(), name("www.EXAMPLE.com.").hash());
  EXPECT_NE(name("www.example.com."), name("www.example.net."));
  EXPECT_EQ(name("WWW.example.COM.").to_string(), "WWW.example.COM.");
}

TEST(Name, OrdersCanonicallyAsRfc4034Section6_1) {
  const std::vector<std::string> sorted = {
      "example.",   "a.example.",       "yljkjljk.a.example.", "Z.a.example.",    "zABC.a.EXAMPLE.",
      "z.example.", "\\001.z.example.", "*.z.example.",        "\\200.z.example."};
  std::vector<Name> names;
  for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) names.push_back(name(*it));
  std::sort(names.begin(), names.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) EXPECT_EQ(names[i].to_string(), sorted[i]);
}

TEST(Name, ParsesAndPrintsEscapes) {
  const Name n = name("a\\.b.c\\032d.\\255.");
  EXPECT_EQ(n.label_count(), 3u);
  EXPECT_EQ(n.label(0), "a.b");
  EXPECT_EQ(n.label(1), "c d");
  EXPECT_EQ(n.label(2), std::string(1, '\xff'));
  EXPECT_EQ(n.to_string(), "a\\.b.c\\032d.\\255.");
  EXPECT_EQ(name("q\\\"x\\;.").to_string(), "q\\\"x\\;.");
}

TEST(Name, RejectsLabelLongerThan63Bytes) {
  EXPECT_TRUE(Name::parse(std::string(63, 'a') + ".").has_value());
  EXPECT_FALSE(Name::parse(std::string(64, 'a') + ".").has_value());
}

TEST(Name, RejectsNameLongerThan255Bytes) {
  std::string text;
  for (int i = 0; i < 4; ++i) text += std::string(i < 3 ? 63 : 61, 'a') + ".";
  auto ok = Name::parse(text);  // 3 * 64 + 62 + 1 = 255
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->wire_size(), 255u);
  EXPECT_FALSE(Name::parse("b" + text).has_value());
  EXPECT_FALSE(ok->prepend("x").has_value());
}

TEST(Name, RejectsEmptyLabelsAndBadEscapes) {
  for (const char* bad : {"a..b.", ".a.", "", "a\\25.", "a\\300.", "a\\"}) {
    EXPECT_FALSE(Name::parse(bad).has_value()) << bad;
  }
}

TEST(Name, WalksLabelsAndSuffixes) {
  const Name n = name("a.b.example.");
  EXPECT_EQ(n.parent(), name("b.example."));
  EXPECT_EQ(n.suffix(1), name("example."));
  EXPECT_EQ(n.suffix(0), name("."));
  EXPECT_TRUE(n.is_subdomain_of(name("B.EXAMPLE.")));
  EXPECT_TRUE(n.is_subdomain_of(name(".")));
  EXPECT_FALSE(n.is_subdomain_of(name("ample.")));
  EXPECT_FALSE(name("xample.").is_subdomain_of(name("example.")));
  EXPECT_EQ(n.prepend("*")->to_string(), "*.a.b.example.");
  EXPECT_TRUE(n.prepend("*")->is_wildcard());
  EXPECT_EQ(n.replace_suffix(name("example."), name("other.net."))->to_string(), "a.b.other.net.");
  EXPECT_EQ(name("MiXeD.").lowercase().to_string(), "mixed.");
}

TEST(NameWire, FromWireChecksShape) {
  EXPECT_TRUE(Name::from_wire(hex("016100")).has_value());
  EXPECT_EQ(Name::from_wire(hex("0161")).error().code, Errc::Truncated);
  EXPECT_EQ(Name::from_wire(hex("01610000")).error().code, Errc::TrailingData);
  EXPECT_EQ(Name::from_wire(hex("c000")).error().code, Errc::BadPointer);
}

dns::Result<Name> read_at(const std::vector<std::uint8_t>& msg, std::size_t at) {
  cstruct::Reader r(msg);
  EXPECT_TRUE(r.skip(at).has_value());
  return dns::wire::read_name(r, msg);
}

TEST(NameWire, FollowsBackwardPointers) {
  // "example." at 0, "www" + pointer to 0 at 9.
  const auto msg =
      hex("076578616d706c6500"
          "03777777c000");
  auto n = read_at(msg, 9);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->to_string(), "www.example.");
}

TEST(NameWire, RejectsPointerLoop) {
  EXPECT_EQ(read_at(hex("c000"), 0).error().code, Errc::BadPointer);  // points at itself
  // Two pointers pointing at each other: the second is read first, its target points forward.
  EXPECT_EQ(read_at(hex("c002c000"), 2).error().code, Errc::BadPointer);
}

TEST(NameWire, RejectsForwardPointer) {
  EXPECT_EQ(read_at(hex("c002"
                        "0161"
                        "00"),
                    0)
                .error()
                .code,
            Errc::BadPointer);
}

TEST(NameWire, RejectsReservedLabelTypes) {
  EXPECT_EQ(read_at(hex("4100"), 0).error().code, Errc::BadLabelType);
  EXPECT_EQ(read_at(hex("8100"), 0).error().code, Errc::BadLabelType);
}

TEST(NameWire, RejectsTruncatedName) {
  EXPECT_EQ(read_at(hex("0361"), 0).error().code, Errc::Truncated);
  EXPECT_EQ(read_at(hex("01"), 0).error().code, Errc::Truncated);
  EXPECT_EQ(read_at(hex("016100c0"), 3).error().code, Errc::Truncated);
}

TEST(NameWire, RejectsNameOver255BytesBuiltFromPointers) {
  // Label chains that each point back to the previous one: the name grows past 255.
  std::vector<std::uint8_t> msg = {0};
  std::size_t prev = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t at = msg.size();
    msg.push_back(60);
    msg.insert(msg.end(), 60, 'x');
    msg.push_back(static_cast<std::uint8_t>(0xc0 | prev >> 8));
    msg.push_back(static_cast<std::uint8_t>(prev));
    prev = at;
  }
  EXPECT_EQ(read_at(msg, prev).error().code, Errc::NameTooLong);
}

}  // namespace
