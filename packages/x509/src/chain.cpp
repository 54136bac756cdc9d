// The path check of chain.hpp.
#include <x509/chain.hpp>

#include <string>
#include <vector>

namespace x509 {
namespace {

bool same_certificate(const Certificate& a, const Certificate& b) {
  return a.tbs_der == b.tbs_der && a.signature == b.signature;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

// RFC 5280 4.2.1.10: "example.com" covers itself and its subdomains; a leading dot
// (".example.com", common in practice) covers subdomains only; empty covers everything.
bool within(const std::string& name, std::string_view constraint_text) {
  const std::string c = lower(constraint_text);
  if (c.empty()) return true;
  if (c[0] == '.') return name.size() > c.size() && name.ends_with(c);
  return name == c ||
         (name.size() > c.size() && name.ends_with(c) && name[name.size() - c.size() - 1] == '.');
}

Result<void> check_name_constraints(const Certificate& cert, const Certificate& ca) {
  const auto* nc = ca.extension<NameConstraints>();
  if (nc == nullptr) return {};
  std::vector<std::string> permitted, excluded;
  auto collect = [&](const std::optional<std::vector<GeneralSubtree>>& trees,
                     std::vector<std::string>& out) -> Result<void> {
    if (!trees) return {};
    for (const auto& t : *trees) {
      const auto* dns = std::get_if<DnsName>(&t.base);
      if (dns == nullptr)
        return fail(ErrorCode::NameConstraints, "only dNSName constraints are checked; \"" +
                                                    ca.tbs.subject.to_string() +
                                                    "\" has another kind");
      out.push_back(dns->value);
    }
    return {};
  };
  if (auto r = collect(nc->permitted, permitted); !r) return r;
  if (auto r = collect(nc->excluded, excluded); !r) return r;
  const auto* san = cert.extension<SubjectAltName>();
  if (san == nullptr) return {};
  for (const auto& n : san->names) {
    const auto* dns = std::get_if<DnsName>(&n);
    if (dns == nullptr) continue;
    const std::string name = lower(dns->value);
    for (const auto& e : excluded)
      if (within(name, e))
        return fail(ErrorCode::NameConstraints, "DNS name " + dns->value + " is excluded by " + e);
    if (!permitted.empty()) {
      bool ok = false;
      for (const auto& p : permitted) ok = ok || within(name, p);
      if (!ok)
        return fail(ErrorCode::NameConstraints,
                    "DNS name " + dns->value + " is outside the permitted subtrees");
    }
  }
  return {};
}

Result<void> check_one(const Certificate& cert, const asn1::DateTime& now, std::size_t index) {
  const std::string which =
      "certificate " + std::to_string(index) + " (" + cert.tbs.subject.to_string() + ")";
  if (now < cert.tbs.validity.not_before.value)
    return fail(ErrorCode::Expired, which + " is not yet valid");
  if (now > cert.tbs.validity.not_after.value)
    return fail(ErrorCode::Expired, which + " has expired");
  if (cert.tbs.extensions)
    for (const auto& e : *cert.tbs.extensions)
      if (e.critical && std::holds_alternative<UnknownExtension>(e.parsed))
        return fail(ErrorCode::UnknownCritical,
                    which + " has the unknown critical extension " + e.id.to_string());
  return {};
}

// `ca` issues a certificate with `below` CA certificates between it and the leaf.
Result<void> check_issuer(const Certificate& ca, std::size_t below, bool anchor) {
  // Appended rather than "\"" + name: GCC 12 warns falsely (-Wrestrict) on the latter.
  std::string which = "\"";
  which += ca.tbs.subject.to_string();
  which += '"';
  const auto* bc = ca.extension<BasicConstraints>();
  // A v1 trust anchor has no extensions at all; it is trusted as a CA by configuration.
  const bool v1_anchor = anchor && ca.tbs.version == 0;
  if (!v1_anchor && (bc == nullptr || !bc->ca))
    return fail(ErrorCode::NotCa, which + " is not a CA (basicConstraints)");
  if (const auto* ku = ca.extension<KeyUsage>(); ku && !ku->has(KeyUsageBit::KeyCertSign))
    return fail(ErrorCode::NotCa, which + " keyUsage lacks keyCertSign");
  if (bc && bc->path_length && static_cast<std::int64_t>(below) > *bc->path_length)
    return fail(ErrorCode::PathLength, which + " allows " + std::to_string(*bc->path_length) +
                                           " intermediate CAs below it, the chain has " +
                                           std::to_string(below));
  return {};
}

}  // namespace

Result<void> validate_chain(std::span<const Certificate> chain, std::span<const Certificate> roots,
                            const asn1::DateTime& now, const VerifyOptions& options) {
  if (chain.empty()) return fail(ErrorCode::InvalidValue, "empty chain");
  // The path: the chain, then the root that anchors it (unless the chain ends at one).
  std::vector<const Certificate*> path;
  for (const auto& c : chain) path.push_back(&c);
  bool anchored = false;
  for (const auto& r : roots)
    if (same_certificate(r, chain.back())) anchored = true;
  if (!anchored) {
    const Certificate& last = chain.back();
    std::optional<Error> last_error;
    for (const auto& r : roots) {
      if (!(r.tbs.subject == last.tbs.issuer)) continue;
      auto ok = verify_certificate_signature(last, r.tbs.public_key, options);
      if (ok) {
        path.push_back(&r);
        anchored = true;
        break;
      }
      last_error = std::move(ok.error());
    }
    if (!anchored) {
      if (last_error) return std::unexpected(std::move(*last_error));
      return fail(ErrorCode::UntrustedRoot,
                  "no trusted root is named \"" + last.tbs.issuer.to_string() + "\"");
    }
  }
  for (std::size_t i = 0; i < path.size(); ++i) {
    const Certificate& cert = *path[i];
    if (auto r = check_one(cert, now, i); !r) return r;
    if (i + 1 == path.size()) break;  // the trust anchor: nothing above it to check
    const Certificate& issuer = *path[i + 1];
    if (!(cert.tbs.issuer == issuer.tbs.subject))
      return fail(ErrorCode::NameMismatch, "certificate " + std::to_string(i) + " is issued by \"" +
                                               cert.tbs.issuer.to_string() +
                                               "\", the next certificate is \"" +
                                               issuer.tbs.subject.to_string() + "\"");
    // CAs between issuer and leaf (the leaf itself is not counted).
    if (auto r = check_issuer(issuer, i, i + 2 == path.size()); !r) return r;
    if (auto r = verify_certificate_signature(cert, issuer.tbs.public_key, options); !r) {
      r.error().message = "certificate " + std::to_string(i) + ": " + r.error().message;
      return r;
    }
    for (std::size_t j = i + 1; j < path.size(); ++j)
      if (auto r = check_name_constraints(cert, *path[j]); !r) return r;
  }
  return {};
}

}  // namespace x509
