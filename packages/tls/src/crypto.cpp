#include <tls/crypto.hpp>

#include <nocrypto/chacha20_poly1305.hpp>
#include <nocrypto/gcm.hpp>
#include <nocrypto/hkdf.hpp>
#include <nocrypto/hmac.hpp>
#include <nocrypto/sha2.hpp>
#include <nocrypto-ec/ecdh.hpp>
#include <nocrypto-ec/ecdsa.hpp>
#include <nocrypto-ec/ed25519.hpp>
#include <nocrypto-ec/x25519.hpp>
#include <nocrypto-pk/dh.hpp>
#include <nocrypto-pk/rsa.hpp>
#include <x509/private_key.hpp>
#include <x509/public_key.hpp>

#include <algorithm>
#include <cstring>

namespace tls::crypto {

namespace {

template <class F>
auto with_hash(HashAlg h, F&& f) {
  if (h == HashAlg::sha384) return f(nocrypto::Sha384{});
  return f(nocrypto::Sha256{});
}

Bytes to_bytes(ByteView v) { return Bytes(v.begin(), v.end()); }

}  // namespace

std::size_t hash_length(HashAlg h) noexcept { return h == HashAlg::sha384 ? 48 : 32; }

HashAlg suite_hash(CipherSuite suite) noexcept {
  return suite == CipherSuite::aes_256_gcm_sha384 ? HashAlg::sha384 : HashAlg::sha256;
}

std::size_t suite_key_length(CipherSuite suite) noexcept {
  return suite == CipherSuite::aes_128_gcm_sha256 ? 16 : 32;
}

bool known_suite(std::uint16_t v) noexcept { return v >= 0x1301 && v <= 0x1303; }

Bytes hash(HashAlg h, ByteView data) {
  return with_hash(h, [&](auto hasher) {
    hasher.feed(data);
    return to_bytes(hasher.finish());
  });
}

Bytes hmac(HashAlg h, ByteView key, ByteView data) {
  return with_hash(h, [&](auto hasher) {
    using H = decltype(hasher);
    return to_bytes(nocrypto::hmac<H>(key, data));
  });
}

Bytes hkdf_extract(HashAlg h, ByteView salt, ByteView ikm) {
  return with_hash(h, [&](auto hasher) {
    using H = decltype(hasher);
    Bytes zeros(H::digest_size, 0);
    return to_bytes(nocrypto::hkdf_extract<H>(salt.empty() ? ByteView(zeros) : salt,
                                              ikm.empty() ? ByteView(zeros) : ikm));
  });
}

Bytes hkdf_expand_label(HashAlg h, ByteView secret, std::string_view label, ByteView context,
                        std::size_t length) {
  // struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; }
  Bytes info;
  info.reserve(4 + 6 + label.size() + context.size());
  info.push_back(static_cast<std::uint8_t>(length >> 8));
  info.push_back(static_cast<std::uint8_t>(length));
  info.push_back(static_cast<std::uint8_t>(6 + label.size()));
  for (char c : std::string_view("tls13 ")) info.push_back(static_cast<std::uint8_t>(c));
  for (char c : label) info.push_back(static_cast<std::uint8_t>(c));
  info.push_back(static_cast<std::uint8_t>(context.size()));
  info.insert(info.end(), context.begin(), context.end());
  Bytes out(length);
  with_hash(h, [&](auto hasher) {
    using H = decltype(hasher);
    (void)nocrypto::hkdf_expand<H>(secret, info, out);  // lengths here are far below the cap
    return 0;
  });
  return out;
}

Bytes derive_secret(HashAlg h, ByteView secret, std::string_view label, ByteView transcript_hash) {
  return hkdf_expand_label(h, secret, label, transcript_hash, hash_length(h));
}

// ---- record protection

struct RecordProtection::Aead {
  std::variant<nocrypto::AesGcm, nocrypto::ChaCha20Poly1305> cipher;
};

RecordProtection::RecordProtection(RecordProtection&&) noexcept = default;
RecordProtection& RecordProtection::operator=(RecordProtection&&) noexcept = default;
RecordProtection::~RecordProtection() {
  nocrypto::wipe(key_);
  nocrypto::wipe(iv_);
}

Result<RecordProtection> RecordProtection::from_secret(CipherSuite suite, ByteView secret) {
  const HashAlg h = suite_hash(suite);
  RecordProtection p;
  p.suite_ = suite;
  p.key_ = hkdf_expand_label(h, secret, "key", {}, suite_key_length(suite));
  p.iv_ = hkdf_expand_label(h, secret, "iv", {}, 12);
  if (suite == CipherSuite::chacha20_poly1305_sha256) {
    auto c = nocrypto::ChaCha20Poly1305::create(p.key_);
    if (!c) return fail(Alert::internal_error, "ChaCha20-Poly1305 key");
    p.aead_ = std::make_unique<Aead>(Aead{std::move(*c)});
  } else {
    auto c = nocrypto::AesGcm::create(p.key_);
    if (!c) return fail(Alert::internal_error, "AES-GCM key");
    p.aead_ = std::make_unique<Aead>(Aead{std::move(*c)});
  }
  return p;
}

void RecordProtection::nonce(std::uint8_t out[12]) const noexcept {
  std::memcpy(out, iv_.data(), 12);
  for (int i = 0; i < 8; ++i) out[11 - i] ^= static_cast<std::uint8_t>(seq_ >> (8 * i));
}

Bytes RecordProtection::seal(std::uint8_t type, ByteView content, std::size_t padding) {
  Bytes record;
  seal_into(record, type, content, padding);
  return record;
}

void RecordProtection::seal_into(Bytes& out, std::uint8_t type, ByteView content, std::size_t padding) {
  const std::size_t inner = content.size() + 1 + padding;
  const std::size_t length = inner + 16;
  const std::size_t at = out.size();
  out.resize(at + 5 + length);
  std::uint8_t* record = out.data() + at;
  record[0] = 23;  // application_data
  record[1] = 0x03;
  record[2] = 0x03;
  record[3] = static_cast<std::uint8_t>(length >> 8);
  record[4] = static_cast<std::uint8_t>(length);
  std::uint8_t* text = record + 5;
  std::copy(content.begin(), content.end(), text);
  text[content.size()] = type;
  std::fill(text + content.size() + 1, text + inner, std::uint8_t{0});
  std::uint8_t n[12];
  nonce(n);
  const ByteView aad(record, 5);
  const ByteView plain(text, inner);
  const std::span<std::uint8_t> sealed(text, length);
  std::visit([&](auto& c) { (void)c.seal(ByteView(n, 12), aad, plain, sealed); }, aead_->cipher);
  ++seq_;
}

Result<std::pair<std::uint8_t, Bytes>> RecordProtection::open(ByteView header, ByteView encrypted) {
  Bytes plain;
  auto type = open_into(plain, header, encrypted);
  if (!type) return std::unexpected(type.error());
  return std::pair<std::uint8_t, Bytes>(*type, std::move(plain));
}

Result<std::uint8_t> RecordProtection::open_into(Bytes& plain, ByteView header, ByteView encrypted) {
  if (encrypted.size() < 17) return fail(Alert::bad_record_mac, "record too short to hold a tag");
  std::uint8_t n[12];
  nonce(n);
  plain.resize(encrypted.size() - 16);
  const bool ok = std::visit(
      [&](auto& c) { return c.open(ByteView(n, 12), header, encrypted, plain).has_value(); },
      aead_->cipher);
  if (!ok) return fail(Alert::bad_record_mac, "record does not authenticate");
  ++seq_;
  std::size_t end = plain.size();
  while (end > 0 && plain[end - 1] == 0) --end;
  if (end == 0) return fail(Alert::unexpected_message, "record holds no content type");
  const std::uint8_t type = plain[end - 1];
  plain.resize(end - 1);
  return type;
}

// ---- key exchange

struct KeyShare::Private {
  std::variant<nocrypto::ec::X25519PrivateKey, nocrypto::ec::PrivateKey, nocrypto::pk::DhPrivateKey> key;
};

KeyShare::KeyShare(KeyShare&&) noexcept = default;
KeyShare& KeyShare::operator=(KeyShare&&) noexcept = default;
KeyShare::~KeyShare() = default;

namespace {
std::optional<nocrypto::ec::Curve> curve_of(Group g) {
  switch (g) {
    case Group::secp256r1: return nocrypto::ec::Curve::P256;
    case Group::secp384r1: return nocrypto::ec::Curve::P384;
    case Group::secp521r1: return nocrypto::ec::Curve::P521;
    default: return std::nullopt;
  }
}

std::optional<nocrypto::pk::DhGroup> dh_group_of(Group g) {
  using D = nocrypto::pk::DhGroup;
  switch (g) {
    case Group::ffdhe2048: return D::ffdhe2048;
    case Group::ffdhe3072: return D::ffdhe3072;
    case Group::ffdhe4096: return D::ffdhe4096;
    case Group::ffdhe6144: return D::ffdhe6144;
    case Group::ffdhe8192: return D::ffdhe8192;
    default: return std::nullopt;
  }
}
}  // namespace

bool known_group(std::uint16_t v) noexcept {
  return v == 23 || v == 24 || v == 25 || v == 29 || (v >= 0x0100 && v <= 0x0104);
}

Result<KeyShare> KeyShare::generate(Group group, nocrypto::pk::RandomRef rng) {
  KeyShare s;
  s.group_ = group;
  if (group == Group::x25519) {
    auto k = nocrypto::ec::X25519PrivateKey::generate(rng);
    if (!k) return fail(Alert::internal_error, "no randomness for a key share");
    auto pub = k->public_key();
    s.public_ = to_bytes(pub);
    s.private_ = std::make_unique<Private>(Private{std::move(*k)});
    return s;
  }
  if (auto dh = dh_group_of(group)) {
    auto k = nocrypto::pk::DhPrivateKey::generate(*dh, rng);
    if (!k) return fail(Alert::internal_error, "no randomness for a key share");
    s.public_ = to_bytes(k->public_value());
    s.private_ = std::make_unique<Private>(Private{std::move(*k)});
    return s;
  }
  auto curve = curve_of(group);
  if (!curve) return fail(Alert::internal_error, "key share for a group we do not implement");
  auto k = nocrypto::ec::PrivateKey::generate(*curve, rng);
  if (!k) return fail(Alert::internal_error, "no randomness for a key share");
  s.public_ = k->public_key().to_sec1(false);
  s.private_ = std::make_unique<Private>(Private{std::move(*k)});
  return s;
}

Result<KeyShare> KeyShare::from_private(Group group, ByteView private_key) {
  KeyShare s;
  s.group_ = group;
  if (group == Group::x25519) {
    auto k = nocrypto::ec::X25519PrivateKey::from_bytes(private_key);
    if (!k) return fail(Alert::internal_error, "bad X25519 private key");
    s.public_ = to_bytes(k->public_key());
    s.private_ = std::make_unique<Private>(Private{std::move(*k)});
    return s;
  }
  if (auto dh = dh_group_of(group)) {
    auto k = nocrypto::pk::DhPrivateKey::make(*dh, private_key);
    if (!k) return fail(Alert::internal_error, "bad DH private key");
    s.public_ = to_bytes(k->public_value());
    s.private_ = std::make_unique<Private>(Private{std::move(*k)});
    return s;
  }
  auto curve = curve_of(group);
  if (!curve) return fail(Alert::internal_error, "key share for a group we do not implement");
  auto k = nocrypto::ec::PrivateKey::from_bytes(*curve, private_key);
  if (!k) return fail(Alert::internal_error, "bad EC private key");
  s.public_ = k->public_key().to_sec1(false);
  s.private_ = std::make_unique<Private>(Private{std::move(*k)});
  return s;
}

Result<Bytes> KeyShare::shared(ByteView peer) const {
  if (auto* x = std::get_if<nocrypto::ec::X25519PrivateKey>(&private_->key)) {
    if (peer.size() != 32) return fail(Alert::illegal_parameter, "X25519 key share is not 32 bytes");
    auto z = x->shared(peer);
    if (!z) return fail(Alert::illegal_parameter, "X25519 key share of small order");
    return to_bytes(*z);
  }
  if (auto* dh = std::get_if<nocrypto::pk::DhPrivateKey>(&private_->key)) {
    // RFC 8446 4.2.8.1: the public value is left-padded to the size of p.
    if (peer.size() != nocrypto::pk::dh_size(dh->group()))
      return fail(Alert::illegal_parameter, "DH key share is not the size of the group's prime");
    auto z = nocrypto::pk::dh_shared_secret(*dh, peer);
    if (!z) return fail(Alert::illegal_parameter, "DH key share is out of range");
    return to_bytes(z->view());
  }
  const auto& k = std::get<nocrypto::ec::PrivateKey>(private_->key);
  // TLS 1.3 takes only the uncompressed form (RFC 8446 4.2.8.2).
  if (peer.size() != 1 + 2 * nocrypto::ec::scalar_size(k.curve()) || peer[0] != 4)
    return fail(Alert::illegal_parameter, "EC key share is not an uncompressed point");
  auto z = nocrypto::ec::ecdh(k, peer);
  if (!z) return fail(Alert::illegal_parameter, "EC key share is not a point of the curve");
  return std::move(*z);
}

// ---- signatures

namespace {

struct SchemeInfo {
  enum Kind { ecdsa, pss, ed25519, pkcs1 } kind;
  nocrypto::pk::DigestAlgorithm digest;
  std::optional<nocrypto::ec::Curve> curve;
};

std::optional<SchemeInfo> info(SignatureScheme s) {
  using D = nocrypto::pk::DigestAlgorithm;
  using C = nocrypto::ec::Curve;
  switch (s) {
    case SignatureScheme::ecdsa_secp256r1_sha256: return SchemeInfo{SchemeInfo::ecdsa, D::sha256, C::P256};
    case SignatureScheme::ecdsa_secp384r1_sha384: return SchemeInfo{SchemeInfo::ecdsa, D::sha384, C::P384};
    case SignatureScheme::ecdsa_secp521r1_sha512: return SchemeInfo{SchemeInfo::ecdsa, D::sha512, C::P521};
    case SignatureScheme::rsa_pss_rsae_sha256: return SchemeInfo{SchemeInfo::pss, D::sha256, {}};
    case SignatureScheme::rsa_pss_rsae_sha384: return SchemeInfo{SchemeInfo::pss, D::sha384, {}};
    case SignatureScheme::rsa_pss_rsae_sha512: return SchemeInfo{SchemeInfo::pss, D::sha512, {}};
    case SignatureScheme::ed25519: return SchemeInfo{SchemeInfo::ed25519, D::sha512, {}};
    case SignatureScheme::rsa_pkcs1_sha256: return SchemeInfo{SchemeInfo::pkcs1, D::sha256, {}};
    case SignatureScheme::rsa_pkcs1_sha384: return SchemeInfo{SchemeInfo::pkcs1, D::sha384, {}};
    case SignatureScheme::rsa_pkcs1_sha512: return SchemeInfo{SchemeInfo::pkcs1, D::sha512, {}};
    default: return std::nullopt;  // rsa_pss_pss_*: keys with the PSS OID, not supported yet
  }
}

nocrypto::ec::HashAlgorithm ec_hash(nocrypto::pk::DigestAlgorithm d) {
  using D = nocrypto::pk::DigestAlgorithm;
  using H = nocrypto::ec::HashAlgorithm;
  return d == D::sha384 ? H::Sha384 : d == D::sha512 ? H::Sha512 : H::Sha256;
}

}  // namespace

bool tls13_signature_scheme(std::uint16_t v) noexcept {
  auto i = info(static_cast<SignatureScheme>(v));
  return i && i->kind != SchemeInfo::pkcs1;
}

bool can_sign(const x509::PrivateKey& key, SignatureScheme scheme) noexcept {
  auto i = info(scheme);
  if (!i) return false;
  switch (key.type()) {
    case x509::KeyType::Rsa: return i->kind == SchemeInfo::pss || i->kind == SchemeInfo::pkcs1;
    case x509::KeyType::Ed25519: return i->kind == SchemeInfo::ed25519;
    case x509::KeyType::EcP256: return i->kind == SchemeInfo::ecdsa && i->curve == nocrypto::ec::Curve::P256;
    case x509::KeyType::EcP384: return i->kind == SchemeInfo::ecdsa && i->curve == nocrypto::ec::Curve::P384;
    case x509::KeyType::EcP521: return i->kind == SchemeInfo::ecdsa && i->curve == nocrypto::ec::Curve::P521;
  }
  return false;
}

Result<Bytes> sign(const x509::PrivateKey& key, SignatureScheme scheme, ByteView message,
                   nocrypto::pk::RandomRef rng) {
  if (!can_sign(key, scheme)) return fail(Alert::internal_error, "key cannot sign with the scheme chosen");
  const auto i = *info(scheme);
  const auto& v = key.value();
  if (i.kind == SchemeInfo::ed25519)
    return to_bytes(std::get<nocrypto::ec::Ed25519PrivateKey>(v).sign(message));
  if (i.kind == SchemeInfo::ecdsa) {
    const auto& k = std::get<nocrypto::ec::PrivateKey>(v);
    auto raw = nocrypto::ec::ecdsa_sign(k, ec_hash(i.digest), message);
    if (!raw) return fail(Alert::internal_error, "ECDSA signing failed");
    auto der = nocrypto::ec::ecdsa_signature_to_der(k.curve(), *raw);
    if (!der) return fail(Alert::internal_error, "ECDSA signature encoding failed");
    return std::move(*der);
  }
  const auto& k = std::get<nocrypto::pk::RsaPrivateKey>(v);
  auto sig = i.kind == SchemeInfo::pss
                 ? nocrypto::pk::pss_sign(k, i.digest, message, rng, nocrypto::pk::digest_size(i.digest))
                 : nocrypto::pk::pkcs1_sign(k, i.digest, message, rng);
  if (!sig) return fail(Alert::internal_error, "RSA signing failed");
  return std::move(*sig);
}

Result<void> verify(const x509::PublicKeyInfo& key, SignatureScheme scheme, ByteView message,
                    ByteView signature) {
  auto i = info(scheme);
  if (!i) return fail(Alert::illegal_parameter, "signature scheme we do not implement");
  const auto& k = key.key;
  if (i->kind == SchemeInfo::ed25519) {
    const auto* ed = std::get_if<x509::Ed25519Key>(&k);
    if (ed == nullptr) return fail(Alert::illegal_parameter, "Ed25519 signature from a key that is not Ed25519");
    if (!nocrypto::ec::ed25519_verify(ed->key, message, signature))
      return fail(Alert::decrypt_error, "Ed25519 signature does not verify");
    return {};
  }
  if (i->kind == SchemeInfo::ecdsa) {
    const auto* ec = std::get_if<x509::EcKey>(&k);
    if (ec == nullptr || ec->curve != *i->curve)
      return fail(Alert::illegal_parameter, "ECDSA signature from a key of another curve or algorithm");
    auto pub = nocrypto::ec::PublicKey::from_sec1(ec->curve, ec->point);
    if (!pub) return fail(Alert::bad_certificate, "certificate's EC key is not a point of its curve");
    auto raw = nocrypto::ec::ecdsa_signature_from_der(ec->curve, signature);
    if (!raw || !nocrypto::ec::ecdsa_verify(*pub, ec_hash(i->digest), message, *raw))
      return fail(Alert::decrypt_error, "ECDSA signature does not verify");
    return {};
  }
  const auto* rsa = std::get_if<x509::RsaKey>(&k);
  if (rsa == nullptr) return fail(Alert::illegal_parameter, "RSA signature from a key that is not RSA");
  auto pub = nocrypto::pk::RsaPublicKey::make(rsa->modulus, rsa->exponent);
  if (!pub) return fail(Alert::bad_certificate, "certificate's RSA key is not usable");
  const bool ok = i->kind == SchemeInfo::pss
                      ? nocrypto::pk::pss_verify(*pub, i->digest, message, signature,
                                                 nocrypto::pk::digest_size(i->digest))
                      : nocrypto::pk::pkcs1_verify(*pub, i->digest, message, signature);
  if (!ok) return fail(Alert::decrypt_error, "RSA signature does not verify");
  return {};
}

}  // namespace tls::crypto
