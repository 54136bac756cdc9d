#pragma once
// A simple path check (a subset of RFC 5280 section 6): names chain, signatures verify,
// every certificate is valid at the time given, issuers are CAs within their
// pathLenConstraint, dNSName constraints hold, no critical extension is unknown.
// Not done: policies, revocation, key usage beyond keyCertSign, name constraints on
// other name types (refused rather than ignored), path building (the caller orders).
#include <x509/certificate.hpp>
#include <x509/verify.hpp>

#include <span>

namespace x509 {

// Whether chain[0] (the leaf), chain[1] (its issuer), ... ends at a trusted root: the
// last certificate either is one of `roots` (same TBSCertificate and signature) or is
// signed by one (issuer name equal to the root's subject). Errors, checked from the leaf
// up: Expired (outside notBefore..notAfter at `now`, the root included), UnknownCritical,
// NameMismatch (issuer is not the next subject), NotCa (an issuer without basicConstraints
// cA, or with keyUsage lacking keyCertSign), PathLength, NameConstraints, the errors of
// verify_certificate_signature, UntrustedRoot; InvalidValue for an empty chain.
Result<void> validate_chain(std::span<const Certificate> chain, std::span<const Certificate> roots,
                            const asn1::DateTime& now, const VerifyOptions& options = {});

}  // namespace x509
