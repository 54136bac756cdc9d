#include <dns/zone.hpp>

#include <algorithm>

namespace dns {

Rcode LookupResult::rcode() const {
  if (name_too_long) return Rcode::YXDomain;
  switch (kind) {
    case Kind::NxDomain:
      return Rcode::NXDomain;
    case Kind::NotInZone:
      return Rcode::Refused;
    default:
      return Rcode::NoError;
  }
}

bool LookupResult::authoritative() const {
  return kind == Kind::Answer || kind == Kind::NoData || kind == Kind::NxDomain || !answer.empty();
}

const RRset* Zone::Node::find(Type t) const {
  for (const auto& s : rrsets) {
    if (s.type == t) return &s;
  }
  return nullptr;
}

Zone::Zone(Name origin) : origin_(std::move(origin)) {}

TextResult<Zone> Zone::from_records(const Name& origin, std::span<const Record> records) {
  Zone zone(origin);
  for (const auto& r : records) {
    if (auto ok = zone.add(r); !ok) {
      return std::unexpected(TextError{ok.error().message + ": " + r.to_string()});
    }
  }
  return zone;
}

const Zone::Node* Zone::node(const Name& name) const {
  const auto it = nodes_.find(name);
  return it == nodes_.end() ? nullptr : &it->second;
}

const Soa* Zone::soa() const {
  const RRset* s = find(origin_, Type::SOA);
  return s == nullptr || s->rdatas.empty() ? nullptr : &std::get<Soa>(s->rdatas.front());
}

const RRset* Zone::find(const Name& name, Type type) const {
  const Node* n = node(name);
  return n == nullptr ? nullptr : n->find(type);
}

TextResult<void> Zone::add(const Record& record) {
  const Type type = record.type();
  const auto refuse = [](std::string why) { return std::unexpected(TextError{std::move(why)}); };
  if (is_meta_type(type)) return refuse("a meta type cannot be in a zone");
  if (!record.name.is_subdomain_of(origin_))
    return refuse("name not in zone " + origin_.to_string());
  if (type == Type::SOA && record.name != origin_) return refuse("SOA not at the zone apex");
  if (const RRset* soa = find(origin_, Type::SOA)) {
    if (record.rclass != soa->rclass) return refuse("class differs from the SOA's");
    if (type == Type::SOA && soa->rdatas.front() != record.data) return refuse("a second SOA");
  }
  // Create the node and the empty non-terminals above it.
  auto [it, created] = nodes_.try_emplace(record.name);
  Node& node = it->second;  // references survive rehashing, iterators do not
  for (Name child = record.name; created && child != origin_;) {
    Name parent = child.parent();
    auto [p, made] = nodes_.try_emplace(parent);
    ++p->second.children;
    created = made;
    child = std::move(parent);
  }
  const auto is_dnssec = [](Type t) { return t == Type::RRSIG || t == Type::NSEC; };
  for (const auto& s : node.rrsets) {
    if (s.type == Type::CNAME && type != Type::CNAME && !is_dnssec(type)) {
      return refuse("a name with a CNAME can have no other data");
    }
    if (type == Type::CNAME && s.type != Type::CNAME && !is_dnssec(s.type)) {
      return refuse("a CNAME cannot be beside other data");
    }
    if (type == Type::CNAME && s.type == Type::CNAME && s.rdatas.front() != record.data) {
      return refuse("a second CNAME at one name");
    }
  }
  for (auto& s : node.rrsets) {
    if (s.type == type && s.rclass == record.rclass) {
      if (std::find(s.rdatas.begin(), s.rdatas.end(), record.data) == s.rdatas.end()) {
        s.rdatas.push_back(record.data);
        ++records_;
      }
      return {};
    }
  }
  node.rrsets.push_back(RRset{record.name, type, record.rclass, record.ttl, {record.data}});
  ++records_;
  return {};
}

void Zone::prune(const Name& name) {
  Name at = name;
  while (true) {
    const auto it = nodes_.find(at);
    if (it == nodes_.end() || !it->second.rrsets.empty() || it->second.children != 0) return;
    nodes_.erase(it);
    if (at == origin_) return;
    at = at.parent();
    --nodes_.find(at)->second.children;
  }
}

bool Zone::remove(const Name& name, Type type, const Rdata& rdata) {
  const auto it = nodes_.find(name);
  if (it == nodes_.end()) return false;
  auto& sets = it->second.rrsets;
  for (auto s = sets.begin(); s != sets.end(); ++s) {
    if (s->type != type) continue;
    const auto r = std::find(s->rdatas.begin(), s->rdatas.end(), rdata);
    if (r == s->rdatas.end()) return false;
    s->rdatas.erase(r);
    --records_;
    if (s->rdatas.empty()) sets.erase(s);
    prune(name);
    return true;
  }
  return false;
}

bool Zone::remove_rrset(const Name& name, Type type) {
  const auto it = nodes_.find(name);
  if (it == nodes_.end()) return false;
  auto& sets = it->second.rrsets;
  const auto s =
      std::find_if(sets.begin(), sets.end(), [&](const RRset& r) { return r.type == type; });
  if (s == sets.end()) return false;
  records_ -= s->rdatas.size();
  sets.erase(s);
  prune(name);
  return true;
}

std::vector<const RRset*> Zone::rrsets() const {
  std::vector<const RRset*> out;
  for (const auto& [name, node] : nodes_) {
    for (const auto& s : node.rrsets) out.push_back(&s);
  }
  std::sort(out.begin(), out.end(), [&](const RRset* a, const RRset* b) {
    const bool soa_a = a->type == Type::SOA && a->name == origin_;
    const bool soa_b = b->type == Type::SOA && b->name == origin_;
    if (soa_a != soa_b) return soa_a;
    if (const auto c = a->name <=> b->name; c != 0) return c < 0;
    return a->type < b->type;
  });
  return out;
}

void Zone::add_negative(LookupResult& result) const {
  const RRset* soa = find(origin_, Type::SOA);
  if (soa == nullptr || soa->rdatas.empty()) return;
  // RFC 2308 §3: the negative TTL is the lesser of the SOA's TTL and its MINIMUM.
  const std::uint32_t ttl = std::min(soa->ttl, std::get<Soa>(soa->rdatas.front()).minimum);
  result.authority.push_back({&soa->name, soa, ttl});
}

void Zone::add_addresses(const Name& target, LookupResult& result) const {
  if (!target.is_subdomain_of(origin_)) return;
  const Node* n = node(target);
  if (n == nullptr) return;
  for (Type t : {Type::A, Type::AAAA}) {
    const RRset* s = n->find(t);
    if (s == nullptr) continue;
    const bool seen = std::any_of(result.additional.begin(), result.additional.end(),
                                  [&](const RRsetRef& r) { return r.rrset == s; });
    if (!seen) result.additional.push_back({&s->name, s, s->ttl});
  }
}

void Zone::answer_node(const Node& node, const Name* owner, Type qtype, LookupResult& result,
                       const Name** next) const {
  const auto add = [&](const RRset& s) {
    result.answer.push_back({owner ? owner : &s.name, &s, s.ttl});
  };
  result.kind = LookupResult::Kind::Answer;
  if (qtype == Type::ANY && !node.rrsets.empty()) {
    for (const auto& s : node.rrsets) add(s);
    return;
  }
  if (const RRset* s = node.find(qtype)) {
    add(*s);
    for (const auto& rdata : s->rdatas) {
      if (const auto* mx = std::get_if<Mx>(&rdata)) add_addresses(mx->exchange, result);
      if (const auto* srv = std::get_if<Srv>(&rdata)) add_addresses(srv->target, result);
      if (const auto* ns = std::get_if<Ns>(&rdata)) add_addresses(ns->target, result);
    }
    return;
  }
  if (const RRset* cname = node.find(Type::CNAME)) {
    add(*cname);
    *next = &std::get<Cname>(cname->rdatas.front()).target;
    return;
  }
  result.kind = LookupResult::Kind::NoData;
  add_negative(result);
}

LookupResult Zone::lookup(const Name& qname, Type qtype) const {
  LookupResult result;
  if (!qname.is_subdomain_of(origin_)) return result;
  const std::size_t apex = origin_.label_count();
  std::vector<const Name*> visited;
  for (const Name* current = &qname; current != nullptr;) {
    if (!current->is_subdomain_of(origin_) || visited.size() >= 16 ||
        std::any_of(visited.begin(), visited.end(),
                    [&](const Name* v) { return *v == *current; })) {
      return result;  // the chain leaves the zone, or loops: the answer so far stands
    }
    visited.push_back(current);
    const Name* next = nullptr;
    const std::size_t depth = current->label_count();
    for (std::size_t k = apex; k <= depth; ++k) {
      const Name name = current->suffix(k);
      const Node* n = node(name);
      if (n == nullptr) {
        // No such name: a wildcard child of the closest encloser, or NXDOMAIN.
        const auto wildcard = current->suffix(k - 1).prepend("*");
        const Node* w = wildcard ? node(*wildcard) : nullptr;
        if (w != nullptr) {
          answer_node(*w, &result.owners.emplace_back(*current), qtype, result, &next);
        } else {
          result.kind = LookupResult::Kind::NxDomain;
          add_negative(result);
        }
        break;
      }
      const RRset* ns = k > apex ? n->find(Type::NS) : nullptr;
      if (ns != nullptr && !(k == depth && qtype == Type::DS)) {
        result.kind = LookupResult::Kind::Delegation;
        result.authority.push_back({&ns->name, ns, ns->ttl});
        for (const auto& rdata : ns->rdatas) add_addresses(std::get<Ns>(rdata).target, result);
        return result;
      }
      if (k == depth) {
        answer_node(*n, nullptr, qtype, result, &next);
        break;
      }
      if (const RRset* dname = n->find(Type::DNAME)) {
        result.answer.push_back({&dname->name, dname, dname->ttl});
        auto target = current->replace_suffix(name, std::get<Dname>(dname->rdatas.front()).target);
        result.kind = LookupResult::Kind::Answer;
        if (!target) {
          result.name_too_long = true;
          return result;
        }
        const RRset& cname = result.synthesized.emplace_back(
            RRset{*current, Type::CNAME, dname->rclass, dname->ttl, {Cname{*target}}});
        result.answer.push_back({&cname.name, &cname, cname.ttl});
        next = &std::get<Cname>(cname.rdatas.front()).target;
        break;
      }
    }
    current = next;
  }
  return result;
}

}  // namespace dns
