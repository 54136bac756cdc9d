#pragma once
// Certification path building and validation (RFC 5280 section 6):
// from a leaf, through an untrusted pool, to one of the trusted roots.
//
// Checked along a path: every signature; validity at the time given (the root's too);
// issuer names chain (RFC 5280 7.1 comparison); issuers are CAs (basicConstraints cA,
// keyUsage keyCertSign when present; a v1 root is accepted as a CA by being trusted);
// pathLenConstraint, self-issued intermediates not counted; name constraints on DNS
// names, IP addresses, email addresses (also the subject's emailAddress), URIs (their
// host) and directory names, applied to every certificate below the constraining CA
// except self-issued intermediates; no unknown critical extension; the key purpose, when
// one is asked for, in the leaf's extKeyUsage and in any extKeyUsage a CA carries;
// revocation by the CRLs given (RFC 5280 6.3 in part: complete CRLs from the
// certificate's issuer, current at the time given, signed by the issuer or by another
// certificate of the same name that validates to the same root, scoped by their
// issuingDistributionPoint (distribution point names against the certificate's
// cRLDistributionPoints, only user / only CA certificates, only some reasons: the
// reasons of the CRLs used must add up to all), indirect CRLs (from the issuer a
// distribution point names in cRLIssuer, entries told apart by certificateIssuer), delta
// CRLs on top of the complete CRL they are based on; CRLs with a critical extension we do
// not act on are not used); certificate policies (6.1.2 to
// 6.1.5: the valid policy tree, policy mappings, policy constraints, inhibitAnyPolicy,
// the caller's initial policy set; a tree past 4096 nodes or 16384 expected
// policies is refused).
// Not done: OCSP.
#include <x509/certificate.hpp>
#include <x509/crl.hpp>
#include <x509/verify.hpp>

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace x509 {

namespace kp {
inline constexpr asn1::Oid any_extended_key_usage = asn1::oid("2.5.29.37.0");
}  // namespace kp

struct ValidationOptions {
  asn1::DateTime time;  // validity and CRL currency are judged at this time
  VerifyOptions verify;
  std::span<const Crl> crls;              // consulted for every certificate below the root
  bool require_revocation_check = false;  // RevocationUnknown when no current CRL applies
  std::optional<asn1::Oid> purpose;       // e.g. kp::server_auth
  std::size_t max_length = 8;             // certificates in a path, the root included
  // Certificate policies (RFC 5280 6.1.1 (c), (e), (f), (g)): the policies acceptable to
  // the caller (empty: any), whether the path must be valid for at least one of them,
  // whether policy mappings are refused, and whether anyPolicy stops matching. With the
  // defaults a path whose policies do not line up still validates (with no policy).
  std::span<const asn1::Oid> policies;
  bool require_explicit_policy = false;
  bool inhibit_policy_mapping = false;
  bool inhibit_any_policy = false;
};

// The shortest valid path from `leaf` through `untrusted` (in any order, with unrelated
// certificates mixed in) to one of `roots`, leaf first, ending with the root (just the
// leaf when it is itself a root). Candidates are the certificates whose subject matches
// the issuer name, those whose subjectKeyIdentifier matches the authorityKeyIdentifier
// first. When no path validates: the error of the first complete candidate path (so an
// expired intermediate gives Expired), or UntrustedRoot when no path reaches a root.
Result<std::vector<Certificate>> build_path(const Certificate& leaf,
                                            std::span<const Certificate> untrusted,
                                            std::span<const Certificate> roots,
                                            const ValidationOptions& options);

// The chain as given, leaf first: its last certificate is one of `roots` or is signed by
// one. Errors as for build_path's paths; InvalidValue for an empty chain.
Result<void> validate_chain(std::span<const Certificate> chain, std::span<const Certificate> roots,
                            const ValidationOptions& options);

// Pinning: what a fingerprint is taken over, as SHA-256: the certificate's DER, or its
// SubjectPublicKeyInfo's DER (which survives re-issuing with the same key).
enum class PinKind : std::uint8_t { Certificate, PublicKey };
Bytes fingerprint(const Certificate& cert, PinKind kind);

// Authenticates a leaf by fingerprint instead of a path: UntrustedRoot when no pin
// matches, Expired outside its validity at `now`, NameMismatch when `host` is not empty
// and the certificate does not name it (hostname.hpp).
Result<void> validate_pinned(const Certificate& leaf, std::span<const Bytes> sha256_pins,
                             PinKind kind, std::string_view host, const asn1::DateTime& now);

// The same at time `now`, without revocation or purpose.
Result<void> validate_chain(std::span<const Certificate> chain, std::span<const Certificate> roots,
                            const asn1::DateTime& now, const VerifyOptions& options = {});

}  // namespace x509
