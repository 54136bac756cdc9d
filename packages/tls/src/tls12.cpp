// TLS 1.2 (RFC 5246) beside TLS 1.3: the full handshakes of both sides with ECDHE (RFC
// 8422: named curves, uncompressed points) and DHE (RFC 7919's groups only), AEAD suites
// (RFC 5288, RFC 7905) and CBC ones, the extended master secret (RFC 7627), secure
// renegotiation indication (RFC 5746; we never renegotiate), client certificates, RFC 5705
// exporters. TLS 1.0 (RFC 2246) and 1.1 (RFC 4346) when configured: the same handshake
// with the MD5+SHA-1 PRF and signatures that name no algorithm.
#include "state.hpp"

namespace tls {

namespace {

constexpr std::size_t verify_data_length = 12;
constexpr std::string_view ticket12_label = "mirage tls12 ticket v2";
// suite, version, issued (ms), EMS, master secret, then the SNI
constexpr std::size_t ticket12_plain = 2 + 2 + 8 + 1 + 48;

Bytes randoms(const wire::Random& first, const wire::Random& second) {
  Bytes b(first.begin(), first.end());
  b.insert(b.end(), second.begin(), second.end());
  return b;
}

// Whether a certificate's key fits the suite's authentication: ECDSA suites take EC keys
// and Ed25519 (RFC 8422 5.1.3), RSA suites RSA keys.
bool key_fits(const x509::PublicKeyInfo& key, crypto::KeyExchange kx) {
  if (kx == crypto::KeyExchange::ecdhe_ecdsa)
    return std::holds_alternative<x509::EcKey>(key.key) || std::holds_alternative<x509::Ed25519Key>(key.key);
  return std::holds_alternative<x509::RsaKey>(key.key);
}

// RFC 8422 5.1: a TLS 1.2 client's supported_groups also names the curves its peer's
// ECDSA certificate may be on.
bool curve_accepted(const x509::PublicKeyInfo& key, std::span<const std::uint16_t> groups) {
  const auto* ec = std::get_if<x509::EcKey>(&key.key);
  if (ec == nullptr || groups.empty()) return true;
  using C = nocrypto::ec::Curve;
  const Group g = ec->curve == C::P256 ? Group::secp256r1 : ec->curve == C::P384 ? Group::secp384r1 : Group::secp521r1;
  return contains(groups, static_cast<std::uint16_t>(g));
}

// A TLS 1.2 chain as TLS 1.3's Certificate holds it (entries without extensions), for the
// reading both versions share.
wire::Certificate entries_of(std::vector<Bytes> chain) {
  wire::Certificate m;
  for (auto& der : chain) m.entries.push_back({std::move(der), {}});
  return m;
}

bool dhe(CipherSuite suite) { return crypto::suite_key_exchange(suite) == crypto::KeyExchange::dhe_rsa; }

}  // namespace

// ---- both sides

Result<void> Connection::State::derive_master_secret12() {
  // RFC 7627 4: the session hash covers the handshake up to the ClientKeyExchange.
  master_secret = extended_master_secret
                      ? crypto::prf(hash, premaster, "extended master secret", transcript_hash(), 48)
                      : crypto::prf(hash, premaster, "master secret", randoms(client_random, server_random), 48);
  nocrypto::wipe(premaster);
  premaster.clear();
  return derive_keys12();
}

Result<void> Connection::State::derive_keys12() {
  // RFC 5246 6.3: client MAC key, server MAC key (CBC only), client key, server key,
  // client IV, server IV (CBC: 16 bytes, used by TLS 1.0 alone).
  const bool cbc = crypto::cbc_suite(suite);
  const std::size_t ml = crypto::suite_mac_length(suite), kl = crypto::suite_key_length(suite),
                    il = cbc ? 16 : crypto::chacha20_suite(suite) ? 12 : 4;
  Bytes block = crypto::prf(hash, master_secret, "key expansion", randoms(server_random, client_random),
                            2 * (ml + kl + il));
  const ByteView b(block);
  const auto keys = [&](std::size_t side) {
    const ByteView key = b.subspan(2 * ml + side * kl, kl), iv = b.subspan(2 * (ml + kl) + side * il, il);
    return cbc ? RecordProtection::cbc(suite, info.version, b.subspan(side * ml, ml), key, iv, rng,
                                       info.encrypt_then_mac)
               : RecordProtection::tls12(suite, key, iv);
  };
  auto client = keys(0);
  auto server = keys(1);
  nocrypto::wipe(block);
  if (!client) return std::unexpected(client.error());
  if (!server) return std::unexpected(server.error());
  pending_write = std::move(is_client ? *client : *server);
  pending_read = std::move(is_client ? *server : *client);
  return {};
}

Bytes Connection::State::finished_data12(bool client) const {
  return crypto::prf(hash, master_secret, client ? "client finished" : "server finished", transcript_hash(),
                     verify_data_length);
}

// [NewSessionTicket (a server's),] ChangeCipherSpec, then Finished under the keys it
// switches to.
Result<void> Connection::State::send_finished12() {
  if (issue_ticket12) {
    Bytes plain;
    append_be(plain, static_cast<std::uint16_t>(suite), 2);
    append_be(plain, static_cast<std::uint16_t>(info.version), 2);
    append_be(plain, now_ms(), 8);
    plain.push_back(extended_master_secret ? 1 : 0);
    plain.insert(plain.end(), master_secret.begin(), master_secret.end());
    const std::string host = info.server_name.value_or("");
    plain.insert(plain.end(), host.begin(), host.end());
    auto sealed = seal_ticket(ticket12_label, plain);
    nocrypto::wipe(plain);
    if (!sealed) return std::unexpected(sealed.error());
    const Bytes m = wire::encode(wire::NewSessionTicket12{server_config->ticket_lifetime_s, std::move(*sealed)});
    add(m);
    send_handshake(m);
  }
  const std::uint8_t one = 1;
  record(ContentType::change_cipher_spec, ByteView(&one, 1));
  write = std::move(pending_write);
  pending_write.reset();
  const Bytes fm = wire::encode(wire::Finished{finished_data12(is_client)});
  if (first_finished.empty()) first_finished.assign(fm.begin() + 4, fm.end());
  add(fm);
  send_handshake(fm);
  finished_sent = true;
  return {};
}

Result<void> Connection::State::change_cipher_spec12() {
  const bool expected = phase == Phase::client12_wait_change_cipher_spec || phase == Phase::server12_wait_change_cipher_spec;
  if (!expected || !pending_read) return fail(Alert::unexpected_message, "ChangeCipherSpec out of order");
  if (!handshake_in.empty()) return fail(Alert::unexpected_message, "ChangeCipherSpec inside a handshake message");
  read = std::move(pending_read);
  pending_read.reset();
  phase = is_client ? Phase::client12_wait_finished : Phase::server12_wait_finished;
  return {};
}

Result<void> Connection::State::finished12(const wire::Message& msg) {
  auto m = wire::decode_finished(msg.body, verify_data_length);
  if (!m) return std::unexpected(m.error());
  if (!nocrypto::equal_ct(finished_data12(!is_client), m->verify_data))
    return fail(Alert::decrypt_error, is_client ? "server's Finished does not verify" : "client's Finished does not verify");
  if (first_finished.empty()) first_finished = m->verify_data;
  add(msg.whole);
  if (!finished_sent)  // the server's turn after a full handshake, the client's after a resumption
    if (auto r = send_finished12(); !r) return r;
  if (is_client) keep_session12();
  if (!is_client && !info.resumed && !session_id.empty() && server_config->session_store)
    server_config->session_store(session_id, StoredSession{suite, master_secret, extended_master_secret, now_ms(),
                                                           info.server_name.value_or(""), info.version});
  finish_handshake();
  return {};
}

// A client's session to resume later: the ticket the server sent, or the one we resumed
// with, or the server's session ID.
void Connection::State::keep_session12() {
  Ticket t;
  t.version = info.version;
  t.suite = suite;
  t.master_secret = master_secret;
  t.extended_master_secret = extended_master_secret;
  t.session_id = session_id;
  t.server_name = info.server_name;
  t.received_ms = now_ms();
  if (new_ticket12 && !new_ticket12->ticket.empty()) {
    t.identity = std::move(new_ticket12->ticket);
    t.lifetime_s = new_ticket12->lifetime_hint;
  } else if (info.resumed && resume->identity.size() > 0) {
    t.identity = resume->identity;
    t.lifetime_s = resume->lifetime_s;
  }
  new_ticket12.reset();
  if (!t.identity.empty() || !t.session_id.empty()) tickets.push_back(std::move(t));
}

// After the handshake a TLS 1.2 peer may ask to renegotiate (a server's HelloRequest, a
// client's ClientHello): we decline with the no_renegotiation warning (RFC 5746 4.5).
Result<void> Connection::State::post_handshake12(const wire::Message& msg) {
  const bool request = is_client ? msg.type == HandshakeType::hello_request : msg.type == HandshakeType::client_hello;
  if (!request) return fail(Alert::unexpected_message, "unexpected handshake message after the handshake");
  if (is_client && !msg.body.empty()) return fail(Alert::decode_error, "HelloRequest is not empty");
  if (!closed) send_alert(Alert::no_renegotiation);
  return {};
}

Result<Bytes> Connection::State::export12(std::string_view label, std::optional<ByteView> context,
                                         std::size_t length) const {
  // RFC 5705 4: label, client_random + server_random [+ context length + context].
  if (context && context->size() > 0xffff) return fail(Alert::internal_error, "exporter context too long");
  if (label.empty() || label.size() > 255) return fail(Alert::internal_error, "exporter label empty or too long");
  Bytes seed = randoms(client_random, server_random);
  if (context) {
    seed.push_back(static_cast<std::uint8_t>(context->size() >> 8));
    seed.push_back(static_cast<std::uint8_t>(context->size()));
    seed.insert(seed.end(), context->begin(), context->end());
  }
  return crypto::prf(hash, master_secret, label, seed, length);
}

// ---- client

Result<void> Connection::State::client12_server_hello(const wire::ServerHello& sh, const wire::Message& msg,
                                                      ProtocolVersion version) {
  const ClientConfig& c = *client_config;
  const auto chosen = static_cast<CipherSuite>(sh.cipher_suite);
  if (!contains(client_hello.cipher_suites, sh.cipher_suite) || !crypto::suite_allowed(chosen, version))
    return fail(Alert::illegal_parameter, "server chose a cipher suite we did not offer for the version it chose");
  if (sh.legacy_compression_method != 0) return fail(Alert::illegal_parameter, "server chose a compression method");
  bool renegotiation_info = false;
  for (const auto& e : sh.extensions.items) {
    // The renegotiation SCSV asks for renegotiation_info as the extension would (RFC 5746 3.4).
    const bool asked = contains(offered_extensions, e.type) ||
                       (e.type == ext::renegotiation_info && contains(client_hello.cipher_suites, empty_renegotiation_info_scsv));
    if (!asked) return fail(Alert::unsupported_extension, "ServerHello carries an extension we did not offer");
    switch (e.type) {
      case ext::server_name:
      case ext::extended_master_secret:
      case ext::session_ticket:
        if (!e.data.empty()) return fail(Alert::decode_error, "a ServerHello extension that must be empty is not");
        extended_master_secret = extended_master_secret || e.type == ext::extended_master_secret;
        ticket_announced = ticket_announced || e.type == ext::session_ticket;
        break;
      case ext::encrypt_then_mac:  // RFC 7366 3: ignored with a suite that is not CBC, as OpenSSL does
        if (!e.data.empty()) return fail(Alert::decode_error, "encrypt_then_mac in ServerHello is not empty");
        info.encrypt_then_mac = crypto::cbc_suite(chosen);
        break;
      case ext::renegotiation_info:
        if (e.data != Bytes{0})
          return fail(Alert::handshake_failure, "renegotiation_info is not empty in a first handshake");
        renegotiation_info = true;
        break;
      case ext::ec_point_formats:
        if (e.data.empty() || e.data[0] != e.data.size() - 1 || e.data.size() < 2)
          return fail(Alert::decode_error, "ec_point_formats is malformed");
        if (!contains(ByteView(e.data).subspan(1), std::uint8_t{0}))
          return fail(Alert::illegal_parameter, "server does not take uncompressed points");
        break;
      case ext::alpn: {
        auto p = wire::decode_alpn(e.data);
        if (!p) return std::unexpected(p.error());
        if (p->size() != 1 || !contains(c.alpn, p->front()))
          return fail(Alert::illegal_parameter, "server chose an application protocol we did not offer");
        info.alpn = p->front();
        break;
      }
      case ext::record_size_limit: {
        auto limit = record_limit(e.data);  // TLS 1.2 counts no content type byte
        if (!limit) return std::unexpected(limit.error());
        send_limit = std::min(*limit + 1, max_plaintext);
        if (c.record_size_limit) receive_limit = std::min<std::size_t>(*c.record_size_limit, max_plaintext);
        break;
      }
      case ext::status_request:
        if (!e.data.empty()) return fail(Alert::decode_error, "status_request in ServerHello is not empty");
        ocsp_acknowledged = true;
        break;
      case ext::max_fragment_length:
        if (auto r = max_fragment_length_granted(e.data); !r) return r;
        break;
      default: return fail(Alert::illegal_parameter, "ServerHello carries an extension TLS 1.2 does not allow there");
    }
  }
  if (sh.extensions.find(ext::max_fragment_length) != nullptr && sh.extensions.find(ext::record_size_limit) != nullptr)
    return fail(Alert::illegal_parameter, "server sent both max_fragment_length and record_size_limit (RFC 8449 5)");
  if (c.require_extended_master_secret && !extended_master_secret)
    return fail(Alert::handshake_failure, "server does not use the extended master secret (RFC 7627), which we require");
  if (!renegotiation_info)
    return fail(Alert::handshake_failure, "server does not indicate secure renegotiation (RFC 5746)");
  // The server resumes our session by echoing the session ID we sent with it.
  const bool resumed = resuming12() && !sh.legacy_session_id_echo.empty() &&
                       sh.legacy_session_id_echo == client_hello.legacy_session_id;
  if (resumed && (chosen != resume->suite || version != resume->version))
    return fail(Alert::illegal_parameter, "server resumed the session with another cipher suite or version");
  if (resumed && resume->extended_master_secret != extended_master_secret)
    return fail(Alert::handshake_failure, "server resumed a session without the extended master secret it had (RFC 7627 5.3)");
  suite = chosen;
  set_version12(version);
  server_random = sh.random;
  session_id = sh.legacy_session_id_echo;
  info.suite = suite;
  add(msg.whole);
  if (resumed) {  // the abbreviated handshake: the server's Finished comes next
    master_secret = resume->master_secret;
    info.resumed = true;
    if (auto r = derive_keys12(); !r) return r;
    phase = Phase::client12_wait_change_cipher_spec;
    return {};
  }
  phase = Phase::client12_wait_certificate;
  return {};
}

Result<void> Connection::State::client12_certificate(const wire::Message& msg) {
  auto chain = wire::decode_certificate12(msg.body);
  if (!chain) return std::unexpected(chain.error());
  if (chain->empty()) return fail(Alert::decode_error, "server sent no certificate");
  if (auto r = read_peer_certificate(entries_of(std::move(*chain)), true); !r) return r;
  if (!key_fits(peer_chain.front().tbs.public_key, crypto::suite_key_exchange(suite)))
    return fail(Alert::unsupported_certificate, "server's certificate key does not fit the cipher suite it chose");
  if (auto r = authenticate_peer(); !r) return r;
  add(msg.whole);
  phase = Phase::client12_wait_server_key_exchange;
  return {};
}

Result<void> Connection::State::client12_server_key_exchange(const wire::Message& msg) {
  const Config& c = config();
  const bool tls12 = info.version == ProtocolVersion::tls12;
  auto m = wire::decode_server_key_exchange(msg.body, dhe(suite), tls12);
  if (!m) return std::unexpected(m.error());
  Group group{};
  if (dhe(suite)) {
    auto g = crypto::ffdhe_group(m->dh_p, m->dh_g);
    if (!g || !contains(c.groups, *g))
      return fail(Alert::insufficient_security, "server's DH group is not one of RFC 7919's that we accept");
    group = *g;
  } else {
    group = static_cast<Group>(m->group);
    if (!crypto::ec_group(group) || !contains(c.groups, group))
      return fail(Alert::illegal_parameter, "server chose a curve we did not offer");
  }
  const auto scheme = static_cast<SignatureScheme>(m->algorithm);
  if (tls12 && (!crypto::signature_scheme_for(m->algorithm, ProtocolVersion::tls12) ||
                !contains(c.signature_schemes, scheme) || !contains(advertised_schemes(), m->algorithm)))
    return fail(Alert::illegal_parameter, "ServerKeyExchange is signed with a scheme we did not offer");
  Bytes signed_content = randoms(client_random, server_random);
  signed_content.insert(signed_content.end(), m->params.begin(), m->params.end());
  if (auto ok = crypto::verify(peer_chain.front().tbs.public_key, scheme, signed_content, m->signature, info.version);
      !ok)
    return std::unexpected(ok.error());
  if (tls12) info.peer_signature = scheme;
  info.peer_chain = peer_chain;  // its key signed our randoms
  auto share = KeyShare::generate(group, rng);
  if (!share) return std::unexpected(share.error());
  auto shared = share->shared(m->public_value, ProtocolVersion::tls12);
  if (!shared) return std::unexpected(shared.error());
  premaster = std::move(*shared);
  kx_public = share->public_key();
  info.group = group;
  add(msg.whole);
  phase = Phase::client12_wait_server_hello_done;
  return {};
}

Result<void> Connection::State::client12_certificate_request(const wire::Message& msg) {
  auto m = wire::decode_certificate_request12(msg.body, info.version == ProtocolVersion::tls12);
  if (!m) return std::unexpected(m.error());
  server_signature_algorithms = std::move(m->signature_algorithms);
  certificate_requested = true;
  add(msg.whole);
  return {};
}

Result<void> Connection::State::client12_server_hello_done(const wire::Message& msg) {
  if (!msg.body.empty()) return fail(Alert::decode_error, "ServerHelloDone is not empty");
  add(msg.whole);
  const ClientConfig& c = *client_config;
  Bytes flight;
  const bool tls12 = info.version == ProtocolVersion::tls12;
  std::optional<SignatureScheme> scheme;
  bool sign = false;  // with scheme in TLS 1.2; below, no scheme is named
  if (certificate_requested) {
    if (c.certificate && tls12) scheme = pick_scheme(c.certificate->key, server_signature_algorithms, ProtocolVersion::tls12);
    sign = c.certificate && (tls12 ? scheme.has_value() : crypto::can_sign_legacy(c.certificate->key));
    const Bytes cm = wire::encode_certificate12(sign ? std::span<const Bytes>(c.certificate->chain) : std::span<const Bytes>());
    add(cm);
    flight.insert(flight.end(), cm.begin(), cm.end());
  }
  const Bytes cke = wire::encode_client_key_exchange(kx_public, dhe(suite));
  add(cke);
  flight.insert(flight.end(), cke.begin(), cke.end());
  if (auto r = derive_master_secret12(); !r) return r;
  if (sign) {
    // RFC 5246 7.4.8: the signature covers every handshake message so far.
    auto sig = crypto::sign(c.certificate->key, scheme.value_or(SignatureScheme{}), transcript, rng, info.version);
    if (!sig) return std::unexpected(sig.error());
    const Bytes cv = wire::encode(wire::CertificateVerify{scheme ? static_cast<std::uint16_t>(*scheme) : std::uint16_t{0},
                                                          std::move(*sig)},
                                  tls12);
    add(cv);
    flight.insert(flight.end(), cv.begin(), cv.end());
  }
  send_handshake(flight);
  if (auto r = send_finished12(); !r) return r;
  phase = Phase::client12_wait_change_cipher_spec;
  return {};
}

Result<void> Connection::State::client12_new_session_ticket(const wire::Message& msg) {
  if (!ticket_announced) return fail(Alert::unexpected_message, "NewSessionTicket the server did not announce");
  auto t = wire::decode_new_session_ticket12(msg.body);
  if (!t) return std::unexpected(t.error());
  ticket_announced = false;  // one per handshake
  new_ticket12 = std::move(*t);
  add(msg.whole);
  return {};
}

// ---- server

// RFC 5077 3.4 with our ticket: the session it holds, if it is ours, unexpired, for a suite
// both ends still offer, and with the extended master secret exactly when this hello asks
// for it (RFC 7627 5.3). Anything else is a full handshake.
Result<void> Connection::State::server12_resume(const wire::ClientHello& ch, const wire::Message&, bool& resumed) {
  resumed = false;
  const auto* t = ch.extensions.find(ext::session_ticket);
  if (ch.legacy_session_id.empty()) return {};
  if (t == nullptr || t->data.empty()) return resume_session_id(ch, resumed);
  auto plain = open_ticket(ticket12_label, t->data, ticket12_plain);
  if (!plain || plain->size() < ticket12_plain) return resume_session_id(ch, resumed);
  const auto s = static_cast<CipherSuite>(read_be(*plain, 0, 2));
  const auto version = static_cast<ProtocolVersion>(read_be(*plain, 2, 2));
  const std::uint64_t issued = read_be(*plain, 4, 8);
  const bool ems = (*plain)[12] != 0;
  const std::string host(plain->begin() + ticket12_plain, plain->end());
  if (!resumable12(ch, version, s, ems, issued, host)) {
    nocrypto::wipe(*plain);
    return resume_session_id(ch, resumed);
  }
  suite = s;
  master_secret.assign(plain->begin() + 13, plain->begin() + ticket12_plain);
  nocrypto::wipe(*plain);
  resumed = true;
  return {};
}

// A session (from a ticket or the cache) resumes when it has the version negotiated now,
// its suite is still offered by both, the extended master secret is used exactly as
// before (RFC 7627 5.3), the client names the same server (RFC 6066 3), it is fresh, and
// no client certificate is required (a resumed session carries none).
bool Connection::State::resumable12(const wire::ClientHello& ch, ProtocolVersion version, CipherSuite s, bool ems,
                                    std::uint64_t created, std::string_view host) const {
  const ServerConfig& c = *server_config;
  return version == info.version && crypto::suite_allowed(s, version) && contains(c.suites, s) &&
         contains(ch.cipher_suites, static_cast<std::uint16_t>(s)) && ems == extended_master_secret &&
         ticket_fresh(created) && host == info.server_name.value_or("") && c.client_auth != ClientAuth::required;
}

// RFC 5246 7.4.1.2: the session ID the client names, if the application's cache has it.
Result<void> Connection::State::resume_session_id(const wire::ClientHello& ch, bool& resumed) {
  const ServerConfig& c = *server_config;
  if (!c.session_lookup || ch.legacy_session_id.empty()) return {};
  auto session = c.session_lookup(ch.legacy_session_id);
  if (!session || session->master_secret.size() != 48 ||
      !resumable12(ch, session->version, session->suite, session->extended_master_secret, session->created_ms,
                   session->server_name))
    return {};
  suite = session->suite;
  master_secret = std::move(session->master_secret);
  resumed = true;
  return {};
}

Result<void> Connection::State::server12_client_hello(const wire::ClientHello& ch, const wire::Message& msg,
                                                      ProtocolVersion version) {
  const ServerConfig& c = *server_config;
  const bool tls12 = version == ProtocolVersion::tls12;
  info.version = version;  // what a session must have to resume
  if (!contains(ch.legacy_compression_methods, std::uint8_t{0}))
    return fail(Alert::illegal_parameter, "ClientHello does not offer the null compression method");
  std::optional<std::string> host;
  if (const auto* sni = ch.extensions.find(ext::server_name)) {
    auto h = wire::decode_server_name(sni->data);
    if (!h) return std::unexpected(h.error());
    host = std::move(*h);
  }
  std::vector<std::uint16_t> groups, sigs;
  if (const auto* e = ch.extensions.find(ext::supported_groups)) {
    auto g = wire::decode_u16_list(e->data);
    if (!g) return std::unexpected(g.error());
    groups = std::move(*g);
  }
  if (const auto* e = ch.extensions.find(ext::signature_algorithms)) {
    auto l = wire::decode_u16_list(e->data);
    if (!l) return std::unexpected(l.error());
    sigs = std::move(*l);
  }
  auto cert_sigs = certificate_schemes(ch, sigs);
  if (!cert_sigs) return std::unexpected(cert_sigs.error());
  const auto* formats = ch.extensions.find(ext::ec_point_formats);
  if (formats != nullptr &&
      (formats->data.size() < 2 || formats->data[0] != formats->data.size() - 1 ||
       !contains(ByteView(formats->data).subspan(1), std::uint8_t{0})))
    return fail(Alert::illegal_parameter, "ec_point_formats malformed or without uncompressed points");
  if (const auto* e = ch.extensions.find(ext::extended_master_secret)) {
    if (!e->data.empty()) return fail(Alert::decode_error, "extended_master_secret is not empty");
    extended_master_secret = true;
  }
  if (c.require_extended_master_secret && !extended_master_secret)
    return fail(Alert::handshake_failure, "client does not offer the extended master secret (RFC 7627), which we require");
  const auto* ri = ch.extensions.find(ext::renegotiation_info);
  if (ri != nullptr && ri->data != Bytes{0})
    return fail(Alert::handshake_failure, "renegotiation_info is not empty in a first handshake");
  const bool secure_renegotiation = ri != nullptr || contains(ch.cipher_suites, empty_renegotiation_info_scsv);
  const auto* etm = ch.extensions.find(ext::encrypt_then_mac);
  if (etm != nullptr && !etm->data.empty()) return fail(Alert::decode_error, "encrypt_then_mac is not empty");
  auto alpn_body = choose_alpn(ch);
  if (!alpn_body) return std::unexpected(alpn_body.error());
  const auto* limit_ext = ch.extensions.find(ext::record_size_limit);
  if (limit_ext != nullptr) {
    auto limit = record_limit(limit_ext->data);
    if (!limit) return std::unexpected(limit.error());
    send_limit = std::min(*limit + 1, max_plaintext);
  }
  client_random = ch.random;
  issue_ticket12 = c.ticket_key.has_value() && ch.extensions.find(ext::session_ticket) != nullptr;
  ocsp_requested = asks_for_ocsp(ch);
  info.server_name = host;  // a session resumes only for the name it was made for
  bool resumed = false;
  if (auto r = server12_resume(ch, msg, resumed); !r) return r;

  // Suite, group and certificate: our suites in order, the first for which the client
  // shares a group (any of our curves if it names none; RFC 7919's groups for DHE) and we
  // hold a certificate of the right key type that signs with a scheme the client takes
  // (preferring one that names the host it asked for).
  // RFC 8422 5.1: a client's supported_groups binds the curves; RFC 7919 4: FFDHE values
  // (0x0100-0x01ff, known to us or not) bind the DH groups, and without any, ours serve.
  const bool groups_sent = ch.extensions.find(ext::supported_groups) != nullptr;
  const auto pick_group = [&](crypto::KeyExchange kx) -> std::optional<Group> {
    const bool want_ec = kx != crypto::KeyExchange::dhe_rsa;
    bool binding = want_ec && groups_sent;
    for (auto g : groups) binding = binding || (!want_ec && g >= 0x0100 && g <= 0x01ff);
    for (auto g : c.groups)
      if (crypto::ec_group(g) == want_ec && (!binding || contains(groups, static_cast<std::uint16_t>(g)))) return g;
    return std::nullopt;
  };
  std::optional<Group> group;
  for (auto s : resumed ? std::vector<CipherSuite>{} : c.suites) {
    if (!crypto::suite_allowed(s, version) || !contains(ch.cipher_suites, static_cast<std::uint16_t>(s))) continue;
    const auto kx = crypto::suite_key_exchange(s);
    group = pick_group(kx);
    if (!group) continue;
    certified = choose_certificate(host, sigs, *cert_sigs, version, [&](const Certified& cert) {
      return key_fits(cert.leaf.tbs.public_key, kx) && curve_accepted(cert.leaf.tbs.public_key, groups);
    });
    if (certified != nullptr) {
      suite = s;
      break;
    }
  }
  if (!resumed && certified == nullptr)
    return fail(Alert::handshake_failure,
                sigs.empty() && tls12
                    ? "client sent no signature_algorithms (TLS 1.2 then means SHA-1, which we do not sign with)"
                    : "no cipher suite, group and certificate in common for the version negotiated");
  set_version12(version);
  info.suite = suite;
  // RFC 7366 3: only with a CBC suite.
  info.encrypt_then_mac = etm != nullptr && c.encrypt_then_mac && crypto::cbc_suite(suite);
  info.resumed = resumed;
  if (group) info.group = *group;
  info.server_name = host;
  add(msg.whole);

  wire::ServerHello sh;
  if (!rng.generate(sh.random)) return fail(Alert::internal_error, "no randomness for the server random");
  // RFC 8446 4.1.3: a server that speaks a newer version than it negotiates says so, with
  // a last byte of 1 for TLS 1.2 and 0 for older.
  const bool newer = tls12 ? c.speaks(ProtocolVersion::tls13)
                           : c.speaks(ProtocolVersion::tls13) || c.speaks(ProtocolVersion::tls12);
  if (newer) {
    static constexpr std::uint8_t sentinel[7] = {'D', 'O', 'W', 'N', 'G', 'R', 'D'};
    std::copy(sentinel, sentinel + 7, sh.random.begin() + 24);
    sh.random[31] = tls12 ? 1 : 0;
  }
  server_random = sh.random;
  if (resumed) {
    sh.legacy_session_id_echo = ch.legacy_session_id;
  } else if (c.session_store && c.session_lookup) {  // a fresh ID for the cache
    session_id.assign(32, 0);
    if (!rng.generate(session_id)) return fail(Alert::internal_error, "no randomness for a session ID");
    sh.legacy_session_id_echo = session_id;
  }
  sh.cipher_suite = static_cast<std::uint16_t>(suite);
  sh.legacy_version = static_cast<std::uint16_t>(version);
  if (secure_renegotiation) sh.extensions.add(ext::renegotiation_info, {0});
  if (extended_master_secret) sh.extensions.add(ext::extended_master_secret, {});
  if (info.encrypt_then_mac) sh.extensions.add(ext::encrypt_then_mac, {});
  if (formats != nullptr && !resumed && !dhe(suite)) sh.extensions.add(ext::ec_point_formats, {1, 0});
  if (host && !resumed) sh.extensions.add(ext::server_name, {});  // RFC 6066 3: not when resuming
  if (issue_ticket12) sh.extensions.add(ext::session_ticket, {});
  if (!resumed && ocsp_requested && !certified->ocsp_response.empty()) sh.extensions.add(ext::status_request, {});
  if (!alpn_body->empty()) sh.extensions.add(ext::alpn, std::move(*alpn_body));
  if (limit_ext != nullptr && c.record_size_limit) {
    const auto ours = static_cast<std::uint16_t>(std::min<std::size_t>(*c.record_size_limit, max_plaintext));
    sh.extensions.add(ext::record_size_limit, record_size_limit_body(ours));
    receive_limit = ours;
  }
  auto mfl = accept_max_fragment_length(ch, limit_ext != nullptr && c.record_size_limit);
  if (!mfl) return std::unexpected(mfl.error());
  if (!mfl->empty()) sh.extensions.add(ext::max_fragment_length, std::move(*mfl));
  Bytes flight = wire::encode(sh);
  if (resumed) {  // RFC 5246 7.3's abbreviated handshake: our Finished first
    add(flight);
    send_handshake(flight);
    if (auto r = derive_keys12(); !r) return r;
    if (auto r = send_finished12(); !r) return r;
    phase = Phase::server12_wait_change_cipher_spec;
    return {};
  }
  const Bytes cm = wire::encode_certificate12(certified->chain);
  flight.insert(flight.end(), cm.begin(), cm.end());
  if (ocsp_requested && !certified->ocsp_response.empty()) {  // RFC 6066 8: right after Certificate
    const Bytes m = wire::encode_message(HandshakeType::certificate_status,
                                         wire::encode_certificate_status(certified->ocsp_response));
    flight.insert(flight.end(), m.begin(), m.end());
  }

  auto share = KeyShare::generate(*group, rng);
  if (!share) return std::unexpected(share.error());
  const std::uint8_t generator = 2;
  const Bytes params = dhe(suite) ? wire::dhe_params(crypto::ffdhe_prime(*group), ByteView(&generator, 1), share->public_key())
                                  : wire::ecdhe_params(static_cast<std::uint16_t>(*group), share->public_key());
  Bytes signed_content = randoms(client_random, server_random);
  signed_content.insert(signed_content.end(), params.begin(), params.end());
  auto sig = crypto::sign(certified->key, scheme, signed_content, rng, version);
  if (!sig) return std::unexpected(sig.error());
  const Bytes ske = wire::encode_server_key_exchange(
      params, tls12 ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(scheme)) : std::nullopt, *sig);
  flight.insert(flight.end(), ske.begin(), ske.end());
  kx_share = std::move(*share);
  if (c.client_auth != ClientAuth::none) {
    wire::CertificateRequest12 cr;
    cr.certificate_types = {1, 64};  // rsa_sign, ecdsa_sign
    for (auto a : advertised_schemes())
      if (crypto::signature_scheme_for(a, ProtocolVersion::tls12)) cr.signature_algorithms.push_back(a);
    const Bytes crm = wire::encode(cr, tls12);
    flight.insert(flight.end(), crm.begin(), crm.end());
  }
  const Bytes done = wire::encode_message(HandshakeType::server_hello_done, {});
  flight.insert(flight.end(), done.begin(), done.end());
  add(flight);
  send_handshake(flight);
  phase = c.client_auth != ClientAuth::none ? Phase::server12_wait_certificate : Phase::server12_wait_client_key_exchange;
  return {};
}

Result<void> Connection::State::server12_certificate(const wire::Message& msg) {
  auto chain = wire::decode_certificate12(msg.body);
  if (!chain) return std::unexpected(chain.error());
  add(msg.whole);
  if (chain->empty()) {
    if (server_config->client_auth == ClientAuth::required)
      return fail(Alert::handshake_failure, "client sent no certificate");
  } else {
    if (auto r = read_peer_certificate(entries_of(std::move(*chain)), false); !r) return r;
    if (auto r = authenticate_peer(); !r) return r;
  }
  phase = Phase::server12_wait_client_key_exchange;
  return {};
}

Result<void> Connection::State::server12_client_key_exchange(const wire::Message& msg) {
  auto pub = wire::decode_client_key_exchange(msg.body, dhe(suite));
  if (!pub) return std::unexpected(pub.error());
  auto shared = kx_share->shared(*pub, ProtocolVersion::tls12);
  if (!shared) return std::unexpected(shared.error());
  kx_share.reset();
  premaster = std::move(*shared);
  add(msg.whole);
  if (auto r = derive_master_secret12(); !r) return r;
  phase = peer_chain.empty() ? Phase::server12_wait_change_cipher_spec : Phase::server12_wait_certificate_verify;
  return {};
}

Result<void> Connection::State::server12_certificate_verify(const wire::Message& msg) {
  const bool tls12 = info.version == ProtocolVersion::tls12;
  auto m = wire::decode_certificate_verify(msg.body, tls12);
  if (!m) return std::unexpected(m.error());
  const auto scheme = static_cast<SignatureScheme>(m->algorithm);
  if (tls12 && (!crypto::signature_scheme_for(m->algorithm, ProtocolVersion::tls12) ||
                !contains(server_config->signature_schemes, scheme)))
    return fail(Alert::illegal_parameter, "CertificateVerify uses a signature scheme we did not offer");
  if (auto ok = crypto::verify(peer_chain.front().tbs.public_key, scheme, transcript, m->signature, info.version); !ok)
    return std::unexpected(ok.error());
  if (tls12) info.peer_signature = scheme;
  info.peer_chain = peer_chain;
  info.client_authenticated = true;
  add(msg.whole);
  phase = Phase::server12_wait_change_cipher_spec;
  return {};
}

}  // namespace tls
