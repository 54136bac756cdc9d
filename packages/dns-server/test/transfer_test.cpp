// Zone transfers (AXFR over TCP, IXFR without history), transfer policy, and TSIG: signed
// queries get signed answers, transfers a signed stream, bad signatures NOTAUTH.
#include <dns-server/server.hpp>

#include <dns-tsig/tsig.hpp>

#include <set>

#include "support.hpp"

namespace {

using namespace test_support;
using dns::Rcode;
using dns::Type;
using dns_server::Server;
using dns_server::TransferPolicy;
using dns_server::Transport;

constexpr std::uint64_t kNow = 1700000000;

dns::tsig::Key test_key() {
  auto k = dns::tsig::Key::parse("hmac-sha256:xfr-key:c2VjcmV0IGtleSBmb3IgdHJhbnNmZXJz");
  EXPECT_TRUE(k.has_value());
  return *k;
}

dns_server::Config config(TransferPolicy policy, std::size_t message_size = 16384) {
  dns_server::Config c;
  c.transfers = policy;
  c.transfer_message_size = message_size;
  c.keys.add(test_key());
  return c;
}

// A zone of `n` A records (and the SOA and NS) named big.test.
dns::Zone big_zone(std::size_t n) {
  std::string text =
      "$TTL 300\n@ SOA ns1 hostmaster 42 3600 600 86400 60\n@ NS ns1\nns1 A 192.0.2.1\n";
  for (std::size_t i = 0; i < n; ++i) {
    text += "host" + std::to_string(i) + " A 10." + std::to_string(i / 65536 % 256) + "." +
            std::to_string(i / 256 % 256) + "." + std::to_string(i % 256) + "\n";
  }
  text += "txt TXT";
  for (int i = 0; i < 20; ++i) text += " \"a string of text to make one RRset large\"";
  text += "\n";
  auto records = dns::parse_zone_file(text, {.origin = name("big.test.")});
  EXPECT_TRUE(records.has_value());
  auto z = dns::Zone::from_records(name("big.test."), *records);
  EXPECT_TRUE(z.has_value());
  return std::move(*z);
}

// Every record of a transfer's messages, checking each message on the way.
std::vector<dns::Record> records_of(const std::vector<cstruct::Buffer>& messages,
                                    std::size_t max_size) {
  std::vector<dns::Record> all;
  for (const auto& m : messages) {
    EXPECT_LE(m.size(), max_size);
    auto r = decode(m);
    EXPECT_TRUE(r.header.aa);
    EXPECT_FALSE(r.header.tc);
    EXPECT_EQ(r.rcode, Rcode::NoError);
    for (auto& rec : r.answers) all.push_back(rec);
  }
  return all;
}

TEST(Transfer, AxfrOverTcpHasSoaFirstAndLastAndEveryRecordOnce) {
  Server server(config(TransferPolicy::Allow));
  load(server, "example.com");
  auto out = server.handle(query("example.com.", Type::AXFR), Transport::Tcp);
  ASSERT_EQ(out.size(), 1u);  // small zone: one message
  auto records = records_of(out, 65535);
  ASSERT_GE(records.size(), 3u);
  EXPECT_EQ(records.front().type(), Type::SOA);
  EXPECT_EQ(records.back().type(), Type::SOA);
  EXPECT_EQ(records.front(), records.back());
  const dns::Zone* zone = server.find_zone(name("example.com."));
  ASSERT_NE(zone, nullptr);
  EXPECT_EQ(records.size(), zone->size() + 1);
  // Every zone record was sent, once (the SOA twice).
  std::set<std::string> seen;
  for (std::size_t i = 1; i + 1 < records.size(); ++i) {
    EXPECT_TRUE(seen.insert(records[i].to_string()).second) << records[i].to_string();
    EXPECT_NE(zone->find(records[i].name, records[i].type()), nullptr);
  }
  EXPECT_EQ(server.stats().transfers, 1u);
}

TEST(Transfer, SplitsALargeZoneOverManyMessages) {
  Server server(config(TransferPolicy::Allow, 4096));
  ASSERT_TRUE(server.add_zone(big_zone(3000)).has_value());
  auto out = server.handle(query("big.test.", Type::AXFR), Transport::Tcp);
  EXPECT_GT(out.size(), 10u);
  auto records = records_of(out, 4096);
  // 3000 A records, ns1's A, the NS, the TXT and the SOA twice.
  EXPECT_EQ(records.size(), 3000u + 5);
}

TEST(Transfer, SplitsLargeZoneRecordCount) {
  Server server(config(TransferPolicy::Allow, 2048));
  auto zone = big_zone(5000);
  const std::size_t zone_records = zone.size();
  ASSERT_TRUE(server.add_zone(std::move(zone)).has_value());
  auto out = server.handle(query("big.test.", Type::AXFR), Transport::Tcp);
  EXPECT_GT(out.size(), 50u);
  auto records = records_of(out, 2048);
  EXPECT_EQ(records.size(), zone_records + 1);
  EXPECT_EQ(records.front().type(), Type::SOA);
  EXPECT_EQ(records.back().type(), Type::SOA);
  // Every message repeats the question.
  for (const auto& m : out) EXPECT_EQ(decode(m).questions.size(), 1u);
}

TEST(Transfer, AxfrOverUdpIsRefused) {
  Server server(config(TransferPolicy::Allow));
  load(server, "example.com");
  auto r = ask(server, query("example.com.", Type::AXFR), Transport::Udp);
  EXPECT_EQ(r.rcode, Rcode::Refused);
  EXPECT_TRUE(r.answers.empty());
}

TEST(Transfer, PolicyDenyRefusesEveryone) {
  Server server(config(TransferPolicy::Deny));
  load(server, "example.com");
  EXPECT_EQ(ask(server, query("example.com.", Type::AXFR), Transport::Tcp).rcode, Rcode::Refused);
}

TEST(Transfer, AxfrOfANameBelowTheApexIsNotAuth) {
  Server server(config(TransferPolicy::Allow));
  load(server, "example.com");
  EXPECT_EQ(ask(server, query("www.example.com.", Type::AXFR), Transport::Tcp).rcode,
            Rcode::NotAuth);
  EXPECT_EQ(ask(server, query("example.org.", Type::AXFR), Transport::Tcp).rcode, Rcode::Refused);
}

dns::Message ixfr_query(std::uint32_t serial) {
  auto m = query_message("example.com.", Type::IXFR);
  dns::Soa soa;
  soa.mname = name("ns1.example.com.");
  soa.rname = name("hostmaster.example.com.");
  soa.serial = serial;
  m.authority.push_back({name("example.com."), dns::Class::IN, 0, soa});
  return m;
}

TEST(Transfer, IxfrGivesTheSoaToCurrentClientsAndOverUdp) {
  Server server(config(TransferPolicy::Allow));
  load(server, "example.com");
  auto current = ask(server, bytes_of(ixfr_query(2024010101)), Transport::Tcp);
  EXPECT_EQ(current.rcode, Rcode::NoError);
  ASSERT_EQ(current.answers.size(), 1u);
  EXPECT_EQ(current.answers[0].type(), Type::SOA);
  auto udp = ask(server, bytes_of(ixfr_query(1)), Transport::Udp);
  ASSERT_EQ(udp.answers.size(), 1u);
  EXPECT_EQ(udp.answers[0].type(), Type::SOA);
}

TEST(Transfer, IxfrFromAnOlderSerialOverTcpGivesTheWholeZone) {
  Server server(config(TransferPolicy::Allow));
  load(server, "example.com");
  auto out = server.handle(bytes_of(ixfr_query(1)), Transport::Tcp);
  auto records = records_of(out, 65535);
  EXPECT_EQ(records.size(), server.find_zone(name("example.com."))->size() + 1);
  EXPECT_EQ(decode(out.front()).questions.at(0).type, Type::IXFR);
  // Without the client's SOA it is malformed.
  EXPECT_EQ(ask(server, query("example.com.", Type::IXFR), Transport::Tcp).rcode, Rcode::FormErr);
}

TEST(Tsig, SignedAxfrIsAllowedAndTheStreamVerifies) {
  Server server(config(TransferPolicy::RequireTsig, 2048));
  ASSERT_TRUE(server.add_zone(big_zone(2000)).has_value());
  // Unsigned: refused.
  EXPECT_EQ(ask(server, query("big.test.", Type::AXFR), Transport::Tcp).rcode, Rcode::Refused);

  const auto key = test_key();
  auto signed_query = dns::tsig::sign(query("big.test.", Type::AXFR), key, kNow);
  ASSERT_TRUE(signed_query.has_value());
  auto out = server.handle(signed_query->message.span(), Transport::Tcp, kNow);
  ASSERT_GT(out.size(), 5u);
  dns::tsig::Keyring ring;
  ring.add(key);
  dns::tsig::StreamVerifier verifier(ring, signed_query->mac);
  for (const auto& m : out) {
    auto fed = verifier.feed(m.span(), kNow + 1);
    ASSERT_TRUE(fed.has_value()) << dns::tsig::to_string(fed.error().problem);
    EXPECT_TRUE(*fed);
    EXPECT_LE(m.size(), 2048u);
  }
  EXPECT_TRUE(verifier.finish().has_value());
  std::size_t count = 0;
  for (const auto& m : out) count += decode(m).answers.size();
  EXPECT_EQ(count, server.find_zone(name("big.test."))->size() + 1);
}

TEST(Tsig, SignedQueryGetsASignedAnswer) {
  Server server(config(TransferPolicy::Deny));
  load(server, "example.com");
  const auto key = test_key();
  auto signed_query = dns::tsig::sign(query("www.example.com.", Type::A), key, kNow);
  ASSERT_TRUE(signed_query.has_value());
  auto out = server.handle(signed_query->message.span(), Transport::Udp, kNow);
  ASSERT_EQ(out.size(), 1u);
  dns::tsig::Keyring ring;
  ring.add(key);
  auto verified = dns::tsig::verify(out[0].span(), ring, kNow, signed_query->mac);
  ASSERT_TRUE(verified.has_value()) << dns::tsig::to_string(verified.error().problem);
  auto r = decode(out[0]);
  EXPECT_EQ(texts(r.answers), std::vector<std::string>{"www.example.com. A 192.0.2.80"});
}

TEST(Tsig, UnknownKeyAndBadTimeAreNotAuth) {
  Server server(config(TransferPolicy::RequireTsig));
  load(server, "example.com");
  auto other = dns::tsig::Key::parse("hmac-sha256:other-key:b3RoZXIgc2VjcmV0");
  ASSERT_TRUE(other.has_value());
  auto q1 = dns::tsig::sign(query("example.com.", Type::AXFR), *other, kNow);
  ASSERT_TRUE(q1.has_value());
  auto r1 = ask(server, q1->message.span(), Transport::Tcp);
  EXPECT_EQ(r1.rcode, Rcode::NotAuth);
  EXPECT_TRUE(r1.answers.empty());

  auto q2 = dns::tsig::sign(query("example.com.", Type::AXFR), test_key(), kNow - 3600);
  ASSERT_TRUE(q2.has_value());
  auto out = server.handle(q2->message.span(), Transport::Tcp, kNow);
  ASSERT_EQ(out.size(), 1u);
  auto r2 = decode(out[0]);
  EXPECT_EQ(r2.rcode, Rcode::NotAuth);
  EXPECT_TRUE(r2.answers.empty());
  EXPECT_EQ(server.stats().tsig_failures, 2u);
  EXPECT_EQ(server.stats().transfers, 0u);
}

TEST(Tsig, TamperedQueryIsNotAnswered) {
  Server server(config(TransferPolicy::RequireTsig));
  load(server, "example.com");
  auto q = dns::tsig::sign(query("example.com.", Type::AXFR), test_key(), kNow);
  ASSERT_TRUE(q.has_value());
  auto bytes = std::vector<std::uint8_t>(q->message.begin(), q->message.end());
  bytes[3] ^= 0x10;  // flip the CD bit after signing
  auto r = ask(server, bytes, Transport::Tcp);
  EXPECT_EQ(r.rcode, Rcode::NotAuth);
  EXPECT_TRUE(r.answers.empty());
}

}  // namespace
