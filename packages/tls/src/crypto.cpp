#include <tls/crypto.hpp>

#include <nocrypto/aes.hpp>
#include <nocrypto/ccm.hpp>
#include <nocrypto/chacha20_poly1305.hpp>
#include <nocrypto/gcm.hpp>
#include <nocrypto/hkdf.hpp>
#include <nocrypto/hmac.hpp>
#include <nocrypto/md5.hpp>
#include <nocrypto/sha1.hpp>
#include <nocrypto/sha2.hpp>
#include <nocrypto-ec/ecdh.hpp>
#include <nocrypto-ec/ecdsa.hpp>
#include <nocrypto-ec/ed25519.hpp>
#include <nocrypto-ec/x25519.hpp>
#include <nocrypto-pk/dh.hpp>
#include <nocrypto-pk/rsa.hpp>
#include <x509/private_key.hpp>
#include <x509/public_key.hpp>
#include <x509/verify.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <initializer_list>

namespace tls::crypto {

namespace {

template <class F>
auto with_hash(HashAlg h, F&& f) {
  if (h == HashAlg::sha384) return f(nocrypto::Sha384{});
  return f(nocrypto::Sha256{});
}

Bytes to_bytes(ByteView v) { return Bytes(v.begin(), v.end()); }

}  // namespace

std::size_t hash_length(HashAlg h) noexcept {
  return h == HashAlg::sha384 ? 48 : h == HashAlg::md5_sha1 ? 36 : 32;
}

namespace {

enum class Cipher : std::uint8_t { aes_gcm, chacha20_poly1305, aes_ccm, aes_cbc };

// What each suite is made of. `mac` is the HMAC length of a CBC suite; `oldest` the first
// version that can use it (a TLS 1.3 suite only TLS 1.3, a TLS 1.2 one at most 1.2).
struct SuiteInfo {
  CipherSuite suite;
  KeyExchange kx;
  Cipher cipher;
  std::uint8_t key_length;
  HashAlg prf;
  std::uint8_t mac;
  ProtocolVersion oldest;
};

constexpr SuiteInfo suite_table[] = {
    // Defaults first, in the order Config lists them.
    {CipherSuite::aes_128_gcm_sha256, KeyExchange::tls13, Cipher::aes_gcm, 16, HashAlg::sha256, 0, ProtocolVersion::tls13},
    {CipherSuite::aes_256_gcm_sha384, KeyExchange::tls13, Cipher::aes_gcm, 32, HashAlg::sha384, 0, ProtocolVersion::tls13},
    {CipherSuite::chacha20_poly1305_sha256, KeyExchange::tls13, Cipher::chacha20_poly1305, 32, HashAlg::sha256, 0, ProtocolVersion::tls13},
    {CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256, KeyExchange::ecdhe_ecdsa, Cipher::aes_gcm, 16, HashAlg::sha256, 0, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_rsa_aes_128_gcm_sha256, KeyExchange::ecdhe_rsa, Cipher::aes_gcm, 16, HashAlg::sha256, 0, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_ecdsa_aes_256_gcm_sha384, KeyExchange::ecdhe_ecdsa, Cipher::aes_gcm, 32, HashAlg::sha384, 0, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_rsa_aes_256_gcm_sha384, KeyExchange::ecdhe_rsa, Cipher::aes_gcm, 32, HashAlg::sha384, 0, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256, KeyExchange::ecdhe_ecdsa, Cipher::chacha20_poly1305, 32, HashAlg::sha256, 0, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_rsa_chacha20_poly1305_sha256, KeyExchange::ecdhe_rsa, Cipher::chacha20_poly1305, 32, HashAlg::sha256, 0, ProtocolVersion::tls12},
    {CipherSuite::dhe_rsa_aes_128_gcm_sha256, KeyExchange::dhe_rsa, Cipher::aes_gcm, 16, HashAlg::sha256, 0, ProtocolVersion::tls12},
    {CipherSuite::dhe_rsa_aes_256_gcm_sha384, KeyExchange::dhe_rsa, Cipher::aes_gcm, 32, HashAlg::sha384, 0, ProtocolVersion::tls12},
    {CipherSuite::dhe_rsa_chacha20_poly1305_sha256, KeyExchange::dhe_rsa, Cipher::chacha20_poly1305, 32, HashAlg::sha256, 0, ProtocolVersion::tls12},
    // Opt-in.
    {CipherSuite::aes_128_ccm_sha256, KeyExchange::tls13, Cipher::aes_ccm, 16, HashAlg::sha256, 0, ProtocolVersion::tls13},
    {CipherSuite::ecdhe_ecdsa_aes_128_ccm, KeyExchange::ecdhe_ecdsa, Cipher::aes_ccm, 16, HashAlg::sha256, 0, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_ecdsa_aes_256_ccm, KeyExchange::ecdhe_ecdsa, Cipher::aes_ccm, 32, HashAlg::sha256, 0, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_ecdsa_aes_128_cbc_sha256, KeyExchange::ecdhe_ecdsa, Cipher::aes_cbc, 16, HashAlg::sha256, 32, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_rsa_aes_128_cbc_sha256, KeyExchange::ecdhe_rsa, Cipher::aes_cbc, 16, HashAlg::sha256, 32, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_ecdsa_aes_256_cbc_sha384, KeyExchange::ecdhe_ecdsa, Cipher::aes_cbc, 32, HashAlg::sha384, 48, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_rsa_aes_256_cbc_sha384, KeyExchange::ecdhe_rsa, Cipher::aes_cbc, 32, HashAlg::sha384, 48, ProtocolVersion::tls12},
    {CipherSuite::dhe_rsa_aes_128_cbc_sha256, KeyExchange::dhe_rsa, Cipher::aes_cbc, 16, HashAlg::sha256, 32, ProtocolVersion::tls12},
    {CipherSuite::dhe_rsa_aes_256_cbc_sha256, KeyExchange::dhe_rsa, Cipher::aes_cbc, 32, HashAlg::sha256, 32, ProtocolVersion::tls12},
    {CipherSuite::ecdhe_ecdsa_aes_128_cbc_sha, KeyExchange::ecdhe_ecdsa, Cipher::aes_cbc, 16, HashAlg::sha256, 20, ProtocolVersion::tls10},
    {CipherSuite::ecdhe_rsa_aes_128_cbc_sha, KeyExchange::ecdhe_rsa, Cipher::aes_cbc, 16, HashAlg::sha256, 20, ProtocolVersion::tls10},
    {CipherSuite::ecdhe_ecdsa_aes_256_cbc_sha, KeyExchange::ecdhe_ecdsa, Cipher::aes_cbc, 32, HashAlg::sha256, 20, ProtocolVersion::tls10},
    {CipherSuite::ecdhe_rsa_aes_256_cbc_sha, KeyExchange::ecdhe_rsa, Cipher::aes_cbc, 32, HashAlg::sha256, 20, ProtocolVersion::tls10},
    {CipherSuite::dhe_rsa_aes_128_cbc_sha, KeyExchange::dhe_rsa, Cipher::aes_cbc, 16, HashAlg::sha256, 20, ProtocolVersion::tls10},
    {CipherSuite::dhe_rsa_aes_256_cbc_sha, KeyExchange::dhe_rsa, Cipher::aes_cbc, 32, HashAlg::sha256, 20, ProtocolVersion::tls10},
};

const SuiteInfo* find_suite(CipherSuite suite) noexcept {
  for (const auto& i : suite_table)
    if (i.suite == suite) return &i;
  return nullptr;
}

// Unknown suites read as a TLS 1.3 AES-128-GCM one; callers check known_suite first.
const SuiteInfo& suite_info(CipherSuite suite) noexcept {
  const SuiteInfo* i = find_suite(suite);
  return i != nullptr ? *i : suite_table[0];
}

}  // namespace

HashAlg suite_hash(CipherSuite suite) noexcept { return suite_info(suite).prf; }
std::size_t suite_key_length(CipherSuite suite) noexcept { return suite_info(suite).key_length; }
bool known_suite(std::uint16_t v) noexcept { return find_suite(static_cast<CipherSuite>(v)) != nullptr; }
KeyExchange suite_key_exchange(CipherSuite suite) noexcept { return suite_info(suite).kx; }
bool ccm_suite(CipherSuite suite) noexcept { return suite_info(suite).cipher == Cipher::aes_ccm; }
bool cbc_suite(CipherSuite suite) noexcept { return suite_info(suite).cipher == Cipher::aes_cbc; }
bool chacha20_suite(CipherSuite suite) noexcept { return suite_info(suite).cipher == Cipher::chacha20_poly1305; }
std::size_t suite_mac_length(CipherSuite suite) noexcept { return suite_info(suite).mac; }

bool suite_allowed(CipherSuite suite, ProtocolVersion version) noexcept {
  const SuiteInfo* i = find_suite(suite);
  if (i == nullptr) return false;
  if (i->oldest == ProtocolVersion::tls13) return version == ProtocolVersion::tls13;
  return version >= i->oldest && version <= ProtocolVersion::tls12;
}

std::span<const CipherSuite> all_suites() noexcept {
  static constexpr auto all = [] {
    std::array<CipherSuite, std::size(suite_table)> a{};
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = suite_table[i].suite;
    return a;
  }();
  return all;
}

Bytes hash(HashAlg h, ByteView data) {
  if (h == HashAlg::md5_sha1) {
    const auto md5 = nocrypto::digest<nocrypto::Md5>(data);
    const auto sha1 = nocrypto::digest<nocrypto::Sha1>(data);
    Bytes out(md5.begin(), md5.end());
    out.insert(out.end(), sha1.begin(), sha1.end());
    return out;
  }
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

namespace {

// P_hash(secret, seed) (RFC 5246 5): A(0) = seed, A(i) = HMAC(secret, A(i-1)); the output
// is HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ..., `length` bytes.
template <nocrypto::Hash H>
Bytes p_hash(ByteView secret, ByteView seed, std::size_t length) {
  const nocrypto::Hmac<H> keyed(secret);
  Bytes out;
  out.reserve(length + H::digest_size);
  auto mac = [&](ByteView a, ByteView b) {
    auto m = keyed;
    m.feed(a);
    m.feed(b);
    return m.finish();
  };
  auto a = mac(seed, {});
  while (out.size() < length) {
    const auto block = mac(a, seed);
    out.insert(out.end(), block.begin(), block.end());
    a = mac(a, {});
  }
  out.resize(length);
  return out;
}

}  // namespace

Bytes prf(HashAlg h, ByteView secret, std::string_view label, ByteView seed, std::size_t length) {
  Bytes ls(label.begin(), label.end());
  ls.insert(ls.end(), seed.begin(), seed.end());
  if (h == HashAlg::md5_sha1) {
    // RFC 2246 5: the secret's halves (sharing the middle byte when its length is odd)
    // key P_MD5 and P_SHA1, whose outputs are XORed.
    const std::size_t half = (secret.size() + 1) / 2;
    Bytes out = p_hash<nocrypto::Md5>(secret.first(half), ls, length);
    const Bytes sha1 = p_hash<nocrypto::Sha1>(secret.last(half), ls, length);
    for (std::size_t i = 0; i < length; ++i) out[i] ^= sha1[i];
    return out;
  }
  return with_hash(h, [&](auto hasher) { return p_hash<decltype(hasher)>(secret, ls, length); });
}

// ---- record protection

struct RecordProtection::Aead {
  std::variant<nocrypto::AesGcm, nocrypto::ChaCha20Poly1305, nocrypto::AesCcm> cipher;
};

// A CBC suite's state: the AES key, HMAC's keyed inner and outer hash states, the IV
// chained from the last record (TLS 1.0), where explicit IVs come from (TLS 1.1, 1.2).
struct RecordProtection::Cbc {
  using Mac = std::variant<nocrypto::Sha1, nocrypto::Sha256, nocrypto::Sha384>;
  nocrypto::Aes aes;
  Mac inner, outer;
  std::size_t mac_length = 0;
  std::uint16_t version = 0;
  bool encrypt_then_mac = false;
  std::array<std::uint8_t, 16> chain{};
  nocrypto::pk::RandomRef rng;
  bool explicit_iv() const { return version >= static_cast<std::uint16_t>(ProtocolVersion::tls11); }
  // Decrypts `encrypted` (an explicit IV and whole blocks, or in TLS 1.0 the blocks alone,
  // chained to the last record's) into `plain`, and keeps its last block for the next.
  void decrypt(ByteView encrypted, Bytes& plain) {
    std::array<std::uint8_t, 16> iv = chain;
    if (explicit_iv()) std::copy(encrypted.begin(), encrypted.begin() + 16, iv.begin());
    const ByteView body = encrypted.subspan(explicit_iv() ? 16 : 0);
    std::copy(body.end() - 16, body.end(), chain.begin());
    plain.resize(body.size());
    (void)nocrypto::cbc_decrypt(aes, iv, body, plain);
  }
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
  p.aead_ = make_aead(suite, p.key_);
  if (!p.aead_) return fail(Alert::internal_error, "record key of the wrong length");
  return p;
}

Result<RecordProtection> RecordProtection::tls12(CipherSuite suite, ByteView key, ByteView iv) {
  if (key.size() != suite_key_length(suite) || iv.size() != (chacha20_suite(suite) ? 12u : 4u))
    return fail(Alert::internal_error, "TLS 1.2 record key or IV of the wrong length");
  RecordProtection p;
  p.suite_ = suite;
  p.tls12_ = true;
  p.key_ = to_bytes(key);
  p.iv_ = to_bytes(iv);
  p.aead_ = make_aead(suite, p.key_);
  if (!p.aead_) return fail(Alert::internal_error, "record key of the wrong length");
  return p;
}

Result<RecordProtection> RecordProtection::cbc(CipherSuite suite, ProtocolVersion version, ByteView mac_key,
                                               ByteView key, ByteView iv, nocrypto::pk::RandomRef rng,
                                               bool encrypt_then_mac) {
  const std::size_t mac_length = suite_mac_length(suite);
  if (!cbc_suite(suite) || !suite_allowed(suite, version) || mac_key.size() != mac_length ||
      key.size() != suite_key_length(suite) || iv.size() != 16)
    return fail(Alert::internal_error, "CBC record keys of the wrong length or suite");
  auto aes = nocrypto::Aes::create(key);
  if (!aes) return fail(Alert::internal_error, "record key of the wrong length");
  // HMAC's keyed states: the key (never longer than a block here) XOR ipad and XOR opad.
  auto keyed = [&](auto hash) {
    using H = decltype(hash);
    std::array<std::uint8_t, H::block_size> pad{};
    std::copy(mac_key.begin(), mac_key.end(), pad.begin());
    for (auto& b : pad) b ^= 0x36;
    H inner;
    inner.feed(pad);
    for (auto& b : pad) b ^= 0x36 ^ 0x5c;
    H outer;
    outer.feed(pad);
    nocrypto::wipe(pad);
    return std::pair<Cbc::Mac, Cbc::Mac>(inner, outer);
  };
  auto states = mac_length == 20 ? keyed(nocrypto::Sha1{}) : mac_length == 32 ? keyed(nocrypto::Sha256{})
                                                                               : keyed(nocrypto::Sha384{});
  RecordProtection p;
  p.suite_ = suite;
  p.tls12_ = true;
  p.key_ = to_bytes(key);
  p.iv_ = to_bytes(iv);
  p.cbc_ = std::make_unique<Cbc>(Cbc{std::move(*aes), states.first, states.second, mac_length,
                                     static_cast<std::uint16_t>(version), encrypt_then_mac, {}, rng});
  std::copy(iv.begin(), iv.end(), p.cbc_->chain.begin());
  return p;
}

std::unique_ptr<RecordProtection::Aead> RecordProtection::make_aead(CipherSuite suite, ByteView key) {
  if (chacha20_suite(suite)) {
    auto c = nocrypto::ChaCha20Poly1305::create(key);
    if (!c) return nullptr;
    return std::make_unique<Aead>(Aead{std::move(*c)});
  }
  if (ccm_suite(suite)) {
    auto c = nocrypto::AesCcm::create(key);
    if (!c) return nullptr;
    return std::make_unique<Aead>(Aead{std::move(*c)});
  }
  auto c = nocrypto::AesGcm::create(key);
  if (!c) return nullptr;
  return std::make_unique<Aead>(Aead{std::move(*c)});
}

namespace {
// RFC 5246 6.2.3.3: seq_num + type + version + length of the plaintext.
void additional_data12(std::uint8_t out[13], std::uint64_t seq, std::uint8_t type, std::uint8_t v0,
                       std::uint8_t v1, std::size_t length) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(seq >> (56 - 8 * i));
  out[8] = type;
  out[9] = v0;
  out[10] = v1;
  out[11] = static_cast<std::uint8_t>(length >> 8);
  out[12] = static_cast<std::uint8_t>(length);
}
}  // namespace

void RecordProtection::nonce(std::uint8_t out[12]) const noexcept {
  if (tls12_ && iv_.size() == 4) {  // AES-GCM: salt + the explicit part, our sequence number
    std::memcpy(out, iv_.data(), 4);
    for (int i = 0; i < 8; ++i) out[4 + i] = static_cast<std::uint8_t>(seq_ >> (56 - 8 * i));
    return;
  }
  std::memcpy(out, iv_.data(), 12);
  for (int i = 0; i < 8; ++i) out[11 - i] ^= static_cast<std::uint8_t>(seq_ >> (8 * i));
}

Bytes RecordProtection::seal(std::uint8_t type, ByteView content, std::size_t padding) {
  Bytes record;
  seal_into(record, type, content, padding);
  return record;
}

void RecordProtection::seal_into(Bytes& out, std::uint8_t type, ByteView content, std::size_t padding) {
  if (tls12_) return seal12(out, type, content);
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

void RecordProtection::seal12(Bytes& out, std::uint8_t type, ByteView content) {
  if (cbc_) return seal_cbc(out, type, content);
  const std::size_t explicit_nonce = iv_.size() == 4 ? 8 : 0;
  const std::size_t length = explicit_nonce + content.size() + 16;
  const std::size_t at = out.size();
  out.resize(at + 5 + length);
  std::uint8_t* record = out.data() + at;
  record[0] = type;
  record[1] = 0x03;
  record[2] = 0x03;
  record[3] = static_cast<std::uint8_t>(length >> 8);
  record[4] = static_cast<std::uint8_t>(length);
  std::uint8_t n[12];
  nonce(n);
  std::memcpy(record + 5, n + 4, explicit_nonce);
  std::uint8_t* text = record + 5 + explicit_nonce;
  std::copy(content.begin(), content.end(), text);
  std::uint8_t aad[13];
  additional_data12(aad, seq_, type, 0x03, 0x03, content.size());
  const std::span<std::uint8_t> sealed(text, content.size() + 16);
  std::visit([&](auto& c) { (void)c.seal(ByteView(n, 12), ByteView(aad, 13), ByteView(text, content.size()), sealed); },
             aead_->cipher);
  ++seq_;
}

Result<std::uint8_t> RecordProtection::open12(Bytes& plain, ByteView header, ByteView encrypted) {
  if (cbc_) return open_cbc(plain, header, encrypted);
  const std::size_t explicit_nonce = iv_.size() == 4 ? 8 : 0;
  if (encrypted.size() < explicit_nonce + 16) return fail(Alert::bad_record_mac, "record too short to hold a tag");
  std::uint8_t n[12];
  nonce(n);
  std::memcpy(n + 4, encrypted.data(), explicit_nonce);  // GCM: the sender's explicit nonce
  const ByteView sealed = encrypted.subspan(explicit_nonce);
  plain.resize(sealed.size() - 16);
  std::uint8_t aad[13];
  additional_data12(aad, seq_, header[0], header[1], header[2], plain.size());
  const bool ok = std::visit(
      [&](auto& c) { return c.open(ByteView(n, 12), ByteView(aad, 13), sealed, plain).has_value(); },
      aead_->cipher);
  if (!ok) return fail(Alert::bad_record_mac, "record does not authenticate");
  ++seq_;
  return header[0];
}

Result<std::uint8_t> RecordProtection::open_into(Bytes& plain, ByteView header, ByteView encrypted) {
  if (tls12_) return open12(plain, header, encrypted);
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

// ---- CBC records (MAC-then-encrypt)

namespace {

// All ones when a == b, else zero; and when a <= b. No branches on the values.
inline std::size_t mask_eq(std::size_t a, std::size_t b) noexcept {
  const std::size_t x = a ^ b;
  return ((x | (0 - x)) >> (sizeof(std::size_t) * 8 - 1)) - 1;
}
inline std::size_t mask_le(std::size_t a, std::size_t b) noexcept {
  // a, b < 2^(bits-1): b - a underflows exactly when a > b.
  return ((b - a) >> (sizeof(std::size_t) * 8 - 1)) - 1;
}

// The HMAC of header (13 bytes, its length field already set) || data[0, length), where
// length is secret and lies in [min, max]: the inner hash reads data[0, max) and
// compresses the same blocks whatever the length (nocrypto's finish_secret_length).
template <class H>
typename H::Digest mac_ct(const H& keyed_inner, const H& keyed_outer, ByteView header, const std::uint8_t* data,
                          std::size_t min, std::size_t max, std::size_t length) {
  H inner = keyed_inner;
  inner.feed(header);
  const auto selected = inner.finish_secret_length(ByteView(data, max), min, length);
  H outer = keyed_outer;
  outer.feed(selected);
  return outer.finish();
}

// HMAC of the parts, one after another, from the keyed inner and outer states (the same
// alternative of a variant of hashes), into `out`.
template <class Mac>
void hmac_parts(const Mac& inner, const Mac& outer, std::initializer_list<ByteView> parts, std::uint8_t* out) {
  std::visit(
      [&](const auto& keyed) {
        using H = std::decay_t<decltype(keyed)>;
        H h = keyed;
        for (ByteView p : parts) h.feed(p);
        H o = std::get<H>(outer);
        o.feed(h.finish());
        const auto mac = o.finish();
        std::copy(mac.begin(), mac.end(), out);
      },
      inner);
}

void mac_header(std::uint8_t out[13], std::uint64_t seq, std::uint8_t type, std::uint16_t version, std::size_t length) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(seq >> (56 - 8 * i));
  out[8] = type;
  out[9] = static_cast<std::uint8_t>(version >> 8);
  out[10] = static_cast<std::uint8_t>(version);
  out[11] = static_cast<std::uint8_t>(length >> 8);
  out[12] = static_cast<std::uint8_t>(length);
}

}  // namespace

void RecordProtection::seal_cbc(Bytes& out, std::uint8_t type, ByteView content) {
  Cbc& c = *cbc_;
  const bool explicit_iv = c.explicit_iv();
  // TLS 1.0 against BEAST: application data goes as one byte, then the rest, so the
  // first block an attacker could choose is encrypted under an IV it has not yet seen.
  if (!explicit_iv && type == 23 && content.size() > 1) {
    seal_cbc(out, type, content.first(1));
    content = content.subspan(1);
  }
  const bool etm = c.encrypt_then_mac;
  const std::size_t ml = c.mac_length, iv_length = explicit_iv ? 16 : 0;
  const std::size_t unpadded = content.size() + (etm ? 0 : ml);
  const std::size_t padded = (unpadded / 16 + 1) * 16;  // 1 to 16 bytes of padding
  const std::size_t length = iv_length + padded + (etm ? ml : 0);
  const std::size_t at = out.size();
  out.resize(at + 5 + length);
  std::uint8_t* record = out.data() + at;
  record[0] = type;
  record[1] = static_cast<std::uint8_t>(c.version >> 8);
  record[2] = static_cast<std::uint8_t>(c.version);
  record[3] = static_cast<std::uint8_t>(length >> 8);
  record[4] = static_cast<std::uint8_t>(length);
  std::uint8_t* iv = record + 5;
  std::uint8_t* text = iv + iv_length;
  if (explicit_iv && !c.rng.generate(std::span<std::uint8_t>(iv, 16))) {
    // No randomness: an IV from the cipher itself, E(chain XOR sequence), still
    // unpredictable to anyone without the key.
    std::array<std::uint8_t, 16> block = c.chain;
    for (int i = 0; i < 8; ++i) block[8 + i] ^= static_cast<std::uint8_t>(seq_ >> (56 - 8 * i));
    c.aes.encrypt_block(block, std::span<std::uint8_t, 16>(iv, 16));
  }
  std::copy(content.begin(), content.end(), text);
  std::uint8_t header[13];
  if (!etm) {  // MAC-then-encrypt: the MAC of the content goes inside
    mac_header(header, seq_, type, c.version, content.size());
    hmac_parts(c.inner, c.outer, {ByteView(header, 13), content}, text + content.size());
  }
  std::fill(text + unpadded, text + padded, static_cast<std::uint8_t>(padded - unpadded - 1));
  std::array<std::uint8_t, 16> first_iv = c.chain;
  if (explicit_iv) std::copy(iv, iv + 16, first_iv.begin());
  (void)nocrypto::cbc_encrypt(c.aes, first_iv, ByteView(text, padded), std::span<std::uint8_t>(text, padded));
  std::copy(text + padded - 16, text + padded, c.chain.begin());
  if (etm) {  // encrypt-then-MAC: the MAC of IV and ciphertext follows them
    mac_header(header, seq_, type, c.version, iv_length + padded);
    hmac_parts(c.inner, c.outer, {ByteView(header, 13), ByteView(iv, iv_length + padded)}, text + padded);
  }
  ++seq_;
}

// RFC 7366: the MAC checked over IV and ciphertext before anything is decrypted, so the
// padding, read afterwards, needs no constant-time care.
Result<std::uint8_t> RecordProtection::open_etm(Bytes& plain, ByteView header, ByteView encrypted) {
  Cbc& c = *cbc_;
  const std::size_t ml = c.mac_length, iv_length = c.explicit_iv() ? 16 : 0, n = encrypted.size();
  if (n < iv_length + 16 + ml || (n - ml - iv_length) % 16 != 0)
    return fail(Alert::bad_record_mac, "CBC record is not an IV, whole blocks and a MAC");
  const ByteView sealed = encrypted.first(n - ml);
  std::uint8_t h[13], mac[48];
  mac_header(h, seq_, header[0], c.version, sealed.size());
  hmac_parts(c.inner, c.outer, {ByteView(h, 13), sealed}, mac);
  if (!nocrypto::equal_ct(ByteView(mac, ml), encrypted.last(ml)))
    return fail(Alert::bad_record_mac, "record does not authenticate");
  c.decrypt(sealed, plain);
  const std::size_t pad = plain.back();
  bool good = pad < plain.size();
  for (std::size_t i = 1; good && i <= pad + 1; ++i) good = plain[plain.size() - i] == pad;
  if (!good) return fail(Alert::bad_record_mac, "CBC padding is not padding");
  plain.resize(plain.size() - pad - 1);
  ++seq_;
  return header[0];
}

Result<std::uint8_t> RecordProtection::open_cbc(Bytes& plain, ByteView header, ByteView encrypted) {
  Cbc& c = *cbc_;
  if (c.encrypt_then_mac) return open_etm(plain, header, encrypted);
  const std::size_t iv_length = c.explicit_iv() ? 16 : 0;
  // Public checks first: whole blocks, room for an IV, the MAC and a padding byte.
  if (encrypted.size() % 16 != 0 || encrypted.size() < iv_length + ((c.mac_length + 1 + 15) / 16) * 16)
    return fail(Alert::bad_record_mac, "CBC record is not whole blocks holding a MAC and padding");
  c.decrypt(encrypted, plain);
  const std::size_t n = plain.size();

  // Padding: the last byte p, and p more bytes equal to it, all checked over the last
  // 256 bytes whatever p is. A bad padding is treated as none, and the MAC still computed.
  const std::size_t ml = c.mac_length;
  const std::size_t pad = plain[n - 1];
  std::size_t good = mask_le(pad + 1 + ml, n);
  const std::size_t scan = std::min<std::size_t>(256, n);
  for (std::size_t i = 1; i <= scan; ++i) {
    const std::size_t in_padding = mask_le(i, pad + 1);
    good &= ~in_padding | mask_eq(plain[n - i], pad);
  }
  const std::size_t removed = (pad + 1) & good;  // 0 when the padding was bad
  const std::size_t length = n - ml - removed;
  // The content length is n - ml - (pad + 1), or n - ml when the padding is bad (the MAC
  // then fails): in [max(0, n - ml - 256), n - ml].
  const std::size_t max = n - ml;
  const std::size_t min = max > 256 ? max - 256 : 0;
  std::uint8_t h[13];
  mac_header(h, seq_, header[0], c.version, length);
  std::array<std::uint8_t, 48> expected{};
  std::visit(
      [&](auto& inner) {
        using H = std::decay_t<decltype(inner)>;
        const auto d = mac_ct(inner, std::get<H>(c.outer), ByteView(h, 13), plain.data(), min, max, length);
        std::copy(d.begin(), d.end(), expected.begin());
      },
      c.inner);
  // The received MAC sits at a secret offset: every candidate offset is read.
  std::array<std::uint8_t, 48> received{};
  for (std::size_t j = min; j <= max; ++j) {
    const auto m = static_cast<std::uint8_t>(mask_eq(j, length));
    for (std::size_t k = 0; k < ml; ++k) received[k] |= plain[j + k] & m;
  }
  const bool mac_ok = nocrypto::equal_ct(ByteView(expected).first(ml), ByteView(received).first(ml));
  if (!(mac_ok & (good != 0))) return fail(Alert::bad_record_mac, "record does not authenticate");
  plain.resize(length);
  ++seq_;
  return header[0];
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

bool ec_group(Group g) noexcept { return g == Group::x25519 || curve_of(g).has_value(); }

ByteView ffdhe_prime(Group g) noexcept {
  auto dh = dh_group_of(g);
  return dh ? nocrypto::pk::dh_prime(*dh) : ByteView{};
}

std::optional<Group> ffdhe_group(ByteView p, ByteView g) noexcept {
  while (!p.empty() && p.front() == 0) p = p.subspan(1);
  while (!g.empty() && g.front() == 0) g = g.subspan(1);
  if (g.size() != 1 || g[0] != 2) return std::nullopt;
  for (Group c : {Group::ffdhe2048, Group::ffdhe3072, Group::ffdhe4096, Group::ffdhe6144, Group::ffdhe8192}) {
    const ByteView q = ffdhe_prime(c);
    if (q.size() == p.size() && std::equal(q.begin(), q.end(), p.begin())) return c;
  }
  return std::nullopt;
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

Result<Bytes> KeyShare::shared(ByteView peer, ProtocolVersion version) const {
  if (auto* x = std::get_if<nocrypto::ec::X25519PrivateKey>(&private_->key)) {
    if (peer.size() != 32) return fail(Alert::illegal_parameter, "X25519 key share is not 32 bytes");
    auto z = x->shared(peer);
    if (!z) return fail(Alert::illegal_parameter, "X25519 key share of small order");
    return to_bytes(*z);
  }
  if (auto* dh = std::get_if<nocrypto::pk::DhPrivateKey>(&private_->key)) {
    // RFC 8446 4.2.8.1: the public value is left-padded to the size of p.
    const bool tls13 = version == ProtocolVersion::tls13;
    if (tls13 ? peer.size() != nocrypto::pk::dh_size(dh->group()) : peer.size() > nocrypto::pk::dh_size(dh->group()))
      return fail(Alert::illegal_parameter, "DH public value is not the size of the group's prime");
    auto z = nocrypto::pk::dh_shared_secret(*dh, peer);
    if (!z) return fail(Alert::illegal_parameter, "DH public value is out of range");
    ByteView secret = z->view();
    while (!tls13 && !secret.empty() && secret.front() == 0) secret = secret.subspan(1);
    return to_bytes(secret);
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

// An ECDSA signature of `message` hashed with `hash`, DER-encoded as TLS carries it.
Result<Bytes> ecdsa_sign_der(const nocrypto::ec::PrivateKey& k, nocrypto::ec::HashAlgorithm hash, ByteView message) {
  auto raw = nocrypto::ec::ecdsa_sign(k, hash, message);
  if (!raw) return fail(Alert::internal_error, "ECDSA signing failed");
  auto der = nocrypto::ec::ecdsa_signature_to_der(k.curve(), *raw);
  if (!der) return fail(Alert::internal_error, "ECDSA signature encoding failed");
  return std::move(*der);
}

// Whether the DER `signature` is the certificate key's ECDSA signature of `message`.
Result<void> ecdsa_verify_der(const x509::EcKey& ec, nocrypto::ec::HashAlgorithm hash, ByteView message,
                              ByteView signature) {
  auto pub = nocrypto::ec::PublicKey::from_sec1(ec.curve, ec.point);
  if (!pub) return fail(Alert::bad_certificate, "certificate's EC key is not a point of its curve");
  auto raw = nocrypto::ec::ecdsa_signature_from_der(ec.curve, signature);
  if (!raw || !nocrypto::ec::ecdsa_verify(*pub, hash, message, *raw))
    return fail(Alert::decrypt_error, "ECDSA signature does not verify");
  return {};
}

Result<nocrypto::pk::RsaPublicKey> rsa_public_key(const x509::RsaKey& rsa) {
  auto pub = nocrypto::pk::RsaPublicKey::make(rsa.modulus, rsa.exponent);
  if (!pub) return fail(Alert::bad_certificate, "certificate's RSA key is not usable");
  return std::move(*pub);
}

Result<Bytes> sign_legacy(const x509::PrivateKey& key, ByteView message, nocrypto::pk::RandomRef rng);
Result<void> verify_legacy(const x509::PublicKeyInfo& key, ByteView message, ByteView signature);

}  // namespace

std::optional<std::uint16_t> certificate_signature_scheme(const x509::Certificate& cert) {
  x509::VerifyOptions sha1_too;
  sha1_too.allow_sha1 = true;
  auto s = x509::signature_scheme(cert.signature_algorithm, sha1_too);
  if (!s) return std::nullopt;
  using K = x509::SignatureKind;
  using H = x509::HashKind;
  const int h = s->hash == H::Sha1 ? 0 : s->hash == H::Sha256 ? 1 : s->hash == H::Sha384 ? 2 : s->hash == H::Sha512 ? 3 : -1;
  switch (s->kind) {
    case K::Ed25519: return std::uint16_t{0x0807};
    case K::RsaPkcs1:
      if (h >= 0) return static_cast<std::uint16_t>(0x0201 + 0x0100 * h + (h > 0 ? 0x0100 : 0));
      break;
    case K::Ecdsa:
      if (h >= 0) return static_cast<std::uint16_t>(0x0203 + 0x0100 * h + (h > 0 ? 0x0100 : 0));
      break;
    case K::RsaPss:
      if (h >= 1) return static_cast<std::uint16_t>(0x0804 + (h - 1));
      break;
    case K::Dsa: break;
  }
  return std::nullopt;
}

bool tls13_signature_scheme(std::uint16_t v) noexcept {
  auto i = info(static_cast<SignatureScheme>(v));
  return i && i->kind != SchemeInfo::pkcs1;
}

bool signature_scheme_for(std::uint16_t v, ProtocolVersion version) noexcept {
  return version == ProtocolVersion::tls12 ? info(static_cast<SignatureScheme>(v)).has_value()
                                           : tls13_signature_scheme(v);
}

bool can_sign(const x509::PrivateKey& key, SignatureScheme scheme, ProtocolVersion version) noexcept {
  auto i = info(scheme);
  if (!i) return false;
  if (version == ProtocolVersion::tls13 && i->kind == SchemeInfo::pkcs1) return false;
  const bool any_curve = version == ProtocolVersion::tls12;
  const auto ecdsa_on = [&](nocrypto::ec::Curve c) {
    return i->kind == SchemeInfo::ecdsa && (any_curve || i->curve == c);
  };
  switch (key.type()) {
    case x509::KeyType::Rsa: return i->kind == SchemeInfo::pss || i->kind == SchemeInfo::pkcs1;
    case x509::KeyType::Ed25519: return i->kind == SchemeInfo::ed25519;
    case x509::KeyType::EcP256: return ecdsa_on(nocrypto::ec::Curve::P256);
    case x509::KeyType::EcP384: return ecdsa_on(nocrypto::ec::Curve::P384);
    case x509::KeyType::EcP521: return ecdsa_on(nocrypto::ec::Curve::P521);
  }
  return false;
}

Result<Bytes> sign(const x509::PrivateKey& key, SignatureScheme scheme, ByteView message,
                   nocrypto::pk::RandomRef rng, ProtocolVersion version) {
  if (version < ProtocolVersion::tls12) return sign_legacy(key, message, rng);
  if (!can_sign(key, scheme, version)) return fail(Alert::internal_error, "key cannot sign with the scheme chosen");
  const auto i = *info(scheme);
  const auto& v = key.value();
  if (i.kind == SchemeInfo::ed25519)
    return to_bytes(std::get<nocrypto::ec::Ed25519PrivateKey>(v).sign(message));
  if (i.kind == SchemeInfo::ecdsa)
    return ecdsa_sign_der(std::get<nocrypto::ec::PrivateKey>(v), ec_hash(i.digest), message);
  const auto& k = std::get<nocrypto::pk::RsaPrivateKey>(v);
  auto sig = i.kind == SchemeInfo::pss
                 ? nocrypto::pk::pss_sign(k, i.digest, message, rng, nocrypto::pk::digest_size(i.digest))
                 : nocrypto::pk::pkcs1_sign(k, i.digest, message, rng);
  if (!sig) return fail(Alert::internal_error, "RSA signing failed");
  return std::move(*sig);
}

Result<void> verify(const x509::PublicKeyInfo& key, SignatureScheme scheme, ByteView message,
                    ByteView signature, ProtocolVersion version) {
  if (version < ProtocolVersion::tls12) return verify_legacy(key, message, signature);
  auto i = info(scheme);
  if (!i || (version == ProtocolVersion::tls13 && i->kind == SchemeInfo::pkcs1)) return fail(Alert::illegal_parameter, "signature scheme we do not implement");
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
    if (ec == nullptr || (version == ProtocolVersion::tls13 && ec->curve != *i->curve))
      return fail(Alert::illegal_parameter, "ECDSA signature from a key of another curve or algorithm");
    return ecdsa_verify_der(*ec, ec_hash(i->digest), message, signature);
  }
  const auto* rsa = std::get_if<x509::RsaKey>(&k);
  if (rsa == nullptr) return fail(Alert::illegal_parameter, "RSA signature from a key that is not RSA");
  auto pub = rsa_public_key(*rsa);
  if (!pub) return std::unexpected(pub.error());
  const bool ok = i->kind == SchemeInfo::pss
                      ? nocrypto::pk::pss_verify(*pub, i->digest, message, signature,
                                                 nocrypto::pk::digest_size(i->digest))
                      : nocrypto::pk::pkcs1_verify(*pub, i->digest, message, signature);
  if (!ok) return fail(Alert::decrypt_error, "RSA signature does not verify");
  return {};
}

// ---- TLS 1.0 and 1.1 signatures

bool can_sign_legacy(const x509::PrivateKey& key) noexcept {
  switch (key.type()) {
    case x509::KeyType::Rsa:
    case x509::KeyType::EcP256:
    case x509::KeyType::EcP384:
    case x509::KeyType::EcP521: return true;
    case x509::KeyType::Ed25519: return false;  // RFC 8422 5.1.3: TLS 1.2 and later only
  }
  return false;
}

namespace {

// EMSA-PKCS1-v1_5 without a DigestInfo: 00 01 FF..FF 00 MD5(m) || SHA-1(m), k bytes.
Result<Bytes> md5_sha1_block(ByteView message, std::size_t k) {
  const Bytes digest = hash(HashAlg::md5_sha1, message);
  if (k < digest.size() + 11) return fail(Alert::internal_error, "RSA key too small for an MD5+SHA-1 signature");
  Bytes em(k, 0xff);
  em[0] = 0;
  em[1] = 1;
  em[k - digest.size() - 1] = 0;
  std::copy(digest.begin(), digest.end(), em.end() - static_cast<std::ptrdiff_t>(digest.size()));
  return em;
}

Result<Bytes> sign_legacy(const x509::PrivateKey& key, ByteView message, nocrypto::pk::RandomRef rng) {
  if (!can_sign_legacy(key)) return fail(Alert::internal_error, "an Ed25519 key cannot sign in TLS 1.0 or 1.1");
  const auto& v = key.value();
  if (const auto* ec = std::get_if<nocrypto::ec::PrivateKey>(&v))
    return ecdsa_sign_der(*ec, nocrypto::ec::HashAlgorithm::Sha1, message);
  const auto& rsa = std::get<nocrypto::pk::RsaPrivateKey>(v);
  auto em = md5_sha1_block(message, rsa.size());
  if (!em) return std::unexpected(em.error());
  auto sig = nocrypto::pk::rsa_private(rsa, *em, rng);
  if (!sig) return fail(Alert::internal_error, "RSA signing failed");
  return to_bytes(sig->view());
}

Result<void> verify_legacy(const x509::PublicKeyInfo& key, ByteView message, ByteView signature) {
  if (const auto* ec = std::get_if<x509::EcKey>(&key.key))
    return ecdsa_verify_der(*ec, nocrypto::ec::HashAlgorithm::Sha1, message, signature);
  const auto* rsa = std::get_if<x509::RsaKey>(&key.key);
  if (rsa == nullptr) return fail(Alert::illegal_parameter, "a TLS 1.0/1.1 signature from a key that is neither RSA nor ECDSA");
  auto pub = rsa_public_key(*rsa);
  if (!pub) return std::unexpected(pub.error());
  auto em = md5_sha1_block(message, pub->size());
  if (!em || signature.size() != pub->size()) return fail(Alert::decrypt_error, "RSA signature does not verify");
  auto got = nocrypto::pk::rsa_public(*pub, signature);
  if (!got || !nocrypto::equal_ct(*got, *em)) return fail(Alert::decrypt_error, "RSA signature does not verify");
  return {};
}

}  // namespace

}  // namespace tls::crypto
