#include <dns-server/server.hpp>

#include <algorithm>
#include <optional>
#include <utility>

#include <dns/zone_file.hpp>

namespace dns_server {

using dns::Class;
using dns::Message;
using dns::MessageEncoder;
using dns::Name;
using dns::Rcode;
using dns::Section;
using dns::Type;

struct Server::Signing {
  const dns::tsig::Key* key = nullptr;
  dns::tsig::Bytes request_mac;
};

namespace {

constexpr std::size_t kHeader = 12;
constexpr std::size_t kTcpMax = 65535;

// The bytes a TSIG record signed with `key` adds to a message.
std::size_t tsig_room(const dns::tsig::Key& key) {
  // owner, type/class/ttl/rdlength (10), algorithm, time (6), fudge, mac size, mac,
  // original id, error, other length (2 each).
  return key.name.wire_size() + 10 + dns::tsig::algorithm_name(key.algorithm).wire_size() + 6 + 2 +
         2 + dns::tsig::full_mac_size(key.algorithm) + 2 + 2 + 2 + 6;
}

// The header of a response to `query`: QR, its id and opcode, RD and CD copied.
dns::Header response_header(const dns::Header& query) {
  dns::Header h;
  h.id = query.id;
  h.qr = true;
  h.opcode = query.opcode;
  h.rd = query.rd;
  h.cd = query.cd;
  return h;
}

// Clears TC in an encoded message: a transfer's messages are split on purpose.
void clear_tc(cstruct::Buffer& message) {
  message.set_u8(2, static_cast<std::uint8_t>(message.get_u8(2) & ~0x02));
}

bool is_serial_newer(std::uint32_t ours, std::uint32_t theirs) {
  // RFC 1982: ours > theirs in sequence-space arithmetic.
  return ours != theirs && static_cast<std::uint32_t>(ours - theirs) < 0x80000000u;
}

}  // namespace

Server::Server(Config config) : config_(std::move(config)) {
  config_.udp_payload_size = std::max<std::uint16_t>(config_.udp_payload_size, 512);
  config_.transfer_message_size =
      std::clamp<std::size_t>(config_.transfer_message_size, 512, kTcpMax);
}

dns::TextResult<void> Server::add_zone(dns::Zone zone) {
  if (zone.soa() == nullptr)
    return std::unexpected(dns::TextError{"zone " + zone.origin().to_string() + " has no SOA"});
  for (const auto& z : zones_) {
    if (z.origin() == zone.origin())
      return std::unexpected(
          dns::TextError{"zone " + zone.origin().to_string() + " is already served"});
  }
  zones_.push_back(std::move(zone));
  return {};
}

dns::TextResult<void> Server::replace_zone(dns::Zone zone) {
  if (zone.soa() == nullptr)
    return std::unexpected(dns::TextError{"zone " + zone.origin().to_string() + " has no SOA"});
  remove_zone(zone.origin());
  zones_.push_back(std::move(zone));
  return {};
}

bool Server::remove_zone(const Name& origin) {
  const auto it = std::find_if(zones_.begin(), zones_.end(),
                               [&](const dns::Zone& z) { return z.origin() == origin; });
  if (it == zones_.end()) return false;
  zones_.erase(it);
  return true;
}

const dns::Zone* Server::find_zone(const Name& name) const {
  const dns::Zone* best = nullptr;
  for (const auto& z : zones_) {
    if (name.is_subdomain_of(z.origin()) &&
        (best == nullptr || z.origin().label_count() > best->origin().label_count())) {
      best = &z;
    }
  }
  return best;
}

std::size_t Server::udp_limit(const Message& query) const {
  if (!query.edns) return 512;
  return std::clamp<std::size_t>(query.edns->udp_payload_size, 512, config_.udp_payload_size);
}

dns::Edns Server::response_edns(const Message& query, Transport transport) const {
  dns::Edns e;
  e.udp_payload_size = config_.udp_payload_size;
  e.dnssec_ok = query.edns && query.edns->dnssec_ok;
  if (!query.edns) return e;
  if (!config_.nsid.empty() && query.edns->find(dns::option::kNsid) != nullptr) {
    e.options.push_back(dns::make_nsid(config_.nsid));
  }
  if (transport == Transport::Tcp && config_.tcp_keepalive != 0 &&
      query.edns->find(dns::option::kKeepalive) != nullptr) {
    e.options.push_back(dns::make_keepalive(config_.tcp_keepalive));
  }
  return e;
}

cstruct::Buffer Server::error_response(const Message& query, Rcode rcode, std::size_t limit) {
  MessageEncoder enc(limit);
  enc.set_header(response_header(query.header), rcode);
  if (query.edns) {
    dns::Edns e;
    e.udp_payload_size = config_.udp_payload_size;
    e.dnssec_ok = query.edns->dnssec_ok;
    enc.set_edns(e);
  }
  if (query.questions.size() == 1) enc.add_question(query.questions.front());
  auto out = enc.finish();
  if (!out) {
    // Only an extended rcode without EDNS can fail here, and callers never ask for one.
    MessageEncoder bare(limit);
    bare.set_header(response_header(query.header), Rcode::ServFail);
    return *bare.finish();
  }
  return std::move(*out);
}

std::vector<cstruct::Buffer> Server::handle(std::span<const std::uint8_t> bytes, Transport transport,
                                            std::uint64_t now, std::span<const std::uint8_t> client) {
  auto responses = respond(bytes, transport, now);
  const RateLimit& rl = config_.rate_limit;
  if (rl.responses_per_second == 0 || transport != Transport::Udp || responses.size() != 1 ||
      (client.size() != 4 && client.size() != 16))
    return responses;
  auto query = Message::decode(bytes);
  bool slip = false;
  if (rate_allows(query ? &*query : nullptr, responses.front(), client, now, slip)) return responses;
  if (!slip || !query || query->questions.size() != 1) {
    ++stats_.rate_limited;
    return {};
  }
  // The slip: the question alone, TC set, the response's rcode; a client that really
  // asked retries over TCP.
  ++stats_.rate_limit_slipped;
  MessageEncoder enc(512);
  dns::Header h = response_header(query->header);
  h.tc = true;
  enc.set_header(h, static_cast<Rcode>(responses.front().get_u8(3) & 0x0f));
  enc.add_question(query->questions.front());
  auto out = enc.finish();
  if (!out) return {};
  return {std::move(*out)};
}

// Rate-limit accounting (a token bucket per client network and kind of response): the
// balance grows by the rate each second up to one second's worth, each response takes
// one, and a debt is kept down to `window` seconds' worth.
bool Server::rate_allows(const Message* query, const cstruct::Buffer& response, std::span<const std::uint8_t> client,
                         std::uint64_t now, bool& slip) {
  const RateLimit& rl = config_.rate_limit;
  const std::uint8_t rcode = response.get_u8(3) & 0x0f;
  const bool aa = (response.get_u8(2) & 0x04) != 0;
  const std::uint16_t answers = response.get_be16(6);
  // The key: the client's network, the kind, and what the responses share.
  std::string key;
  const std::size_t prefix = client.size() == 4 ? rl.ipv4_prefix : rl.ipv6_prefix;
  for (std::size_t i = 0; i < client.size(); ++i) {
    const std::size_t keep = prefix > 8 * i ? std::min<std::size_t>(8, prefix - 8 * i) : 0;
    key.push_back(static_cast<char>(keep == 0 ? 0 : client[i] & (0xff << (8 - keep))));
  }
  std::uint32_t rate = rl.responses_per_second;
  const dns::Question* q = query != nullptr && query->questions.size() == 1 ? &query->questions.front() : nullptr;
  const auto add_name = [&](const Name& n) {
    const Name lower = n.lowercase();
    key.append(reinterpret_cast<const char*>(lower.wire().data()), lower.wire().size());
  };
  const auto add_zone_of = [&](const Name& n) {  // the zone's origin, or the name outside any
    const dns::Zone* zone = find_zone(n);
    add_name(zone != nullptr ? zone->origin() : n);
  };
  if (rcode == 3 && q != nullptr) {  // NXDOMAIN: one bucket per zone, whatever the names
    key.push_back('N');
    add_zone_of(q->name);
    if (rl.nxdomains_per_second != 0) rate = rl.nxdomains_per_second;
  } else if (rcode != 0 || q == nullptr) {  // errors: one bucket per client network
    key.push_back('E');
    if (rl.errors_per_second != 0) rate = rl.errors_per_second;
  } else if (answers == 0 && !aa) {  // referrals: one bucket per zone
    key.push_back('R');
    add_zone_of(q->name);
  } else {  // answers and NODATA: per name and type
    key.push_back(answers == 0 ? 'D' : 'A');
    add_name(q->name);
    key.push_back(static_cast<char>(static_cast<std::uint16_t>(q->type) >> 8));
    key.push_back(static_cast<char>(static_cast<std::uint16_t>(q->type)));
  }
  if (rates_.size() >= rl.max_entries && rates_.find(key) == rates_.end()) {
    std::erase_if(rates_, [&](const auto& e) { return e.second.last + rl.window < now; });
    if (rates_.size() >= rl.max_entries) rates_.clear();
  }
  const auto r = static_cast<std::int64_t>(rate);
  auto [it, fresh] = rates_.try_emplace(std::move(key));
  RateEntry& e = it->second;
  if (fresh) {
    e.balance = r;
  } else if (now > e.last) {
    const std::uint64_t elapsed = std::min<std::uint64_t>(now - e.last, rl.window + 1);
    e.balance = std::min<std::int64_t>(r, e.balance + static_cast<std::int64_t>(elapsed) * r);
  }
  e.last = std::max(e.last, now);
  if (e.balance > 0) {
    --e.balance;
    e.limited = 0;
    return true;
  }
  e.balance = std::max<std::int64_t>(e.balance - 1, -static_cast<std::int64_t>(rl.window) * r);
  ++e.limited;
  slip = rl.slip != 0 && e.limited % rl.slip == 0;
  return false;
}

std::vector<cstruct::Buffer> Server::respond(std::span<const std::uint8_t> bytes, Transport transport,
                                             std::uint64_t now) {
  // Not a query at all: nothing to answer (and answering responses invites loops).
  if (bytes.size() < kHeader || (bytes[2] & 0x80) != 0) {
    ++stats_.dropped;
    return {};
  }
  ++stats_.queries;
  const std::size_t limit = transport == Transport::Udp ? 512 : kTcpMax;
  auto decoded = Message::decode(bytes);
  if (!decoded) {
    ++stats_.formerr;
    Message header_only;
    header_only.header.id = static_cast<std::uint16_t>(bytes[0] << 8 | bytes[1]);
    header_only.header.opcode = dns::Opcode(bytes[2] >> 3 & 15);
    header_only.header.rd = bytes[2] & 1;
    return {error_response(header_only, Rcode::FormErr, limit)};
  }
  Message& query = *decoded;

  // A signed query is verified before anything else, and its answer is signed.
  std::optional<Signing> signing;
  if (query.tsig_offset != 0) {
    auto verified = dns::tsig::verify(bytes, config_.keys, now);
    if (!verified) {
      ++stats_.tsig_failures;
      const std::size_t lim = transport == Transport::Udp ? udp_limit(query) : kTcpMax;
      auto response = error_response(query, verified.error().rcode(), lim);
      auto answered =
          dns::tsig::answer_failure(response.span(), verified.error(), config_.keys, now);
      if (!answered) return {std::move(response)};
      return {std::move(*answered)};
    }
    signing.emplace(Signing{verified->key, verified->tsig.mac});
  }

  auto responses = answer(query, transport, signing ? &*signing : nullptr);
  if (signing) {
    // One response, or a transfer's stream: the first message covers the request MAC,
    // each later one the MAC before it (RFC 8945 §5.3.1).
    dns::tsig::StreamSigner signer(*signing->key, signing->request_mac, config_.tsig_fudge);
    for (auto& r : responses) {
      auto s = signer.sign(r.span(), now);
      if (!s) return {};
      r = std::move(s->message);
    }
  }
  return responses;
}

std::vector<cstruct::Buffer> Server::answer(const Message& query, Transport transport,
                                            Signing* signing) {
  std::size_t limit = transport == Transport::Udp ? udp_limit(query) : kTcpMax;
  if (signing != nullptr) limit -= std::min(limit - kHeader, tsig_room(*signing->key));

  if (query.edns && query.edns->version > 0) {
    ++stats_.formerr;
    return {error_response(query, Rcode::BadVers, limit)};
  }
  if (query.header.opcode != dns::Opcode::Query) {
    ++stats_.notimp;
    return {error_response(query, Rcode::NotImp, limit)};
  }
  if (query.questions.size() != 1) {
    ++stats_.formerr;
    return {error_response(query, Rcode::FormErr, limit)};
  }
  const dns::Question& q = query.questions.front();
  if (q.qclass != Class::IN && q.qclass != Class::ANY) {
    ++stats_.refused;
    return {error_response(query, Rcode::Refused, limit)};
  }
  // Pseudo-record types cannot be asked for; MAILA and MAILB are obsolete.
  if (q.type == Type::OPT || q.type == Type::TSIG || q.type == Type::TKEY) {
    ++stats_.formerr;
    return {error_response(query, Rcode::FormErr, limit)};
  }
  if (q.type == Type{253} || q.type == Type{254}) {
    ++stats_.notimp;
    return {error_response(query, Rcode::NotImp, limit)};
  }

  const dns::Zone* zone = find_zone(q.name);
  // DS lives in the parent: at a zone cut we also serve, answer from the parent.
  if (zone != nullptr && q.type == Type::DS && zone->origin() == q.name && !q.name.is_root()) {
    if (const dns::Zone* parent = find_zone(q.name.parent())) zone = parent;
  }
  if (zone == nullptr) {
    ++stats_.refused;
    return {error_response(query, Rcode::Refused, limit)};
  }

  if (q.type == Type::AXFR || q.type == Type::IXFR) {
    const bool allowed = config_.transfers == TransferPolicy::Allow ||
                         (config_.transfers == TransferPolicy::RequireTsig && signing != nullptr);
    if (!allowed || (q.type == Type::AXFR && transport == Transport::Udp)) {
      ++stats_.refused;
      return {error_response(query, Rcode::Refused, limit)};
    }
    if (zone->origin() != q.name) {
      ++stats_.refused;
      return {error_response(query, Rcode::NotAuth, limit)};
    }
    if (q.type == Type::IXFR) {
      // No history is kept: a client as new as us, or any UDP client, gets our SOA alone
      // (RFC 1995 §2, §4); an older one over TCP gets the whole zone.
      std::optional<std::uint32_t> theirs;
      for (const auto& r : query.authority) {
        if (const auto* soa = std::get_if<dns::Soa>(&r.data)) theirs = soa->serial;
      }
      if (!theirs) {
        ++stats_.formerr;
        return {error_response(query, Rcode::FormErr, limit)};
      }
      const std::uint32_t ours = zone->soa()->serial;
      if (transport == Transport::Udp || !is_serial_newer(ours, *theirs)) {
        MessageEncoder enc(limit);
        dns::Header h = response_header(query.header);
        h.aa = true;
        enc.set_header(h);
        if (query.edns) enc.set_edns(response_edns(query, transport));
        enc.add_question(q);
        const dns::RRset* soa = zone->find(zone->origin(), Type::SOA);
        enc.add_rrset(Section::Answer, soa->name, Type::SOA, soa->rclass, soa->ttl, soa->rdatas);
        auto out = enc.finish();
        if (!out) return {error_response(query, Rcode::ServFail, limit)};
        return {std::move(*out)};
      }
    }
    ++stats_.transfers;
    return transfer(query, *zone, signing);
  }

  const dns::LookupResult result = zone->lookup(q.name, q.type);
  MessageEncoder enc(limit);
  dns::Header h = response_header(query.header);
  h.aa = result.authoritative();
  const Rcode rcode = result.rcode();
  enc.set_header(h, rcode);
  if (query.edns) enc.set_edns(response_edns(query, transport));
  if (!enc.add_question(q)) return {error_response(query, Rcode::ServFail, limit)};
  const auto add = [&](Section section, const dns::RRsetRef& ref) {
    return enc.add_rrset(section, *ref.owner, ref.rrset->type, ref.rrset->rclass, ref.ttl,
                         ref.rrset->rdatas);
  };
  for (const auto& ref : result.answer) add(Section::Answer, ref);
  for (const auto& ref : result.authority) add(Section::Authority, ref);
  // Non-minimal responses: the apex NS beside a positive answer, unless it is the answer.
  std::vector<dns::RRsetRef> extra;
  const dns::RRset* apex_ns = zone->find(zone->origin(), Type::NS);
  if (config_.authority_ns && apex_ns != nullptr &&
      result.kind == dns::LookupResult::Kind::Answer && !result.name_too_long &&
      !result.answer.empty() && q.type != Type::DS &&
      // Not when a CNAME or DNAME leads out of the zone: the data is not ours to vouch for.
      (result.answer.back().rrset->type == q.type || q.type == Type::ANY) &&
      std::none_of(result.answer.begin(), result.answer.end(),
                   [&](const dns::RRsetRef& r) { return r.rrset == apex_ns; })) {
    add(Section::Authority, {&apex_ns->name, apex_ns, apex_ns->ttl});
    const auto seen = [&](const dns::RRset* s) {
      const auto same = [&](const dns::RRsetRef& r) { return r.rrset == s; };
      return std::any_of(result.answer.begin(), result.answer.end(), same) ||
             std::any_of(result.additional.begin(), result.additional.end(), same) ||
             std::any_of(extra.begin(), extra.end(), same);
    };
    for (const auto& rdata : apex_ns->rdatas) {
      const Name& target = std::get<dns::Ns>(rdata).target;
      if (!target.is_subdomain_of(zone->origin())) continue;
      for (Type t : {Type::A, Type::AAAA}) {
        const dns::RRset* s = zone->find(target, t);
        if (s != nullptr && !seen(s)) extra.push_back({&s->name, s, s->ttl});
      }
    }
  }
  // In a referral, glue below the delegation is needed to follow it: when it does not
  // fit, the client must retry over TCP (RFC 9471).
  const Name* cut = result.kind == dns::LookupResult::Kind::Delegation && !result.authority.empty()
                        ? &result.authority.front().rrset->name
                        : nullptr;
  // A truncated answer is retried over TCP: additional data would only be thrown away.
  for (const auto& ref : enc.truncated() ? std::span<const dns::RRsetRef>() : result.additional) {
    if (!add(Section::Additional, ref) && cut != nullptr && ref.rrset->name.is_subdomain_of(*cut)) {
      enc.set_truncated();
    }
  }
  if (!enc.truncated()) {
    for (const auto& ref : extra) add(Section::Additional, ref);
  }
  if (enc.truncated()) ++stats_.truncated;
  if (rcode == Rcode::NXDomain) ++stats_.nxdomain;
  if (rcode == Rcode::Refused) ++stats_.refused;
  auto out = enc.finish();
  if (!out) return {error_response(query, Rcode::ServFail, limit)};
  return {std::move(*out)};
}

std::vector<cstruct::Buffer> Server::transfer(const Message& query, const dns::Zone& zone,
                                              Signing* signing) {
  const dns::Question& q = query.questions.front();
  std::size_t limit = config_.transfer_message_size;
  if (signing != nullptr) limit -= std::min(limit - 512, tsig_room(*signing->key));
  dns::Header h = response_header(query.header);
  h.aa = true;

  std::vector<cstruct::Buffer> messages;
  std::optional<MessageEncoder> enc;
  std::size_t in_message = 0;
  const auto start = [&] {
    enc.emplace(limit);
    enc->set_header(h);
    if (query.edns) enc->set_edns(response_edns(query, Transport::Tcp));
    enc->add_question(q);
    in_message = 0;
  };
  bool failed = false;
  const auto flush = [&] {
    auto out = enc->finish();
    if (!out) {
      failed = true;
      return;
    }
    clear_tc(*out);
    messages.push_back(std::move(*out));
  };
  // Each record goes in on its own, so a large RRset may span messages.
  const auto put = [&](const dns::RRset& set, const dns::Rdata& rdata) {
    if (failed) return;
    if (enc->add_rrset(Section::Answer, set.name, set.type, set.rclass, set.ttl,
                       std::span(&rdata, 1))) {
      ++in_message;
      return;
    }
    if (in_message == 0) {
      failed = true;  // one record larger than a message
      return;
    }
    flush();
    start();
    if (!enc->add_rrset(Section::Answer, set.name, set.type, set.rclass, set.ttl,
                        std::span(&rdata, 1))) {
      failed = true;
      return;
    }
    ++in_message;
  };

  start();
  const auto sets = zone.rrsets();
  const dns::RRset* soa = zone.find(zone.origin(), Type::SOA);
  put(*soa, soa->rdatas.front());
  for (const dns::RRset* set : sets) {
    if (set == soa) continue;
    for (const auto& rdata : set->rdatas) put(*set, rdata);
  }
  put(*soa, soa->rdatas.front());
  if (!failed) flush();
  if (failed) return {error_response(query, Rcode::ServFail, kTcpMax)};

  return messages;
}

dns::TextResult<void> load_zone(Server& server, const ZoneText& zone) {
  dns::ZoneFileOptions options;
  options.origin = zone.origin;
  options.file_name = zone.name;
  auto records = dns::parse_zone_file(zone.text, options);
  if (!records) return std::unexpected(dns::TextError{records.error().describe()});
  auto z = dns::Zone::from_records(zone.origin, *records);
  if (!z) return std::unexpected(dns::TextError{zone.name + ": " + z.error().message});
  auto added = server.add_zone(std::move(*z));
  if (!added) return std::unexpected(dns::TextError{zone.name + ": " + added.error().message});
  return {};
}

}  // namespace dns_server
