#pragma once
// A zone as data, and the authoritative lookup of RFC 1034 §4.3.2: answers, CNAME chains,
// DNAME substitution (RFC 6672), wildcards with closest encloser (RFC 4592), referrals with
// glue, NXDOMAIN against NODATA (empty non-terminals exist), and the SOA with the RFC 2308
// negative TTL in the authority section of negative answers.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <unordered_map>
#include <vector>

#include <dns/error.hpp>
#include <dns/name.hpp>
#include <dns/rdata.hpp>
#include <dns/types.hpp>

namespace dns {

// One RRset of a lookup's result. The pointers are into the zone (valid until it
// changes) or into the LookupResult (synthesized data).
struct RRsetRef {
  const Name* owner;  // the owner to send: the query name for wildcard answers
  const RRset* rrset;
  std::uint32_t ttl;  // the RRset's, or the negative TTL for an authority SOA
};

struct LookupResult {
  enum class Kind : std::uint8_t {
    Answer,      // data (possibly after CNAME/DNAME steps); the chain may leave the zone
    Delegation,  // a referral: NS in authority, glue in additional
    NoData,      // the name exists without the type: SOA in authority
    NxDomain,    // the name does not exist: SOA in authority
    NotInZone,   // the query name is not in this zone
  };
  Kind kind = Kind::NotInZone;
  bool name_too_long = false;  // a DNAME substitution overflowed: answer YXDOMAIN
  std::vector<RRsetRef> answer, authority, additional;

  // NOERROR, NXDOMAIN, YXDOMAIN or REFUSED (not in zone).
  Rcode rcode() const;
  // Whether the AA bit is due: data or a negative answer from this zone.
  bool authoritative() const;

  LookupResult() = default;
  LookupResult(LookupResult&&) = default;
  LookupResult& operator=(LookupResult&&) = default;
  LookupResult(const LookupResult&) = delete;  // refs point into `synthesized`
  LookupResult& operator=(const LookupResult&) = delete;

  // Storage for what the lookup made: wildcard owners and DNAME's CNAMEs (a deque, so
  // references survive growth and moves).
  std::deque<Name> owners;
  std::deque<RRset> synthesized;
};

class Zone {
 public:
  explicit Zone(Name origin);

  // A zone holding `records`; the error names the first record it refused (see add).
  static TextResult<Zone> from_records(const Name& origin, std::span<const Record> records);

  // Adds a record to its RRset (a repeated rdata is ignored; the RRset keeps the TTL of
  // its first record). Refuses names outside the zone, meta types, a class other than the
  // SOA's, a SOA other than at the apex or a second one, CNAME beside other data, DNAME
  // beside CNAME.
  TextResult<void> add(const Record& record);
  // Removes one record (true if it was there); empty nodes go with it.
  bool remove(const Name& name, Type type, const Rdata& rdata);
  // Removes a whole RRset (true if it was there).
  bool remove_rrset(const Name& name, Type type);

  // The apex.
  const Name& origin() const { return origin_; }
  // The apex SOA record's data, or null while the zone has none.
  const Soa* soa() const;
  // The RRset of that name and type, or null.
  const RRset* find(const Name& name, Type type) const;
  // Whether the name exists (has records or names below it).
  bool contains(const Name& name) const { return nodes_.contains(name); }
  // Every RRset, the SOA first, then by owner in canonical order (for AXFR).
  std::vector<const RRset*> rrsets() const;
  // Number of records.
  std::size_t size() const { return records_; }

  // Answers a query for qname/qtype as an authoritative server would (qtype ANY gives
  // every RRset of the name).
  LookupResult lookup(const Name& qname, Type qtype) const;

 private:
  struct Node {
    std::vector<RRset> rrsets;
    std::size_t children = 0;  // nodes directly below
    const RRset* find(Type t) const;
  };
  const Node* node(const Name& name) const;
  // Answers from an existing node (owner: the name to send, null for the node's own);
  // sets *next to a CNAME's target to follow.
  void answer_node(const Node& node, const Name* owner, Type qtype, LookupResult& result,
                   const Name** next) const;
  // The SOA, with the negative TTL, into the authority section.
  void add_negative(LookupResult& result) const;
  // The A and AAAA of an in-zone target (glue, MX, SRV) into the additional section.
  void add_addresses(const Name& target, LookupResult& result) const;
  // Removes `name` and the empty non-terminals above it once they hold nothing.
  void prune(const Name& name);

  Name origin_;
  std::size_t records_ = 0;
  std::unordered_map<Name, Node, NameHash> nodes_;
};

}  // namespace dns
