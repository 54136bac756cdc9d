#pragma once
// X.509 v1 and v3 certificates (RFC 5280 4.1): parse strict DER into plain values, and
// encode those values back to the same DER.
#include <x509/error.hpp>
#include <x509/extensions.hpp>
#include <x509/name.hpp>
#include <x509/public_key.hpp>

#include <asn1/asn1.hpp>

#include <optional>
#include <vector>

namespace x509 {

// UTCTime or GeneralizedTime: which one is kept so the encoding is unchanged.
struct Time {
  asn1::DateTime value;
  bool generalized = false;
  friend bool operator==(const Time&, const Time&) = default;
};

struct Validity {
  Time not_before;
  Time not_after;
  friend bool operator==(const Validity&, const Validity&) = default;
};

struct TbsCertificate {
  int version = 0;  // 0 for v1, 1 for v2, 2 for v3 (the encoded number)
  Bytes serial;     // the INTEGER's contents: big-endian two's complement
  AlgorithmIdentifier signature;
  Name issuer;
  Validity validity;
  Name subject;
  PublicKeyInfo public_key;
  std::optional<asn1::BitString> issuer_unique_id;
  std::optional<asn1::BitString> subject_unique_id;
  std::optional<std::vector<Extension>> extensions;  // v3 only
  friend bool operator==(const TbsCertificate&, const TbsCertificate&) = default;
};

struct Certificate {
  TbsCertificate tbs;
  Bytes tbs_der;  // the exact TBSCertificate bytes that were signed
  AlgorithmIdentifier signature_algorithm;
  asn1::BitString signature;

  // The extension with this OID, or null.
  const Extension* find_extension(const asn1::Oid& id) const;
  // The decoded extension of type T (BasicConstraints, SubjectAltName...), or null.
  template <class T>
  const T* extension() const {
    if (!tbs.extensions) return nullptr;
    for (const auto& e : *tbs.extensions)
      if (const T* v = std::get_if<T>(&e.parsed)) return v;
    return nullptr;
  }
  // Whether issuer and subject are the same name (a self-issued certificate).
  bool self_issued() const { return tbs.issuer == tbs.subject; }
};

// Parses one DER certificate. Der error (with the asn1 path and offset) when it does not
// decode strictly, a known extension included; InvalidValue for a version above v3,
// extensions in a v1/v2 certificate, a duplicated extension or a known algorithm's bad key.
Result<Certificate> parse_certificate(ByteView der);

// The DER of a certificate from its values (tbs_der is not used: the TBSCertificate is
// encoded from `tbs`). Encoding error for values DER cannot hold.
Result<Bytes> encode_certificate(const Certificate& cert);
// The DER of a TBSCertificate.
Result<Bytes> encode_tbs_certificate(const TbsCertificate& tbs);

// PEM text to certificates: every CERTIFICATE block parsed (other labels ignored).
Result<std::vector<Certificate>> parse_pem_certificates(std::string_view text);

}  // namespace x509
