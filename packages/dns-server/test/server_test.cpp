// The server's answers to single queries, on real zone files: example.com (CNAMEs,
// delegations, glue, many types), sub.example.com (a child zone also served) and RFC 4592's
// wildcard zone "example.".
#include <dns-server/server.hpp>

#include <algorithm>
#include <functional>

#include "support.hpp"

namespace {

using namespace test_support;
using dns::Rcode;
using dns::Type;
using dns_server::Server;
using dns_server::Transport;

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class ServerTest : public testing::Test {
 protected:
  void SetUp() override {
    load(server, "example.com");
    load(server, "sub.example.com");
    load(server, "example");
  }
  dns::Message ask(std::string_view qname, Type type, const QueryOptions& o = {},
                   Transport t = Transport::Udp) {
    return test_support::ask(server, query(qname, type, o), t);
  }
  Server server;
};

TEST_F(ServerTest, AnswersWithAuthorityAndCopiesQuery) {
  auto r = ask("www.example.com.", Type::A);
  EXPECT_TRUE(r.header.qr);
  EXPECT_TRUE(r.header.aa);
  EXPECT_TRUE(r.header.rd);
  EXPECT_FALSE(r.header.ra);
  EXPECT_FALSE(r.header.tc);
  EXPECT_EQ(r.header.id, 0x1234);
  EXPECT_EQ(r.rcode, Rcode::NoError);
  ASSERT_EQ(r.questions.size(), 1u);
  EXPECT_EQ(r.questions[0].name, name("www.example.com."));
  EXPECT_EQ(texts(r.answers), std::vector<std::string>{"www.example.com. A 192.0.2.80"});
  EXPECT_EQ(r.answers[0].ttl, 3600u);
  EXPECT_FALSE(r.edns.has_value());  // none asked, none given
}

TEST_F(ServerTest, MatchesQueryNamesCaseInsensitivelyAndKeepsTheirCase) {
  auto r = ask("WwW.ExAmPlE.CoM.", Type::AAAA);
  EXPECT_EQ(r.rcode, Rcode::NoError);
  ASSERT_EQ(r.questions.size(), 1u);
  EXPECT_EQ(r.questions[0].name.to_string(), "WwW.ExAmPlE.CoM.");
  EXPECT_EQ(texts(r.answers).size(), 1u);
}

TEST_F(ServerTest, RefusesNamesOutsideItsZones) {
  auto r = ask("www.example.org.", Type::A);
  EXPECT_EQ(r.rcode, Rcode::Refused);
  EXPECT_FALSE(r.header.aa);
  EXPECT_TRUE(r.answers.empty());
  EXPECT_EQ(r.questions.size(), 1u);
  EXPECT_EQ(ask(".", Type::NS).rcode, Rcode::Refused);
}

TEST_F(ServerTest, PicksTheLongestMatchingZone) {
  // sub.example.com is both delegated from example.com and served: the child answers.
  auto r = ask("www.sub.example.com.", Type::A);
  EXPECT_EQ(r.rcode, Rcode::NoError);
  EXPECT_TRUE(r.header.aa);
  EXPECT_EQ(texts(r.answers), std::vector<std::string>{"www.sub.example.com. A 192.0.2.61"});
  auto soa = ask("sub.example.com.", Type::SOA);
  ASSERT_EQ(soa.answers.size(), 1u);
  EXPECT_EQ(std::get<dns::Soa>(soa.answers[0].data).serial, 7u);
}

TEST_F(ServerTest, AnswersDsFromTheParentZone) {
  auto r = ask("sub.example.com.", Type::DS);
  EXPECT_TRUE(r.header.aa);
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0].type(), Type::DS);
}

TEST_F(ServerTest, NxDomainCarriesTheSoaWithTheNegativeTtl) {
  auto r = ask("nothere.example.com.", Type::A);
  EXPECT_EQ(r.rcode, Rcode::NXDomain);
  EXPECT_TRUE(r.header.aa);
  EXPECT_TRUE(r.answers.empty());
  ASSERT_EQ(r.authority.size(), 1u);
  EXPECT_EQ(r.authority[0].type(), Type::SOA);
  EXPECT_EQ(r.authority[0].name, name("example.com."));
  EXPECT_EQ(r.authority[0].ttl, 300u);  // min(SOA TTL 3600, MINIMUM 300)
}

TEST_F(ServerTest, NoDataForAnExistingNameWithoutTheType) {
  auto r = ask("www.example.com.", Type::MX);
  EXPECT_EQ(r.rcode, Rcode::NoError);
  EXPECT_TRUE(r.header.aa);
  EXPECT_TRUE(r.answers.empty());
  ASSERT_EQ(r.authority.size(), 1u);
  EXPECT_EQ(r.authority[0].type(), Type::SOA);
}

TEST_F(ServerTest, EmptyNonTerminalsAreNoDataNotNxDomain) {
  for (auto n : {"b.ent.example.com.", "ent.example.com."}) {
    auto r = ask(n, Type::A);
    EXPECT_EQ(r.rcode, Rcode::NoError) << n;
    EXPECT_TRUE(r.answers.empty()) << n;
    EXPECT_EQ(r.authority.size(), 1u) << n;
  }
  EXPECT_EQ(ask("c.b.ent.example.com.", Type::A).rcode, Rcode::NXDomain);
}

TEST_F(ServerTest, FollowsCnameChainsInTheZone) {
  auto r = ask("chain1.example.com.", Type::A);
  EXPECT_EQ(r.rcode, Rcode::NoError);
  EXPECT_TRUE(r.header.aa);
  EXPECT_EQ(texts(r.answers),
            (std::vector<std::string>{"chain1.example.com. CNAME chain2.example.com.",
                                      "chain2.example.com. CNAME www.example.com.",
                                      "www.example.com. A 192.0.2.80"}));
  // Asking for the CNAME itself gives only it.
  EXPECT_EQ(texts(ask("alias.example.com.", Type::CNAME).answers),
            std::vector<std::string>{"alias.example.com. CNAME www.example.com."});
}

TEST_F(ServerTest, CnameToAMissingNameIsNxDomainWithTheChain) {
  auto r = ask("dangling.example.com.", Type::A);
  EXPECT_EQ(r.rcode, Rcode::NXDomain);  // RFC 6604: the rcode of the last name
  EXPECT_EQ(texts(r.answers),
            std::vector<std::string>{"dangling.example.com. CNAME nothere.example.com."});
  ASSERT_EQ(r.authority.size(), 1u);
  EXPECT_EQ(r.authority[0].type(), Type::SOA);
}

TEST_F(ServerTest, CnameLeavingTheZoneStopsThere) {
  auto r = ask("outside.example.com.", Type::A);
  EXPECT_EQ(r.rcode, Rcode::NoError);
  EXPECT_EQ(texts(r.answers),
            std::vector<std::string>{"outside.example.com. CNAME www.example.net."});
  EXPECT_TRUE(r.authority.empty());
}

TEST_F(ServerTest, SynthesizesCnameFromDname) {
  auto r = ask("host.dname.example.com.", Type::A);
  EXPECT_EQ(r.rcode, Rcode::NoError);
  EXPECT_EQ(texts(r.answers),
            (std::vector<std::string>{"dname.example.com. DNAME example.net.",
                                      "host.dname.example.com. CNAME host.example.net."}));
}

TEST_F(ServerTest, ReferralHasNoAaAndCarriesGlue) {
  auto r = ask("www.deleg.example.com.", Type::A);
  EXPECT_EQ(r.rcode, Rcode::NoError);
  EXPECT_FALSE(r.header.aa);
  EXPECT_TRUE(r.answers.empty());
  EXPECT_EQ(sorted(texts(r.authority)),
            (std::vector<std::string>{"deleg.example.com. NS ns.deleg.example.com.",
                                      "deleg.example.com. NS ns.example.net."}));
  EXPECT_EQ(sorted(texts(r.additional)),
            (std::vector<std::string>{"ns.deleg.example.com. A 192.0.2.53",
                                      "ns.deleg.example.com. AAAA 2001:db8::53"}));
  // The delegation point itself is a referral too (except for DS).
  EXPECT_FALSE(ask("deleg.example.com.", Type::A).header.aa);
}

TEST_F(ServerTest, AddsAddressesOfMxSrvAndNsTargetsInTheZone) {
  auto mx = ask("example.com.", Type::MX);
  EXPECT_EQ(mx.answers.size(), 2u);
  EXPECT_EQ(sorted(texts(mx.additional)),
            (std::vector<std::string>{"mail.example.com. A 192.0.2.25",
                                      "mail.example.com. AAAA 2001:db8::25"}));
  auto srv = ask("_sip._tcp.example.com.", Type::SRV);
  EXPECT_EQ(texts(srv.additional), std::vector<std::string>{"sip.example.com. A 192.0.2.50"});
  auto ns = ask("example.com.", Type::NS);
  EXPECT_EQ(
      sorted(texts(ns.additional)),
      (std::vector<std::string>{"ns1.example.com. A 192.0.2.1", "ns2.example.com. A 192.0.2.2",
                                "ns2.example.com. AAAA 2001:db8::2"}));
}

TEST_F(ServerTest, AnswersManyTypes) {
  const std::pair<const char*, Type> cases[] = {{"caa.example.com.", Type::CAA},
                                                {"ptr.example.com.", Type::PTR},
                                                {"hinfo.example.com.", Type::HINFO},
                                                {"sshfp.example.com.", Type::SSHFP},
                                                {"_443._tcp.www.example.com.", Type::TLSA},
                                                {"svc.example.com.", Type::SVCB},
                                                {"example.com.", Type::HTTPS},
                                                {"loc.example.com.", Type::LOC},
                                                {"spf.example.com.", Type::TXT},
                                                {"example.com.", Type::SOA}};
  for (auto [n, t] : cases) {
    auto r = ask(n, t);
    EXPECT_EQ(r.rcode, Rcode::NoError) << n;
    ASSERT_EQ(r.answers.size(), 1u) << n << " " << dns::to_string(t);
    EXPECT_EQ(r.answers[0].type(), t) << n;
  }
}

TEST_F(ServerTest, AnyGivesEveryRRsetOfTheName) {
  auto r = ask("ns2.example.com.", Type::ANY);
  EXPECT_EQ(sorted(texts(r.answers)),
            (std::vector<std::string>{"ns2.example.com. A 192.0.2.2",
                                      "ns2.example.com. AAAA 2001:db8::2"}));
}

// RFC 4592 §2.2.1: the queries and the answers it gives for its example zone.
TEST_F(ServerTest, Rfc4592WildcardExamples) {
  auto mx = ask("host3.example.", Type::MX);
  EXPECT_EQ(mx.rcode, Rcode::NoError);
  EXPECT_TRUE(mx.header.aa);
  EXPECT_EQ(texts(mx.answers), std::vector<std::string>{"host3.example. MX 10 host1.example."});
  EXPECT_EQ(texts(mx.additional), std::vector<std::string>{"host1.example. A 192.0.2.1"});

  auto a = ask("host3.example.", Type::A);  // the wildcard matches but has no A: NODATA
  EXPECT_EQ(a.rcode, Rcode::NoError);
  EXPECT_TRUE(a.answers.empty());
  EXPECT_EQ(a.authority.size(), 1u);

  auto txt = ask("foo.bar.example.", Type::TXT);
  EXPECT_EQ(texts(txt.answers),
            std::vector<std::string>{"foo.bar.example. TXT \"this is a wildcard\""});

  auto host1 = ask("host1.example.", Type::MX);  // host1 exists: no wildcard
  EXPECT_EQ(host1.rcode, Rcode::NoError);
  EXPECT_TRUE(host1.answers.empty());

  auto sub = ask("sub.*.example.", Type::MX);  // exists, no MX: NODATA
  EXPECT_EQ(sub.rcode, Rcode::NoError);
  EXPECT_TRUE(sub.answers.empty());

  EXPECT_EQ(ask("_telnet._tcp.host1.example.", Type::SRV).rcode, Rcode::NXDomain);  // _tcp exists
  EXPECT_EQ(ask("ghost.*.example.", Type::MX).rcode,
            Rcode::NXDomain);  // *.example. is its encloser

  auto ref = ask("host.subdel.example.", Type::A);
  EXPECT_FALSE(ref.header.aa);
  EXPECT_EQ(ref.authority.size(), 2u);
}

TEST_F(ServerTest, EdnsResponseAdvertisesOurSizeAndEchoesDo) {
  dns::Edns e;
  e.udp_payload_size = 4096;
  e.dnssec_ok = true;
  auto r = ask("www.example.com.", Type::A, {.edns = e});
  ASSERT_TRUE(r.edns.has_value());
  EXPECT_EQ(r.edns->udp_payload_size, 1232);
  EXPECT_EQ(r.edns->version, 0);
  EXPECT_TRUE(r.edns->dnssec_ok);
}

TEST_F(ServerTest, BadVersForEdnsVersionAboveZero) {
  dns::Edns e;
  e.version = 1;
  auto r = ask("www.example.com.", Type::A, {.edns = e});
  EXPECT_EQ(r.rcode, Rcode::BadVers);
  ASSERT_TRUE(r.edns.has_value());
  EXPECT_EQ(r.edns->version, 0);
  EXPECT_TRUE(r.answers.empty());
  EXPECT_FALSE(r.header.aa);
}

TEST_F(ServerTest, TruncatesUdpAt512WithoutEdns) {
  std::size_t size = 0;
  auto r = test_support::ask(server, query("big.example.com.", Type::TXT), Transport::Udp, &size);
  EXPECT_TRUE(r.header.tc);
  EXPECT_LE(size, 512u);
  EXPECT_TRUE(r.answers.empty());  // whole RRsets or nothing
  EXPECT_EQ(r.rcode, Rcode::NoError);
  EXPECT_EQ(server.stats().truncated, 1u);
}

TEST_F(ServerTest, SendsWholeAnswerOverUdpWithEnoughEdnsRoomOrOverTcp) {
  dns::Edns e;
  e.udp_payload_size = 4096;
  std::size_t size = 0;
  auto r = test_support::ask(server, query("big.example.com.", Type::TXT, {.edns = e}),
                             Transport::Udp, &size);
  EXPECT_FALSE(r.header.tc);
  EXPECT_EQ(r.answers.size(), 10u);
  EXPECT_GT(size, 512u);
  EXPECT_LE(size, 1232u);
  auto tcp = ask("big.example.com.", Type::TXT, {}, Transport::Tcp);
  EXPECT_FALSE(tcp.header.tc);
  EXPECT_EQ(tcp.answers.size(), 10u);
}

TEST_F(ServerTest, ClientsEdnsSizeBelow512CountsAs512) {
  dns::Edns e;
  e.udp_payload_size = 100;
  std::size_t size = 0;
  auto r = test_support::ask(server, query("example.com.", Type::NS, {.edns = e}), Transport::Udp,
                             &size);
  EXPECT_FALSE(r.header.tc);
  EXPECT_EQ(r.answers.size(), 2u);
  EXPECT_GT(size, 100u);
}

TEST_F(ServerTest, NotImpForOtherOpcodes) {
  for (auto op : {dns::Opcode::Notify, dns::Opcode::Update, dns::Opcode::Status, dns::Opcode{9}}) {
    auto r = ask("example.com.", Type::SOA, {.opcode = op});
    EXPECT_EQ(r.rcode, Rcode::NotImp);
    EXPECT_EQ(r.header.opcode, op);
    EXPECT_TRUE(r.answers.empty());
  }
}

TEST_F(ServerTest, FormErrForQuestionCountOtherThanOne) {
  auto none = query_message("example.com.", Type::A);
  none.questions.clear();
  EXPECT_EQ(test_support::ask(server, bytes_of(none)).rcode, Rcode::FormErr);
  auto two = query_message("example.com.", Type::A);
  two.questions.push_back(two.questions.front());
  auto r = test_support::ask(server, bytes_of(two));
  EXPECT_EQ(r.rcode, Rcode::FormErr);
  EXPECT_TRUE(r.questions.empty());
}

TEST_F(ServerTest, FormErrForUndecodableQueries) {
  auto q = query("www.example.com.", Type::A);
  // A compression pointer to itself in place of the name.
  std::vector<std::uint8_t> loop(q.begin(), q.begin() + 12);
  loop.insert(loop.end(), {0xc0, 12, 0, 1, 0, 1});
  auto r = test_support::ask(server, loop);
  EXPECT_EQ(r.rcode, Rcode::FormErr);
  EXPECT_EQ(r.header.id, 0x1234);
  EXPECT_TRUE(r.header.qr);
  // A question cut short, and trailing garbage.
  std::vector<std::uint8_t> cut(q.begin(), q.end() - 3);
  EXPECT_EQ(test_support::ask(server, cut).rcode, Rcode::FormErr);
  auto trailing = q;
  trailing.push_back(0);
  EXPECT_EQ(test_support::ask(server, trailing).rcode, Rcode::FormErr);
  EXPECT_EQ(server.stats().formerr, 3u);
}

TEST_F(ServerTest, IgnoresResponsesAndRunts) {
  auto q = query("www.example.com.", Type::A);
  q[2] |= 0x80;  // QR
  EXPECT_TRUE(server.handle(q, Transport::Udp).empty());
  EXPECT_TRUE(server.handle(std::span(q.data(), 11), Transport::Udp).empty());
  EXPECT_EQ(server.stats().dropped, 2u);
}

TEST_F(ServerTest, ClassHandling) {
  auto any = ask("www.example.com.", Type::A, {.qclass = dns::Class::ANY});
  EXPECT_EQ(any.rcode, Rcode::NoError);
  EXPECT_EQ(any.answers.size(), 1u);
  auto ch = ask("version.bind.", Type::TXT, {.qclass = dns::Class::CH});
  EXPECT_EQ(ch.rcode, Rcode::Refused);
  EXPECT_EQ(ask("www.example.com.", Type::A, {.qclass = dns::Class::CH}).rcode, Rcode::Refused);
}

TEST_F(ServerTest, MetaQueryTypes) {
  EXPECT_EQ(ask("example.com.", Type::OPT).rcode, Rcode::FormErr);
  EXPECT_EQ(ask("example.com.", Type::TSIG).rcode, Rcode::FormErr);
  EXPECT_EQ(ask("example.com.", Type{253}).rcode, Rcode::NotImp);  // MAILB
}

TEST_F(ServerTest, RejectsZonesWithoutSoaAndDuplicates) {
  auto z = dns::Zone(name("empty.test."));
  EXPECT_FALSE(server.add_zone(std::move(z)).has_value());
  auto again = dns_server::load_zone(server, {name("example.com."), "example.com.zone",
                                              read_file(data_dir() + "/example.com.zone")});
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("already served"), std::string::npos);
  auto broken = dns_server::load_zone(
      server, {name("broken.test."), "broken.zone", "@ IN SOA ns hm 1 2 3\n"});
  ASSERT_FALSE(broken.has_value());
  EXPECT_NE(broken.error().message.find("broken.zone:1"), std::string::npos)
      << broken.error().message;
  EXPECT_EQ(server.zone_count(), 3u);
}

TEST_F(ServerTest, ReplacingAZoneChangesTheAnswers) {
  auto records = dns::parse_zone_file("$TTL 60\n@ SOA ns hm 2 1 1 1 1\nwww A 198.51.100.1\n",
                                      {.origin = name("sub.example.com.")});
  ASSERT_TRUE(records.has_value());
  auto z = dns::Zone::from_records(name("sub.example.com."), *records);
  ASSERT_TRUE(z.has_value());
  ASSERT_TRUE(server.replace_zone(std::move(*z)).has_value());
  EXPECT_EQ(texts(ask("www.sub.example.com.", Type::A).answers),
            std::vector<std::string>{"www.sub.example.com. A 198.51.100.1"});
  EXPECT_TRUE(server.remove_zone(name("sub.example.com.")));
  // Now the parent's delegation answers.
  EXPECT_FALSE(ask("www.sub.example.com.", Type::A).header.aa);
  EXPECT_FALSE(server.remove_zone(name("sub.example.com.")));
}

TEST(ServerOptions, AuthorityNsAddsTheApexNsToPositiveAnswersOnly) {
  dns_server::Config config;
  config.authority_ns = true;
  Server server(config);
  load(server, "example.com");
  const std::vector<std::string> ns = {"example.com. NS ns1.example.com.",
                                       "example.com. NS ns2.example.com."};
  const std::vector<std::string> addresses = {"ns1.example.com. A 192.0.2.1",
                                              "ns2.example.com. A 192.0.2.2",
                                              "ns2.example.com. AAAA 2001:db8::2"};
  auto www = test_support::ask(server, query("www.example.com.", Type::A));
  EXPECT_EQ(sorted(texts(www.authority)), ns);
  EXPECT_EQ(sorted(texts(www.additional)), addresses);
  // ns1's A is already the answer: not repeated in the additional section.
  auto ns1 = test_support::ask(server, query("ns1.example.com.", Type::A));
  EXPECT_EQ(sorted(texts(ns1.additional)), (std::vector<std::string>{addresses[1], addresses[2]}));
  // Not beside the NS RRset itself, negative answers, referrals, or a CNAME out of the zone.
  EXPECT_TRUE(test_support::ask(server, query("example.com.", Type::NS)).authority.empty());
  EXPECT_EQ(test_support::ask(server, query("nothere.example.com.", Type::A)).authority.size(), 1u);
  EXPECT_EQ(
      sorted(texts(test_support::ask(server, query("www.deleg.example.com.", Type::A)).authority)),
      (std::vector<std::string>{"deleg.example.com. NS ns.deleg.example.com.",
                                "deleg.example.com. NS ns.example.net."}));
  EXPECT_TRUE(test_support::ask(server, query("outside.example.com.", Type::A)).authority.empty());
  // A truncated answer carries nothing else.
  auto big = test_support::ask(server, query("big.example.com.", Type::TXT));
  EXPECT_TRUE(big.header.tc);
  EXPECT_TRUE(big.authority.empty());
  EXPECT_TRUE(big.additional.empty());
}

TEST(ServerOptions, MinimalByDefault) {
  Server server;
  load(server, "example.com");
  auto www = test_support::ask(server, query("www.example.com.", Type::A));
  EXPECT_TRUE(www.authority.empty());
  EXPECT_TRUE(www.additional.empty());
}

TEST(ServerReferrals, SetsTcWhenInDomainGlueDoesNotFit) {
  std::string text = "$TTL 3600\n@ SOA ns hm 1 1 1 1 1\n@ NS ns\nns A 192.0.2.1\n";
  for (int i = 0; i < 12; ++i) {
    const std::string ns = "ns" + std::to_string(i) + ".child";
    text += "child NS " + ns + "\n" + ns + " A 192.0.2." + std::to_string(i + 10) + "\n" + ns +
            " AAAA 2001:db8::" + std::to_string(i + 10) + "\n";
  }
  auto records = dns::parse_zone_file(text, {.origin = name("glue.test.")});
  ASSERT_TRUE(records.has_value());
  auto zone = dns::Zone::from_records(name("glue.test."), *records);
  ASSERT_TRUE(zone.has_value());
  Server server;
  ASSERT_TRUE(server.add_zone(std::move(*zone)).has_value());
  std::size_t size = 0;
  auto udp =
      test_support::ask(server, query("www.child.glue.test.", Type::A), Transport::Udp, &size);
  EXPECT_LE(size, 512u);
  EXPECT_FALSE(udp.header.aa);
  EXPECT_EQ(udp.authority.size(), 12u);   // the NS RRset fits...
  EXPECT_LT(udp.additional.size(), 24u);  // ...its glue does not
  EXPECT_TRUE(udp.header.tc);
  auto tcp = test_support::ask(server, query("www.child.glue.test.", Type::A), Transport::Tcp);
  EXPECT_FALSE(tcp.header.tc);
  EXPECT_EQ(tcp.additional.size(), 24u);
}

TEST(ServerOptions, SendsNsidAndKeepaliveOnlyWhenAskedAndConfigured) {
  dns_server::Config config;
  config.nsid = {'n', 's', '1'};
  config.tcp_keepalive = 100;  // 10 s
  Server server(config);
  load(server, "example.com");
  dns::Edns asking;
  asking.options = {dns::make_nsid(), dns::make_keepalive()};
  auto udp = test_support::ask(server, query("www.example.com.", Type::A, {.edns = asking}),
                               Transport::Udp);
  ASSERT_TRUE(udp.edns.has_value());
  const dns::EdnsOption* nsid = udp.edns->find(dns::option::kNsid);
  ASSERT_NE(nsid, nullptr);
  EXPECT_EQ(nsid->data, (std::vector<std::uint8_t>{'n', 's', '1'}));
  EXPECT_EQ(udp.edns->find(dns::option::kKeepalive), nullptr);  // TCP only
  auto tcp = test_support::ask(server, query("www.example.com.", Type::A, {.edns = asking}),
                               Transport::Tcp);
  ASSERT_TRUE(tcp.edns.has_value());
  const dns::EdnsOption* keepalive = tcp.edns->find(dns::option::kKeepalive);
  ASSERT_NE(keepalive, nullptr);
  auto timeout = dns::parse_keepalive(*keepalive);
  ASSERT_TRUE(timeout.has_value());
  EXPECT_EQ(*timeout, std::optional<std::uint16_t>(100));
  // Not asked: neither.
  auto plain = test_support::ask(server, query("www.example.com.", Type::A, {.edns = dns::Edns{}}),
                                 Transport::Tcp);
  ASSERT_TRUE(plain.edns.has_value());
  EXPECT_TRUE(plain.edns->options.empty());
  // Not configured: no NSID even when asked.
  Server bare;
  load(bare, "example.com");
  auto none =
      test_support::ask(bare, query("www.example.com.", Type::A, {.edns = asking}), Transport::Tcp);
  ASSERT_TRUE(none.edns.has_value());
  EXPECT_TRUE(none.edns->options.empty());
}

// ---- response-rate limiting

// What `count` identical UDP queries from `client` at time `now` got: answered in full,
// slipped (empty, TC set) or dropped.
struct Outcome {
  int full = 0, slipped = 0, dropped = 0;
};
Outcome burst(Server& server, std::string_view qname, Type type, std::vector<std::uint8_t> client, int count,
              std::uint64_t now) {
  Outcome o;
  const auto q = query(qname, type);
  for (int i = 0; i < count; ++i) {
    auto out = server.handle(q, Transport::Udp, now, client);
    if (out.empty()) {
      ++o.dropped;
      continue;
    }
    auto m = decode(out.front());
    if (m.header.tc && m.answers.empty() && m.authority.empty()) {
      ++o.slipped;
    } else {
      ++o.full;
    }
  }
  return o;
}

// A server of example.com limiting at `per_second` with `slip`, a 5 s window, and what
// `more` changes.
Server limited_server(std::uint32_t per_second, std::uint32_t slip,
                      const std::function<void(dns_server::RateLimit&)>& more = {}) {
  dns_server::Config c;
  c.rate_limit.responses_per_second = per_second;
  c.rate_limit.slip = slip;
  c.rate_limit.window = 5;
  if (more) more(c.rate_limit);
  Server server(c);
  load(server, "example.com");
  return server;
}

TEST(RateLimit, OffByDefault) {
  Server server;
  load(server, "example.com");
  const Outcome o = burst(server, "www.example.com.", Type::A, {192, 0, 2, 1}, 200, 1000);
  EXPECT_EQ(o.full, 200);
  EXPECT_EQ(server.stats().rate_limited, 0u);
}

TEST(RateLimit, LimitsOneClientNetworkAndSlipsEveryOther) {
  Server server = limited_server(5, 2);
  const Outcome o = burst(server, "www.example.com.", Type::A, {192, 0, 2, 1}, 25, 1000);
  EXPECT_EQ(o.full, 5);  // a second's worth
  EXPECT_EQ(o.slipped, 10);
  EXPECT_EQ(o.dropped, 10);
  EXPECT_EQ(server.stats().rate_limited, 10u);
  EXPECT_EQ(server.stats().rate_limit_slipped, 10u);
  // The same /24 shares the bucket; another network, TCP and queries without a client
  // address do not.
  EXPECT_EQ(burst(server, "www.example.com.", Type::A, {192, 0, 2, 77}, 2, 1000).full, 0);
  EXPECT_EQ(burst(server, "www.example.com.", Type::A, {198, 51, 100, 1}, 5, 1000).full, 5);
  EXPECT_EQ(server.handle(query("www.example.com.", Type::A), Transport::Tcp, 1000, std::vector<std::uint8_t>{192, 0, 2, 1}).size(), 1u);
  EXPECT_EQ(server.handle(query("www.example.com.", Type::A), Transport::Udp, 1000).size(), 1u);
  // Another name or type is another bucket.
  EXPECT_EQ(burst(server, "www.example.com.", Type::AAAA, {192, 0, 2, 1}, 5, 1000).full, 5);
}

TEST(RateLimit, ADebtIsRepaidAtTheRateUpToTheWindow) {
  Server server = limited_server(10, 0);  // slip 0: every limited response dropped
  const std::vector<std::uint8_t> client{192, 0, 2, 1};
  const Outcome flood = burst(server, "www.example.com.", Type::A, client, 1000, 1000);
  EXPECT_EQ(flood.full, 10);
  EXPECT_EQ(flood.slipped, 0);
  // The debt is capped at window (5 s) x rate: 5 s later the balance is back to zero,
  // 6 s later a second's worth is allowed again.
  EXPECT_EQ(burst(server, "www.example.com.", Type::A, client, 10, 1005).full, 0);
  EXPECT_EQ(burst(server, "www.example.com.", Type::A, client, 20, 1011).full, 10);
}

TEST(RateLimit, NxdomainsOfAZoneShareABucketAndIpv6UsesA56) {
  Server server = limited_server(100, 0, [](auto& r) { r.nxdomains_per_second = 3; });
  std::vector<std::uint8_t> v6(16, 0);
  v6[0] = 0x20;
  v6[1] = 0x01;
  v6[2] = 0x0d;
  v6[3] = 0xb8;
  int answered = 0;
  for (int i = 0; i < 10; ++i) {  // random-subdomain names: one bucket for the zone
    const std::string qname = "nx" + std::to_string(i) + ".example.com.";
    v6[15] = static_cast<std::uint8_t>(i);  // another host of the same /56
    answered += static_cast<int>(server.handle(query(qname, Type::A), Transport::Udp, 50, v6).size());
  }
  EXPECT_EQ(answered, 3);
  v6[6] = 1;  // another /56
  EXPECT_EQ(server.handle(query("nx.example.com.", Type::A), Transport::Udp, 50, v6).size(), 1u);
}

TEST(RateLimit, TheTableStaysBounded) {
  Server server = limited_server(1, 0, [](auto& r) { r.max_entries = 64; });
  // A spray of source networks never grows the table past its bound; forgetting eases
  // limits (a network seen again after a reset starts with a full second's worth).
  for (int i = 0; i < 1000; ++i) {
    const std::vector<std::uint8_t> client{10, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i), 1};
    EXPECT_EQ(server.handle(query("www.example.com.", Type::A), Transport::Udp, 7, client).size(), 1u);
    EXPECT_LE(server.rate_limit_entries(), 64u);
  }
}

}  // namespace
