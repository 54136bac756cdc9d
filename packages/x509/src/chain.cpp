// Path building and validation (chain.hpp).
#include "policy.hpp"

#include <x509/chain.hpp>
#include <x509/hostname.hpp>

#include <nocrypto-pk/common.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace x509 {
namespace {

using Path = std::vector<const Certificate*>;  // leaf first, the root last

bool same_certificate(const Certificate& a, const Certificate& b) {
  return a.tbs_der == b.tbs_der && a.signature == b.signature;
}

bool self_issued(const Certificate& c) { return names_match(c.tbs.issuer, c.tbs.subject); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::string quoted(const Name& n) {
  // Appended rather than "\"" + name: GCC 12 warns falsely (-Wrestrict) on the latter.
  std::string out = "\"";
  out += n.to_string();
  out += '"';
  return out;
}

std::string which(const Certificate& c, std::size_t index) {
  std::string out = "certificate " + std::to_string(index) + " (";
  out += c.tbs.subject.to_string();
  out += ')';
  return out;
}

// ---- name constraints (RFC 5280 4.2.1.10) ----

// "example.com" covers itself and its subdomains; ".example.com" (common in practice)
// subdomains only; empty covers everything.
bool dns_within(const std::string& name, std::string_view constraint_text) {
  const std::string c = lower(constraint_text);
  if (c.empty()) return true;
  if (c[0] == '.') return name.size() > c.size() && name.ends_with(c);
  return name == c ||
         (name.size() > c.size() && name.ends_with(c) && name[name.size() - c.size() - 1] == '.');
}

// "user@host": that mailbox; "host": every mailbox at the host; ".example.com": every
// mailbox at a subdomain. Hosts compare without case, local parts exactly.
bool email_within(std::string_view mailbox, std::string_view constraint) {
  const auto at = mailbox.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::string host = lower(mailbox.substr(at + 1));
  if (constraint.find('@') != std::string_view::npos) {
    const auto cat = constraint.rfind('@');
    return mailbox.substr(0, at) == constraint.substr(0, cat) &&
           host == lower(constraint.substr(cat + 1));
  }
  const std::string c = lower(constraint);
  if (!c.empty() && c[0] == '.') return host.size() > c.size() && host.ends_with(c);
  return host == c;
}

// The host of a URI with an authority ("scheme://[user@]host[:port]/..."), or nothing.
std::optional<std::string> uri_host(std::string_view uri) {
  const auto scheme = uri.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  std::string_view rest = uri.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] == '[') return std::nullopt;  // IP literals are not hosts here
  rest = rest.substr(0, rest.find(':'));
  if (rest.empty()) return std::nullopt;
  return lower(rest);
}

// A URI constraint is a host: ".example.com" for any host below it, otherwise exactly.
bool uri_within(std::string_view uri, std::string_view constraint) {
  const auto host = uri_host(uri);
  if (!host) return false;
  const std::string c = lower(constraint);
  if (!c.empty() && c[0] == '.') return host->size() > c.size() && host->ends_with(c);
  return *host == c;
}

bool ip_within(const Bytes& address, const Bytes& constraint) {
  if (constraint.size() != 2 * address.size()) return false;
  const std::size_t n = address.size();
  for (std::size_t i = 0; i < n; ++i)
    if ((address[i] & constraint[n + i]) != (constraint[i] & constraint[n + i])) return false;
  return true;
}

bool dn_within(const Name& name, const Name& base) {
  if (base.rdns.size() > name.rdns.size()) return false;
  Name prefix;
  prefix.rdns.assign(name.rdns.begin(),
                     name.rdns.begin() + static_cast<std::ptrdiff_t>(base.rdns.size()));
  return names_match(prefix, base);
}

// Whether `name` is within `base` when both are of the same form; nothing when the
// forms differ (the subtree does not apply).
std::optional<bool> within(const GeneralName& name, const GeneralName& base) {
  if (name.index() != base.index()) return std::nullopt;
  if (const auto* d = std::get_if<DnsName>(&name))
    return dns_within(lower(d->value), std::get<DnsName>(base).value);
  if (const auto* e = std::get_if<Rfc822Name>(&name))
    return email_within(e->value, std::get<Rfc822Name>(base).value);
  if (const auto* u = std::get_if<UriName>(&name))
    return uri_within(u->value, std::get<UriName>(base).value);
  if (const auto* ip = std::get_if<IpAddressName>(&name))
    return ip_within(ip->value, std::get<IpAddressName>(base).value);
  if (const auto* dn = std::get_if<Name>(&name)) return dn_within(*dn, std::get<Name>(base));
  return std::nullopt;
}

bool checkable(const GeneralName& g) {
  return std::holds_alternative<DnsName>(g) || std::holds_alternative<Rfc822Name>(g) ||
         std::holds_alternative<UriName>(g) || std::holds_alternative<IpAddressName>(g) ||
         std::holds_alternative<Name>(g);
}

// The names of `cert` that name constraints apply to: its subject (as a directory name,
// when not empty), emailAddress attributes in it, and the subjectAltName entries.
std::vector<GeneralName> constrained_names(const Certificate& cert) {
  std::vector<GeneralName> out;
  if (!cert.tbs.subject.rdns.empty()) out.emplace_back(cert.tbs.subject);
  for (auto& email : cert.tbs.subject.values(attr::email_address))
    out.emplace_back(Rfc822Name{std::move(email)});
  if (const auto* san = cert.extension<SubjectAltName>())
    out.insert(out.end(), san->names.begin(), san->names.end());
  return out;
}

std::string describe(const GeneralName& g) {
  if (const auto* d = std::get_if<DnsName>(&g)) return "DNS name " + d->value;
  if (const auto* e = std::get_if<Rfc822Name>(&g)) return "email address " + e->value;
  if (const auto* u = std::get_if<UriName>(&g)) return "URI " + u->value;
  if (std::holds_alternative<IpAddressName>(g)) return "IP address";
  if (const auto* n = std::get_if<Name>(&g)) return "directory name " + quoted(*n);
  return "name";
}

Result<void> check_name_constraints(const Certificate& cert, const Certificate& ca) {
  const auto* nc = ca.extension<NameConstraints>();
  if (nc == nullptr) return {};
  for (const auto* trees : {&nc->permitted, &nc->excluded})
    if (*trees)
      for (const auto& t : **trees)
        if (!checkable(t.base))
          return fail(ErrorCode::NameConstraints,
                      quoted(ca.tbs.subject) + " constrains a name form we cannot check");
  for (const auto& name : constrained_names(cert)) {
    if (nc->excluded)
      for (const auto& t : *nc->excluded)
        if (within(name, t.base).value_or(false))
          return fail(ErrorCode::NameConstraints, describe(name) + " is excluded by " +
                                                      quoted(ca.tbs.subject));
    if (nc->permitted) {
      bool applies = false, inside = false;
      for (const auto& t : *nc->permitted) {
        const auto w = within(name, t.base);
        applies = applies || w.has_value();
        inside = inside || w.value_or(false);
      }
      if (applies && !inside)
        return fail(ErrorCode::NameConstraints, describe(name) + " is outside the subtrees " +
                                                    quoted(ca.tbs.subject) + " permits");
    }
  }
  return {};
}

// ---- single-certificate checks ----

Result<void> check_validity(const Certificate& cert, const asn1::DateTime& now, std::size_t i) {
  if (now < cert.tbs.validity.not_before.value)
    return fail(ErrorCode::Expired, which(cert, i) + " is not yet valid");
  if (now > cert.tbs.validity.not_after.value)
    return fail(ErrorCode::Expired, which(cert, i) + " has expired");
  if (cert.tbs.extensions)
    for (const auto& e : *cert.tbs.extensions)
      if (e.critical && std::holds_alternative<UnknownExtension>(e.parsed))
        return fail(ErrorCode::UnknownCritical,
                    which(cert, i) + " has the unknown critical extension " + e.id.to_string());
  return {};
}

Result<void> check_ca(const Certificate& ca, bool anchor) {
  const auto* bc = ca.extension<BasicConstraints>();
  // A v1 trust anchor has no extensions at all; it is trusted as a CA by configuration.
  const bool v1_anchor = anchor && ca.tbs.version == 0;
  if (!v1_anchor && (bc == nullptr || !bc->ca))
    return fail(ErrorCode::NotCa, quoted(ca.tbs.subject) + " is not a CA (basicConstraints)");
  if (const auto* ku = ca.extension<KeyUsage>(); ku && !ku->has(KeyUsageBit::KeyCertSign))
    return fail(ErrorCode::NotCa, quoted(ca.tbs.subject) + " keyUsage lacks keyCertSign");
  return {};
}

Result<void> check_purpose(const Certificate& cert, const asn1::Oid& purpose, std::size_t i) {
  const auto* eku = cert.extension<ExtendedKeyUsage>();
  if (eku == nullptr) return {};
  for (const auto& p : eku->purposes)
    if (p == purpose || p == kp::any_extended_key_usage) return {};
  return fail(ErrorCode::KeyPurpose,
              which(cert, i) + " extKeyUsage does not allow " + purpose.to_string());
}

// ---- the validator: building, checking, revocation ----

class Validator {
 public:
  Validator(std::span<const Certificate> pool, std::span<const Certificate> roots,
            const ValidationOptions& options, int depth,
            std::vector<const Certificate*> signers = {})
      : pool_(pool), roots_(roots), o_(options), depth_(depth), signers_(std::move(signers)) {}

  Result<void> check(const Path& path) const;
  Result<Path> build(const Certificate& leaf) const;

 private:
  Result<void> check_path(const Path& path) const;
  Result<void> check_revocation(const Path& path, std::size_t i) const;
  bool crl_signed_for(const Crl& crl, const Certificate& issuer, const Certificate& anchor) const;
  void extend(Path& path, std::size_t limit, std::optional<Error>& first_error,
              std::optional<Path>& found) const;

  std::span<const Certificate> pool_, roots_;
  const ValidationOptions& o_;
  int depth_;  // CRL signer paths nest: bounded
  // The CRL signers whose paths the validators above this one are checking: one of them
  // may sign the CRL that covers its own certificate (PKITS 4.14.30).
  std::vector<const Certificate*> signers_;
};

// A copy of the path's certificates in which DSA keys without parameters have those of
// the nearest DSA key above them (RFC 5280 6.1.4 (f)); nothing when no key lacks them.
std::optional<std::vector<Certificate>> with_inherited_parameters(const Path& path) {
  auto lacking = [](const Certificate* c) {
    const auto* k = std::get_if<DsaKey>(&c->tbs.public_key.key);
    return k && k->p.empty();
  };
  if (std::none_of(path.begin(), path.end(), lacking)) return std::nullopt;
  std::vector<Certificate> copy;
  for (const auto* c : path) copy.push_back(*c);
  for (std::size_t i = copy.size(); i-- > 0;) {
    auto* k = std::get_if<DsaKey>(&copy[i].tbs.public_key.key);
    if (!k || !k->p.empty() || i + 1 == copy.size()) continue;
    if (const auto* above = std::get_if<DsaKey>(&copy[i + 1].tbs.public_key.key)) {
      k->p = above->p;
      k->q = above->q;
      k->g = above->g;
    }
  }
  return copy;
}

Result<void> Validator::check(const Path& path) const {
  if (auto filled = with_inherited_parameters(path)) {
    Path p;
    for (const auto& c : *filled) p.push_back(&c);
    return check_path(p);
  }
  return check_path(path);
}

Result<void> Validator::check_path(const Path& path) const {
  const std::size_t n = path.size();
  const Certificate& anchor = *path.back();
  // First what each link needs on its own, from the leaf up, so a broken link is named
  // before what depends on the whole path: validity, names chaining, issuers being CAs,
  // signatures.
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const Certificate& cert = *path[i];
    const Certificate& issuer = *path[i + 1];
    if (auto r = check_validity(cert, o_.time, i); !r) return r;
    if (!names_match(cert.tbs.issuer, issuer.tbs.subject))
      return fail(ErrorCode::NameMismatch,
                  which(cert, i) + " is issued by " + quoted(cert.tbs.issuer) +
                      ", the next certificate is " + quoted(issuer.tbs.subject));
    if (auto r = check_ca(issuer, i + 2 == n); !r) return r;
    if (auto r = verify_certificate_signature(cert, issuer.tbs.public_key, o_.verify); !r) {
      r.error().message = which(cert, i) + ": " + r.error().message;
      return r;
    }
  }
  if (auto r = check_validity(anchor, o_.time, n - 1); !r) return r;
  if (o_.purpose)
    for (std::size_t i = 0; i + 1 < n || (n == 1 && i == 0); ++i)
      if (auto r = check_purpose(*path[i], *o_.purpose, i); !r) return r;
  // Then from the root down (RFC 5280 6.1): the CAs above constrain each certificate.
  std::int64_t max_path = static_cast<std::int64_t>(n);
  if (const auto* bc = anchor.extension<BasicConstraints>(); bc && bc->path_length)
    max_path = *bc->path_length;
  PolicyTree policies(n - 1, o_);
  for (std::size_t i = n - 1; i-- > 0;) {
    const Certificate& cert = *path[i];
    if (auto r = check_revocation(path, i); !r) return r;
    if (auto r = policies.process(cert, n - 1 - i, self_issued(cert), which(cert, i)); !r)
      return r;
    if (i == 0 || !self_issued(cert))
      for (std::size_t j = i + 1; j < n; ++j)
        if (auto r = check_name_constraints(cert, *path[j]); !r) return r;
    if (i == 0) break;
    // cert is an intermediate CA: the path length below it.
    if (!self_issued(cert)) {
      if (max_path <= 0)
        return fail(ErrorCode::PathLength,
                    "the path has more intermediate CAs than a pathLenConstraint above " +
                        which(cert, i) + " allows");
      --max_path;
    }
    if (const auto* bc = cert.extension<BasicConstraints>(); bc && bc->path_length)
      max_path = std::min(max_path, *bc->path_length);
  }
  if (n > 1) return policies.finish(*path[0]);
  return {};
}

// Whether `crl` is signed by `issuer`, or else by another certificate of its name that
// may sign CRLs and validates to the same root.
bool Validator::crl_signed_for(const Crl& crl, const Certificate& issuer,
                               const Certificate& anchor) const {
  if (verify_crl(crl, issuer, o_.verify)) return true;
  for (const auto* signer : signers_)
    if (verify_crl(crl, *signer, o_.verify)) return true;
  if (depth_ >= 2) return false;
  const std::span<const Certificate> anchor_only(&anchor, 1);
  for (const auto* set : {&roots_, &pool_})
    for (const auto& signer : *set) {
      if (same_certificate(signer, issuer) || !verify_crl(crl, signer, o_.verify)) continue;
      if (same_certificate(signer, anchor)) return true;
      ValidationOptions nested = o_;
      nested.purpose.reset();
      auto signers = signers_;
      signers.push_back(&signer);
      const Validator v(pool_, anchor_only, nested, depth_ + 1, std::move(signers));
      if (v.build(signer)) return true;
    }
  return false;
}

// ReasonFlags bits 1 (keyCompromise) to 8 (aACompromise): every reason.
constexpr unsigned all_reasons = 0x1fe;

// The names of a distribution point: fullName as given, nameRelativeToCRLIssuer as the
// issuer's name with that RDN appended.
GeneralNames point_names(const DistributionPointName& point, const Name& issuer) {
  if (const auto* full = std::get_if<GeneralNames>(&point)) return *full;
  Name n = issuer;
  n.rdns.push_back(std::get<RelativeDistinguishedName>(point));
  return {GeneralName(std::move(n))};
}

bool same_general_name(const GeneralName& a, const GeneralName& b) {
  const auto* x = std::get_if<Name>(&a);
  const auto* y = std::get_if<Name>(&b);
  if (x && y) return names_match(*x, *y);
  return a == b;
}

bool names_name(const std::optional<GeneralNames>& names, const Name& name) {
  if (names)
    for (const auto& g : *names)
      if (const auto* n = std::get_if<Name>(&g); n && names_match(*n, name)) return true;
  return false;
}

// The reasons `crl` covers for `cert` (RFC 5280 6.3.3 (b) and (d)), or nothing when the
// CRL is not for it: neither from its issuer nor an indirect CRL from an issuer one of its
// distribution points names in cRLIssuer, or outside the scope its
// issuingDistributionPoint sets (or that extension is malformed, or the CRL is one of
// attribute certificates).
std::optional<unsigned> crl_scope(const Crl& crl, const Certificate& cert) {
  auto idp = crl.issuing_distribution_point();
  if (!idp) return std::nullopt;
  const IssuingDistributionPoint* p = *idp ? &**idp : nullptr;
  if (p && p->only_attribute_certs) return std::nullopt;
  const bool indirect = p && p->indirect_crl;
  const bool direct = names_match(crl.tbs.issuer, cert.tbs.issuer);
  // The certificate's distribution points this CRL may serve (6.3.3 (b)(2)(iv)): with a
  // cRLIssuer, an indirect CRL from that issuer; without, a CRL from the certificate's.
  std::vector<const DistributionPoint*> points;
  if (const auto* cdp = cert.extension<CrlDistributionPoints>())
    for (const auto& dp : cdp->points)
      if (dp.crl_issuer ? indirect && names_name(dp.crl_issuer, crl.tbs.issuer) : direct)
        points.push_back(&dp);
  if (!direct && points.empty()) return std::nullopt;
  if (!p) return all_reasons;
  const auto* bc = cert.extension<BasicConstraints>();
  const bool ca = bc && bc->ca;
  if ((p->only_user_certs && ca) || (p->only_ca_certs && !ca)) return std::nullopt;
  if (p->point) {
    // (b)(2)(i): a name of the CRL's point among the names of the certificate's (relative
    // names are relative to whoever issues the CRL), or among a point's cRLIssuer names.
    const GeneralNames crl_names = point_names(*p->point, crl.tbs.issuer);
    bool matched = false;
    for (const auto* dp : points) {
      GeneralNames names;
      if (dp->name)
        names = point_names(*dp->name, dp->crl_issuer ? crl.tbs.issuer : cert.tbs.issuer);
      else if (dp->crl_issuer)
        names = *dp->crl_issuer;
      for (const auto& n : names)
        for (const auto& m : crl_names) matched = matched || same_general_name(n, m);
    }
    if (!matched) return std::nullopt;
  }
  if (!p->only_some_reasons) return all_reasons;
  unsigned mask = 0;
  for (std::size_t bit = 1; bit <= 8; ++bit)
    if (p->only_some_reasons->bit(bit)) mask |= 1u << bit;
  return mask;
}

// Big-endian INTEGER magnitudes compared as numbers.
int compare_numbers(ByteView a, ByteView b) {
  while (!a.empty() && a.front() == 0) a = a.subspan(1);
  while (!b.empty() && b.front() == 0) b = b.subspan(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const auto c = std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool current(const Crl& crl, const asn1::DateTime& now) {
  return !(now < crl.tbs.this_update.value) &&
         !(crl.tbs.next_update && crl.tbs.next_update->value < now);
}

Result<void> Validator::check_revocation(const Path& path, std::size_t i) const {
  if (o_.crls.empty() && !o_.require_revocation_check) return {};
  const Certificate& cert = *path[i];
  const Certificate& issuer = *path[i + 1];
  const Certificate& anchor = *path.back();
  unsigned covered = 0;
  for (const auto& crl : o_.crls) {
    if (crl.delta_base() || crl.has_unknown_critical() || !current(crl, o_.time)) continue;
    const auto scope = crl_scope(crl, cert);
    if (!scope || !crl_signed_for(crl, issuer, anchor)) continue;
    covered |= *scope;
    // A current delta CRL for this one (6.3.3 (c), (g)): same issuer and scope, based on
    // this CRL's number or an earlier one; its entries win, removeFromCRL included.
    const RevokedCertificate* entry = nullptr;
    const auto number = crl.crl_number();
    const auto idp = crl.issuing_distribution_point();
    auto same_scope = [&](const Crl& d) {
      const auto other = d.issuing_distribution_point();
      return idp && other && *idp == *other;
    };
    for (const auto& delta : o_.crls) {
      const auto base = delta.delta_base();
      if (!base || !number || compare_numbers(*number, *base) < 0 ||
          !names_match(delta.tbs.issuer, crl.tbs.issuer) || delta.has_unknown_critical() ||
          !current(delta, o_.time) || !same_scope(delta) ||
          !crl_signed_for(delta, issuer, anchor))
        continue;
      entry = delta.find(cert.tbs.serial, cert.tbs.issuer);
      if (entry) break;
    }
    if (!entry) entry = crl.find(cert.tbs.serial, cert.tbs.issuer);
    if (entry) {
      const auto reason = entry->reason();
      if (reason == RevocationReason::RemoveFromCrl) continue;
      return fail(ErrorCode::Revoked, which(cert, i) + " is revoked" +
                                          (reason ? std::string(" (") + reason_name(*reason) + ")"
                                                  : std::string()));
    }
  }
  if (covered != all_reasons && o_.require_revocation_check)
    return fail(ErrorCode::RevocationUnknown,
                "no current CRL for " + which(cert, i) + " (issued by " +
                    quoted(cert.tbs.issuer) + ")" + (covered ? " covers every revocation reason" : ""));
  return {};
}

// Candidates for the issuer of `cert`: names match; those whose key identifier matches
// the authority key identifier first.
std::vector<const Certificate*> issuers_of(const Certificate& cert,
                                           std::span<const Certificate> set) {
  std::vector<const Certificate*> first, rest;
  const auto* aki = cert.extension<AuthorityKeyIdentifier>();
  for (const auto& c : set) {
    if (!names_match(c.tbs.subject, cert.tbs.issuer)) continue;
    const auto* ski = c.extension<SubjectKeyIdentifier>();
    const bool keyed = aki && aki->key_id && ski && ski->key_id == *aki->key_id;
    (keyed ? first : rest).push_back(&c);
  }
  first.insert(first.end(), rest.begin(), rest.end());
  return first;
}

// Depth-first extension of `path` to exactly `limit` certificates, the last a root;
// each complete path is checked.
void Validator::extend(Path& path, std::size_t limit, std::optional<Error>& first_error,
                       std::optional<Path>& found) const {
  const Certificate& top = *path.back();
  if (path.size() + 1 == limit) {
    for (const Certificate* root : issuers_of(top, roots_)) {
      if (found) return;
      path.push_back(root);
      auto ok = check(path);
      if (ok)
        found = path;
      else if (!first_error)
        first_error = std::move(ok.error());
      path.pop_back();
    }
    return;
  }
  for (const Certificate* next : issuers_of(top, pool_)) {
    if (found) return;
    bool seen = false;
    for (const auto* p : path) seen = seen || same_certificate(*p, *next);
    if (seen) continue;
    path.push_back(next);
    extend(path, limit, first_error, found);
    path.pop_back();
  }
}

Result<Path> Validator::build(const Certificate& leaf) const {
  std::optional<Error> first_error;
  for (const auto& r : roots_)
    if (same_certificate(r, leaf)) {
      auto ok = check({&r});
      if (ok) return Path{&r};
      first_error = std::move(ok.error());
    }
  std::optional<Path> found;
  for (std::size_t limit = 2; limit <= o_.max_length && !found; ++limit) {
    Path path{&leaf};
    extend(path, limit, first_error, found);
  }
  if (found) return std::move(*found);
  if (first_error) return std::unexpected(std::move(*first_error));
  return fail(ErrorCode::UntrustedRoot, "no path from " + quoted(leaf.tbs.subject) +
                                            " to a trusted root (no issuer named " +
                                            quoted(leaf.tbs.issuer) + " leads to one)");
}

}  // namespace

Result<std::vector<Certificate>> build_path(const Certificate& leaf,
                                            std::span<const Certificate> untrusted,
                                            std::span<const Certificate> roots,
                                            const ValidationOptions& options) {
  const Validator v(untrusted, roots, options, 0);
  auto path = v.build(leaf);
  if (!path) return std::unexpected(std::move(path.error()));
  std::vector<Certificate> out;
  out.reserve(path->size());
  for (const auto* c : *path) out.push_back(*c);
  return out;
}

Result<void> validate_chain(std::span<const Certificate> chain, std::span<const Certificate> roots,
                            const ValidationOptions& options) {
  if (chain.empty()) return fail(ErrorCode::InvalidValue, "empty chain");
  Path path;
  for (const auto& c : chain) path.push_back(&c);
  const Validator v(chain, roots, options, 0);
  for (const auto& r : roots)
    if (same_certificate(r, chain.back())) return v.check(path);
  const Certificate& last = chain.back();
  std::optional<Error> last_error;
  for (const auto& r : roots) {
    if (!names_match(r.tbs.subject, last.tbs.issuer)) continue;
    auto ok = verify_certificate_signature(last, r.tbs.public_key, options.verify);
    if (ok) {
      path.push_back(&r);
      return v.check(path);
    }
    last_error = std::move(ok.error());
  }
  if (last_error) return std::unexpected(std::move(*last_error));
  return fail(ErrorCode::UntrustedRoot,
              "no trusted root is named " + quoted(last.tbs.issuer));
}

Result<void> validate_chain(std::span<const Certificate> chain, std::span<const Certificate> roots,
                            const asn1::DateTime& now, const VerifyOptions& options) {
  ValidationOptions o;
  o.time = now;
  o.verify = options;
  return validate_chain(chain, roots, o);
}

Bytes fingerprint(const Certificate& cert, PinKind kind) {
  auto der = kind == PinKind::Certificate ? encode_certificate(cert)
                                          : encode_public_key_info(cert.tbs.public_key);
  if (!der) return {};
  return nocrypto::pk::digest(nocrypto::pk::DigestAlgorithm::sha256, *der);
}

Result<void> validate_pinned(const Certificate& leaf, std::span<const Bytes> sha256_pins,
                             PinKind kind, std::string_view host, const asn1::DateTime& now) {
  const Bytes mine = fingerprint(leaf, kind);
  bool pinned = false;
  for (const auto& pin : sha256_pins) pinned = pinned || pin == mine;
  if (!pinned)
    return fail(ErrorCode::UntrustedRoot,
                "the fingerprint of " + quoted(leaf.tbs.subject) + " matches no pin");
  if (auto r = check_validity(leaf, now, 0); !r) return r;
  if (!host.empty() && !matches_hostname(leaf, host))
    return fail(ErrorCode::NameMismatch,
                quoted(leaf.tbs.subject) + " does not name " + std::string(host));
  return {};
}

}  // namespace x509
