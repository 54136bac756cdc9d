// Fuzzes the server's query path: any bytes, as a query over UDP and over TCP, to a server
// holding a fixed zone (wildcards, CNAMEs, a DNAME, a delegation, a large RRset) with
// transfers allowed and a TSIG key. It must never crash; every response must decode, be a
// response (QR) with the query's id, fit the transport (UDP: 512 bytes, or the EDNS size
// we allow), and a transfer must begin and end with the SOA. Both response styles are
// fuzzed: minimal, and with the zone's NS RRset in the authority section. A third server
// rate-limits (a tight limit, a small table): the same input from clients taken from its
// bytes, at a clock that advances; a UDP answer is then nothing or one valid response.
#include <dns-server/server.hpp>

#include <dns/message.hpp>
#include <dns/zone_file.hpp>

#include <cstdio>
#include <cstdlib>
#include <optional>

#define FUZZ_CHECK(cond)                                                            \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (false)

namespace {

constexpr const char* kZone = R"($TTL 3600
@         SOA   ns1 hostmaster 1 7200 3600 1209600 300
@         NS    ns1
@         NS    ns.other.test.
@         MX    10 mail
ns1       A     192.0.2.1
mail      A     192.0.2.25
mail      AAAA  2001:db8::25
www       A     192.0.2.80
alias     CNAME www
loop1     CNAME loop2
loop2     CNAME loop1
*         TXT   "wildcard"
*.w       MX    10 mail
dname     DNAME example.net.
deleg     NS    ns.deleg
ns.deleg  A     192.0.2.53
_s._tcp   SRV   0 0 1 www
big       TXT   "0123456789012345678901234567890123456789012345678901234567890123456789"
big       TXT   "1123456789012345678901234567890123456789012345678901234567890123456789"
big       TXT   "2123456789012345678901234567890123456789012345678901234567890123456789"
big       TXT   "3123456789012345678901234567890123456789012345678901234567890123456789"
big       TXT   "4123456789012345678901234567890123456789012345678901234567890123456789"
big       TXT   "5123456789012345678901234567890123456789012345678901234567890123456789"
big       TXT   "6123456789012345678901234567890123456789012345678901234567890123456789"
big       TXT   "7123456789012345678901234567890123456789012345678901234567890123456789"
)";

// Two servers on the same zone: minimal responses, and the NS RRset in authority.
dns_server::Server* make_server(bool authority_ns, bool rate_limited = false) {
  dns_server::Config c;
  if (rate_limited) {
    c.rate_limit.responses_per_second = 2;
    c.rate_limit.errors_per_second = 1;
    c.rate_limit.max_entries = 16;
  }
  c.authority_ns = authority_ns;
  c.transfers = dns_server::TransferPolicy::Allow;
  c.transfer_message_size = 1024;
  c.nsid = {'f', 'u', 'z', 'z'};
  c.tcp_keepalive = 50;
  auto key = dns::tsig::Key::parse("hmac-sha256:fuzz-key:ZnV6eiBzZWNyZXQ=");
  FUZZ_CHECK(key.has_value());
  c.keys.add(*key);
  auto* server = new dns_server::Server(std::move(c));  // lives for the whole run
  const auto origin = *dns::Name::parse("example.com.");
  auto records = dns::parse_zone_file(kZone, {.origin = origin});
  FUZZ_CHECK(records.has_value());
  auto zone = dns::Zone::from_records(origin, *records);
  FUZZ_CHECK(zone.has_value());
  FUZZ_CHECK(server->add_zone(std::move(*zone)).has_value());
  return server;
}

void check(dns_server::Server& server, std::span<const std::uint8_t> query,
           dns_server::Transport transport) {
  auto out = server.handle(query, transport, 1700000000);
  if (query.size() < 12 || (query[2] & 0x80) != 0) {
    FUZZ_CHECK(out.empty());
    return;
  }
  FUZZ_CHECK(!out.empty());
  const auto q = dns::Message::decode(query);
  const bool is_transfer = out.size() > 1;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto& bytes = out[i];
    if (transport == dns_server::Transport::Udp) {
      const std::size_t allowed = q && q->edns ? 1232 : 512;
      FUZZ_CHECK(bytes.size() <= allowed);
      FUZZ_CHECK(out.size() == 1);
    }
    auto r = dns::Message::decode(bytes.span());
    if (!r) std::fprintf(stderr, "response %zu does not decode\n", i);
    FUZZ_CHECK(r.has_value());
    FUZZ_CHECK(r->header.qr);
    FUZZ_CHECK(r->header.id == static_cast<std::uint16_t>(query[0] << 8 | query[1]));
    if (is_transfer) {
      FUZZ_CHECK(!r->header.tc);
      if (i == 0) FUZZ_CHECK(!r->answers.empty() && r->answers.front().type() == dns::Type::SOA);
      if (i + 1 == out.size())
        FUZZ_CHECK(!r->answers.empty() && r->answers.back().type() == dns::Type::SOA);
    }
  }
}

// The rate-limited server: at most one response over UDP, a valid one with the query's id.
void check_limited(dns_server::Server& server, std::span<const std::uint8_t> query, std::uint64_t now) {
  const std::size_t take = query.size() >= 16 && (query[0] & 1) ? 16 : 4;
  std::uint8_t client[16] = {};
  for (std::size_t i = 0; i < take && i < query.size(); ++i) client[i] = query[query.size() - 1 - i];
  auto out = server.handle(query, dns_server::Transport::Udp, now, std::span<const std::uint8_t>(client, take));
  FUZZ_CHECK(out.size() <= 1);
  if (out.empty()) return;
  FUZZ_CHECK(query.size() >= 12 && (query[2] & 0x80) == 0);
  auto r = dns::Message::decode(out.front().span());
  FUZZ_CHECK(r.has_value());
  FUZZ_CHECK(r->header.qr);
  FUZZ_CHECK(r->header.id == static_cast<std::uint16_t>(query[0] << 8 | query[1]));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static dns_server::Server* minimal = make_server(false);
  static dns_server::Server* full = make_server(true);
  std::span<const std::uint8_t> query(data, size);
  static dns_server::Server* limited = make_server(false, true);
  static std::uint64_t clock = 1700000000;
  for (auto* server : {minimal, full}) {
    check(*server, query, dns_server::Transport::Udp);
    check(*server, query, dns_server::Transport::Tcp);
  }
  for (int i = 0; i < 4; ++i) check_limited(*limited, query, clock);
  clock += size % 3;  // sometimes the same second, sometimes later
  return 0;
}
