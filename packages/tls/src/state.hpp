#pragma once
// The state of a connection, shared by the TLS 1.3 code (here: the record layer, RFC 8446
// 5; the client and server handshakes, 4; the key schedule, 7.1; the post-handshake
// messages, 4.6) and the TLS 1.2 handshakes in tls12.cpp (RFC 5246 7, RFC 8422, RFC 7627,
// RFC 5746). Private to the library.
#include <tls/connection.hpp>
#include <tls/crypto.hpp>
#include <tls/messages.hpp>

#include <nocrypto/gcm.hpp>
#include <x509/hostname.hpp>

#include <algorithm>
#include <cstring>

namespace tls {

using crypto::HashAlg;
using crypto::KeyShare;
using crypto::RecordProtection;
namespace ext = wire::ext;
using wire::HandshakeType;

namespace detail {

enum class ContentType : std::uint8_t {
  change_cipher_spec = 20,
  alert = 21,
  handshake = 22,
  application_data = 23,
};

enum class Phase : std::uint8_t {
  client_wait_server_hello,
  client_wait_encrypted_extensions,
  client_wait_certificate_or_request,
  client_wait_certificate,
  client_wait_certificate_verify,
  client_wait_finished,
  server_wait_client_hello,
  server_wait_second_client_hello,
  server_wait_certificate,
  server_wait_certificate_verify,
  server_wait_finished,
  server_wait_end_of_early_data,  // 0-RTT accepted: early data, then EndOfEarlyData
  // TLS 1.2 (RFC 5246 7.3)
  client12_wait_certificate,
  client12_wait_server_key_exchange,
  client12_wait_server_hello_done,  // or a CertificateRequest first
  client12_wait_change_cipher_spec,  // or a NewSessionTicket first, when announced
  client12_wait_finished,
  server12_wait_certificate,
  server12_wait_client_key_exchange,
  server12_wait_certificate_verify,
  server12_wait_change_cipher_spec,
  server12_wait_finished,
  connected,
  failed,
};

constexpr std::size_t max_plaintext = 16384;
constexpr std::size_t max_ciphertext = 16384 + 256;
constexpr std::size_t max_ciphertext12 = 16384 + 2048;  // TLS 1.0-1.2 (RFC 5246 6.2.3)
constexpr std::uint16_t tls13 = 0x0304;
constexpr std::uint16_t tls12 = 0x0303;
constexpr std::uint16_t empty_renegotiation_info_scsv = 0x00ff;  // RFC 5746 3.3
constexpr std::uint16_t fallback_scsv = 0x5600;                  // RFC 7507

inline Bytes copy(ByteView v) { return Bytes(v.begin(), v.end()); }

inline ByteView view(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline bool contains(const auto& list, const auto& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Extensions a TLS 1.3 EncryptedExtensions may carry (RFC 8446 4.2's table, "EE").
inline bool allowed_in_encrypted_extensions(std::uint16_t t) {
  return t == ext::server_name || t == ext::max_fragment_length || t == ext::supported_groups ||
         t == ext::alpn || t == ext::record_size_limit || t == ext::early_data ||
         t == 14 /* use_srtp */ || t == 15 /* heartbeat */ || t == 19 || t == 20 /* cert types */;
}

// The record_size_limit value (RFC 8449 4): at least 64; for TLS 1.3 it counts the inner
// content type byte, so the plaintext limit is one less, and never above 2^14.
inline Result<std::size_t> record_limit(ByteView data) {
  if (data.size() != 2) return fail(Alert::decode_error, "record_size_limit is not two bytes");
  const std::size_t v = (std::size_t{data[0]} << 8) | data[1];
  if (v < 64) return fail(Alert::illegal_parameter, "record_size_limit below 64");
  return std::min(v - 1, max_plaintext);
}

// `bytes` bytes of `v`, big-endian, appended; and read back from `in` at `at` (the caller
// has checked the length): the fields of what tickets and cookies seal.
inline void append_be(Bytes& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline std::uint64_t read_be(ByteView in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | in[at + static_cast<std::size_t>(i)];
  return v;
}

inline Bytes record_size_limit_body(std::uint16_t v) {
  return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

}  // namespace detail

using namespace detail;

struct Connection::State {
  bool is_client = false;
  std::shared_ptr<const ClientConfig> client_config;
  std::shared_ptr<const ServerConfig> server_config;
  nocrypto::pk::RandomRef rng;
  Phase phase{};

  Bytes in;            // received bytes not yet a whole record
  Bytes handshake_in;  // handshake bytes not yet a whole message
  Bytes scratch;       // the plaintext of the record being processed
  Bytes out;           // records to send
  Bytes transcript;    // the handshake messages so far, as hashed

  CipherSuite suite{};
  HashAlg hash = HashAlg::sha256;
  // Once TLS 1.0-1.2 is negotiated, every record carries that version (both ways).
  std::uint16_t record_version = 0x0303;
  bool record_version_fixed = false;
  std::optional<RecordProtection> read, write;
  Bytes handshake_secret, master_secret;
  Bytes client_handshake_secret, server_handshake_secret;
  Bytes client_traffic_secret, server_traffic_secret;  // the application secrets, updated
  Bytes exporter_secret, resumption_secret;

  // Client: what the ClientHello offered.
  wire::ClientHello client_hello;
  std::vector<KeyShare> shares;
  std::vector<std::uint16_t> offered_extensions;
  bool certificate_requested = false;
  Bytes certificate_request_context;
  std::vector<std::uint16_t> server_signature_algorithms;  // of its CertificateRequest

  // Server: what it chose.
  const Certified* certified = nullptr;
  SignatureScheme scheme{};
  Bytes session_id;
  bool compatibility_ccs_sent = false;
  std::optional<Group> retry_group;
  bool ocsp_requested = false;  // a server's: the client sent status_request for OCSP
  bool ocsp_acknowledged = false;  // a TLS 1.2 client's: a CertificateStatus will follow
  Bytes sent_cookie;  // in our HelloRetryRequest

  // Resumption (RFC 8446 2.2, 4.2.11): the ticket a client offers, the PSK in use, the
  // tickets a client has received.
  std::optional<Ticket> resume;
  bool psk_offered = false;
  bool psk_in_first_hello = false;  // a second ClientHello may update a PSK, not add one
  Bytes psk;
  std::vector<Ticket> tickets;
  std::uint8_t tickets_sent = 0;

  // TLS 1.2: the randoms, the ephemeral key, the keys a ChangeCipherSpec switches to, what
  // the hellos agreed.
  wire::Random client_random{}, server_random{};
  std::optional<KeyShare> kx_share;
  Bytes kx_public;  // the client's, for its ClientKeyExchange
  Bytes premaster;
  std::optional<RecordProtection> pending_read, pending_write;
  bool extended_master_secret = false;
  bool ticket_announced = false;  // the server acknowledged session_ticket (RFC 5077)
  bool finished_sent = false;
  Bytes first_finished;     // TLS 1.2: the first Finished's verify_data (tls-unique)
  // Post-handshake authentication (RFC 8446 4.6.2): the handshake's messages through the
  // client's Finished, kept when it was offered; a server's pending request.
  bool pha_offered = false;
  Bytes pha_base;
  enum class PhaWait : std::uint8_t { none, certificate, certificate_verify, finished } pha_wait = PhaWait::none;
  Bytes pha_context;
  bool pha_event = false;
  // 0-RTT (RFC 8446 4.2.10). Client: the data to send and the key it went under. Server:
  // what the accepted ticket allows, the early bytes so far, and how many bytes of
  // rejected early data may still be skipped.
  Bytes early_to_send;
  bool early_offered = false;
  std::optional<RecordProtection> early_write;
  std::uint32_t ticket_max_early = 0;
  std::string ticket_alpn;
  std::uint64_t ticket_issued = 0;
  std::uint32_t ticket_client_age = 0;
  Bytes ticket_identity;
  CipherSuite ticket_suite{};
  Bytes client_early_secret;
  std::size_t early_received = 0;
  std::size_t early_skip_budget = 0;
  Bytes server_leaf_der;    // a client's: the server's certificate (tls-server-end-point)
  std::optional<wire::NewSessionTicket12> new_ticket12;  // a client's, kept until the handshake completes
  bool issue_ticket12 = false;                          // a server's: a NewSessionTicket before its Finished

  SessionInfo info;
  bool change_cipher_spec_seen = false;
  bool peer_closed = false;
  bool closed = false;
  bool handshake_complete = false;
  std::size_t send_limit = max_plaintext;     // largest plaintext we put in a record
  std::size_t receive_limit = max_plaintext;  // largest plaintext we accept
  std::vector<x509::Certificate> peer_chain;

  State(nocrypto::pk::RandomRef r) : rng(r) {}
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() {  // the secrets go with the connection
    for (Bytes* b : {&handshake_secret, &master_secret, &client_handshake_secret, &server_handshake_secret,
                     &client_traffic_secret, &server_traffic_secret, &exporter_secret, &resumption_secret, &psk,
                     &client_early_secret, &premaster, &pha_base})
      nocrypto::wipe(*b);
  }

  const Config& config() const {
    if (is_client) return *client_config;
    return *server_config;
  }

  // clock_ms(), or 0 without a clock (the core reads none of its own).
  std::uint64_t now_ms() const { return config().clock_ms ? config().clock_ms() : 0; }

  // ---- output

  // `version` 0: the connection's record version.
  void record(ContentType type, ByteView body, std::uint16_t version = 0) {
    if (version == 0) version = record_version;
    out.push_back(static_cast<std::uint8_t>(type));
    out.push_back(static_cast<std::uint8_t>(version >> 8));
    out.push_back(static_cast<std::uint8_t>(version));
    out.push_back(static_cast<std::uint8_t>(body.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
  }

  // Content of one type in as many records as the limit needs, protected when a write
  // key is set.
  void send_content(ContentType type, ByteView content, std::uint16_t version = 0) {
    std::size_t at = 0;
    do {
      const std::size_t n = std::min(send_limit, content.size() - at);
      const ByteView part = content.subspan(at, n);
      if (write) {
        write->seal_into(out, static_cast<std::uint8_t>(type), part);
      } else {
        record(type, part, version);
      }
      at += n;
    } while (at < content.size());
  }

  void send_handshake(ByteView messages, std::uint16_t version = 0) {
    send_content(ContentType::handshake, messages, version);
  }

  void send_alert(Alert alert) {
    const bool warning = alert == Alert::close_notify || alert == Alert::user_canceled ||
                         alert == Alert::no_renegotiation;
    const std::uint8_t body[2] = {warning ? std::uint8_t{1} : std::uint8_t{2},
                                  static_cast<std::uint8_t>(alert)};
    send_content(ContentType::alert, ByteView(body, 2));
  }

  void send_compatibility_ccs() {
    if (compatibility_ccs_sent) return;
    compatibility_ccs_sent = true;
    const std::uint8_t one = 1;
    record(ContentType::change_cipher_spec, ByteView(&one, 1));
  }

  // ---- key schedule

  Bytes transcript_hash() const { return crypto::hash(hash, transcript); }
  void add(ByteView message) { transcript.insert(transcript.end(), message.begin(), message.end()); }

  // After the first ClientHello and a HelloRetryRequest: the ClientHello is replaced by
  // message_hash (RFC 8446 4.4.1).
  void replace_first_hello() {
    const Bytes h = transcript_hash();
    Bytes t{static_cast<std::uint8_t>(HandshakeType::message_hash), 0, 0,
            static_cast<std::uint8_t>(h.size())};
    t.insert(t.end(), h.begin(), h.end());
    transcript = std::move(t);
  }

  Bytes empty_hash() const { return crypto::hash(hash, {}); }

  // Early Secret = HKDF-Extract(0, PSK or zeros).
  // (hkdf_extract reads an empty salt or key as Hash.length zeros.)
  Bytes early_secret(HashAlg h, ByteView key) const { return crypto::hkdf_extract(h, {}, key); }

  // A PSK binder (RFC 8446 4.2.11.2): the Finished-style HMAC, under the binder key, of
  // the transcript up to and including the truncated ClientHello.
  Bytes binder(HashAlg h, ByteView key, ByteView truncated_hello) const {
    const Bytes early = early_secret(h, key);
    const Bytes binder_key = crypto::derive_secret(h, early, "res binder", crypto::hash(h, {}));
    const Bytes finished_key = crypto::hkdf_expand_label(h, binder_key, "finished", {}, crypto::hash_length(h));
    Bytes t = transcript;
    t.insert(t.end(), truncated_hello.begin(), truncated_hello.end());
    return crypto::hmac(h, finished_key, crypto::hash(h, t));
  }

  void handshake_keys(ByteView shared) {
    const Bytes zeros(crypto::hash_length(hash), 0);
    const Bytes early = early_secret(hash, psk);
    const Bytes derived = crypto::derive_secret(hash, early, "derived", empty_hash());
    handshake_secret = crypto::hkdf_extract(hash, derived, shared);
    const Bytes th = transcript_hash();
    client_handshake_secret = crypto::derive_secret(hash, handshake_secret, "c hs traffic", th);
    server_handshake_secret = crypto::derive_secret(hash, handshake_secret, "s hs traffic", th);
    const Bytes derived2 = crypto::derive_secret(hash, handshake_secret, "derived", empty_hash());
    master_secret = crypto::hkdf_extract(hash, derived2, zeros);
  }

  // After the server's Finished.
  void application_secrets() {
    const Bytes th = transcript_hash();
    client_traffic_secret = crypto::derive_secret(hash, master_secret, "c ap traffic", th);
    server_traffic_secret = crypto::derive_secret(hash, master_secret, "s ap traffic", th);
    exporter_secret = crypto::derive_secret(hash, master_secret, "exp master", th);
  }

  Result<void> set_read(ByteView secret) {
    if (!handshake_in.empty())
      return fail(Alert::unexpected_message, "handshake message split across a key change");
    auto p = RecordProtection::from_secret(suite, secret);
    if (!p) return std::unexpected(p.error());
    read = std::move(*p);
    return {};
  }

  Result<void> set_write(ByteView secret) {
    auto p = RecordProtection::from_secret(suite, secret);
    if (!p) return std::unexpected(p.error());
    write = std::move(*p);
    return {};
  }

  Bytes finished_data(ByteView base_key) const {
    const Bytes key = crypto::hkdf_expand_label(hash, base_key, "finished", {}, crypto::hash_length(hash));
    return crypto::hmac(hash, key, transcript_hash());
  }

  // RFC 8446 4.4.3: 64 spaces, the context string, a zero byte, the transcript hash.
  Bytes verify_content(bool server) const {
    const std::string_view label =
        server ? "TLS 1.3, server CertificateVerify" : "TLS 1.3, client CertificateVerify";
    const Bytes th = transcript_hash();
    Bytes c(64 + label.size() + 1 + th.size(), 0x20);
    std::memcpy(c.data() + 64, label.data(), label.size());
    c[64 + label.size()] = 0;
    std::memcpy(c.data() + 65 + label.size(), th.data(), th.size());
    return c;
  }

  // ---- both sides: certificates

  Result<void> read_peer_certificate(const wire::Certificate& m, bool from_server) {
    peer_chain.clear();
    if (from_server && !m.entries.empty()) server_leaf_der = m.entries.front().cert_data;
    for (const auto& entry : m.entries) {
      // Only status_request and signed_certificate_timestamp may appear here, and only when
      // asked for; we ask only for the first, of a server (RFC 8446 4.4.2).
      for (const auto& e : entry.extensions.items) {
        const bool asked = from_server && e.type == ext::status_request && contains(offered_extensions, e.type);
        if (!asked)
          return fail(Alert::unsupported_extension,
                      from_server ? "server's certificate entry carries an extension we did not ask for"
                                  : "client's certificate entry carries an extension we did not ask for");
        auto response = wire::decode_certificate_status(e.data);
        if (!response) return std::unexpected(response.error());
        if (&entry == &m.entries.front()) info.ocsp_response = std::move(*response);
      }
      auto cert = x509::parse_certificate(entry.cert_data);
      if (!cert) return fail(Alert::bad_certificate, "peer's certificate does not parse");
      peer_chain.push_back(std::move(*cert));
    }
    return {};
  }

  // The authenticator's verdict on peer_chain: a client's on the server for the name it
  // asked for (none with insecure_skip_verification), a server's on its client.
  // info.peer_chain is set only once a signature proves the peer holds the key.
  Result<void> authenticate_peer() {
    Result<void> ok;
    if (!is_client) {
      ok = server_config->client_authenticator(peer_chain, {});
    } else if (!client_config->insecure_skip_verification) {
      ok = client_config->authenticator(peer_chain, client_config->server_name.value_or(""));
    }
    return ok;
  }

  Result<void> check_certificate_verify(const wire::CertificateVerify& m, bool from_server) {
    const auto& ours = config().signature_schemes;
    if (!crypto::tls13_signature_scheme(m.algorithm) ||
        !contains(ours, static_cast<SignatureScheme>(m.algorithm)) || !contains(advertised_schemes(), m.algorithm))
      return fail(Alert::illegal_parameter, "CertificateVerify uses a signature scheme we did not offer");
    const auto scheme = static_cast<SignatureScheme>(m.algorithm);
    const Bytes content = verify_content(from_server);
    auto ok = crypto::verify(peer_chain.front().tbs.public_key, scheme, content, m.signature);
    if (!ok) return std::unexpected(ok.error());
    info.peer_signature = scheme;
    if (pha_wait == PhaWait::none) info.peer_chain = peer_chain;  // after the handshake: on Finished
    return {};
  }

  // Certificate and CertificateVerify for our chain (server, or client asked for one).
  Result<void> send_certificate_and_verify(const Certified& c, SignatureScheme s, ByteView context,
                                           Bytes& flight, bool server) {
    wire::Certificate m;
    m.request_context = copy(context);
    for (const auto& der : c.chain) m.entries.push_back({der, {}});
    if (server && ocsp_requested && !c.ocsp_response.empty())
      m.entries.front().extensions.add(ext::status_request, wire::encode_certificate_status(c.ocsp_response));
    const Bytes cm = wire::encode(m);
    add(cm);
    flight.insert(flight.end(), cm.begin(), cm.end());
    auto sig = crypto::sign(c.key, s, verify_content(server), rng);
    if (!sig) return std::unexpected(sig.error());
    const Bytes vm = wire::encode(wire::CertificateVerify{static_cast<std::uint16_t>(s), std::move(*sig)});
    add(vm);
    flight.insert(flight.end(), vm.begin(), vm.end());
    return {};
  }

  std::vector<std::uint16_t> advertised_schemes() const {
    const Config& c = config();
    if (!c.advertised_signature_algorithms.empty()) return c.advertised_signature_algorithms;
    std::vector<std::uint16_t> v;
    for (auto s : c.signature_schemes) v.push_back(static_cast<std::uint16_t>(s));
    return v;
  }

  // What the client accepts in certificate chains: signature_algorithms_cert, else
  // signature_algorithms (RFC 8446 4.2.3).
  static Result<std::vector<std::uint16_t>> certificate_schemes(const wire::ClientHello& ch,
                                                                std::span<const std::uint16_t> sigs) {
    const auto* e = ch.extensions.find(ext::signature_algorithms_cert);
    if (e == nullptr) return std::vector<std::uint16_t>(sigs.begin(), sigs.end());
    return wire::decode_u16_list(e->data);
  }

  // The certificate to send, and `scheme` to sign with: of those `usable` takes whose key
  // signs with a scheme in `sigs`, one naming `host` and signed only with `cert_sigs`,
  // else one naming `host`, else one signed so, else any (RFC 8446 4.4.2.2).
  const Certified* choose_certificate(const std::optional<std::string>& host, std::span<const std::uint16_t> sigs,
                                      std::span<const std::uint16_t> cert_sigs, ProtocolVersion version,
                                      const std::function<bool(const Certified&)>& usable) {
    for (int pass = 0; pass < 4; ++pass)
      for (const auto& cert : server_config->certificates) {
        if (usable && !usable(cert)) continue;
        // TLS 1.0 and 1.1 name no scheme: any key crypto::sign can use there.
        const bool legacy = version < ProtocolVersion::tls12;
        auto s = legacy ? std::nullopt : pick_scheme(cert.key, sigs, version);
        if (legacy ? !crypto::can_sign_legacy(cert.key) : !s) continue;
        if (pass < 2 && (!host || !x509::matches_hostname(cert.leaf, *host))) continue;
        if (pass % 2 == 0 && !chain_signed_with(cert, cert_sigs)) continue;
        if (s) scheme = *s;
        return &cert;
      }
    return nullptr;
  }

  // Whether every certificate of the chain is signed with a scheme in `schemes`.
  static bool chain_signed_with(const Certified& c, std::span<const std::uint16_t> schemes) {
    for (std::size_t i = 0; i < c.chain.size(); ++i) {
      std::optional<x509::Certificate> parsed;
      if (i > 0) {
        auto p = x509::parse_certificate(c.chain[i]);
        if (!p) return false;
        parsed = std::move(*p);
      }
      const auto code = crypto::certificate_signature_scheme(i == 0 ? c.leaf : *parsed);
      if (!code || !contains(schemes, *code)) return false;
    }
    return true;
  }

  // The first scheme of ours, in `peer`'s list, that the key can sign with in `version`.
  std::optional<SignatureScheme> pick_scheme(const x509::PrivateKey& key, std::span<const std::uint16_t> peer,
                                             ProtocolVersion version = ProtocolVersion::tls13) const {
    for (auto s : config().signature_schemes)
      if (contains(peer, static_cast<std::uint16_t>(s)) && crypto::can_sign(key, s, version)) return s;
    return std::nullopt;
  }

  // ---- client

  Result<void> start_client() {
    const ClientConfig& c = *client_config;
    wire::ClientHello& ch = client_hello;
    if (!rng.generate(ch.random)) return fail(Alert::internal_error, "no randomness for the client random");
    std::vector<Group> share_groups = c.key_share_groups;
    if (share_groups.empty()) share_groups.push_back(c.groups.front());
    for (Group g : offers13() ? share_groups : std::vector<Group>{}) {
      auto s = KeyShare::generate(g, rng);
      if (!s) return std::unexpected(s.error());
      shares.push_back(std::move(*s));
    }
    for (auto s : c.suites)
      if (suite_offered(s)) ch.cipher_suites.push_back(static_cast<std::uint16_t>(s));
    if (offers12()) ch.legacy_version = static_cast<std::uint16_t>(highest12());
    if (offers12() && !c.send_renegotiation_info) ch.cipher_suites.push_back(empty_renegotiation_info_scsv);
    client_random = ch.random;
    if (resuming12()) {  // RFC 5077 3.4: a fresh session ID tells a resumption from a full handshake
      ch.legacy_session_id = resume->session_id;
      if (ch.legacy_session_id.empty()) {
        ch.legacy_session_id.resize(32);
        if (!rng.generate(ch.legacy_session_id)) return fail(Alert::internal_error, "no randomness for a session ID");
      }
    }
    build_client_extensions({});
    pad_client_hello();
    psk_in_first_hello = psk_offered;
    const Bytes m = encode_client_hello();
    add(m);
    send_handshake(m, 0x0301);
    if (!early_to_send.empty()) {
      if (!early_offered) return fail(Alert::internal_error, "early data needs a TLS 1.3 ticket to resume with");
      if (auto r = send_early_data(); !r) return r;
    }
    phase = Phase::client_wait_server_hello;
    return {};
  }

  void build_client_extensions(ByteView cookie) {
    const ClientConfig& c = *client_config;
    wire::Extensions& e = client_hello.extensions;
    e.items.clear();
    if (c.server_name && !x509::parse_ip_address(*c.server_name))
      e.add(ext::server_name, wire::encode_server_name(*c.server_name));
    if (c.send_renegotiation_info) e.add(ext::renegotiation_info, {0});
    std::vector<std::uint16_t> groups;
    for (auto g : c.groups) groups.push_back(static_cast<std::uint16_t>(g));
    e.add(ext::supported_groups, wire::encode_u16_list(groups));
    if (offers12()) e.add(ext::ec_point_formats, {1, 0});  // uncompressed only (RFC 8422 5.1.2)
    if (resuming12() && !resume->identity.empty()) {
      e.add(ext::session_ticket, resume->identity);
    } else if (c.send_session_ticket_extension) {
      e.add(ext::session_ticket, {});
    }
    if (offers12()) e.add(ext::extended_master_secret, {});
    bool cbc = false;
    for (auto s : c.suites) cbc = cbc || (crypto::cbc_suite(s) && suite_offered(s));
    if (cbc && c.encrypt_then_mac) e.add(ext::encrypt_then_mac, {});
    if (offers13()) {
      std::vector<wire::KeyShareEntry> entries;
      for (const auto& s : shares) entries.push_back({static_cast<std::uint16_t>(s.group()), s.public_key()});
      e.add(ext::key_share, wire::encode_key_share_client(entries));
      Bytes versions{0, 0x03, 0x04};
      for (auto v : {ProtocolVersion::tls12, ProtocolVersion::tls11, ProtocolVersion::tls10})
        if (c.speaks(v)) versions.insert(versions.end(), {0x03, static_cast<std::uint8_t>(v)});
      versions[0] = static_cast<std::uint8_t>(versions.size() - 1);
      e.add(ext::supported_versions, std::move(versions));
    }
    // RFC 5246 7.4.1.4.1: not in a hello that offers only TLS 1.0 or 1.1.
    if (offers13() || c.speaks(ProtocolVersion::tls12))
      e.add(ext::signature_algorithms, wire::encode_u16_list(advertised_schemes()));
    if (!cookie.empty()) e.add(ext::cookie, wire::encode_cookie(cookie));
    if (offers13() && c.send_psk_modes) e.add(ext::psk_key_exchange_modes, {1, 1});
    if (!c.alpn.empty()) e.add(ext::alpn, wire::encode_alpn(c.alpn));
    if (c.record_size_limit) e.add(ext::record_size_limit, record_size_limit_body(*c.record_size_limit));
    if (c.max_fragment_length) e.add(ext::max_fragment_length, {*c.max_fragment_length});
    if (!c.certificate_signature_schemes.empty()) {
      std::vector<std::uint16_t> v;
      for (auto s : c.certificate_signature_schemes) v.push_back(static_cast<std::uint16_t>(s));
      e.add(ext::signature_algorithms_cert, wire::encode_u16_list(v));
    }
    if (c.request_ocsp) e.add(ext::status_request, wire::ocsp_status_request());
    if (offers13() && c.post_handshake_auth) e.add(ext::post_handshake_auth, {});
    pha_offered = offers13() && c.post_handshake_auth;
    psk_offered = false;
    if (resume && resume->version == ProtocolVersion::tls13 && resume->server_name == info.server_name && offers13() &&
        offer_resumption()) {
      if (!c.send_psk_modes) e.add(ext::psk_key_exchange_modes, {1, 1});
      wire::OfferedPsks o;
      const std::uint64_t age_ms = c.clock_ms ? c.clock_ms() - resume->received_ms : 0;
      o.identities.push_back({resume->identity, static_cast<std::uint32_t>(age_ms) + resume->age_add});
      o.binders.push_back(Bytes(crypto::hash_length(crypto::suite_hash(resume->suite)), 0));
      early_offered = !early_to_send.empty() && !info.hello_retry;
      if (early_offered) e.add(ext::early_data, {});
      e.add(ext::pre_shared_key, wire::encode_pre_shared_key_client(o));  // the last (4.2.11)
      psk_offered = true;
    }
    offered_extensions.clear();
    for (const auto& item : e.items) offered_extensions.push_back(item.type);
  }

  // RFC 7685 as BoringSSL and NSS apply it: a ClientHello message of 256 to 511 bytes gets
  // a padding extension (before pre_shared_key, which stays last) that makes it 512.
  void pad_client_hello() {
    if (!client_config->pad_client_hello) return;
    const std::size_t length = wire::encode(client_hello).size();
    if (length < 256 || length >= 512) return;
    const std::size_t pad = 512 - length;
    auto& items = client_hello.extensions.items;
    const bool psk_last = !items.empty() && items.back().type == ext::pre_shared_key;
    const auto at = psk_last ? items.end() - 1 : items.end();
    items.insert(at, wire::Extension{ext::padding, Bytes(pad >= 5 ? pad - 4 : 1, 0)});
    offered_extensions.push_back(ext::padding);
  }

  // The client's max_fragment_length granted (RFC 6066 4): the server's echo must be ours.
  Result<void> max_fragment_length_granted(ByteView echo) {
    const auto& asked = client_config->max_fragment_length;
    if (!asked || echo.size() != 1 || echo[0] != *asked)
      return fail(Alert::illegal_parameter, "server's max_fragment_length is not the one we asked for");
    const std::size_t n = std::size_t{1} << (8 + *asked);
    send_limit = std::min(send_limit, n);
    receive_limit = std::min(receive_limit, n);
    return {};
  }

  // A server's answer to max_fragment_length: its echo (empty: none) and smaller records
  // both ways, unless record_size_limit is in use.
  Result<Bytes> accept_max_fragment_length(const wire::ClientHello& ch, bool record_size_limit_used) {
    const auto* m = ch.extensions.find(ext::max_fragment_length);
    if (m == nullptr) return Bytes{};
    if (m->data.size() != 1 || m->data[0] < 1 || m->data[0] > 4)
      return fail(Alert::illegal_parameter, "max_fragment_length is not 1 to 4");
    if (record_size_limit_used) return Bytes{};
    const std::size_t n = std::size_t{1} << (8 + m->data[0]);
    send_limit = std::min(send_limit, n);
    receive_limit = std::min(receive_limit, n);
    return Bytes{m->data[0]};
  }

  // 0-RTT data under client_early_traffic_secret, right after the ClientHello; the key is
  // kept for EndOfEarlyData.
  Result<void> send_early_data() {
    const ClientConfig& c = *client_config;
    if (early_to_send.size() > resume->max_early_data)
      return fail(Alert::internal_error, "more early data than the ticket's max_early_data");
    const std::optional<std::string> first_alpn = c.alpn.empty() ? std::nullopt : std::optional(c.alpn.front());
    if (first_alpn != resume->alpn)
      return fail(Alert::internal_error, "early data needs our first ALPN protocol to be the ticket session's");
    const HashAlg h = crypto::suite_hash(resume->suite);
    const Bytes secret = crypto::derive_secret(h, early_secret(h, resume->psk), "c e traffic", crypto::hash(h, transcript));
    auto p = RecordProtection::from_secret(resume->suite, secret);
    if (!p) return std::unexpected(p.error());
    write = std::move(*p);
    send_content(ContentType::application_data, early_to_send);
    early_write = std::move(write);
    write.reset();
    nocrypto::wipe(early_to_send);
    return {};
  }

  // Whether the ticket can go in this ClientHello: a suite we offer (after a
  // HelloRetryRequest: the suite chosen) has its hash.
  bool offer_resumption() const {
    const HashAlg h = crypto::suite_hash(resume->suite);
    if (info.hello_retry) return psk_in_first_hello && crypto::suite_hash(suite) == h;
    for (auto s : client_config->suites)
      if (crypto::suite_hash(s) == h) return true;
    return false;
  }

  // The ClientHello's bytes, its PSK binder filled in over the transcript so far.
  Bytes encode_client_hello() const {
    Bytes m = wire::encode(client_hello);
    if (!psk_offered) return m;
    const HashAlg h = crypto::suite_hash(resume->suite);
    const std::size_t hl = crypto::hash_length(h), blen = 2 + 1 + hl;
    const Bytes b = binder(h, resume->psk, ByteView(m).first(m.size() - blen));
    std::copy(b.begin(), b.end(), m.end() - static_cast<std::ptrdiff_t>(hl));
    return m;
  }

  Result<void> client_server_hello(const wire::Message& msg) {
    auto sh = wire::decode_server_hello(msg.body);
    if (!sh) return std::unexpected(sh.error());
    const auto* versions = sh->extensions.find(ext::supported_versions);
    if (versions == nullptr) {
      // A TLS 1.2 (or older) server; RFC 8446 4.1.3's sentinel says a downgrade by an attacker.
      // TLS 1.2 clients check the TLS 1.1-and-older one, DOWNGRD followed by 0.
      static constexpr std::uint8_t downgrade[8] = {'D', 'O', 'W', 'N', 'G', 'R', 'D', 0};
      const std::uint16_t v = sh->legacy_version;
      if (offers13() && std::memcmp(sh->random.data() + 24, downgrade, 7) == 0)
        return fail(Alert::illegal_parameter, "ServerHello carries the downgrade sentinel");
      if (v < tls12 && client_config->speaks(ProtocolVersion::tls12) &&
          std::memcmp(sh->random.data() + 24, downgrade, 8) == 0)
        return fail(Alert::illegal_parameter, "ServerHello carries the TLS 1.1 downgrade sentinel");
      const bool spoken = v >= 0x0301 && v <= tls12 && config().speaks(static_cast<ProtocolVersion>(v));
      if (spoken && early_offered)  // RFC 8446 D.3
        return fail(Alert::protocol_version, "server answered our 0-RTT with TLS 1.2 or older");
      if (spoken && !info.hello_retry) return client12_server_hello(*sh, msg, static_cast<ProtocolVersion>(v));
      if (v <= tls12 && offers12())
        return fail(Alert::protocol_version, "server chose a TLS version we do not speak (see min_version)");
      return fail(Alert::protocol_version, "server does not speak TLS 1.3");
    }
    if (!offers13()) return fail(Alert::unsupported_extension, "ServerHello selects a version with supported_versions, which we did not send");
    if (versions->data.size() != 2 || versions->data[0] != 0x03 || versions->data[1] != 0x04)
      return fail(Alert::illegal_parameter, "server selected a version we did not offer");
    if (sh->legacy_version != 0x0303)
      return fail(Alert::protocol_version, "ServerHello legacy_version is not TLS 1.2");
    if (sh->legacy_session_id_echo != client_hello.legacy_session_id)
      return fail(Alert::illegal_parameter, "ServerHello does not echo our session id");
    if (!contains(client_hello.cipher_suites, sh->cipher_suite) ||
        !crypto::tls13_suite(static_cast<CipherSuite>(sh->cipher_suite)))
      return fail(Alert::illegal_parameter, "server chose a cipher suite we did not offer");
    if (sh->legacy_compression_method != 0)
      return fail(Alert::illegal_parameter, "server chose a compression method");
    if (info.hello_retry && static_cast<std::uint16_t>(suite) != sh->cipher_suite)
      return fail(Alert::illegal_parameter, "ServerHello's cipher suite differs from the HelloRetryRequest's");
    suite = static_cast<CipherSuite>(sh->cipher_suite);
    hash = crypto::suite_hash(suite);
    const bool retry = sh->is_hello_retry_request();
    for (const auto& e : sh->extensions.items) {
      // A HelloRetryRequest may carry a cookie unasked (RFC 8446 4.2.2).
      if (!contains(offered_extensions, e.type) && !(retry && e.type == ext::cookie))
        return fail(Alert::unsupported_extension, "ServerHello carries an extension we did not offer");
      const bool allowed = e.type == ext::supported_versions || e.type == ext::key_share ||
                           (retry ? e.type == ext::cookie : e.type == ext::pre_shared_key);
      if (!allowed) return fail(Alert::illegal_parameter, "ServerHello carries an extension not allowed there");
    }
    if (retry) return client_hello_retry(*sh, msg);

    const auto* ks = sh->extensions.find(ext::key_share);
    if (ks == nullptr) return fail(Alert::missing_extension, "ServerHello has no key_share");
    auto entry = wire::decode_key_share_server(ks->data);
    if (!entry) return std::unexpected(entry.error());
    const KeyShare* share = nullptr;
    for (const auto& s : shares)
      if (static_cast<std::uint16_t>(s.group()) == entry->group) share = &s;
    if (share == nullptr) return fail(Alert::illegal_parameter, "server's key share is for a group we sent no share for");
    auto shared = share->shared(entry->key_exchange);
    if (!shared) return std::unexpected(shared.error());
    if (const auto* p = sh->extensions.find(ext::pre_shared_key)) {
      auto selected = wire::decode_pre_shared_key_server(p->data);
      if (!selected) return std::unexpected(selected.error());
      if (!psk_offered || *selected != 0)
        return fail(Alert::illegal_parameter, "server selected a PSK we did not offer");
      if (crypto::suite_hash(suite) != crypto::suite_hash(resume->suite))
        return fail(Alert::illegal_parameter, "server resumed with a suite of another hash than the ticket's");
      psk = resume->psk;
      info.resumed = true;
    }
    info.group = share->group();
    info.suite = suite;
    add(msg.whole);
    handshake_keys(*shared);
    nocrypto::wipe(*shared);
    shares.clear();  // the ephemeral private keys are done with
    if (auto r = set_read(server_handshake_secret); !r) return r;
    phase = Phase::client_wait_encrypted_extensions;
    return {};
  }

  Result<void> client_hello_retry(const wire::ServerHello& hrr, const wire::Message& msg) {
    if (info.hello_retry) return fail(Alert::unexpected_message, "a second HelloRetryRequest");
    info.hello_retry = true;
    const auto* ks = hrr.extensions.find(ext::key_share);
    const auto* cookie_ext = hrr.extensions.find(ext::cookie);
    Bytes cookie;
    if (cookie_ext != nullptr) {
      auto c = wire::decode_cookie(cookie_ext->data);
      if (!c) return std::unexpected(c.error());
      cookie = std::move(*c);
    }
    if (ks == nullptr && cookie.empty())
      return fail(Alert::illegal_parameter, "HelloRetryRequest would not change the ClientHello");
    if (ks != nullptr) {
      auto g = wire::decode_key_share_hrr(ks->data);
      if (!g) return std::unexpected(g.error());
      const auto group = static_cast<Group>(*g);
      if (!contains(client_config->groups, group))
        return fail(Alert::illegal_parameter, "HelloRetryRequest asks for a group we did not offer");
      for (const auto& s : shares)
        if (s.group() == group)
          return fail(Alert::illegal_parameter, "HelloRetryRequest asks for a group we already sent a share for");
      auto s = KeyShare::generate(group, rng);
      if (!s) return std::unexpected(s.error());
      shares.clear();
      shares.push_back(std::move(*s));
    }
    replace_first_hello();
    add(msg.whole);
    build_client_extensions(cookie);
    pad_client_hello();
    const Bytes m = encode_client_hello();
    add(m);
    send_handshake(m);
    return {};
  }

  Result<void> client_encrypted_extensions(const wire::Message& msg) {
    auto ee = wire::decode_encrypted_extensions(msg.body);
    if (!ee) return std::unexpected(ee.error());
    const ClientConfig& c = *client_config;
    for (const auto& e : ee->extensions.items) {
      if (!contains(offered_extensions, e.type))
        return fail(Alert::unsupported_extension, "EncryptedExtensions carries an extension we did not offer");
      if (!allowed_in_encrypted_extensions(e.type))
        return fail(Alert::illegal_parameter, "EncryptedExtensions carries an extension not allowed there");
      if (e.type == ext::server_name && !e.data.empty())
        return fail(Alert::decode_error, "server_name in EncryptedExtensions is not empty");
      if (e.type == ext::alpn) {
        auto p = wire::decode_alpn(e.data);
        if (!p) return std::unexpected(p.error());
        if (p->size() != 1 || !contains(c.alpn, p->front()))
          return fail(Alert::illegal_parameter, "server chose an application protocol we did not offer");
        info.alpn = p->front();
      }
      if (e.type == ext::record_size_limit) {
        auto limit = record_limit(e.data);
        if (!limit) return std::unexpected(limit.error());
        send_limit = *limit;
      }
      if (e.type == ext::supported_groups) {
        auto g = wire::decode_u16_list(e.data);  // informational (RFC 8446 4.2.7)
        if (!g) return std::unexpected(g.error());
      }
      if (e.type == ext::max_fragment_length)
        if (auto r = max_fragment_length_granted(e.data); !r) return r;
      if (e.type == ext::early_data) {
        if (!e.data.empty() || !info.resumed || !early_offered || suite != resume->suite || info.alpn != resume->alpn)
          return fail(Alert::illegal_parameter, "server accepts early data for another PSK, suite or ALPN protocol");
        info.early_data_accepted = true;
      }
    }
    if (ee->extensions.find(ext::max_fragment_length) != nullptr && ee->extensions.find(ext::record_size_limit) != nullptr)
      return fail(Alert::illegal_parameter, "server sent both max_fragment_length and record_size_limit (RFC 8449 5)");
    if (c.record_size_limit && ee->extensions.find(ext::record_size_limit) != nullptr)
      receive_limit = std::min<std::size_t>(*c.record_size_limit - 1, max_plaintext);
    add(msg.whole);
    // Resumed: the PSK authenticates the server; no certificates follow.
    phase = info.resumed ? Phase::client_wait_finished : Phase::client_wait_certificate_or_request;
    return {};
  }

  Result<void> client_certificate_request(const wire::Message& msg) {
    auto cr = wire::decode_certificate_request(msg.body);
    if (!cr) return std::unexpected(cr.error());
    if (!cr->request_context.empty())
      return fail(Alert::illegal_parameter, "CertificateRequest in the handshake has a context");
    const auto* algs = cr->extensions.find(ext::signature_algorithms);
    if (algs == nullptr) return fail(Alert::missing_extension, "CertificateRequest has no signature_algorithms");
    auto list = wire::decode_u16_list(algs->data);
    if (!list) return std::unexpected(list.error());
    server_signature_algorithms = std::move(*list);
    certificate_requested = true;
    add(msg.whole);
    phase = Phase::client_wait_certificate;
    return {};
  }

  Result<void> client_certificate(const wire::Message& msg) {
    auto m = wire::decode_certificate(msg.body);
    if (!m) return std::unexpected(m.error());
    if (!m->request_context.empty())
      return fail(Alert::illegal_parameter, "server's Certificate has a request context");
    if (m->entries.empty()) return fail(Alert::decode_error, "server sent no certificate");
    if (auto r = read_peer_certificate(*m, true); !r) return r;
    if (auto r = authenticate_peer(); !r) return r;
    add(msg.whole);
    phase = Phase::client_wait_certificate_verify;
    return {};
  }

  Result<void> client_certificate_verify(const wire::Message& msg) {
    auto m = wire::decode_certificate_verify(msg.body);
    if (!m) return std::unexpected(m.error());
    if (auto r = check_certificate_verify(*m, true); !r) return r;
    add(msg.whole);
    phase = Phase::client_wait_finished;
    return {};
  }

  Result<void> client_finished(const wire::Message& msg) {
    auto m = wire::decode_finished(msg.body, crypto::hash_length(hash));
    if (!m) return std::unexpected(m.error());
    const Bytes expected = finished_data(server_handshake_secret);
    if (!nocrypto::equal_ct(expected, m->verify_data))
      return fail(Alert::decrypt_error, "server's Finished does not verify");
    add(msg.whole);
    application_secrets();
    if (auto r = set_read(server_traffic_secret); !r) return r;
    if (info.early_data_accepted) {  // EndOfEarlyData, still under the early key
      write = std::move(early_write);
      early_write.reset();
      const Bytes eoed = wire::encode_message(HandshakeType::end_of_early_data, {});
      add(eoed);
      send_handshake(eoed);
    }
    if (auto r = set_write(client_handshake_secret); !r) return r;
    Bytes flight;
    if (certificate_requested) {
      const ClientConfig& c = *client_config;
      std::optional<SignatureScheme> s;
      if (c.certificate) s = pick_scheme(c.certificate->key, server_signature_algorithms);
      if (s) {
        if (auto r = send_certificate_and_verify(*c.certificate, *s, certificate_request_context, flight, false); !r)
          return r;
      } else {
        const Bytes cm = wire::encode(wire::Certificate{certificate_request_context, {}});
        add(cm);
        flight.insert(flight.end(), cm.begin(), cm.end());
      }
    }
    const Bytes fm = wire::encode(wire::Finished{finished_data(client_handshake_secret)});
    add(fm);
    flight.insert(flight.end(), fm.begin(), fm.end());
    send_handshake(flight);
    resumption_secret = crypto::derive_secret(hash, master_secret, "res master", transcript_hash());
    if (auto r = set_write(client_traffic_secret); !r) return r;
    finish_handshake();
    return {};
  }

  void finish_handshake() {
    phase = Phase::connected;
    handshake_complete = true;
    if (pha_offered && info.version == ProtocolVersion::tls13) pha_base = transcript;
    transcript.clear();
    transcript.shrink_to_fit();
  }

  // ---- post-handshake authentication (TLS 1.3)

  Result<void> request_client_certificate() {
    if (is_client || !handshake_complete || info.version != ProtocolVersion::tls13 || closed)
      return fail(Alert::internal_error, "post-handshake authentication is a TLS 1.3 server's, after the handshake");
    if (!pha_offered) return fail(Alert::internal_error, "the client did not offer post_handshake_auth");
    if (pha_wait != PhaWait::none) return fail(Alert::internal_error, "a certificate request is already pending");
    if (!server_config->client_authenticator)
      return fail(Alert::internal_error, "no client_authenticator to check the client's certificate with");
    pha_context.assign(16, 0);
    if (!rng.generate(pha_context)) return fail(Alert::internal_error, "no randomness for a request context");
    wire::CertificateRequest cr;
    cr.request_context = pha_context;
    cr.extensions.add(ext::signature_algorithms, wire::encode_u16_list(advertised_schemes()));
    const Bytes m = wire::encode(cr);
    transcript = pha_base;
    add(m);
    send_handshake(m);
    pha_wait = PhaWait::certificate;
    return {};
  }

  // A client answers at once: Certificate, CertificateVerify when it has a certificate the
  // server's schemes allow, Finished under its current application traffic secret.
  Result<void> client_post_handshake_auth(const wire::Message& msg) {
    if (!pha_offered) return fail(Alert::unexpected_message, "CertificateRequest after the handshake, which we did not offer");
    auto cr = wire::decode_certificate_request(msg.body);
    if (!cr) return std::unexpected(cr.error());
    if (cr->request_context.empty())
      return fail(Alert::illegal_parameter, "post-handshake CertificateRequest without a context");
    const auto* algs = cr->extensions.find(ext::signature_algorithms);
    if (algs == nullptr) return fail(Alert::missing_extension, "CertificateRequest has no signature_algorithms");
    auto list = wire::decode_u16_list(algs->data);
    if (!list) return std::unexpected(list.error());
    transcript = pha_base;
    add(msg.whole);
    const ClientConfig& c = *client_config;
    std::optional<SignatureScheme> s;
    if (c.certificate) s = pick_scheme(c.certificate->key, *list);
    Bytes flight;
    if (s) {
      if (auto r = send_certificate_and_verify(*c.certificate, *s, cr->request_context, flight, false); !r) return r;
    } else {
      const Bytes cm = wire::encode(wire::Certificate{cr->request_context, {}});
      add(cm);
      flight.insert(flight.end(), cm.begin(), cm.end());
    }
    const Bytes fm = wire::encode(wire::Finished{finished_data(client_traffic_secret)});
    flight.insert(flight.end(), fm.begin(), fm.end());
    transcript.clear();
    if (!closed) send_handshake(flight);
    return {};
  }

  // A server reads the answer to its request, message by message.
  Result<void> server_post_handshake_auth(const wire::Message& msg) {
    switch (pha_wait) {
      case PhaWait::certificate: {
        if (msg.type != HandshakeType::certificate) break;
        auto sent = read_client_certificate(msg, pha_context);
        if (!sent) return std::unexpected(sent.error());
        if (!*sent) peer_chain.clear();
        pha_wait = *sent ? PhaWait::certificate_verify : PhaWait::finished;
        return {};
      }
      case PhaWait::certificate_verify: {
        if (msg.type != HandshakeType::certificate_verify) break;
        auto m = wire::decode_certificate_verify(msg.body);
        if (!m) return std::unexpected(m.error());
        if (auto r = check_certificate_verify(*m, false); !r) return r;
        add(msg.whole);
        pha_wait = PhaWait::finished;
        return {};
      }
      case PhaWait::finished: {
        if (msg.type != HandshakeType::finished) break;
        auto m = wire::decode_finished(msg.body, crypto::hash_length(hash));
        if (!m) return std::unexpected(m.error());
        if (!nocrypto::equal_ct(finished_data(client_traffic_secret), m->verify_data))
          return fail(Alert::decrypt_error, "client's post-handshake Finished does not verify");
        info.client_authenticated = !peer_chain.empty();
        if (!peer_chain.empty()) info.peer_chain = peer_chain;
        transcript.clear();
        pha_wait = PhaWait::none;
        pha_event = true;
        return {};
      }
      case PhaWait::none: break;
    }
    return fail(Alert::unexpected_message, "unexpected handshake message after the handshake");
  }

  // ---- server

  Result<void> server_client_hello(const wire::Message& msg) {
    const ServerConfig& c = *server_config;
    auto ch = wire::decode_client_hello(msg.body);
    if (!ch) return std::unexpected(ch.error());
    bool second = phase == Phase::server_wait_second_client_hello;
    if (const auto* cookie = ch->extensions.find(ext::cookie)) {
      if (auto r = check_cookie(*ch, cookie->data, second); !r) return r;
      second = true;
    } else if (second && !sent_cookie.empty()) {
      return fail(Alert::missing_extension, "second ClientHello without the cookie we sent");
    }
    const auto* versions = ch->extensions.find(ext::supported_versions);
    if (second) {
      if (versions == nullptr) return fail(Alert::illegal_parameter, "second ClientHello does not offer TLS 1.3");
    } else {
      auto v = negotiate_version(*ch);
      if (!v) return std::unexpected(v.error());
      if (*v != ProtocolVersion::tls13) return server12_client_hello(*ch, msg, *v);
    }
    auto vs = wire::decode_supported_versions_client(versions->data);
    if (!vs) return std::unexpected(vs.error());
    if (!contains(*vs, tls13)) return fail(Alert::protocol_version, "client does not offer TLS 1.3");
    if (ch->legacy_compression_methods != Bytes{0})
      return fail(Alert::illegal_parameter, "ClientHello offers compression");
    // (pre_shared_key's place, last, is checked by decode_client_hello.)

    // Cipher suite: ours in our order.
    std::optional<CipherSuite> chosen;
    for (auto s : c.suites)
      if (crypto::tls13_suite(s) && contains(ch->cipher_suites, static_cast<std::uint16_t>(s))) {
        chosen = s;
        break;
      }
    if (!chosen) return fail(Alert::handshake_failure, "no cipher suite in common");
    if (second && *chosen != suite)
      return fail(Alert::illegal_parameter, "second ClientHello no longer offers the cipher suite chosen");

    const auto* groups_ext = ch->extensions.find(ext::supported_groups);
    const auto* shares_ext = ch->extensions.find(ext::key_share);
    const auto* sigs_ext = ch->extensions.find(ext::signature_algorithms);
    if (shares_ext == nullptr && groups_ext == nullptr)
      return fail(Alert::missing_extension, "ClientHello has neither key_share nor supported_groups");
    if (groups_ext == nullptr) return fail(Alert::missing_extension, "ClientHello has key_share but no supported_groups");
    if (shares_ext == nullptr) return fail(Alert::missing_extension, "ClientHello has supported_groups but no key_share");
    if (sigs_ext == nullptr) return fail(Alert::missing_extension, "ClientHello has no signature_algorithms");
    auto groups = wire::decode_u16_list(groups_ext->data);
    if (!groups) return std::unexpected(groups.error());
    auto entries = wire::decode_key_share_client(shares_ext->data);
    if (!entries) return std::unexpected(entries.error());
    auto sigs = wire::decode_u16_list(sigs_ext->data);
    if (!sigs) return std::unexpected(sigs.error());
    // Shares must be for offered groups, each group once, in supported_groups' order: one
    // walk along both lists.
    std::size_t next = 0;
    for (const auto& e : *entries) {
      while (next < groups->size() && (*groups)[next] != e.group) ++next;
      if (next == groups->size())
        return fail(Alert::illegal_parameter, "key share for a group not in supported_groups, or out of its order");
      ++next;
    }

    // Group: the first of ours the client supports; a share the client sent for any
    // group of ours is used unless prefer_own_group_order asks for ours.
    std::optional<Group> best;
    for (auto g : c.groups)
      if (contains(*groups, static_cast<std::uint16_t>(g))) {
        best = g;
        break;
      }
    if (!best) return fail(Alert::handshake_failure, "no group in common");
    const wire::KeyShareEntry* use = nullptr;
    for (const auto& e : *entries) {
      if (!contains(c.groups, static_cast<Group>(e.group))) continue;
      if (c.prefer_own_group_order && static_cast<Group>(e.group) != *best) continue;
      use = &e;
      break;
    }
    if (second) {
      if (entries->size() != 1 || static_cast<Group>(entries->front().group) != *retry_group)
        return fail(Alert::illegal_parameter, "second ClientHello's key share is not the one asked for");
      use = &entries->front();
    }

    // Certificate: one whose key signs with a scheme the client accepts, for its name.
    std::optional<std::string> host;
    if (const auto* sni = ch->extensions.find(ext::server_name)) {
      auto h = wire::decode_server_name(sni->data);
      if (!h) return std::unexpected(h.error());
      host = std::move(*h);
    }
    auto cert_sigs = certificate_schemes(*ch, *sigs);
    if (!cert_sigs) return std::unexpected(cert_sigs.error());
    certified = choose_certificate(host, *sigs, *cert_sigs, ProtocolVersion::tls13, {});
    if (certified == nullptr)
      return fail(Alert::handshake_failure, "no certificate of ours signs with a scheme the client accepts");

    if (ch->legacy_session_id.size() > 32) return fail(Alert::illegal_parameter, "session id longer than 32 bytes");
    session_id = ch->legacy_session_id;
    suite = *chosen;
    hash = crypto::suite_hash(suite);
    info.suite = suite;
    info.server_name = host;

    const auto* early_ext = ch->extensions.find(ext::early_data);
    if (early_ext != nullptr && (second || !early_ext->data.empty()))
      return fail(Alert::illegal_parameter, "early_data in a second ClientHello, or not empty");
    // Early data we do not take is skipped, up to a budget (RFC 8446 4.2.10).
    if (early_ext != nullptr) early_skip_budget = std::max<std::size_t>(16384, c.max_early_data);
    if (second) early_skip_budget = 0;  // what came between the hellos was skipped; no more
    if (use == nullptr) {  // HelloRetryRequest (RFC 8446 4.1.4)
      if (second) return fail(Alert::illegal_parameter, "second ClientHello still has no usable key share");
      retry_group = *best;
      info.hello_retry = true;
      add(msg.whole);
      replace_first_hello();
      if (c.cookie_key) {  // suite, group, time, Hash(ClientHello1)
        Bytes plain;
        append_be(plain, static_cast<std::uint16_t>(suite), 2);
        append_be(plain, static_cast<std::uint16_t>(*best), 2);
        append_be(plain, now_ms(), 8);
        plain.insert(plain.end(), transcript.begin() + 4, transcript.end());
        auto sealed = seal_ticket(cookie_label, plain, true);
        if (!sealed) return std::unexpected(sealed.error());
        sent_cookie = std::move(*sealed);
      }
      const Bytes m = hello_retry_request(*best);
      add(m);
      send_handshake(m);
      if (!session_id.empty()) send_compatibility_ccs();
      phase = Phase::server_wait_second_client_hello;
      return {};
    }

    ocsp_requested = asks_for_ocsp(*ch);
    if (const auto* pha = ch->extensions.find(ext::post_handshake_auth)) {
      if (!pha->data.empty()) return fail(Alert::decode_error, "post_handshake_auth is not empty");
      pha_offered = true;
    }
    auto alpn_body = choose_alpn(*ch);
    if (!alpn_body) return std::unexpected(alpn_body.error());
    const auto* limit_ext = ch->extensions.find(ext::record_size_limit);
    if (limit_ext != nullptr) {
      auto limit = record_limit(limit_ext->data);
      if (!limit) return std::unexpected(limit.error());
      send_limit = *limit;
    }

    if (auto r = accept_psk(*ch, msg); !r) return r;
    add(msg.whole);
    if (early_ext != nullptr && accept_early_data()) {
      info.early_data_accepted = true;
      early_skip_budget = 0;
      client_early_secret = crypto::derive_secret(hash, early_secret(hash, psk), "c e traffic", transcript_hash());
    }
    wire::ServerHello sh;
    if (!rng.generate(sh.random)) return fail(Alert::internal_error, "no randomness for the server random");
    auto share = KeyShare::generate(static_cast<Group>(use->group), rng);
    if (!share) return std::unexpected(share.error());
    auto shared = share->shared(use->key_exchange);
    if (!shared) return std::unexpected(shared.error());
    info.group = share->group();
    sh.legacy_session_id_echo = session_id;
    sh.cipher_suite = static_cast<std::uint16_t>(suite);
    const auto g = static_cast<std::uint16_t>(share->group());
    Bytes ks{static_cast<std::uint8_t>(g >> 8), static_cast<std::uint8_t>(g),
             static_cast<std::uint8_t>(share->public_key().size() >> 8),
             static_cast<std::uint8_t>(share->public_key().size())};
    ks.insert(ks.end(), share->public_key().begin(), share->public_key().end());
    sh.extensions.add(ext::key_share, std::move(ks));
    sh.extensions.add(ext::supported_versions, {0x03, 0x04});
    if (info.resumed) sh.extensions.add(ext::pre_shared_key, {0, 0});
    const Bytes shm = wire::encode(sh);
    add(shm);
    send_handshake(shm);
    if (!session_id.empty()) send_compatibility_ccs();
    handshake_keys(*shared);
    nocrypto::wipe(*shared);
    if (auto r = set_write(server_handshake_secret); !r) return r;
    if (auto r = set_read(info.early_data_accepted ? client_early_secret : client_handshake_secret); !r) return r;

    Bytes flight;
    wire::EncryptedExtensions ee;
    if (c.send_supported_groups) {
      std::vector<std::uint16_t> ours;
      for (auto x : c.groups) ours.push_back(static_cast<std::uint16_t>(x));
      ee.extensions.add(ext::supported_groups, wire::encode_u16_list(ours));
    }
    if (limit_ext != nullptr && c.record_size_limit) {
      ee.extensions.add(ext::record_size_limit,
                        record_size_limit_body(std::min(*c.record_size_limit, static_cast<std::uint16_t>(max_plaintext + 1))));
      receive_limit = std::min<std::size_t>(*c.record_size_limit - 1, max_plaintext);
    }
    auto mfl = accept_max_fragment_length(*ch, limit_ext != nullptr && c.record_size_limit);
    if (!mfl) return std::unexpected(mfl.error());
    if (!mfl->empty()) ee.extensions.add(ext::max_fragment_length, std::move(*mfl));
    if (host) ee.extensions.add(ext::server_name, {});
    if (info.early_data_accepted) ee.extensions.add(ext::early_data, {});
    if (!alpn_body->empty()) ee.extensions.add(ext::alpn, std::move(*alpn_body));
    const Bytes eem = wire::encode(ee);
    add(eem);
    flight.insert(flight.end(), eem.begin(), eem.end());
    if (c.client_auth != ClientAuth::none && !info.resumed) {
      wire::CertificateRequest cr;
      cr.extensions.add(ext::signature_algorithms, wire::encode_u16_list(advertised_schemes()));
      const Bytes crm = wire::encode(cr);
      add(crm);
      flight.insert(flight.end(), crm.begin(), crm.end());
    }
    if (!info.resumed)
      if (auto r = send_certificate_and_verify(*certified, scheme, {}, flight, true); !r) return r;
    const Bytes fm = wire::encode(wire::Finished{finished_data(server_handshake_secret)});
    add(fm);
    flight.insert(flight.end(), fm.begin(), fm.end());
    send_handshake(flight);
    application_secrets();
    if (auto r = set_write(server_traffic_secret); !r) return r;
    phase = c.client_auth != ClientAuth::none && !info.resumed ? Phase::server_wait_certificate
                                                                : Phase::server_wait_finished;
    if (info.early_data_accepted) phase = Phase::server_wait_end_of_early_data;
    return {};
  }

  // RFC 8446 4.2.10 and 8: the first identity's ticket allows early data, for this suite
  // and ALPN protocol, no HelloRetryRequest came between, the age the client claims is
  // within 10 s of ours, and the strike register has not seen the ticket.
  bool accept_early_data() {
    const ServerConfig& c = *server_config;
    if (!info.resumed || c.max_early_data == 0 || ticket_max_early == 0 || info.hello_retry) return false;
    if (ticket_suite != suite || info.alpn.value_or("") != ticket_alpn || !c.clock_ms || !c.early_data_once) return false;
    const std::uint64_t now = c.clock_ms();
    if (now < ticket_issued) return false;
    const std::int64_t ours = static_cast<std::int64_t>(now - ticket_issued);
    const std::int64_t theirs = ticket_client_age;
    if (ours - theirs > 10000 || theirs - ours > 10000) return false;
    return c.early_data_once(ticket_identity);
  }

  Result<void> server_end_of_early_data(const wire::Message& msg) {
    if (!msg.body.empty()) return fail(Alert::decode_error, "EndOfEarlyData is not empty");
    add(msg.whole);
    if (auto r = set_read(client_handshake_secret); !r) return r;
    phase = Phase::server_wait_finished;
    return {};
  }

  // A client's Certificate answering our request of `context`: whether it holds a chain,
  // which must then pass the client_authenticator.
  Result<bool> read_client_certificate(const wire::Message& msg, ByteView context) {
    auto m = wire::decode_certificate(msg.body);
    if (!m) return std::unexpected(m.error());
    if (!std::equal(m->request_context.begin(), m->request_context.end(), context.begin(), context.end()))
      return fail(Alert::illegal_parameter, "client's Certificate answers another request context");
    add(msg.whole);
    if (m->entries.empty()) return false;
    if (auto r = read_peer_certificate(*m, false); !r) return std::unexpected(r.error());
    if (auto r = authenticate_peer(); !r) return std::unexpected(r.error());
    return true;
  }

  Result<void> server_certificate(const wire::Message& msg) {
    auto sent = read_client_certificate(msg, {});
    if (!sent) return std::unexpected(sent.error());
    if (!*sent && server_config->client_auth == ClientAuth::required)
      return fail(Alert::certificate_required, "client sent no certificate");
    phase = *sent ? Phase::server_wait_certificate_verify : Phase::server_wait_finished;
    return {};
  }

  Result<void> server_certificate_verify(const wire::Message& msg) {
    auto m = wire::decode_certificate_verify(msg.body);
    if (!m) return std::unexpected(m.error());
    if (auto r = check_certificate_verify(*m, false); !r) return r;
    add(msg.whole);
    info.client_authenticated = true;
    phase = Phase::server_wait_finished;
    return {};
  }

  Result<void> server_finished(const wire::Message& msg) {
    auto m = wire::decode_finished(msg.body, crypto::hash_length(hash));
    if (!m) return std::unexpected(m.error());
    const Bytes expected = finished_data(client_handshake_secret);
    if (!nocrypto::equal_ct(expected, m->verify_data))
      return fail(Alert::decrypt_error, "client's Finished does not verify");
    add(msg.whole);
    resumption_secret = crypto::derive_secret(hash, master_secret, "res master", transcript_hash());
    if (auto r = set_read(client_traffic_secret); !r) return r;
    finish_handshake();
    if (server_config->ticket_key) return send_ticket();
    return {};
  }

  static constexpr std::string_view cookie_label = "mirage tls cookie v1";

  // status_request of type ocsp (RFC 6066 8); its responder list and extensions we ignore.
  static bool asks_for_ocsp(const wire::ClientHello& ch) {
    const auto* e = ch.extensions.find(ext::status_request);
    return e != nullptr && !e->data.empty() && e->data[0] == 1;
  }

  Bytes hello_retry_request(Group group) const {
    wire::ServerHello hrr;
    hrr.random = wire::hello_retry_request_random;
    hrr.legacy_session_id_echo = session_id;
    hrr.cipher_suite = static_cast<std::uint16_t>(suite);
    hrr.extensions.add(ext::supported_versions, {0x03, 0x04});
    const auto g = static_cast<std::uint16_t>(group);
    hrr.extensions.add(ext::key_share, {static_cast<std::uint8_t>(g >> 8), static_cast<std::uint8_t>(g)});
    if (!sent_cookie.empty()) hrr.extensions.add(ext::cookie, wire::encode_cookie(sent_cookie));
    return wire::encode(hrr);
  }

  // A ClientHello carrying a cookie: after our HelloRetryRequest, the cookie we sent;
  // on a new connection, one we sealed, from which the first ClientHello's hash, the
  // HelloRetryRequest and what we chose come back (a stateless retry). Cookies live 60 s
  // when there is a clock.
  Result<void> check_cookie(const wire::ClientHello& ch, ByteView data, bool second) {
    auto cookie = wire::decode_cookie(data);
    if (!cookie) return std::unexpected(cookie.error());
    if (second) {
      if (*cookie != sent_cookie) return fail(Alert::illegal_parameter, "cookie is not the one we sent");
      return {};
    }
    const ServerConfig& c = *server_config;
    auto plain = open_ticket(cookie_label, *cookie, 2 + 2 + 8 + 32, true);
    if (!plain) return fail(Alert::illegal_parameter, "a cookie we did not issue, or altered");
    const auto s = static_cast<CipherSuite>(read_be(*plain, 0, 2));
    const auto g = static_cast<Group>(read_be(*plain, 2, 2));
    const std::uint64_t issued = read_be(*plain, 4, 8);
    if (!crypto::known_suite(static_cast<std::uint16_t>(s)) || !crypto::tls13_suite(s) ||
        plain->size() != 12 + crypto::hash_length(crypto::suite_hash(s)))
      return fail(Alert::illegal_parameter, "a cookie we did not issue, or altered");
    if (c.clock_ms && (c.clock_ms() < issued || c.clock_ms() - issued > 60000))
      return fail(Alert::illegal_parameter, "cookie expired");
    suite = s;
    hash = crypto::suite_hash(s);
    retry_group = g;
    info.hello_retry = true;
    session_id = ch.legacy_session_id;
    sent_cookie = std::move(*cookie);
    transcript = {static_cast<std::uint8_t>(HandshakeType::message_hash), 0, 0,
                  static_cast<std::uint8_t>(plain->size() - 12)};
    transcript.insert(transcript.end(), plain->begin() + 12, plain->end());
    add(hello_retry_request(g));
    compatibility_ccs_sent = !session_id.empty();  // it went with the HelloRetryRequest
    phase = Phase::server_wait_second_client_hello;
    return {};
  }

  // ALPN (RFC 7301): the first of ours the client offers, as the extension's body (empty
  // for none). A malformed list is refused even by a server without ALPN.
  Result<Bytes> choose_alpn(const wire::ClientHello& ch) {
    const auto* a = ch.extensions.find(ext::alpn);
    if (a == nullptr) return Bytes{};
    auto offered = wire::decode_alpn(a->data);
    if (!offered) return std::unexpected(offered.error());
    for (const auto& p : server_config->alpn)
      if (contains(*offered, p)) {
        info.alpn = p;
        return wire::encode_alpn(std::span<const std::string>(&*info.alpn, 1));
      }
    if (!server_config->alpn.empty()) return fail(Alert::no_application_protocol, "no application protocol in common");
    return Bytes{};
  }

  // The version for a first ClientHello (RFC 8446 4.2.1; RFC 5246 E.1 without
  // supported_versions), and RFC 7507's check of a fallback retry.
  Result<ProtocolVersion> negotiate_version(const wire::ClientHello& ch) const {
    const ServerConfig& c = *server_config;
    std::optional<ProtocolVersion> v;
    if (const auto* e = ch.extensions.find(ext::supported_versions)) {
      auto vs = wire::decode_supported_versions_client(e->data);
      if (!vs) return std::unexpected(vs.error());
      for (auto w : {ProtocolVersion::tls13, ProtocolVersion::tls12, ProtocolVersion::tls11, ProtocolVersion::tls10})
        if (!v && c.speaks(w) && contains(*vs, static_cast<std::uint16_t>(w))) v = w;
    } else {  // RFC 5246 E.1: the highest we speak up to the client's
      for (auto w : {ProtocolVersion::tls12, ProtocolVersion::tls11, ProtocolVersion::tls10})
        if (!v && c.speaks(w) && static_cast<std::uint16_t>(w) <= ch.legacy_version) v = w;
    }
    if (!v) {
      if (!offers12()) return fail(Alert::protocol_version, "client does not offer TLS 1.3");
      return fail(Alert::protocol_version, "client offers no version we speak (see min_version and max_version)");
    }
    if (contains(ch.cipher_suites, fallback_scsv) && *v < c.max_version && c.speaks(c.max_version))
      return fail(Alert::inappropriate_fallback, "client fell back to a lower version than we both speak (RFC 7507)");
    return *v;
  }

  // ---- tickets (server): the resumption PSK and what it goes with, sealed under the
  // configured key. Plaintext: suite (2), issue time in ms (8), age_add (4), PSK.

  std::optional<nocrypto::AesGcm> ticket_cipher(bool cookie = false) const {
    const auto& key = cookie ? server_config->cookie_key : server_config->ticket_key;
    if (!key) return std::nullopt;
    auto c = nocrypto::AesGcm::create(*key);
    if (!c) return std::nullopt;
    return std::move(*c);
  }

  // Plaintext: suite (2), issue time in ms (8), age_add (4), max_early_data (4), ALPN
  // protocol (1 + n), PSK.
  static constexpr std::string_view ticket_label = "mirage tls ticket v2";

  // nonce (12 bytes, drawn now) + AES-256-GCM(plain) + tag, under the ticket key.
  Result<Bytes> seal_ticket(std::string_view label, ByteView plain, bool cookie = false) {
    auto cipher = ticket_cipher(cookie);
    if (!cipher) return fail(Alert::internal_error, "ticket_key is not a 32-byte key");
    std::uint8_t nonce[12];
    if (!rng.generate(nonce)) return fail(Alert::internal_error, "no randomness for a ticket");
    Bytes t(nonce, nonce + 12);
    t.resize(12 + plain.size() + 16);
    if (!cipher->seal(ByteView(nonce, 12), view(label), plain, std::span<std::uint8_t>(t).subspan(12)))
      return fail(Alert::internal_error, "sealing a ticket failed");
    return t;
  }

  // The plaintext of one of our tickets (at least `min_plain` bytes), or nothing.
  std::optional<Bytes> open_ticket(std::string_view label, ByteView sealed, std::size_t min_plain,
                                   bool cookie = false) const {
    auto cipher = ticket_cipher(cookie);
    if (!cipher || sealed.size() < 12 + 16 + min_plain) return std::nullopt;
    Bytes plain(sealed.size() - 12 - 16);
    if (!cipher->open(sealed.first(12), view(label), sealed.subspan(12), plain)) return std::nullopt;
    return plain;
  }

  // Whether a ticket issued at `issued` (clock_ms) is still within its lifetime.
  bool ticket_fresh(std::uint64_t issued) const {
    if (!server_config->clock_ms) return true;
    const std::uint64_t now = server_config->clock_ms();
    return now >= issued && now - issued <= std::uint64_t{server_config->ticket_lifetime_s} * 1000;
  }

  Result<void> send_ticket() {
    wire::NewSessionTicket t;
    std::uint8_t age_add[4];
    if (!rng.generate(age_add)) return fail(Alert::internal_error, "no randomness for a ticket");
    t.age_add = static_cast<std::uint32_t>(read_be(age_add, 0, 4));
    t.lifetime = std::min<std::uint32_t>(server_config->ticket_lifetime_s, 604800);
    t.nonce = {tickets_sent++};
    const Bytes key = crypto::hkdf_expand_label(hash, resumption_secret, "resumption", t.nonce, crypto::hash_length(hash));
    Bytes plain;
    append_be(plain, static_cast<std::uint16_t>(suite), 2);
    append_be(plain, now_ms(), 8);
    plain.insert(plain.end(), age_add, age_add + 4);
    const std::uint32_t early = server_config->max_early_data;
    append_be(plain, early, 4);
    const std::string alpn = info.alpn.value_or("");
    plain.push_back(static_cast<std::uint8_t>(alpn.size()));
    plain.insert(plain.end(), alpn.begin(), alpn.end());
    plain.insert(plain.end(), key.begin(), key.end());
    if (early > 0) {
      Bytes body;
      append_be(body, early, 4);
      t.extensions.add(ext::early_data, std::move(body));
    }
    auto sealed = seal_ticket(ticket_label, plain);
    nocrypto::wipe(plain);
    if (!sealed) return std::unexpected(sealed.error());
    t.ticket = std::move(*sealed);
    send_handshake(wire::encode(t));
    return {};
  }

  // Resumption on the server: the first identity, when it is one of our tickets, unexpired,
  // for a suite of the chosen suite's hash, and its binder verifies (decrypt_error if not).
  // Anything else is a full handshake.
  Result<void> accept_psk(const wire::ClientHello& ch, const wire::Message& msg) {
    const auto* offered = ch.extensions.find(ext::pre_shared_key);
    const auto* modes = ch.extensions.find(ext::psk_key_exchange_modes);
    if (offered == nullptr) return {};
    if (modes == nullptr) return fail(Alert::missing_extension, "pre_shared_key without psk_key_exchange_modes");
    auto psks = wire::decode_pre_shared_key_client(offered->data);
    if (!psks) return std::unexpected(psks.error());
    const bool dhe = modes->data.size() >= 2 && contains(ByteView(modes->data).subspan(1), std::uint8_t{1});
    // A resumed session carries no client certificate: with one required, a full handshake.
    if (!dhe || server_config->client_auth == ClientAuth::required) return {};
    auto opened = open_ticket(ticket_label, psks->identities.front().identity, 19);
    if (!opened) return {};
    Bytes& plain = *opened;
    ticket_suite = static_cast<CipherSuite>(read_be(plain, 0, 2));
    const std::uint64_t issued = read_be(plain, 2, 8);
    const auto age_add = static_cast<std::uint32_t>(read_be(plain, 10, 4));
    const auto max_early = static_cast<std::uint32_t>(read_be(plain, 14, 4));
    const std::size_t alpn_length = plain[18];
    if (plain.size() < 19 + alpn_length) return {};
    const ByteView key = ByteView(plain).subspan(19 + alpn_length);
    const HashAlg h = crypto::suite_hash(ticket_suite);
    if (!crypto::known_suite(static_cast<std::uint16_t>(ticket_suite)) || h != hash ||
        key.size() != crypto::hash_length(h))
      return {};
    if (!ticket_fresh(issued)) return {};
    const std::size_t blen = wire::binders_length(*psks);
    const Bytes expected = binder(h, key, msg.whole.first(msg.whole.size() - blen));
    if (!nocrypto::equal_ct(expected, psks->binders.front()))
      return fail(Alert::decrypt_error, "PSK binder does not verify");
    psk.assign(key.begin(), key.end());
    ticket_issued = issued;
    ticket_max_early = max_early;
    ticket_alpn.assign(plain.begin() + 19, plain.begin() + 19 + static_cast<std::ptrdiff_t>(alpn_length));
    ticket_client_age = psks->identities.front().obfuscated_ticket_age - age_add;
    ticket_identity = psks->identities.front().identity;
    nocrypto::wipe(plain);
    info.resumed = true;
    return {};
  }

  // ---- after the handshake

  Bytes& own_traffic_secret() { return is_client ? client_traffic_secret : server_traffic_secret; }
  Bytes& peer_traffic_secret() { return is_client ? server_traffic_secret : client_traffic_secret; }

  Bytes next_secret(Bytes& secret) const {  // the old one is wiped (RFC 8446 7.2)
    Bytes next = crypto::hkdf_expand_label(hash, secret, "traffic upd", {}, crypto::hash_length(hash));
    nocrypto::wipe(secret);
    return next;
  }

  Result<void> update_write_key(bool request) {
    send_handshake(wire::encode(wire::KeyUpdate{request}));
    own_traffic_secret() = next_secret(own_traffic_secret());
    return set_write(own_traffic_secret());
  }

  Result<void> post_handshake(const wire::Message& msg) {
    if (legacy()) return post_handshake12(msg);
    switch (msg.type) {
      case HandshakeType::new_session_ticket: {
        if (!is_client) break;
        auto t = wire::decode_new_session_ticket(msg.body);
        if (!t) return std::unexpected(t.error());
        if (t->lifetime > 604800) return fail(Alert::illegal_parameter, "ticket lifetime over seven days");
        if (t->ticket.empty()) return fail(Alert::decode_error, "empty ticket");
        if (t->lifetime == 0) return {};  // to be discarded at once
        Ticket k;
        k.identity = std::move(t->ticket);
        k.psk = crypto::hkdf_expand_label(hash, resumption_secret, "resumption", t->nonce, crypto::hash_length(hash));
        k.suite = suite;
        k.age_add = t->age_add;
        k.lifetime_s = t->lifetime;
        k.received_ms = now_ms();
        k.server_name = info.server_name;
        k.alpn = info.alpn;
        for (const auto& e : t->extensions.items) {
          if (e.type != ext::early_data) continue;  // others are ignored (RFC 8446 4.6.1)
          if (e.data.size() != 4) return fail(Alert::decode_error, "early_data in NewSessionTicket is not four bytes");
          k.max_early_data = static_cast<std::uint32_t>(read_be(e.data, 0, 4));
        }
        tickets.push_back(std::move(k));
        return {};
      }
      case HandshakeType::certificate_request:
        if (!is_client) break;
        return client_post_handshake_auth(msg);
      case HandshakeType::certificate:
      case HandshakeType::certificate_verify:
      case HandshakeType::finished:
        if (is_client) break;
        return server_post_handshake_auth(msg);
      case HandshakeType::key_update: {
        auto k = wire::decode_key_update(msg.body);
        if (!k) return std::unexpected(k.error());
        peer_traffic_secret() = next_secret(peer_traffic_secret());
        if (auto r = set_read(peer_traffic_secret()); !r) return r;
        if (k->update_requested && !closed) return update_write_key(false);
        return {};
      }
      default: break;
    }
    return fail(Alert::unexpected_message, "unexpected handshake message after the handshake");
  }

  Result<void> handshake_message(const wire::Message& msg) {
    // RFC 5246 7.4.1.1: a HelloRequest while negotiating is ignored, and not hashed.
    if (is_client && legacy() && !handshake_complete &&
        msg.type == HandshakeType::hello_request && msg.body.empty())
      return {};
    const auto expect = [&](HandshakeType t) -> Result<void> {
      if (msg.type != t) return fail(Alert::unexpected_message, "handshake message out of order");
      return {};
    };
    Result<void> ok;
    switch (phase) {
      case Phase::client_wait_server_hello:
        if (ok = expect(HandshakeType::server_hello); !ok) return ok;
        return client_server_hello(msg);
      case Phase::client_wait_encrypted_extensions:
        if (ok = expect(HandshakeType::encrypted_extensions); !ok) return ok;
        return client_encrypted_extensions(msg);
      case Phase::client_wait_certificate_or_request:
        if (msg.type == HandshakeType::certificate_request) return client_certificate_request(msg);
        if (ok = expect(HandshakeType::certificate); !ok) return ok;
        return client_certificate(msg);
      case Phase::client_wait_certificate:
        if (ok = expect(HandshakeType::certificate); !ok) return ok;
        return client_certificate(msg);
      case Phase::client_wait_certificate_verify:
        if (ok = expect(HandshakeType::certificate_verify); !ok) return ok;
        return client_certificate_verify(msg);
      case Phase::client_wait_finished:
        if (ok = expect(HandshakeType::finished); !ok) return ok;
        return client_finished(msg);
      case Phase::server_wait_client_hello:
      case Phase::server_wait_second_client_hello:
        if (ok = expect(HandshakeType::client_hello); !ok) return ok;
        return server_client_hello(msg);
      case Phase::server_wait_certificate:
        if (ok = expect(HandshakeType::certificate); !ok) return ok;
        return server_certificate(msg);
      case Phase::server_wait_certificate_verify:
        if (ok = expect(HandshakeType::certificate_verify); !ok) return ok;
        return server_certificate_verify(msg);
      case Phase::server_wait_finished:
        if (ok = expect(HandshakeType::finished); !ok) return ok;
        return server_finished(msg);
      case Phase::server_wait_end_of_early_data:
        if (ok = expect(HandshakeType::end_of_early_data); !ok) return ok;
        return server_end_of_early_data(msg);
      case Phase::client12_wait_certificate:
        if (ok = expect(HandshakeType::certificate); !ok) return ok;
        return client12_certificate(msg);
      case Phase::client12_wait_server_key_exchange:
        if (msg.type == HandshakeType::certificate_status && ocsp_acknowledged && info.ocsp_response.empty()) {
          auto response = wire::decode_certificate_status(msg.body);
          if (!response) return std::unexpected(response.error());
          info.ocsp_response = std::move(*response);
          add(msg.whole);
          return {};
        }
        if (ok = expect(HandshakeType::server_key_exchange); !ok) return ok;
        return client12_server_key_exchange(msg);
      case Phase::client12_wait_server_hello_done:
        if (msg.type == HandshakeType::certificate_request && !certificate_requested)
          return client12_certificate_request(msg);
        if (ok = expect(HandshakeType::server_hello_done); !ok) return ok;
        return client12_server_hello_done(msg);
      case Phase::client12_wait_change_cipher_spec:
        if (ok = expect(HandshakeType::new_session_ticket); !ok) return ok;
        return client12_new_session_ticket(msg);
      case Phase::client12_wait_finished:
        if (ok = expect(HandshakeType::finished); !ok) return ok;
        return finished12(msg);
      case Phase::server12_wait_certificate:
        if (ok = expect(HandshakeType::certificate); !ok) return ok;
        return server12_certificate(msg);
      case Phase::server12_wait_client_key_exchange:
        if (ok = expect(HandshakeType::client_key_exchange); !ok) return ok;
        return server12_client_key_exchange(msg);
      case Phase::server12_wait_certificate_verify:
        if (ok = expect(HandshakeType::certificate_verify); !ok) return ok;
        return server12_certificate_verify(msg);
      case Phase::server12_wait_finished:
        if (ok = expect(HandshakeType::finished); !ok) return ok;
        return finished12(msg);
      case Phase::server12_wait_change_cipher_spec:
        return fail(Alert::unexpected_message, "handshake message where ChangeCipherSpec belongs");
      case Phase::connected: return post_handshake(msg);
      case Phase::failed: break;
    }
    return fail(Alert::internal_error, "connection already failed");
  }

  // ---- TLS 1.2 (tls12.cpp)

  bool offers13() const { return config().speaks(ProtocolVersion::tls13); }
  bool resuming12() const {
    return resume && resume->version <= ProtocolVersion::tls12 && resume->server_name == info.server_name &&
           config().speaks(resume->version) && !resume->master_secret.empty() &&
           std::find(client_config->suites.begin(), client_config->suites.end(), resume->suite) != client_config->suites.end();
  }
  // Whether we speak any of TLS 1.0-1.2, and the highest of them.
  bool offers12() const { return highest12() != ProtocolVersion::tls13; }
  ProtocolVersion highest12() const {
    for (auto v : {ProtocolVersion::tls12, ProtocolVersion::tls11, ProtocolVersion::tls10})
      if (config().speaks(v)) return v;
    return ProtocolVersion::tls13;  // none
  }
  bool legacy() const { return info.version <= ProtocolVersion::tls12; }  // a TLS 1.0-1.2 connection
  // A suite goes in our ClientHello when a version we speak can use it.
  bool suite_offered(CipherSuite s) const {
    for (auto v : {ProtocolVersion::tls13, ProtocolVersion::tls12, ProtocolVersion::tls11, ProtocolVersion::tls10})
      if (config().speaks(v) && crypto::suite_allowed(s, v)) return true;
    return false;
  }
  // Sets the version TLS 1.0-1.2 negotiated: records carry it, and the PRF and transcript
  // hash are MD5+SHA-1 below 1.2.
  void set_version12(ProtocolVersion v) {
    info.version = v;
    record_version = static_cast<std::uint16_t>(v);
    record_version_fixed = true;
    hash = v < ProtocolVersion::tls12 ? HashAlg::md5_sha1 : crypto::suite_hash(suite);
  }
  Result<void> client12_server_hello(const wire::ServerHello& sh, const wire::Message& msg, ProtocolVersion version);
  Result<void> client12_certificate(const wire::Message& msg);
  Result<void> client12_server_key_exchange(const wire::Message& msg);
  Result<void> client12_certificate_request(const wire::Message& msg);
  Result<void> client12_server_hello_done(const wire::Message& msg);
  Result<void> client12_new_session_ticket(const wire::Message& msg);
  Result<void> server12_client_hello(const wire::ClientHello& ch, const wire::Message& msg, ProtocolVersion version);
  Result<void> server12_certificate(const wire::Message& msg);
  Result<void> server12_client_key_exchange(const wire::Message& msg);
  Result<void> server12_certificate_verify(const wire::Message& msg);
  Result<void> change_cipher_spec12();
  Result<void> finished12(const wire::Message& msg);
  Result<void> post_handshake12(const wire::Message& msg);
  Result<void> derive_master_secret12();
  Result<void> derive_keys12();
  Result<void> server12_resume(const wire::ClientHello& ch, const wire::Message& msg, bool& resumed);
  Result<void> resume_session_id(const wire::ClientHello& ch, bool& resumed);
  bool resumable12(const wire::ClientHello& ch, ProtocolVersion version, CipherSuite s, bool ems,
                   std::uint64_t created, std::string_view host) const;
  Result<void> send_finished12();
  void keep_session12();
  Bytes finished_data12(bool client) const;
  Result<Bytes> export12(std::string_view label, std::optional<ByteView> context, std::size_t length) const;

  // ---- input

  // Handshake bytes from one record: every whole message in them is processed.
  Result<void> handshake_bytes(ByteView bytes) {
    if (bytes.empty()) return fail(Alert::unexpected_message, "empty handshake record");
    handshake_in.insert(handshake_in.end(), bytes.begin(), bytes.end());
    std::size_t used = 0;
    while (true) {
      auto m = wire::next_message(ByteView(handshake_in).subspan(used), config().max_handshake_message);
      if (!m) return std::unexpected(m.error());
      if (!*m) break;
      const std::size_t n = (*m)->whole.size();
      // The message is processed from a copy: processing may change keys, which needs
      // the rest of the buffer checked for emptiness first.
      const Bytes whole = copy((*m)->whole);
      handshake_in.erase(handshake_in.begin(), handshake_in.begin() + static_cast<std::ptrdiff_t>(used + n));
      used = 0;
      wire::Message msg{(*m)->type, ByteView(whole).subspan(4), whole};
      if (auto r = handshake_message(msg); !r) return r;
    }
    return {};
  }

  Result<void> alert_bytes(ByteView body, Received& got) {
    if (body.size() != 2) return fail(Alert::decode_error, "alert record is not two bytes");
    const auto alert = static_cast<Alert>(body[1]);
    if (alert == Alert::close_notify) {
      peer_closed = true;
      got.closed = true;
      return {};
    }
    if (alert == Alert::user_canceled) return {};
    // TLS 1.2's no_renegotiation warning is for information (RFC 5746 4.5); other alerts,
    // whatever their level, end the connection (RFC 5246 7.2.2 makes most always fatal).
    if (legacy() && body[0] == 1 && alert == Alert::no_renegotiation) return {};
    return std::unexpected(Error{alert, "peer sent a fatal alert", true});
  }

  Result<void> one_record(std::uint8_t type, ByteView header, ByteView body, Received& got) {
    if (type == static_cast<std::uint8_t>(ContentType::change_cipher_spec) && legacy()) {
      if (body.size() != 1 || body[0] != 1) return fail(Alert::decode_error, "ChangeCipherSpec is not the single byte 1");
      return change_cipher_spec12();
    }
    if (type == static_cast<std::uint8_t>(ContentType::change_cipher_spec)) {
      // RFC 8446 5: one CCS of the single byte 1, during the handshake, is dropped.
      if (body.size() != 1 || body[0] != 1 || handshake_complete || change_cipher_spec_seen ||
          (!is_client && phase == Phase::server_wait_client_hello && !server_config->cookie_key))
        return fail(Alert::unexpected_message, "unexpected change_cipher_spec record");
      change_cipher_spec_seen = true;
      return {};
    }
    Bytes& plain = scratch;  // reused: its capacity stays
    if (read && (type == static_cast<std::uint8_t>(ContentType::application_data) ||
                 legacy())) {
      if (body.size() > (legacy() ? max_ciphertext12 : max_ciphertext))
        return fail(Alert::record_overflow, "encrypted record too long");
      auto opened = read->open_into(plain, header, body);
      if (!opened && early_skip_budget > 0 && !is_client && !handshake_complete) {
        // Rejected 0-RTT data, which the handshake key cannot open: skipped.
        if (body.size() > early_skip_budget) return fail(Alert::unexpected_message, "more rejected early data than we skip");
        early_skip_budget -= body.size();
        return {};
      }
      if (!opened) return std::unexpected(opened.error());
      early_skip_budget = 0;
      type = *opened;
      if (plain.size() > receive_limit) return fail(Alert::record_overflow, "record plaintext too long");
    } else if (!read && early_skip_budget > 0 && type == static_cast<std::uint8_t>(ContentType::application_data) &&
               phase == Phase::server_wait_second_client_hello) {
      // 0-RTT data behind a ClientHello we answered with HelloRetryRequest: skipped.
      if (body.size() > early_skip_budget) return fail(Alert::unexpected_message, "more rejected early data than we skip");
      early_skip_budget -= body.size();
      return {};
    } else if (read && !(type == static_cast<std::uint8_t>(ContentType::alert) && !handshake_complete)) {
      // A peer that failed before it had our keys may still send a plaintext alert.
      return fail(Alert::unexpected_message, "unprotected record after keys were set");
    } else {
      if (body.size() > max_plaintext) return fail(Alert::record_overflow, "record too long");
      plain.assign(body.begin(), body.end());
    }
    switch (static_cast<ContentType>(type)) {
      case ContentType::handshake: return handshake_bytes(plain);
      case ContentType::alert:
        if (!handshake_in.empty()) return fail(Alert::unexpected_message, "alert inside a handshake message");
        return alert_bytes(plain, got);
      case ContentType::application_data:
        if (!handshake_in.empty()) return fail(Alert::unexpected_message, "application data inside a handshake message");
        if (phase == Phase::server_wait_end_of_early_data) {
          early_received += plain.size();
          if (early_received > std::min(ticket_max_early, server_config->max_early_data))
            return fail(Alert::unexpected_message, "more early data than max_early_data");
          got.early_data.insert(got.early_data.end(), plain.begin(), plain.end());
          return {};
        }
        if (!read || !handshake_complete)
          return fail(Alert::unexpected_message, "application data before the handshake completed");
        got.data.insert(got.data.end(), plain.begin(), plain.end());
        return {};
      default: break;
    }
    return fail(Alert::unexpected_message, "record of an unknown content type");
  }

  Result<void> handle(ByteView bytes, Received& got) {
    got.data.clear();
    got.handshake_done = false;
    got.closed = false;
    got.post_handshake_auth = false;
    got.early_data.clear();
    if (phase == Phase::failed) return fail(Alert::internal_error, "connection already failed");
    if (peer_closed) return {};
    // Whole records are read from `bytes` itself; only a partial record is kept in `in`
    // (joined with what came before it, when `in` already held part of one).
    ByteView src = bytes;
    if (!in.empty()) {
      in.insert(in.end(), bytes.begin(), bytes.end());
      src = in;
    }
    const bool was_done = handshake_complete;
    std::size_t at = 0;
    Result<void> r;
    while (src.size() - at >= 5 && !peer_closed) {
      const std::uint8_t* h = src.data() + at;
      const std::size_t length = (std::size_t{h[3]} << 8) | h[4];
      if (h[1] != 0x03) {
        r = fail(Alert::protocol_version, "record version is not 3.x");
        break;
      }
      if (record_version_fixed && ((std::uint16_t{h[1]} << 8) | h[2]) != record_version) {
        r = fail(Alert::protocol_version, "record version is not the version negotiated");
        break;
      }
      if (length > (record_version_fixed ? max_ciphertext12 : max_ciphertext)) {
        r = fail(Alert::record_overflow, "record longer than 2^14 + 256");
        break;
      }
      if (src.size() - at < 5 + length) break;
      const ByteView header(h, 5);
      const ByteView body(h + 5, length);
      r = one_record(h[0], header, body, got);
      at += 5 + length;
      if (!r) break;
    }
    if (src.data() == in.data()) {
      in.erase(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(at));
    } else if (r && !peer_closed) {
      in.assign(src.begin() + static_cast<std::ptrdiff_t>(at), src.end());
    }
    if (!r) {
      phase = Phase::failed;
      if (!r.error().received) send_alert(r.error().alert);
      return std::unexpected(r.error());
    }
    got.handshake_done = handshake_complete && !was_done;
    got.post_handshake_auth = std::exchange(pha_event, false);
    return {};
  }
};

}  // namespace tls
