#include <dns/message.hpp>

#include <string>
#include <vector>

#include "support.hpp"

namespace {

using dns::Errc;
using dns::Message;
using dns::Section;
using dns::Type;
using dns_test::hex;
using dns_test::hex_of;
using dns_test::name;
using dns_test::record;

// Made with dnspython 2.3: a query for www.example.com/A with EDNS (DO, a cookie, NSID)...
constexpr const char* kQuery =
    "12340100000100000000000103777777076578616d706c6503636f6d000001000100002904d000008000001000"
    "0a0008010203040506070800030000";
// ...and its response: a CNAME, two A, two NS, glue, EDNS with NSID and an extended error.
constexpr const char* kResponse =
    "12348500000100030002000203777777076578616d706c6503636f6d0000010001c00c000500010000012c0006"
    "03776562c010c02d000100010000012c0004c0000201c02d000100010000012c0004c0000202c0100002000100"
    "000e100006036e7331c010c0100002000100000e100011036e7332076578616d706c65036e657400c05f000100"
    "0100000e100004c000023500002904d0000080000012000300046e732d61000f000600066f6f7073";

Message response_model() {
  Message m;
  m.header = {.id = 0x1234, .qr = true, .aa = true, .rd = true};
  m.questions.push_back({name("www.example.com."), Type::A});
  m.answers = {record("www.example.com. 300 IN CNAME web.example.com."),
               record("web.example.com. 300 IN A 192.0.2.1"),
               record("web.example.com. 300 IN A 192.0.2.2")};
  m.authority = {record("example.com. 3600 IN NS ns1.example.com."),
                 record("example.com. 3600 IN NS ns2.example.net.")};
  m.additional = {record("ns1.example.com. 3600 IN A 192.0.2.53")};
  m.edns = dns::Edns{.udp_payload_size = 1232, .dnssec_ok = true};
  m.edns->options = {dns::make_nsid({'n', 's', '-', 'a'}),
                     dns::make_option(dns::ExtendedError{6, "oops"})};
  return m;
}

TEST(Message, DecodesDnspythonQuery) {
  auto m = Message::decode(hex(kQuery));
  ASSERT_TRUE(m.has_value()) << describe(m.error());
  EXPECT_EQ(m->header.id, 0x1234);
  EXPECT_TRUE(m->header.rd);
  EXPECT_FALSE(m->header.qr);
  ASSERT_EQ(m->questions.size(), 1u);
  EXPECT_EQ(m->questions[0].name, name("www.example.com."));
  ASSERT_TRUE(m->edns.has_value());
  EXPECT_TRUE(m->edns->dnssec_ok);
  EXPECT_EQ(m->edns->udp_payload_size, 1232);
  auto cookie = dns::parse_cookie(*m->edns->find(dns::option::kCookie));
  ASSERT_TRUE(cookie.has_value());
  EXPECT_EQ(hex_of(cookie->client), "0102030405060708");
  EXPECT_TRUE(cookie->server.empty());
  EXPECT_TRUE(m->edns->find(dns::option::kNsid)->data.empty());
}

TEST(Message, DecodesDnspythonResponseWithCompression) {
  auto m = Message::decode(hex(kResponse));
  ASSERT_TRUE(m.has_value()) << describe(m.error());
  EXPECT_EQ(*m, response_model());
  auto ede = dns::parse_extended_error(*m->edns->find(dns::option::kExtendedError));
  ASSERT_TRUE(ede.has_value());
  EXPECT_EQ(ede->info_code, 6);
  EXPECT_EQ(ede->extra_text, "oops");
}

TEST(Message, EncodesSameBytesAsDnspython) {
  auto bytes = response_model().encode();
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(hex_of(*bytes), kResponse);
}

TEST(Message, RoundTripsRecordsOfEveryType) {
  Message m;
  m.header.id = 7;
  m.questions.push_back({name("example."), Type::ANY});
  for (const char* text :
       {"example. 1 IN SOA ns.example. h.example. 1 2 3 4 5", "a.example. 2 IN A 192.0.2.9",
        "a.example. 2 IN AAAA 2001:db8::9", "example. 3 IN MX 1 a.example.",
        "example. 3 IN TXT \"x\" \"y\"", "s.example. 4 IN SRV 1 2 3 a.example.",
        "example. 5 IN CAA 0 iodef \"mailto:a@example\"", "d.example. 6 IN DNAME a.example.",
        "example. 7 IN HTTPS 1 . alpn=\"h2\"", "example. 8 IN NSEC a.example. A NS SOA",
        "example. 9 CH TXT \"chaos\"", "example. 10 IN TYPE999 \\# 2 abcd"}) {
    m.answers.push_back(record(text));
  }
  auto bytes = m.encode();
  ASSERT_TRUE(bytes.has_value());
  auto back = Message::decode(*bytes);
  ASSERT_TRUE(back.has_value()) << describe(back.error());
  EXPECT_EQ(*back, m);
}

TEST(Message, CompressesOwnersAndRfc1035RdataNamesOnly) {
  Message m;
  m.answers = {record("a.example.com. 1 IN NS b.example.com."),
               record("a.example.com. 1 IN SRV 0 0 1 b.example.com.")};
  auto bytes = m.encode();
  ASSERT_TRUE(bytes.has_value());
  const std::string h = hex_of(*bytes);
  // a.example.com (15 bytes), NS rdata "b" + pointer to example.com at 14, second owner a pointer
  // to 12, SRV target uncompressed.
  EXPECT_NE(h.find("0162"
                   "c00e"),
            std::string::npos);                                            // NS: "b" then a pointer
  EXPECT_NE(h.find("0162076578616d706c6503636f6d00"), std::string::npos);  // SRV: in full
  auto back = Message::decode(*bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->answers, m.answers);
}

std::vector<std::uint8_t> header(unsigned qd, unsigned an, unsigned ns, unsigned ar) {
  return {0, 1,
          0, 0,
          0, static_cast<std::uint8_t>(qd),
          0, static_cast<std::uint8_t>(an),
          0, static_cast<std::uint8_t>(ns),
          0, static_cast<std::uint8_t>(ar)};
}

std::vector<std::uint8_t> with(std::vector<std::uint8_t> a, std::string_view h) {
  const auto b = hex(h);
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Errc decode_error(const std::vector<std::uint8_t>& bytes) {
  auto m = Message::decode(bytes);
  EXPECT_FALSE(m.has_value());
  return m ? Errc::BadValue : m.error().code;
}

TEST(MessageMalformed, RejectsTruncatedHeader) {
  EXPECT_EQ(decode_error(hex("123401000001")), Errc::Truncated);
}

TEST(MessageMalformed, RejectsMissingQuestion) {
  EXPECT_EQ(decode_error(header(1, 0, 0, 0)), Errc::Truncated);
}

TEST(MessageMalformed, RejectsPointerLoopInQuestion) {
  EXPECT_EQ(decode_error(with(header(1, 0, 0, 0), "c00c00010001")), Errc::BadPointer);
}

TEST(MessageMalformed, RejectsForwardPointer) {
  EXPECT_EQ(decode_error(with(header(1, 0, 0, 0), "c012000100010161000001")), Errc::BadPointer);
}

TEST(MessageMalformed, RejectsLabelLengthOver63) {
  EXPECT_EQ(decode_error(with(header(1, 0, 0, 0), "40" + std::string(128, '6') + "0000010001")),
            Errc::BadLabelType);
}

TEST(MessageMalformed, RejectsNameOver255Bytes) {
  std::string name;
  for (int i = 0; i < 5; ++i) name += "3f" + std::string(126, '6');
  EXPECT_EQ(decode_error(with(header(1, 0, 0, 0), name + "0000010001")), Errc::NameTooLong);
}

TEST(MessageMalformed, RejectsRdlengthLongerThanMessage) {
  EXPECT_EQ(decode_error(with(header(0, 1, 0, 0),
                              "00"
                              "0001"
                              "0001"
                              "00000001"
                              "0008"
                              "c0000201")),
            Errc::Truncated);
}

TEST(MessageMalformed, RejectsRdlengthShorterThanRdata) {
  // An A with rdlength 3, then one more byte.
  EXPECT_EQ(decode_error(with(header(0, 1, 0, 0),
                              "00"
                              "0001"
                              "0001"
                              "00000001"
                              "0003"
                              "c00002"
                              "01")),
            Errc::Truncated);
}

TEST(MessageMalformed, RejectsRdlengthLongerThanRdata) {
  // An MX whose rdlength covers one byte past its name.
  EXPECT_EQ(decode_error(with(header(0, 1, 0, 0),
                              "00"
                              "000f"
                              "0001"
                              "00000001"
                              "0005"
                              "0001"
                              "00"
                              "ffff")),
            Errc::TrailingData);
}

TEST(MessageMalformed, RejectsTrailingBytes) {
  EXPECT_EQ(decode_error(with(header(0, 0, 0, 0), "00")), Errc::TrailingData);
}

TEST(MessageMalformed, RejectsTwoOptRecords) {
  const std::string opt =
      "00"
      "0029"
      "04d0"
      "00000000"
      "0000";
  EXPECT_EQ(decode_error(with(header(0, 0, 0, 2), opt + opt)), Errc::BadOpt);
}

TEST(MessageMalformed, RejectsOptOutsideAdditionalOrNotAtRoot) {
  EXPECT_EQ(decode_error(with(header(0, 1, 0, 0),
                              "00"
                              "0029"
                              "04d0"
                              "00000000"
                              "0000")),
            Errc::BadOpt);
  EXPECT_EQ(decode_error(with(header(0, 0, 0, 1),
                              "016100"
                              "0029"
                              "04d0"
                              "00000000"
                              "0000")),
            Errc::BadOpt);
}

TEST(MessageMalformed, RejectsOptionLongerThanOptRdata) {
  EXPECT_EQ(decode_error(with(header(0, 0, 0, 1),
                              "00"
                              "0029"
                              "04d0"
                              "00000000"
                              "0004"
                              "000a0008")),
            Errc::Truncated);
}

TEST(MessageEdns, CarriesExtendedRcodeInOpt) {
  Message m;
  m.rcode = dns::Rcode::BadVers;
  m.edns.emplace();
  auto bytes = m.encode();
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ((*bytes)[3] & 15, 0);  // 16 = 1 << 4: all in the OPT's extended bits
  auto back = Message::decode(*bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->rcode, dns::Rcode::BadVers);
}

TEST(MessageEdns, RefusesExtendedRcodeWithoutEdns) {
  Message m;
  m.rcode = dns::Rcode::BadCookie;
  EXPECT_EQ(m.encode().error().code, Errc::BadValue);
}

TEST(MessageEdns, RoundTripsOptionHelpers) {
  dns::Cookie cookie{{1, 2, 3, 4, 5, 6, 7, 8}, dns::Bytes(16, 9)};
  EXPECT_EQ(*dns::parse_cookie(dns::make_option(cookie)), cookie);
  EXPECT_FALSE(dns::parse_cookie({dns::option::kCookie, dns::Bytes(9, 0)}).has_value());
  EXPECT_EQ(*dns::parse_keepalive(dns::make_keepalive(300)), std::optional<std::uint16_t>(300));
  EXPECT_EQ(*dns::parse_keepalive(dns::make_keepalive()), std::nullopt);
  EXPECT_FALSE(dns::parse_keepalive({dns::option::kKeepalive, {1}}).has_value());
  EXPECT_EQ(dns::make_padding(5).data, dns::Bytes(5, 0));
  dns::ExtendedError ede{18, "prohibited"};
  EXPECT_EQ(*dns::parse_extended_error(dns::make_option(ede)), ede);
}

TEST(MessageEdns, PadsToBlockSize) {
  dns::MessageEncoder e(65535);
  e.set_header({.id = 1, .qr = true});
  e.set_edns(dns::Edns{}, 468);
  ASSERT_TRUE(e.add_question({name("www.example.com."), Type::A}));
  auto bytes = e.finish();
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(bytes->size(), 468u);
  auto back = Message::decode(*bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_NE(back->edns->find(dns::option::kPadding), nullptr);
}

Message big_response() {
  Message m;
  m.header = {.id = 9, .qr = true};
  m.questions.push_back({name("big.example."), Type::TXT});
  for (int set = 0; set < 4; ++set) {
    for (int i = 0; i < 5; ++i) {
      m.answers.push_back(record("big" + std::to_string(set) + ".example. 60 IN TXT \"" +
                                 std::string(40, static_cast<char>('a' + i)) + "\""));
    }
  }
  m.additional.push_back(record("x.example. 60 IN A 192.0.2.1"));
  m.edns.emplace();
  return m;
}

TEST(MessageTruncation, DropsWholeRRsetsAndSetsTc) {
  const Message m = big_response();
  auto bytes = m.encode(512);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_LE(bytes->size(), 512u);
  auto back = Message::decode(*bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->header.tc);
  EXPECT_EQ(back->answers.size() % 5, 0u);  // whole RRsets of five
  EXPECT_GT(back->answers.size(), 0u);
  EXPECT_LT(back->answers.size(), m.answers.size());
  EXPECT_TRUE(back->additional.empty());
  EXPECT_TRUE(back->edns.has_value());  // OPT always fits: its room was set aside
}

TEST(MessageTruncation, FitsWithoutTcWhenLimitAllows) {
  auto bytes = big_response().encode(65535);
  ASSERT_TRUE(bytes.has_value());
  auto back = Message::decode(*bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_FALSE(back->header.tc);
  EXPECT_EQ(*back, big_response());
}

TEST(MessageTruncation, LeavesOutAdditionalWithoutTc) {
  Message m;
  m.answers.push_back(record("a.example. 1 IN A 192.0.2.1"));
  m.additional.push_back(record("b.example. 1 IN TXT \"" + std::string(200, 'x') + "\""));
  auto bytes = m.encode(100);
  ASSERT_TRUE(bytes.has_value());
  auto back = Message::decode(*bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_FALSE(back->header.tc);
  EXPECT_EQ(back->answers.size(), 1u);
  EXPECT_TRUE(back->additional.empty());
}

TEST(MessageTruncation, ReportsNoRoomWhenQuestionDoesNotFit) {
  Message m;
  m.questions.push_back({name("www.example.com."), Type::A});
  EXPECT_EQ(m.encode(20).error().code, Errc::NoRoom);
}

TEST(MessageEncoder, GrowsPastFirstBufferUpToLimit) {
  Message m;
  for (int i = 0; i < 100; ++i)
    m.answers.push_back(record("n" + std::to_string(i) + ".example. 1 IN A 192.0.2.1"));
  auto bytes = m.encode(65535);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_GT(bytes->size(), 512u);
  EXPECT_EQ(Message::decode(*bytes)->answers.size(), 100u);
}

TEST(MessageEncoder, FailsOnFieldOverItsLimit) {
  Message m;
  dns::Txt txt{{std::string(300, 'x')}};
  m.answers.push_back({name("a."), dns::Class::IN, 1, txt});
  EXPECT_EQ(m.encode().error().code, Errc::BadValue);
}

TEST(Message, MakesResponseSkeleton) {
  auto q = Message::decode(hex(kQuery));
  ASSERT_TRUE(q.has_value());
  const Message r = q->make_response();
  EXPECT_EQ(r.header.id, 0x1234);
  EXPECT_TRUE(r.header.qr);
  EXPECT_TRUE(r.header.rd);
  EXPECT_EQ(r.questions, q->questions);
  ASSERT_TRUE(r.edns.has_value());
  EXPECT_TRUE(r.edns->dnssec_ok);
}

TEST(Message, RecordsWhereTrailingTsigStarts) {
  Message m;
  m.additional.push_back(record("a. 1 IN A 192.0.2.1"));
  m.additional.push_back({name("key."), dns::Class::ANY, 0, dns::Unknown{Type::TSIG, {1, 2, 3}}});
  auto bytes = m.encode();
  ASSERT_TRUE(bytes.has_value());
  auto back = Message::decode(*bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->tsig_offset, 12u + 3 + 10 + 4);  // header, then "a." and its A record
}

}  // namespace
