#pragma once
// PKCS #12 (RFC 7292) files: a private key and its certificates under one password.
// Read: password integrity (HMAC-SHA-1/256/384/512 over the appendix B key derivation),
// `data` and `encryptedData` contents, keyBag, pkcs8ShroudedKeyBag, certBag (X.509),
// crlBag, secretBag and nested safeContentsBag; PBES2 (PBKDF2 with HMAC-SHA-1/256/384/
// 512; AES-128/192/256-CBC or DES-EDE3-CBC) and, read-only, the legacy PKCS #12 PBEs
// with SHA-1 and 3DES or RC2. Written: what OpenSSL 3 makes by default (PBES2 with
// PBKDF2-HMAC-SHA-256 and AES-256-CBC, a SHA-256 MAC).
#include <x509/certificate.hpp>
#include <x509/private_key.hpp>
#include <x509/verify.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace x509 {

// The bag attributes that tie a key to its certificate (RFC 7292 4.2).
struct Pkcs12Attributes {
  std::optional<std::string> friendly_name;  // friendlyName (a BMPString), as UTF-8
  std::optional<Bytes> local_key_id;  // localKeyId: the same bytes on a key and its certificate
  friend bool operator==(const Pkcs12Attributes&, const Pkcs12Attributes&) = default;
};

struct Pkcs12Key {
  PrivateKey key;
  Pkcs12Attributes attributes;
};

struct Pkcs12Certificate {
  Certificate certificate;
  Pkcs12Attributes attributes;
};

// A crlBag (x509CRL): the CRL's DER, for parse_crl.
struct Pkcs12Crl {
  Bytes der;
  Pkcs12Attributes attributes;
};

// A secretBag, kept whole: its type and the DER of its secretValue.
struct Pkcs12Secret {
  asn1::Oid type;
  Bytes value;
  Pkcs12Attributes attributes;
};

// Everything a PKCS #12 file held, in the order it held it.
struct Pkcs12 {
  std::vector<Pkcs12Key> keys;
  std::vector<Pkcs12Certificate> certificates;
  std::vector<Pkcs12Crl> crls;
  std::vector<Pkcs12Secret> secrets;

  // The certificate of `key`: the one with the key's localKeyId when it has one, else the
  // first whose public key is the key's. Null when none is.
  const Pkcs12Certificate* certificate_for(const Pkcs12Key& key) const;
};

struct Pkcs12ReadOptions {
  // The most iterations accepted for the MAC and for each key derivation: beyond it
  // InvalidValue, so a hostile file cannot make us work for hours.
  std::uint32_t max_iterations = 10'000'000;
  // A file without macData has no integrity check: refused (InvalidValue) unless false.
  bool require_mac = true;
};

// Reads a PFX (BER or DER, version 3) under `password` (UTF-8; made a BMPString for the
// PKCS #12 derivations, used as its bytes for PBKDF2, as OpenSSL does). The MAC is checked
// before anything is decrypted: BadSignature when it does not verify (a wrong password or
// an altered file), and when a decrypted item's padding does not check out (an item under
// another password). Der for structures that do not decode; UnsupportedAlgorithm for
// public-key integrity or privacy (signedData, envelopedData) and other ciphers or MACs;
// InvalidValue for a version other than 3, iteration counts outside 1..max_iterations, a
// missing MAC or a bad attribute; the errors of parse_private_key and parse_certificate
// for the keys and certificates inside. Unknown bag types and non-X.509 certificates are
// skipped.
Result<Pkcs12> parse_pkcs12(ByteView der, std::string_view password,
                            const Pkcs12ReadOptions& options = {});

struct Pkcs12Options {
  std::uint32_t iterations = 2048;       // PBKDF2 iterations for the key and the certificates
  std::uint32_t mac_iterations = 2048;   // of the MAC key derivation
  HashKind mac_hash = HashKind::Sha256;  // Sha1, Sha256, Sha384 or Sha512
  std::string friendly_name;             // on the key and its certificate (UTF-8); none if empty
};

// A PFX holding `key` in a pkcs8ShroudedKeyBag and `certificates` (the key's own first,
// then its chain) in one encryptedData, both under PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC,
// salts and IVs from `rng`), with a MAC. The key and the first certificate carry a
// localKeyId (the SHA-1 of that certificate, or of the key's public key when there is
// none) and the friendly name. InvalidValue for zero iterations, a MAC hash other than
// those four, or a friendly name outside the BMP; UnsupportedAlgorithm when `rng` refuses.
Result<Bytes> encode_pkcs12(const PrivateKey& key, std::span<const Certificate> certificates,
                            std::string_view password, nocrypto::pk::RandomRef rng,
                            const Pkcs12Options& options = {});

}  // namespace x509
