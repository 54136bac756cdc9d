#pragma once
// dns_server::Server: the authoritative server's core, sans-IO. It holds zones and turns
// one query's bytes into the response's bytes (several messages for a zone transfer); the
// front end (<dns-server/listener.hpp>) or any other transport moves them.
//
// What it answers: the zone is the longest suffix of the query name among the zones held
// (REFUSED when there is none); AA for data and negative answers from a zone, not for
// referrals; NXDOMAIN and NODATA with the SOA; CNAME chains and DNAME within the zone;
// glue, and the addresses of in-zone MX/NS/SRV targets, in the additional section.
// EDNS(0): BADVERS for a version above 0, our payload size in the response OPT, UDP
// responses cut (TC) at the client's size (512 without EDNS), NSID and TCP keepalive. FORMERR for
// undecodable queries and QDCOUNT other than 1; NOTIMP for opcodes other than QUERY; REFUSED for
// classes other than IN and ANY. AXFR only over TCP (REFUSED over UDP), as a series of
// messages with the SOA first and last; IXFR (no history is kept) gets the whole zone
// over TCP and the SOA alone over UDP (RFC 1995 §2, §4). TSIG-signed queries are verified
// with the server's keyring and their responses signed (RFC 8945).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <cstruct/buffer.hpp>
#include <dns-tsig/tsig.hpp>
#include <dns/error.hpp>
#include <dns/message.hpp>
#include <dns/name.hpp>
#include <dns/zone.hpp>

namespace dns_server {

enum class Transport : std::uint8_t { Udp, Tcp };

// Who may transfer a zone (AXFR, and IXFR answered with the whole zone).
enum class TransferPolicy : std::uint8_t {
  Deny,         // REFUSED for everyone
  RequireTsig,  // only queries signed with a key of the server's keyring
  Allow,        // anyone over TCP
};

// Response-rate limiting (as BIND's and NSD's RRL): UDP responses to one client network
// (an IPv4 /24, an IPv6 /56 by default) of one kind (the same answer: name and type; the
// NXDOMAINs of a zone; the referrals of a zone; errors) are allowed `per_second` a
// second, with a second's worth of burst; past that they are dropped, except every
// `slip`-th one, which goes out empty with TC set so a real client retries over TCP (which
// is never limited). A client that stays over its limit keeps being limited for up to
// `window` seconds after. Off while responses_per_second is 0. Reflection attacks with
// spoofed sources are what it is for: every limited response is one not sent to a victim.
struct RateLimit {
  std::uint32_t responses_per_second = 0;  // answers, NODATA and referrals; 0: off
  std::uint32_t nxdomains_per_second = 0;  // 0: responses_per_second
  std::uint32_t errors_per_second = 0;     // REFUSED, FORMERR, SERVFAIL...; 0: responses_per_second
  std::uint32_t window = 15;               // seconds a debt is remembered
  std::uint32_t slip = 2;                  // every slip-th limited response is sent truncated; 0: none
  std::uint8_t ipv4_prefix = 24;
  std::uint8_t ipv6_prefix = 56;
  std::size_t max_entries = 100000;        // the table's bound (forgotten entries only ease limits)
};

struct Config {
  // The payload size we advertise in responses' OPT, and the most we send over UDP to a
  // client with EDNS (clients asking for less get less; 512 is the floor).
  std::uint16_t udp_payload_size = 1232;
  // Bytes per message of a zone transfer (at most 65535).
  std::size_t transfer_message_size = 16384;
  TransferPolicy transfers = TransferPolicy::Deny;
  // Keys for signed queries and RequireTsig transfers.
  dns::tsig::Keyring keys;
  // Also put the zone's NS RRset (and its in-zone addresses) in the authority section of
  // positive answers, as BIND and NSD do unless told to give minimal responses.
  bool authority_ns = false;
  // NSID (RFC 5001): the identifier sent to clients that ask for it; empty: none.
  std::vector<std::uint8_t> nsid;
  // edns-tcp-keepalive (RFC 7828): the idle timeout, in units of 100 ms, announced to
  // clients that send the option over TCP; 0: not announced.
  std::uint16_t tcp_keepalive = 0;
  // The time allowed between a TSIG's time and ours.
  std::uint16_t tsig_fudge = 300;
  // Off by default.
  RateLimit rate_limit;
};

// Counters a front end may report.
struct Stats {
  std::uint64_t queries = 0, dropped = 0, formerr = 0, refused = 0, notimp = 0, nxdomain = 0,
                truncated = 0, transfers = 0, tsig_failures = 0;
  std::uint64_t rate_limited = 0, rate_limit_slipped = 0;  // dropped, and sent truncated instead
};

class Server {
 public:
  explicit Server(Config config = {});

  // Adds a zone; fails when it has no SOA or a zone of that origin is already held.
  dns::TextResult<void> add_zone(dns::Zone zone);
  // Replaces (or adds) the zone of that origin; fails when it has no SOA.
  dns::TextResult<void> replace_zone(dns::Zone zone);
  // Removes the zone of that origin; false when there was none.
  bool remove_zone(const dns::Name& origin);
  // The zone whose origin is the longest suffix of `name`, or null.
  const dns::Zone* find_zone(const dns::Name& name) const;
  // Number of zones held.
  std::size_t zone_count() const { return zones_.size(); }

  // Answers one query received over `transport` at POSIX time `now` (seconds; TSIG and
  // rate limiting read it) from `client` (its IP address, 4 or 16 bytes; rate limiting
  // needs it and skips queries without one). Returns the messages to send in order: none
  // for input that is not a query (shorter than a header, or QR set) or a rate-limited
  // response, one for a query, several for a zone transfer. Over UDP the one message is
  // at most the client's size; over TCP each is at most 65535 bytes (the caller adds the
  // 2-byte length prefix).
  std::vector<cstruct::Buffer> handle(std::span<const std::uint8_t> query, Transport transport,
                                      std::uint64_t now = 0, std::span<const std::uint8_t> client = {});

  const Config& config() const { return config_; }
  // Entries in the rate-limit table (at most config().rate_limit.max_entries).
  std::size_t rate_limit_entries() const { return rates_.size(); }
  const Stats& stats() const { return stats_; }

 private:
  struct Signing;  // the verified TSIG of the query being answered
  std::vector<cstruct::Buffer> answer(const dns::Message& query, Transport transport,
                                      Signing* signing);
  // A response carrying only the question (if any) and `rcode`.
  cstruct::Buffer error_response(const dns::Message& query, dns::Rcode rcode, std::size_t limit);
  std::vector<cstruct::Buffer> transfer(const dns::Message& query, const dns::Zone& zone,
                                        Signing* signing);
  std::size_t udp_limit(const dns::Message& query) const;
  // The OPT of a response to a query with EDNS: our payload size, DO echoed, NSID and
  // keepalive when asked for and configured.
  dns::Edns response_edns(const dns::Message& query, Transport transport) const;

  // Whether the UDP response to `query` may go to `client` now (rate limiting); when not,
  // `slip` says whether a truncated empty response goes instead.
  bool rate_allows(const dns::Message* query, const cstruct::Buffer& response,
                   std::span<const std::uint8_t> client, std::uint64_t now, bool& slip);
  // handle() before rate limiting.
  std::vector<cstruct::Buffer> respond(std::span<const std::uint8_t> query, Transport transport,
                                       std::uint64_t now);
  struct RateEntry {
    std::int64_t balance = 0;
    std::uint64_t last = 0;
    std::uint32_t limited = 0;
  };
  Config config_;
  Stats stats_;
  std::vector<dns::Zone> zones_;
  std::unordered_map<std::string, RateEntry> rates_;
};

// Reads every zone file named in `files` (origin, text) into a server; the error says
// which file and line failed. A convenience for front ends that have the text already.
struct ZoneText {
  dns::Name origin;
  std::string name;  // for messages: the file name
  std::string text;
};
dns::TextResult<void> load_zone(Server& server, const ZoneText& zone);

}  // namespace dns_server
