// Speed of the paths a server and a client take: decoding and encoding a typical response,
// answering a query from a zone, and reading zone files (bytes/s = zone-file MB/s).
#include <dns/dns.hpp>

#include <cstruct/hexdump.hpp>

#include <benchmark/benchmark.h>

#include <string>

namespace {

// dnspython's encoding of a response: question, CNAME, 2 A, 2 NS, glue, EDNS (NSID, EDE).
const auto kResponse = *cstruct::of_hex(
    "12348500000100030002000203777777076578616d706c6503636f6d0000010001c00c000500010000012c0006"
    "03776562c010c02d000100010000012c0004c0000201c02d000100010000012c0004c0000202c0100002000100"
    "000e100006036e7331c010c0100002000100000e100011036e7332076578616d706c65036e657400c05f000100"
    "0100000e100004c000023500002904d0000080000012000300046e732d61000f000600066f6f7073");

void BM_DecodeResponse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(dns::Message::decode(kResponse));
}
BENCHMARK(BM_DecodeResponse);

void BM_EncodeResponse(benchmark::State& state) {
  const auto m = *dns::Message::decode(kResponse);
  for (auto _ : state) benchmark::DoNotOptimize(m.encode(1232));
}
BENCHMARK(BM_EncodeResponse);

void BM_DecodeEncodeResponse(benchmark::State& state) {
  for (auto _ : state) {
    auto m = dns::Message::decode(kResponse);
    benchmark::DoNotOptimize(m->encode(1232));
  }
}
BENCHMARK(BM_DecodeEncodeResponse);

// A zone of n hosts, each with A, AAAA, TXT and an MX, plus CNAMEs and a wildcard.
std::string zone_text(int n) {
  std::string z =
      "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
      "@ NS ns1\n@ NS ns2.example.net.\nns1 A 192.0.2.53\n*.wild TXT \"wildcard\"\n";
  for (int i = 0; i < n; ++i) {
    const std::string h = "host" + std::to_string(i);
    const std::string octet = std::to_string(i % 250 + 1);
    z += h + " 300 IN A 192.0.2." + octet + "\n";
    z += h + " AAAA 2001:db8::" + octet + "\n";
    z += h + " TXT \"v=spf1 ip4:192.0.2." + octet + " -all\"\n";
    z += h + " MX 10 mail." + h + "\n";
    z += "www." + h + " CNAME " + h + "\n";
  }
  return z;
}

void BM_ParseZoneFile(benchmark::State& state) {
  const std::string text = zone_text(static_cast<int>(state.range(0)));
  dns::ZoneFileOptions options;
  std::size_t records = 0;
  const dns::RecordSink sink = [&](dns::Record&&) -> dns::TextResult<void> {
    ++records;
    return {};
  };
  for (auto _ : state) {
    auto ok = dns::parse_zone_file(text, options, sink);
    if (!ok) state.SkipWithError(ok.error().describe().c_str());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["records/s"] =
      benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseZoneFile)->Arg(20000)->Unit(benchmark::kMillisecond);

// The server's query path without sockets: decode a query, look it up, encode the answer.
void BM_AnswerQuery(benchmark::State& state) {
  auto records = dns::parse_zone_file(zone_text(10000));
  const auto zone = *dns::Zone::from_records(*dns::Name::parse("example.com."), *records);
  dns::Message query;
  query.header.id = 7;
  query.questions.push_back({*dns::Name::parse("www.host4242.example.com."), dns::Type::A});
  query.edns.emplace();
  const auto wire = *query.encode();
  for (auto _ : state) {
    auto q = dns::Message::decode(wire);
    const auto& question = q->questions.front();
    const auto result = zone.lookup(question.name, question.type);
    dns::MessageEncoder e(q->edns ? q->edns->udp_payload_size : 512);
    e.set_header({.id = q->header.id, .qr = true, .aa = result.authoritative(), .rd = q->header.rd},
                 result.rcode());
    e.set_edns(dns::Edns{});
    e.add_question(question);
    for (const auto& ref : result.answer) {
      e.add_rrset(dns::Section::Answer, *ref.owner, ref.rrset->type, ref.rrset->rclass, ref.ttl,
                  ref.rrset->rdatas);
    }
    for (const auto& ref : result.authority) {
      e.add_rrset(dns::Section::Authority, *ref.owner, ref.rrset->type, ref.rrset->rclass, ref.ttl,
                  ref.rrset->rdatas);
    }
    benchmark::DoNotOptimize(e.finish());
  }
}
BENCHMARK(BM_AnswerQuery);

}  // namespace

BENCHMARK_MAIN();
