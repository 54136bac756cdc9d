#include <dns/rdata.hpp>

#include <string>
#include <vector>

#include "support.hpp"

namespace {

using dns::Type;
using dns_test::hex;
using dns_test::hex_of;

struct Sample {
  const char* type;
  const char* text;  // our presentation form (what we print)
  const char* wire;  // the rdata as dnspython 2.3 encodes it
};

// Wire forms generated with dnspython 2.3 (dns.rdata.from_text(...).to_wire()).
const Sample kSamples[] = {
    {"A", "192.0.2.1", "c0000201"},
    {"AAAA", "2001:db8::1", "20010db8000000000000000000000001"},
    {"NS", "ns1.example.", "036e7331076578616d706c6500"},
    {"CNAME", "target.example.", "06746172676574076578616d706c6500"},
    {"PTR", "host.example.", "04686f7374076578616d706c6500"},
    {"DNAME", "other.example.", "056f74686572076578616d706c6500"},
    {"SOA", "ns1.example. hostmaster.example. 2024010101 7200 3600 1209600 300",
     "036e7331076578616d706c65000a686f73746d6173746572076578616d706c650078a3f17500001c2000000e"
     "10001275000000012c"},
    {"MX", "10 mail.example.", "000a046d61696c076578616d706c6500"},
    {"TXT", "\"hello world\" \"second \\\"quoted\\\" string\"",
     "0b68656c6c6f20776f726c64167365636f6e64202271756f7465642220737472696e67"},
    {"HINFO", "\"PC-Intel-700mhz\" \"NetBSD 1.4\"",
     "0f50432d496e74656c2d3730306d687a0a4e657442534420312e34"},
    {"SRV", "0 5 5060 sipserver.example.", "0000000513c409736970736572766572076578616d706c6500"},
    {"CAA", "0 issue \"letsencrypt.org\"", "000569737375656c657473656e63727970742e6f7267"},
    {"TLSA", "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6",
     "0301010c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6"},
    {"SSHFP", "4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789",
     "0402123456789abcdef67890123456789abcdef67890123456789abcdef123456789"},
    {"DS", "60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118",
     "ec4505012bb183af5f22588179a53b0a98631fad1a292118"},
    {"DNSKEY",
     "256 3 8 AwEAAcNEU67LJI5GEgF9QLNqLO1SMq1EdoQ6E9f85ha0k0ewQGCblyW2836GiVsm6k8Kr5ECIoMJ6fZWf3CQ"
     "SQ9ycWfTyOHfmI3eQ/1Covhb2y4bAmL/07PhrL7ozWBW3wBfM335Ft9xjtXHPy7ztCbV9qZ4TVDTW/Iyg0PiwgoXVesz",
     "0100030803010001c34453aecb248e4612017d40b36a2ced5232ad4476843a13d7fce616b49347b040609b9725b6"
     "f37e86895b26ea4f0aaf9102228309e9f6567f7090490f727167d3c8e1df988dde43fd42a2f85bdb2e1b0262ffd3"
     "b3e1acbee8cd6056df005f337df916df718ed5c73f2ef3b426d5f6a6784d50d35bf2328343e2c20a1755eb33"},
    {"RRSIG",
     "A 8 2 3600 20240201000000 20240101000000 12345 example. AwEAAcNEU67LJI5GEgF9QLNqLO1SMq1EdoQ6"
     "E9f85ha0k0ewQGCblyW2836GiVsm6k8Kr5ECIoMJ6fZWf3CQSQ9ycWfTyOHfmI3eQ/1Covhb2y4bAmL/07PhrL7ozWBW"
     "3wBfM335Ft9xjtXHPy7ztCbV9qZ4TVDTW/Iyg0PiwgoXVesz",
     "0001080200000e1065badf00659200803039076578616d706c650003010001c34453aecb248e4612017d40b36a2c"
     "ed5232ad4476843a13d7fce616b49347b040609b9725b6f37e86895b26ea4f0aaf9102228309e9f6567f7090490f"
     "727167d3c8e1df988dde43fd42a2f85bdb2e1b0262ffd3b3e1acbee8cd6056df005f337df916df718ed5c73f2ef3"
     "b426d5f6a6784d50d35bf2328343e2c20a1755eb33"},
    {"NSEC", "host.example. A MX RRSIG NSEC TYPE1234",
     "04686f7374076578616d706c65000006400100000003041b000000000000000000000000000000000000000000"
     "000000000020"},
    {"NSEC3", "1 1 12 aabbccdd 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG",
     "0101000c04aabbccdd1417f3df17b2b2adaef615257de4d2020b80ac6c7c0006400000000002"},
    {"NSEC3PARAM", "1 0 12 aabbccdd", "0100000c04aabbccdd"},
    {"SVCB", "1 svc.example. alpn=\"h2,h3\" port=8443 ipv4hint=192.0.2.1,192.0.2.2",
     "000103737663076578616d706c6500000100060268320268330003000220fb00040008c0000201c0000202"},
    {"HTTPS",
     "1 . alpn=\"h3\" "
     "ech=AEj+DQBEAQAgACBiP1QrU0Kfyi7rD2D9sUFtHmLEnjr3ZH6W9LY+2oGOMAAEAAEAAQAVY2xvdW"
     "RmbGFyZS1lY2guY29tAAA= ipv6hint=2001:db8::1",
     "00010000010003026833000500470048fe0d00440100200020623f542b53429fca2eeb0f60fdb1416d1e62c49e3a"
     "f7647e96f4b63eda818e300004000100010015636c6f7564666c6172652d6563682e636f6d00000006001020010d"
     "b8000000000000000000000001"},
    {"LOC", "42 21 54.000 N 71 6 18.000 W -24.00m 30.00m 10000.00m 10.00m",
     "0033161389172dd070be15f000988d20"},
    {"NULL", "\\# 4 deadbeef", "deadbeef"},
    {"TYPE65280", "\\# 3 010203", "010203"},
};

class EveryType : public testing::TestWithParam<Sample> {};

TEST_P(EveryType, EncodesTextToKnownWireBytes) {
  const Sample& s = GetParam();
  const Type type = *dns::parse_type(s.type);
  auto rdata = dns::parse_rdata(type, s.text);
  ASSERT_TRUE(rdata.has_value()) << rdata.error().message;
  EXPECT_EQ(dns::type_of(*rdata), type);
  cstruct::Writer w;
  dns::encode_rdata(w, *rdata);
  EXPECT_EQ(hex_of(*w.finish_span()), s.wire);
}

TEST_P(EveryType, DecodesKnownWireBytesToText) {
  const Sample& s = GetParam();
  auto rdata = dns::decode_rdata(*dns::parse_type(s.type), hex(s.wire));
  ASSERT_TRUE(rdata.has_value()) << describe(rdata.error());
  EXPECT_EQ(dns::to_string(*rdata), s.text);
}

TEST_P(EveryType, RoundTripsTextWireText) {
  const Sample& s = GetParam();
  const Type type = *dns::parse_type(s.type);
  auto rdata = dns::parse_rdata(type, s.text);
  ASSERT_TRUE(rdata.has_value());
  cstruct::Writer w;
  dns::encode_rdata(w, *rdata);
  auto back = dns::decode_rdata(type, *w.finish_span());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, *rdata);
  auto again = dns::parse_rdata(type, dns::to_string(*back));
  ASSERT_TRUE(again.has_value()) << dns::to_string(*back);
  EXPECT_EQ(*again, *rdata);
}

TEST_P(EveryType, AcceptsGenericFormForAnyType) {
  const Sample& s = GetParam();
  const Type type = *dns::parse_type(s.type);
  const std::string generic =
      "\\# " + std::to_string(std::string(s.wire).size() / 2) + " " + s.wire;
  auto rdata = dns::parse_rdata(type, generic);
  ASSERT_TRUE(rdata.has_value()) << rdata.error().message;
  EXPECT_EQ(dns::to_string(*rdata), s.text);
}

TEST_P(EveryType, RejectsTruncationsOrKeepsEveryByte) {
  const Sample& s = GetParam();
  const Type type = *dns::parse_type(s.type);
  const auto wire = hex(s.wire);
  // Types ending in a variable part (strings, bytes, bitmaps, parameters) may accept a
  // shorter rdata; it must then encode back to exactly those bytes. The others must fail.
  const bool variable_tail = type == Type::TXT || type == Type::CAA || type == Type::TLSA ||
                             type == Type::SSHFP || type == Type::DS || type == Type::DNSKEY ||
                             type == Type::RRSIG || type == Type::NSEC || type == Type::NSEC3 ||
                             type == Type::SVCB || type == Type::HTTPS || type == Type::NULL_ ||
                             type == Type{65280};
  for (std::size_t n = 0; n < wire.size(); ++n) {
    const auto prefix = std::span(wire).first(n);
    auto r = dns::decode_rdata(type, prefix);
    if (!r) continue;
    EXPECT_TRUE(variable_tail) << s.type << " accepted " << n << " of " << wire.size() << " bytes";
    cstruct::Writer w;
    dns::encode_rdata(w, *r);
    EXPECT_EQ(hex_of(*w.finish_span()), hex_of(prefix));
  }
}

INSTANTIATE_TEST_SUITE_P(Rdata, EveryType, testing::ValuesIn(kSamples),
                         [](const auto& info) { return std::string(info.param.type); });

TEST(Rdata, RejectsTrailingBytesInsideRdlength) {
  auto r = dns::decode_rdata(Type::A, hex("c000020100"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, dns::Errc::TrailingData);
}

TEST(Rdata, RejectsCompressionPointerInStandaloneRdata) {
  EXPECT_EQ(dns::decode_rdata(Type::NS, hex("c000")).error().code, dns::Errc::BadPointer);
}

TEST(Rdata, RejectsBadTypeBitmapWindows) {
  // Window 1 then window 0: out of order.
  EXPECT_FALSE(dns::decode_rdata(Type::NSEC, hex("00"
                                                 "010140"
                                                 "000140"))
                   .has_value());
  // A window of length 0 and one of 33.
  EXPECT_FALSE(dns::decode_rdata(Type::NSEC, hex("00"
                                                 "0000"))
                   .has_value());
  EXPECT_FALSE(dns::decode_rdata(Type::NSEC, hex("00"
                                                 "0021" +
                                                 std::string(66, '0')))
                   .has_value());
}

TEST(Rdata, RejectsSvcParamsOutOfOrderOrMalformed) {
  // port (3) before alpn (1).
  EXPECT_FALSE(dns::decode_rdata(Type::SVCB, hex("000100"
                                                 "0003000201bb"
                                                 "0001000302683200"))
                   .has_value());
  // port with three bytes.
  EXPECT_FALSE(dns::decode_rdata(Type::SVCB, hex("000100"
                                                 "000300030001bb"))
                   .has_value());
}

TEST(Rdata, RejectsLocWithBadPrecision) {
  EXPECT_FALSE(dns::decode_rdata(Type::LOC, hex("00a3161389172dd070be15f000988d20")).has_value());
  EXPECT_FALSE(dns::decode_rdata(Type::LOC, hex("0133161389172dd070be15f000988d20")).has_value());
}

TEST(RdataText, SaysWhatWasExpected) {
  EXPECT_EQ(dns::parse_rdata(Type::A, "1.2.3").error().message,
            "expected an IPv4 address, got '1.2.3'");
  EXPECT_EQ(dns::parse_rdata(Type::MX, "10").error().message,
            "expected a domain name, got end of line");
  EXPECT_EQ(dns::parse_rdata(Type::MX, "70000 a.").error().message,
            "expected a number from 0 to 65535, got '70000'");
  EXPECT_EQ(dns::parse_rdata(Type::A, "192.0.2.1 extra").error().message,
            "expected end of rdata, got 'extra'");
  EXPECT_EQ(dns::parse_rdata(Type{65280}, "abc").error().message,
            "expected \\# and generic rdata for type TYPE65280, got 'abc'");
}

TEST(RdataText, RejectsGenericFormWithWrongLength) {
  EXPECT_FALSE(dns::parse_rdata(Type::A, "\\# 5 c0000201").has_value());
  EXPECT_FALSE(dns::parse_rdata(Type::A, "\\# 3 c00002").has_value());  // an A is 4 bytes
}

TEST(RdataText, CompletesRelativeNamesWithOrigin) {
  auto mx = dns::parse_rdata(Type::MX, "5 mail", dns_test::name("example.net."));
  ASSERT_TRUE(mx.has_value());
  EXPECT_EQ(dns::to_string(*mx), "5 mail.example.net.");
}

TEST(RdataText, ReadsSoaTimersWithUnits) {
  auto soa = dns::parse_rdata(Type::SOA, "ns. host. 1 1h 30m 1w 1d");
  ASSERT_TRUE(soa.has_value());
  EXPECT_EQ(dns::to_string(*soa), "ns. host. 1 3600 1800 604800 86400");
}

TEST(RdataText, RejectsTxtStringOver255Bytes) {
  EXPECT_TRUE(dns::parse_rdata(Type::TXT, std::string(255, 'a')).has_value());
  EXPECT_FALSE(dns::parse_rdata(Type::TXT, std::string(256, 'a')).has_value());
}

TEST(RdataText, EscapesNonPrintableBytesInStrings) {
  auto txt = dns::decode_rdata(Type::TXT, hex("0461000a22"));
  ASSERT_TRUE(txt.has_value());
  EXPECT_EQ(dns::to_string(*txt), "\"a\\000\\010\\\"\"");
  EXPECT_EQ(*dns::parse_rdata(Type::TXT, dns::to_string(*txt)), *txt);
}

TEST(RdataText, ParsesSvcbKeysInAnyOrderAndSortsThem) {
  auto a = dns::parse_rdata(
      Type::SVCB, "1 . port=53 mandatory=port,alpn alpn=dot no-default-alpn key65000=\"x y\"");
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(dns::to_string(*a),
            "1 . mandatory=alpn,port alpn=\"dot\" no-default-alpn port=53 key65000=\"x y\"");
  EXPECT_FALSE(dns::parse_rdata(Type::SVCB, "1 . port=1 port=2").has_value());
  EXPECT_FALSE(dns::parse_rdata(Type::SVCB, "1 . port").has_value());
}

TEST(RdataText, ReadsAlpnValuesWithEscapedCommas) {
  auto a = dns::parse_rdata(Type::HTTPS, "1 . alpn=\"a\\\\,b,c\"");
  ASSERT_TRUE(a.has_value()) << a.error().message;
  const auto& params = std::get<dns::Https>(*a).params;
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(hex_of(params[0].value),
            "03612c6201"
            "63");
  EXPECT_EQ(*dns::parse_rdata(Type::HTTPS, dns::to_string(*a)), *a);
}

TEST(RdataText, ReadsLocWithDefaults) {
  auto loc = dns::parse_rdata(Type::LOC, "52 22 23.000 N 4 53 32.000 E -2.00m");
  ASSERT_TRUE(loc.has_value()) << loc.error().message;
  EXPECT_EQ(dns::to_string(*loc), "52 22 23.000 N 4 53 32.000 E -2.00m 1.00m 10000.00m 10.00m");
  auto short_form = dns::parse_rdata(Type::LOC, "52 N 4 E 10m");
  ASSERT_TRUE(short_form.has_value()) << short_form.error().message;
  EXPECT_EQ(dns::to_string(*short_form), "52 0 0.000 N 4 0 0.000 E 10.00m 1.00m 10000.00m 10.00m");
}

TEST(RdataText, ReadsRrsigTimesAsDatesOrSeconds) {
  auto a = dns::parse_rdata(Type::RRSIG, "A 8 2 3600 1706745600 20240101000000 1 . AAAA");
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(std::get<dns::Rrsig>(*a).expiration, 1706745600u);
  EXPECT_EQ(dns::to_string(*a), "A 8 2 3600 20240201000000 20240101000000 1 . AAAA");
}

TEST(RdataCanonical, LowersNamesOfRfc4034Types) {
  cstruct::Writer w;
  dns::encode_rdata(w, *dns::parse_rdata(Type::MX, "1 MAIL.Example."), true);
  EXPECT_EQ(hex_of(*w.finish_span()), "0001046d61696c076578616d706c6500");
  cstruct::Writer n;
  dns::encode_rdata(n, *dns::parse_rdata(Type::NSEC, "Host.Example. A"), true);
  EXPECT_EQ(hex_of(*n.finish_span()), "04486f7374074578616d706c6500000140");  // RFC 6840 §5.1
}

TEST(Dnskey, ComputesKeyTagOfRfc4034Appendix) {
  auto key = dns::parse_rdata(Type::DNSKEY, kSamples[15].text);
  ASSERT_TRUE(key.has_value());
  // dnspython: dns.dnssec.key_id() of the same key.
  EXPECT_EQ(std::get<dns::Dnskey>(*key).key_tag(), 12051);
}

}  // namespace
