#include <x509/error.hpp>

namespace x509 {

const char* code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::Pem:
      return "Pem";
    case ErrorCode::Der:
      return "Der";
    case ErrorCode::InvalidValue:
      return "InvalidValue";
    case ErrorCode::UnsupportedAlgorithm:
      return "UnsupportedAlgorithm";
    case ErrorCode::AlgorithmMismatch:
      return "AlgorithmMismatch";
    case ErrorCode::InvalidKey:
      return "InvalidKey";
    case ErrorCode::BadSignature:
      return "BadSignature";
    case ErrorCode::Encoding:
      return "Encoding";
    case ErrorCode::NameMismatch:
      return "NameMismatch";
    case ErrorCode::Expired:
      return "Expired";
    case ErrorCode::NotCa:
      return "NotCa";
    case ErrorCode::PathLength:
      return "PathLength";
    case ErrorCode::UnknownCritical:
      return "UnknownCritical";
    case ErrorCode::UntrustedRoot:
      return "UntrustedRoot";
    case ErrorCode::NameConstraints:
      return "NameConstraints";
    case ErrorCode::Revoked:
      return "Revoked";
    case ErrorCode::RevocationUnknown:
      return "RevocationUnknown";
    case ErrorCode::KeyPurpose:
      return "KeyPurpose";
    case ErrorCode::Policy:
      return "Policy";
  }
  return "?";
}

std::string Error::to_string() const {
  return std::string(code_name(code)) + ": " + message;
}

}  // namespace x509
