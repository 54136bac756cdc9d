#pragma once
// What a client or a server is willing to do, with safe defaults: TLS 1.3 and 1.2, AES-GCM
// and ChaCha20-Poly1305 (ECDHE, then DHE-RSA with RFC 7919 groups for TLS 1.2), X25519
// then the NIST curves, the signature schemes TLS 1.3 allows (and RSA PKCS#1 v1.5 for TLS
// 1.2), the extended master secret required. validate() says what is wrong with an
// impossible combination before any handshake.
#include <tls/types.hpp>

#include <x509/certificate.hpp>
#include <x509/private_key.hpp>

#include <functional>
#include <optional>
#include <string>

namespace tls {

// A certificate chain (leaf first, DER) and the leaf's private key.
struct Certified {
  std::vector<Bytes> chain;
  x509::PrivateKey key;
  x509::Certificate leaf;  // chain[0], parsed
  // A DER OCSPResponse for the leaf, stapled when a client asks (status_request, RFC
  // 6066 8; in TLS 1.3 in the leaf's CertificateEntry). Refresh it before it expires.
  Bytes ocsp_response;
};

// A chain and key from PEM text (certificates in order, leaf first; any private key
// form x509 reads). The error names what is missing or does not match.
Result<Certified> certified_from_pem(std::string_view chain_pem, std::string_view key_pem);

// A fresh key of `type` and a certificate for it, signed by itself and named `subject`
// ("CN=example"), valid from 2020 to 2120: for tests and for peers that pin it, not for
// clients that check chains.
Result<Certified> self_signed_certified(x509::KeyType type, std::string_view subject, nocrypto::pk::RandomRef rng);

// Decides whether the peer's chain (leaf first, as sent) is acceptable; for a client,
// `host` is the server name it asked for. The error's alert is sent (bad_certificate,
// unknown_ca, certificate_expired...).
using Authenticator =
    std::function<Result<void>(std::span<const x509::Certificate> chain, std::string_view host)>;

// The alert x509 validation failures map to (expired, revoked, unknown CA...).
Error certificate_error(const x509::Error& e);

struct Config {
  // The versions spoken: those from min to max with a suite of theirs in `suites`. TLS
  // 1.0 and 1.1 (min_version tls10 or tls11) also need a CBC suite with SHA-1 in `suites`;
  // they sign with MD5+SHA-1 (RSA) or SHA-1 (ECDSA), and offer no protection against an
  // attacker who can break those: only for peers that speak nothing newer.
  ProtocolVersion min_version = ProtocolVersion::tls12;
  ProtocolVersion max_version = ProtocolVersion::tls13;
  // TLS 1.3 suites and TLS 1.2 suites in one list, each version taking its own in order.
  // The AES-CCM and CBC suites are implemented but not in the defaults.
  std::vector<CipherSuite> suites{
      CipherSuite::aes_128_gcm_sha256,
      CipherSuite::aes_256_gcm_sha384,
      CipherSuite::chacha20_poly1305_sha256,
      CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256,
      CipherSuite::ecdhe_rsa_aes_128_gcm_sha256,
      CipherSuite::ecdhe_ecdsa_aes_256_gcm_sha384,
      CipherSuite::ecdhe_rsa_aes_256_gcm_sha384,
      CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256,
      CipherSuite::ecdhe_rsa_chacha20_poly1305_sha256,
      CipherSuite::dhe_rsa_aes_128_gcm_sha256,
      CipherSuite::dhe_rsa_aes_256_gcm_sha384,
      CipherSuite::dhe_rsa_chacha20_poly1305_sha256,
  };
  std::vector<Group> groups{Group::x25519,    Group::secp256r1, Group::secp384r1, Group::secp521r1,
                            Group::ffdhe2048, Group::ffdhe3072, Group::ffdhe4096};
  std::vector<SignatureScheme> signature_schemes{
      SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ecdsa_secp384r1_sha384,
      SignatureScheme::ecdsa_secp521r1_sha512, SignatureScheme::ed25519,
      SignatureScheme::rsa_pss_rsae_sha256,    SignatureScheme::rsa_pss_rsae_sha384,
      SignatureScheme::rsa_pss_rsae_sha512,    SignatureScheme::rsa_pkcs1_sha256,
      SignatureScheme::rsa_pkcs1_sha384,       SignatureScheme::rsa_pkcs1_sha512};
  // When not empty, sent verbatim as signature_algorithms instead of signature_schemes.
  // Signatures still have to use one of signature_schemes (TLS 1.3 never PKCS#1 v1.5).
  std::vector<std::uint16_t> advertised_signature_algorithms;
  // When not empty, sent as signature_algorithms_cert (RFC 8446 4.2.3): the schemes we
  // accept in the peer's certificate chain, where they differ from signature_algorithms.
  // A server prefers a chain signed only with what the client names there.
  std::vector<SignatureScheme> certificate_signature_schemes;
  std::vector<std::string> alpn;  // in order of preference; empty: no ALPN
  // RFC 8449: the largest record plaintext (content type included) we accept; sent when
  // set. 16385 means full-size records.
  std::optional<std::uint16_t> record_size_limit = 16385;
  std::size_t max_handshake_message = 64 * 1024;
  // Milliseconds from any fixed origin, for ticket ages and lifetimes. The core reads no
  // clock of its own; without one, ticket ages are sent as 0 and lifetimes not checked.
  std::function<std::uint64_t()> clock_ms;
  // TLS 1.2 only with RFC 7627's extended master secret, which binds the master secret to
  // the handshake (the triple handshake attack works without it).
  bool require_extended_master_secret = true;
  // With a CBC suite, offer (client) or accept (server) RFC 7366's encrypt_then_mac: the
  // MAC covers the ciphertext and is checked before anything is decrypted. Without it
  // CBC records are MAC-then-encrypt (checked in constant time all the same).
  bool encrypt_then_mac = true;

  bool speaks(ProtocolVersion v) const noexcept;  // in range, with a suite of that version
};

struct ClientConfig : Config {
  std::optional<std::string> server_name;  // SNI and the name the certificate must match
  Authenticator authenticator;             // required unless insecure_skip_verification
  bool insecure_skip_verification = false;
  std::optional<Certified> certificate;  // for servers that ask for one
  // Groups we send key shares for in the first ClientHello (default: the first of groups).
  std::vector<Group> key_share_groups;
  bool send_session_ticket_extension = true;  // an empty session_ticket (RFC 5077), as RFC 8448's client
  bool send_renegotiation_info = true;        // an empty renegotiation_info (RFC 5746)
  bool send_psk_modes = true;                 // psk_key_exchange_modes = psk_dhe_ke
  // RFC 6066 4: ask for records of at most 2^(8+n) bytes, n from 1 (512) to 4 (4096). A
  // server that also takes record_size_limit uses that instead (RFC 8449 5).
  std::optional<std::uint8_t> max_fragment_length;
  // RFC 7685: a ClientHello of 256 to 511 bytes is padded to 512 (some middleboxes hang
  // on that range).
  bool pad_client_hello = true;
  // TLS 1.3: offer post_handshake_auth, and answer a server's later CertificateRequest
  // with `certificate` (or an empty Certificate without one).
  bool post_handshake_auth = false;
  // Ask for the server's stapled OCSP response (status_request); it arrives in
  // SessionInfo::ocsp_response, unchecked: the authenticator or the application checks it.
  bool request_ocsp = false;

  // Empty when usable; otherwise what is wrong ("authenticator missing...").
  std::string validate() const;
};

enum class ClientAuth : std::uint8_t { none, optional, required };

// A TLS 1.0-1.2 session as a server's session cache keeps it. Holds a secret.
struct StoredSession {
  CipherSuite suite{};
  Bytes master_secret;
  bool extended_master_secret = false;
  std::uint64_t created_ms = 0;  // clock_ms() then (0 without a clock)
  std::string server_name;       // the name the client asked for (resumed only for the same)
  ProtocolVersion version = ProtocolVersion::tls12;  // resumed only in the same version
};

struct ServerConfig : Config {
  std::vector<Certified> certificates;  // chosen by SNI and signature scheme
  ClientAuth client_auth = ClientAuth::none;
  Authenticator client_authenticator;  // required when client_auth is not none
  // Always ask for a new key share with a HelloRetryRequest when the client's shares are
  // not for the first group (ours) it supports, instead of using one that is acceptable.
  bool prefer_own_group_order = false;
  bool send_supported_groups = true;  // our groups in EncryptedExtensions (RFC 8446 4.2.7)
  // With a 32-byte key: a NewSessionTicket after each handshake, and resumption with the
  // tickets it sealed (AES-256-GCM under this key; rotate it to retire old tickets).
  std::optional<Bytes> ticket_key;
  std::uint32_t ticket_lifetime_s = 7200;  // at most 604800 (RFC 8446 4.6.1)
  // With a 32-byte key: a HelloRetryRequest carries a cookie sealing what the server
  // chose and the hash of the first ClientHello (RFC 8446 4.2.2), so the second
  // ClientHello may go to a new Connection: a server can forget a client it asked to retry.
  std::optional<Bytes> cookie_key;
  // TLS 1.2 resumption by session ID, with the application's cache (the core keeps no
  // state across connections): with both set, a full handshake gets a fresh 32-byte
  // session ID and its session is stored; a ClientHello naming an ID that lookup finds
  // resumes it, under the same rules as a ticket (suite still offered, extended master
  // secret as before, the same server name, within ticket_lifetime_s with a clock; never
  // when client_auth is required, as a resumed session carries no client certificate).
  std::function<void(ByteView session_id, const StoredSession& session)> session_store;
  std::function<std::optional<StoredSession>(ByteView session_id)> session_lookup;
  // 0-RTT (RFC 8446 4.2.10), off with 0: tickets allow this many bytes of early data,
  // which arrive in Received::early_data. Early data can be replayed: it is accepted only
  // within 10 s of the ticket age the client claims, with a clock_ms, and when
  // early_data_once returns true for the ticket (a strike register: true the first time
  // it sees an identity, false after), all three required.
  std::uint32_t max_early_data = 0;
  std::function<bool(ByteView ticket)> early_data_once;

  std::string validate() const;
};

}  // namespace tls
