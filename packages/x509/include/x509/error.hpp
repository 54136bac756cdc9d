#pragma once
// The one error type of the x509 package: a code to branch on and a message to show.
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <vector>

namespace x509 {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

enum class ErrorCode : std::uint8_t {
  Pem,                   // malformed PEM: markers, labels, base64
  Der,                   // the DER does not decode as the RFC 5280 structure
  InvalidValue,          // decodes, but a value is out of its allowed range
  UnsupportedAlgorithm,  // an algorithm or curve we do not implement (or refuse: MD5)
  AlgorithmMismatch,     // signature and key algorithms disagree, or outer/inner algorithms differ
  InvalidKey,            // a public key whose bytes are not a valid key
  BadSignature,          // the signature does not verify
  Encoding,              // a value that cannot be encoded as DER
  NameMismatch,          // chain: a certificate's issuer is not the next one's subject
  Expired,               // chain: outside the validity period at the time given
  NotCa,                 // chain: an issuer without basicConstraints cA
  PathLength,            // chain: pathLenConstraint exceeded
  UnknownCritical,       // chain: a critical extension we do not understand
  UntrustedRoot,         // chain: the chain does not end at one of the trusted roots
  NameConstraints,  // chain: a name outside a CA's constraints, or a constraint we cannot check
  Revoked,            // chain: a certificate is listed on its issuer's current CRL
  RevocationUnknown,  // chain: revocation required, and no current CRL from the issuer verifies
  KeyPurpose,         // chain: an extKeyUsage without the purpose asked for
  Policy,             // chain: no acceptable certificate policy, or a forbidden policy mapping
};

// The enumerator's name, e.g. "BadSignature".
const char* code_name(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::Der;
  std::string
      message;  // "certificate: required field missing at offset 4 (tbsCertificate.subject)"

  // "BadSignature: RSA PKCS#1 v1.5 signature does not verify"
  std::string to_string() const;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message)});
}

}  // namespace x509
