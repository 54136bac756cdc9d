#include <dns/zone.hpp>
#include <dns/zone_file.hpp>

#include <string>
#include <vector>

#include "support.hpp"

namespace {

using dns::LookupResult;
using dns::Type;
using dns::Zone;
using Kind = dns::LookupResult::Kind;
using dns_test::name;

// RFC 4592 §2.2.1's example zone, plus a DNAME, a CNAME chain and glue.
constexpr const char* kZone = R"(
$ORIGIN example.
$TTL 3600
example.                 IN  SOA   ns.example.com. hostmaster.example. 1 7200 3600 1209600 300
example.                     NS    ns.example.com.
example.                     NS    ns.example.net.
*.example.                   TXT   "this is a wildcard"
*.example.                   MX    10 host1.example.
sub.*.example.               TXT   "this is not a wildcard"
host1.example.               A     192.0.2.1
_ssh._tcp.host1.example.     SRV   0 0 22 host1.example.
_ssh._tcp.host2.example.     SRV   0 0 22 host2.example.
subdel.example.              NS    ns.example.com.
subdel.example.              NS    ns.subdel.example.
subdel.example.              DS    1 8 2 aabb
ns.subdel.example.           A     192.0.2.53
alias.example.               CNAME host1.example.
alias2.example.              CNAME alias.example.
outside.example.             CNAME www.example.org.
loop1.example.               CNAME loop2.example.
loop2.example.               CNAME loop1.example.
moved.example.               DNAME host1.example.
*.cn.example.                CNAME host1.example.
)";

Zone make_zone() {
  dns::ZoneFileOptions o;
  auto records = dns::parse_zone_file(kZone, o);
  EXPECT_TRUE(records.has_value()) << records.error().describe();
  auto zone = Zone::from_records(name("example."), *records);
  EXPECT_TRUE(zone.has_value()) << zone.error().message;
  return std::move(*zone);
}

// "owner TYPE rdata" for every RRset of a section, in order.
std::vector<std::string> show(const std::vector<dns::RRsetRef>& section) {
  std::vector<std::string> out;
  for (const auto& ref : section) {
    for (const auto& rdata : ref.rrset->rdatas) {
      out.push_back(ref.owner->to_string() + " " + dns::to_string(ref.rrset->type) + " " +
                    dns::to_string(rdata));
    }
  }
  return out;
}

class Rfc4592 : public testing::Test {
 protected:
  const Zone zone = make_zone();
  LookupResult ask(const char* qname, Type type) const { return zone.lookup(name(qname), type); }
};

TEST_F(Rfc4592, WildcardSynthesizesMxForHost3) {
  const auto r = ask("host3.example.", Type::MX);
  EXPECT_EQ(r.kind, Kind::Answer);
  EXPECT_EQ(show(r.answer), (std::vector<std::string>{"host3.example. MX 10 host1.example."}));
  EXPECT_EQ(show(r.additional), (std::vector<std::string>{"host1.example. A 192.0.2.1"}));
  EXPECT_TRUE(r.authoritative());
}

TEST_F(Rfc4592, WildcardWithoutTypeIsNoData) {
  const auto r = ask("host3.example.", Type::A);
  EXPECT_EQ(r.kind, Kind::NoData);
  EXPECT_EQ(r.rcode(), dns::Rcode::NoError);
  EXPECT_TRUE(r.answer.empty());
  ASSERT_EQ(r.authority.size(), 1u);
  EXPECT_EQ(r.authority[0].rrset->type, Type::SOA);
}

TEST_F(Rfc4592, WildcardMatchesManyLabelsDown) {
  const auto r = ask("foo.bar.example.", Type::TXT);
  EXPECT_EQ(show(r.answer),
            (std::vector<std::string>{"foo.bar.example. TXT \"this is a wildcard\""}));
}

TEST_F(Rfc4592, ExistingNameBlocksWildcard) {
  const auto r = ask("host1.example.", Type::MX);
  EXPECT_EQ(r.kind, Kind::NoData);
}

TEST_F(Rfc4592, NameUnderWildcardLabelIsNotWildcard) {
  EXPECT_EQ(ask("sub.*.example.", Type::MX).kind, Kind::NoData);
  EXPECT_EQ(show(ask("sub.*.example.", Type::TXT).answer),
            (std::vector<std::string>{"sub.*.example. TXT \"this is not a wildcard\""}));
}

TEST_F(Rfc4592, EmptyNonTerminalClosestEncloserGivesNxDomain) {
  // The closest encloser _tcp.host1.example. exists (empty) and has no wildcard child.
  const auto r = ask("_telnet._tcp.host1.example.", Type::SRV);
  EXPECT_EQ(r.kind, Kind::NxDomain);
  EXPECT_EQ(r.rcode(), dns::Rcode::NXDomain);
  ASSERT_EQ(r.authority.size(), 1u);
  EXPECT_EQ(r.authority[0].ttl, 300u);  // min(SOA TTL 3600, MINIMUM 300)
}

TEST_F(Rfc4592, EmptyNonTerminalItselfIsNoData) {
  EXPECT_EQ(ask("_tcp.host1.example.", Type::A).kind, Kind::NoData);
  EXPECT_EQ(ask("host2.example.", Type::A).kind, Kind::NoData);
}

TEST_F(Rfc4592, DelegationBeatsWildcard) {
  const auto r = ask("host.subdel.example.", Type::A);
  EXPECT_EQ(r.kind, Kind::Delegation);
  EXPECT_FALSE(r.authoritative());
  EXPECT_EQ(show(r.authority), (std::vector<std::string>{"subdel.example. NS ns.example.com.",
                                                         "subdel.example. NS ns.subdel.example."}));
  EXPECT_EQ(show(r.additional), (std::vector<std::string>{"ns.subdel.example. A 192.0.2.53"}));
}

TEST_F(Rfc4592, WildcardOwnerDoesNotMatchBelowAsteriskLabel) {
  // The closest encloser of ghost.*.example. is *.example., which has no "*" child.
  EXPECT_EQ(ask("ghost.*.example.", Type::MX).kind, Kind::NxDomain);
}

TEST_F(Rfc4592, DsAtCutIsAnsweredFromParent) {
  const auto r = ask("subdel.example.", Type::DS);
  EXPECT_EQ(r.kind, Kind::Answer);
  EXPECT_EQ(show(r.answer), (std::vector<std::string>{"subdel.example. DS 1 8 2 aabb"}));
  EXPECT_EQ(ask("subdel.example.", Type::NS).kind, Kind::Delegation);
}

class Lookup : public Rfc4592 {};

TEST_F(Lookup, FollowsCnameChainInZone) {
  const auto r = ask("alias2.example.", Type::A);
  EXPECT_EQ(r.kind, Kind::Answer);
  EXPECT_EQ(show(r.answer), (std::vector<std::string>{"alias2.example. CNAME alias.example.",
                                                      "alias.example. CNAME host1.example.",
                                                      "host1.example. A 192.0.2.1"}));
}

TEST_F(Lookup, AnswersCnameItselfForCnameQuery) {
  EXPECT_EQ(show(ask("alias.example.", Type::CNAME).answer),
            (std::vector<std::string>{"alias.example. CNAME host1.example."}));
}

TEST_F(Lookup, StopsCnameChainLeavingZone) {
  const auto r = ask("outside.example.", Type::A);
  EXPECT_EQ(r.kind, Kind::Answer);
  EXPECT_EQ(show(r.answer), (std::vector<std::string>{"outside.example. CNAME www.example.org."}));
}

TEST_F(Lookup, StopsCnameLoop) {
  const auto r = ask("loop1.example.", Type::A);
  EXPECT_EQ(r.answer.size(), 2u);
}

TEST_F(Lookup, CnameChainEndingInNxDomainKeepsChainAndRcode) {
  dns::ZoneFileOptions o;
  auto records = dns::parse_zone_file(std::string(kZone) + "dangling 1 CNAME nowhere.host1\n", o);
  auto zone = Zone::from_records(name("example."), *records);
  const auto r = zone->lookup(name("dangling.example."), Type::A);
  EXPECT_EQ(r.kind, Kind::NxDomain);
  EXPECT_EQ(r.rcode(), dns::Rcode::NXDomain);
  EXPECT_EQ(r.answer.size(), 1u);
  EXPECT_TRUE(r.authoritative());
}

TEST_F(Lookup, SynthesizesCnameFromDname) {
  const auto r = ask("a.moved.example.", Type::A);
  EXPECT_EQ(r.kind, Kind::NxDomain);  // a.host1.example. does not exist
  EXPECT_EQ(show(r.answer), (std::vector<std::string>{"moved.example. DNAME host1.example.",
                                                      "a.moved.example. CNAME a.host1.example."}));
  EXPECT_EQ(r.answer[1].ttl, 3600u);
  EXPECT_EQ(ask("moved.example.", Type::DNAME).kind, Kind::Answer);  // the DNAME's own name
}

TEST_F(Lookup, ReportsYxDomainWhenDnameOverflows) {
  Zone z(name("example."));
  ASSERT_TRUE(z.add(dns_test::record("example. 1 IN SOA a. b. 1 2 3 4 5")));
  const std::string long_target =
      std::string(60, 'x') + "." + std::string(60, 'y') + "." + std::string(60, 'z') + ".";
  ASSERT_TRUE(z.add(dns_test::record("d.example. 1 IN DNAME " + long_target)));
  const auto r =
      z.lookup(name(std::string(63, 'q') + "." + std::string(63, 'r') + ".d.example."), Type::A);
  EXPECT_TRUE(r.name_too_long);
  EXPECT_EQ(r.rcode(), dns::Rcode::YXDomain);
}

TEST_F(Lookup, WildcardCnameIsSynthesizedAndFollowed) {
  const auto r = ask("x.cn.example.", Type::A);
  EXPECT_EQ(show(r.answer), (std::vector<std::string>{"x.cn.example. CNAME host1.example.",
                                                      "host1.example. A 192.0.2.1"}));
}

TEST_F(Lookup, RefusesNamesOutsideZone) {
  const auto r = ask("www.example.org.", Type::A);
  EXPECT_EQ(r.kind, Kind::NotInZone);
  EXPECT_EQ(r.rcode(), dns::Rcode::Refused);
}

TEST_F(Lookup, AnyGivesEveryRRsetOfName) {
  EXPECT_EQ(ask("example.", Type::ANY).answer.size(), 2u);  // SOA and NS
}

TEST_F(Lookup, AnswersApexNsWithoutDelegating) {
  const auto r = ask("example.", Type::NS);
  EXPECT_EQ(r.kind, Kind::Answer);
  EXPECT_EQ(r.answer.size(), 1u);
}

TEST(ZoneData, RefusesOutOfZoneAndConflictingRecords) {
  Zone z(name("example."));
  ASSERT_TRUE(z.add(dns_test::record("example. 1 IN SOA a. b. 1 2 3 4 5")));
  EXPECT_EQ(z.add(dns_test::record("a.other. 1 IN A 192.0.2.1")).error().message,
            "name not in zone example.");
  EXPECT_FALSE(z.add(dns_test::record("example. 1 IN SOA c. d. 1 2 3 4 5")).has_value());
  EXPECT_FALSE(z.add(dns_test::record("s.example. 1 IN SOA c. d. 1 2 3 4 5")).has_value());
  ASSERT_TRUE(z.add(dns_test::record("c.example. 1 IN CNAME x.")));
  EXPECT_FALSE(z.add(dns_test::record("c.example. 1 IN A 192.0.2.1")).has_value());
  EXPECT_FALSE(z.add(dns_test::record("c.example. 1 IN CNAME y.")).has_value());
  EXPECT_TRUE(z.add(dns_test::record("c.example. 1 IN NSEC d.example. CNAME")).has_value());
  ASSERT_TRUE(z.add(dns_test::record("h.example. 1 IN A 192.0.2.1")));
  EXPECT_FALSE(z.add(dns_test::record("h.example. 1 IN CNAME x.")).has_value());
  EXPECT_FALSE(z.add(dns_test::record("h.example. 1 CH TXT \"x\"")).has_value());
}

TEST(ZoneData, IgnoresRepeatedRdataAndCountsRecords) {
  Zone z(name("example."));
  ASSERT_TRUE(z.add(dns_test::record("a.example. 1 IN A 192.0.2.1")));
  ASSERT_TRUE(z.add(dns_test::record("a.example. 9 IN A 192.0.2.1")));
  ASSERT_TRUE(z.add(dns_test::record("a.example. 9 IN A 192.0.2.2")));
  EXPECT_EQ(z.size(), 2u);
  EXPECT_EQ(z.find(name("a.example."), Type::A)->ttl, 1u);
}

TEST(ZoneData, RemovingLastRecordRemovesEmptyNonTerminals) {
  Zone z(name("example."));
  ASSERT_TRUE(z.add(dns_test::record("example. 1 IN SOA a. b. 1 2 3 4 5")));
  ASSERT_TRUE(z.add(dns_test::record("a.b.c.example. 1 IN A 192.0.2.1")));
  EXPECT_TRUE(z.contains(name("b.c.example.")));
  EXPECT_EQ(z.lookup(name("c.example."), Type::A).kind, Kind::NoData);
  EXPECT_TRUE(z.remove(name("a.b.c.example."), Type::A, *dns::parse_rdata(Type::A, "192.0.2.1")));
  EXPECT_FALSE(z.contains(name("b.c.example.")));
  EXPECT_FALSE(z.contains(name("c.example.")));
  EXPECT_TRUE(z.contains(name("example.")));
  EXPECT_EQ(z.lookup(name("c.example."), Type::A).kind, Kind::NxDomain);
  EXPECT_EQ(z.size(), 1u);
  EXPECT_FALSE(z.remove_rrset(name("a.b.c.example."), Type::A));
  EXPECT_TRUE(z.remove_rrset(name("example."), Type::SOA));
  EXPECT_EQ(z.size(), 0u);
}

TEST(ZoneData, ListsRRsetsSoaFirstThenCanonicalOrder) {
  const Zone zone = make_zone();
  const auto sets = zone.rrsets();
  ASSERT_FALSE(sets.empty());
  EXPECT_EQ(sets[0]->type, Type::SOA);
  for (std::size_t i = 2; i < sets.size(); ++i) {
    EXPECT_LE(sets[i - 1]->name, sets[i]->name);
  }
  std::size_t records = 0;
  for (const auto* s : sets) records += s->rdatas.size();
  EXPECT_EQ(records, zone.size());
}

}  // namespace
