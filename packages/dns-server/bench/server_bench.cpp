// Time per query through Server::handle (decode, lookup, encode): a positive answer, an
// NXDOMAIN, a referral, a wildcard, and the same with the NS RRset added (non-minimal),
// on a zone of 10000 hosts; and a 10000-host AXFR. The network's share is measured by
// bench/dnsperf_bench.py against NSD.
#include <dns-server/server.hpp>

#include <dns/message.hpp>
#include <dns/zone_file.hpp>

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

dns_server::Server make_server(bool authority_ns) {
  dns_server::Config config;
  config.authority_ns = authority_ns;
  config.transfers = dns_server::TransferPolicy::Allow;
  dns_server::Server server(std::move(config));
  std::string text = "$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ NS ns1\n@ NS ns2\n"
                     "ns1 A 192.0.2.1\nns2 A 192.0.2.2\ndeleg NS ns.deleg\nns.deleg A 192.0.2.53\n"
                     "*.wild TXT \"wildcard\"\n";
  for (int i = 0; i < 10000; ++i) {
    const std::string h = "host" + std::to_string(i);
    text += h + " A 10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256) + "\n" + h +
            " AAAA 2001:db8::" + std::to_string(i) + "\n";
  }
  const auto origin = *dns::Name::parse("example.com.");
  auto loaded = dns_server::load_zone(server, {origin, "bench.zone", text});
  if (!loaded) std::abort();
  return server;
}

std::vector<std::uint8_t> query(const char* name, dns::Type type) {
  dns::Message m;
  m.header.id = 1;
  m.questions.push_back({*dns::Name::parse(name), type, dns::Class::IN});
  m.edns.emplace();
  auto b = *m.encode();
  return {b.begin(), b.end()};
}

void answer(benchmark::State& state, const char* name, dns::Type type, bool authority_ns) {
  auto server = make_server(authority_ns);
  const auto q = query(name, type);
  for (auto _ : state) benchmark::DoNotOptimize(server.handle(q, dns_server::Transport::Udp));
  state.SetItemsProcessed(state.iterations());
}

void BM_Answer(benchmark::State& s) { answer(s, "host5000.example.com.", dns::Type::A, false); }
void BM_AnswerWithAuthorityNs(benchmark::State& s) { answer(s, "host5000.example.com.", dns::Type::A, true); }
void BM_NxDomain(benchmark::State& s) { answer(s, "nothere.example.com.", dns::Type::A, false); }
void BM_Referral(benchmark::State& s) { answer(s, "www.deleg.example.com.", dns::Type::A, false); }
void BM_Wildcard(benchmark::State& s) { answer(s, "a.b.wild.example.com.", dns::Type::TXT, false); }
void BM_Refused(benchmark::State& s) { answer(s, "www.example.org.", dns::Type::A, false); }
BENCHMARK(BM_Answer);
BENCHMARK(BM_AnswerWithAuthorityNs);
BENCHMARK(BM_NxDomain);
BENCHMARK(BM_Referral);
BENCHMARK(BM_Wildcard);
BENCHMARK(BM_Refused);

void BM_Axfr10000Hosts(benchmark::State& state) {
  auto server = make_server(false);
  const auto q = query("example.com.", dns::Type::AXFR);
  for (auto _ : state) benchmark::DoNotOptimize(server.handle(q, dns_server::Transport::Tcp));
}
BENCHMARK(BM_Axfr10000Hosts)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
