// Trust anchors and the chain authenticator.
#include <ca-certs/anchors.hpp>

#include <x509/hostname.hpp>

#include <algorithm>

namespace ca_certs {

Result<Anchors> Anchors::from_pem(std::string_view pem) {
  Anchors a;
  auto added = a.add_pem(pem);
  if (!added) return std::unexpected(std::move(added.error()));
  return a;
}

Result<std::size_t> Anchors::add_pem(std::string_view pem) {
  auto certs = x509::parse_pem_certificates(pem);
  if (!certs) return std::unexpected(std::move(certs.error()));
  std::size_t added = 0;
  for (auto& c : *certs) added += add(std::move(c)) ? 1 : 0;
  return added;
}

bool Anchors::add(x509::Certificate cert) {
  Bytes fp = x509::fingerprint(cert, x509::PinKind::Certificate);
  if (std::find(fingerprints_.begin(), fingerprints_.end(), fp) != fingerprints_.end())
    return false;
  fingerprints_.push_back(std::move(fp));
  certs_.push_back(std::move(cert));
  return true;
}

std::vector<const x509::Certificate*> Anchors::find_by_subject(const x509::Name& name) const {
  std::vector<const x509::Certificate*> out;
  for (const auto& c : certs_)
    if (x509::names_match(c.tbs.subject, name)) out.push_back(&c);
  return out;
}

const x509::Certificate* Anchors::find_by_fingerprint(ByteView sha256) const {
  for (std::size_t i = 0; i < certs_.size(); ++i)
    if (std::ranges::equal(fingerprints_[i], sha256)) return &certs_[i];
  return nullptr;
}

Result<std::vector<x509::Certificate>> Anchors::authenticate(
    std::span<const x509::Certificate> sent, std::string_view host,
    x509::ValidationOptions options) const {
  if (sent.empty()) return x509::fail(x509::ErrorCode::InvalidValue, "the peer sent no certificate");
  if (!options.purpose) options.purpose = x509::kp::server_auth;
  auto path = x509::build_path(sent[0], sent.subspan(1), certs_, options);
  if (!path) return std::unexpected(std::move(path.error()));
  if (!host.empty() && !x509::matches_hostname(sent[0], host))
    return x509::fail(x509::ErrorCode::NameMismatch,
                      "the certificate of \"" + sent[0].tbs.subject.to_string() +
                          "\" does not name " + std::string(host));
  return path;
}

}  // namespace ca_certs
