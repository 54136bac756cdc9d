#include <tls/messages.hpp>

#include <cstruct/reader.hpp>
#include <cstruct/writer.hpp>

#include <algorithm>
#include <bitset>

namespace tls::wire {

using cstruct::Reader;
using cstruct::Writer;

const Random hello_retry_request_random = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

bool ServerHello::is_hello_retry_request() const noexcept {
  return random == hello_retry_request_random;
}

const Extension* Extensions::find(std::uint16_t type) const noexcept {
  for (const auto& e : items)
    if (e.type == type) return &e;
  return nullptr;
}

namespace {

std::unexpected<Error> malformed(const char* what) { return fail(Alert::decode_error, what); }

Bytes copy(ByteView v) { return Bytes(v.begin(), v.end()); }

// Which 16-bit values a list has held: duplicates found in linear time, so a 64 KiB hello
// with thousands of entries costs no quadratic search.
struct SeenU16 {
  std::bitset<65536> bits;
  bool insert(std::uint16_t v) {
    if (bits.test(v)) return false;
    bits.set(v);
    return true;
  }
};

// extensions<0..2^16-1>, duplicates refused.
Result<Extensions> read_extensions(Reader& r, bool may_be_absent) {
  Extensions out;
  if (may_be_absent && r.empty()) return out;
  auto list = r.u16_prefixed();
  if (!list) return malformed("extensions: truncated");
  SeenU16 seen;
  while (!list->empty()) {
    auto type = list->u16_be();
    if (!type) return malformed("extension: truncated type");
    auto data = list->u16_prefixed();
    if (!data) return malformed("extension: truncated data");
    if (!seen.insert(*type))
      return fail(Alert::illegal_parameter, "extension: the same type appears twice");
    out.add(*type, copy(data->rest()));
  }
  return out;
}

void write_extensions(Writer& w, const Extensions& e) {
  w.u16_prefixed([&](Writer& x) {
    for (const auto& item : e.items) {
      x.u16_be(item.type);
      x.u16_prefixed([&](Writer& y) { y.bytes(item.data); });
    }
  });
}

// The bytes written (a Writer that grows fails only past memory, which aborts first).
Bytes take(Writer& w) {
  auto out = w.finish();
  return out ? Bytes(out->begin(), out->end()) : Bytes{};
}

Bytes message(HandshakeType type, auto&& body) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(type));
  w.u24_prefixed(body);
  return take(w);
}

Result<void> at_end(const Reader& r, const char* what) {
  if (!r.empty()) return malformed(what);
  return {};
}

}  // namespace

Result<std::optional<Message>> next_message(ByteView in, std::size_t max_length) {
  if (in.size() < 4) return std::optional<Message>{};
  const std::size_t len = (std::size_t{in[1]} << 16) | (std::size_t{in[2]} << 8) | in[3];
  if (len > max_length) return malformed("handshake message longer than allowed");
  if (in.size() - 4 < len) return std::optional<Message>{};
  return std::optional<Message>(
      Message{static_cast<HandshakeType>(in[0]), in.subspan(4, len), in.first(4 + len)});
}

Result<ClientHello> decode_client_hello(ByteView body) {
  Reader r(body);
  ClientHello m;
  auto version = r.u16_be();
  auto random = r.bytes(32);
  if (!version || !random) return malformed("ClientHello: truncated");
  m.legacy_version = *version;
  std::copy(random->begin(), random->end(), m.random.begin());
  auto sid = r.u8_prefixed();
  if (!sid || sid->remaining() > 32) return malformed("ClientHello: bad legacy_session_id");
  m.legacy_session_id = copy(sid->rest());
  auto suites = r.u16_prefixed();
  if (!suites || suites->remaining() < 2 || suites->remaining() % 2 != 0)
    return malformed("ClientHello: bad cipher_suites");
  while (!suites->empty()) m.cipher_suites.push_back(*suites->u16_be());
  auto comp = r.u8_prefixed();
  if (!comp || comp->empty()) return malformed("ClientHello: bad legacy_compression_methods");
  m.legacy_compression_methods = copy(comp->rest());
  auto exts = read_extensions(r, true);
  if (!exts) return std::unexpected(exts.error());
  m.extensions = std::move(*exts);
  if (auto e = at_end(r, "ClientHello: bytes after the extensions"); !e)
    return std::unexpected(e.error());
  // pre_shared_key must be the last extension (RFC 8446 4.2.11).
  const auto& items = m.extensions.items;
  for (std::size_t i = 0; i + 1 < items.size(); ++i)
    if (items[i].type == ext::pre_shared_key)
      return fail(Alert::illegal_parameter, "ClientHello: pre_shared_key is not the last extension");
  return m;
}

Bytes encode(const ClientHello& m) {
  return message(HandshakeType::client_hello, [&](Writer& w) {
    w.u16_be(m.legacy_version);
    w.bytes(m.random);
    w.u8_prefixed([&](Writer& x) { x.bytes(m.legacy_session_id); });
    w.u16_prefixed([&](Writer& x) {
      for (auto s : m.cipher_suites) x.u16_be(s);
    });
    w.u8_prefixed([&](Writer& x) { x.bytes(m.legacy_compression_methods); });
    write_extensions(w, m.extensions);
  });
}

Result<ServerHello> decode_server_hello(ByteView body) {
  Reader r(body);
  ServerHello m;
  auto version = r.u16_be();
  auto random = r.bytes(32);
  if (!version || !random) return malformed("ServerHello: truncated");
  m.legacy_version = *version;
  std::copy(random->begin(), random->end(), m.random.begin());
  auto sid = r.u8_prefixed();
  if (!sid || sid->remaining() > 32) return malformed("ServerHello: bad legacy_session_id_echo");
  m.legacy_session_id_echo = copy(sid->rest());
  auto suite = r.u16_be();
  auto comp = r.u8();
  if (!suite || !comp) return malformed("ServerHello: truncated");
  m.cipher_suite = *suite;
  m.legacy_compression_method = *comp;
  auto exts = read_extensions(r, true);
  if (!exts) return std::unexpected(exts.error());
  m.extensions = std::move(*exts);
  if (auto e = at_end(r, "ServerHello: bytes after the extensions"); !e)
    return std::unexpected(e.error());
  return m;
}

Bytes encode(const ServerHello& m) {
  return message(HandshakeType::server_hello, [&](Writer& w) {
    w.u16_be(m.legacy_version);
    w.bytes(m.random);
    w.u8_prefixed([&](Writer& x) { x.bytes(m.legacy_session_id_echo); });
    w.u16_be(m.cipher_suite);
    w.u8(m.legacy_compression_method);
    write_extensions(w, m.extensions);
  });
}

Result<EncryptedExtensions> decode_encrypted_extensions(ByteView body) {
  Reader r(body);
  auto exts = read_extensions(r, false);
  if (!exts) return std::unexpected(exts.error());
  if (auto e = at_end(r, "EncryptedExtensions: trailing bytes"); !e) return std::unexpected(e.error());
  return EncryptedExtensions{std::move(*exts)};
}

Bytes encode(const EncryptedExtensions& m) {
  return message(HandshakeType::encrypted_extensions,
                 [&](Writer& w) { write_extensions(w, m.extensions); });
}

Result<Certificate> decode_certificate(ByteView body) {
  Reader r(body);
  Certificate m;
  auto ctx = r.u8_prefixed();
  if (!ctx) return malformed("Certificate: truncated request context");
  m.request_context = copy(ctx->rest());
  auto list = r.u24_prefixed();
  if (!list) return malformed("Certificate: truncated certificate_list");
  while (!list->empty()) {
    auto data = list->u24_prefixed();
    if (!data || data->empty()) return malformed("Certificate: bad cert_data");
    CertificateEntry entry;
    entry.cert_data = copy(data->rest());
    auto exts = read_extensions(*list, false);
    if (!exts) return std::unexpected(exts.error());
    entry.extensions = std::move(*exts);
    m.entries.push_back(std::move(entry));
  }
  if (auto e = at_end(r, "Certificate: trailing bytes"); !e) return std::unexpected(e.error());
  return m;
}

Bytes encode(const Certificate& m) {
  return message(HandshakeType::certificate, [&](Writer& w) {
    w.u8_prefixed([&](Writer& x) { x.bytes(m.request_context); });
    w.u24_prefixed([&](Writer& x) {
      for (const auto& e : m.entries) {
        x.u24_prefixed([&](Writer& y) { y.bytes(e.cert_data); });
        write_extensions(x, e.extensions);
      }
    });
  });
}

Result<CertificateRequest> decode_certificate_request(ByteView body) {
  Reader r(body);
  CertificateRequest m;
  auto ctx = r.u8_prefixed();
  if (!ctx) return malformed("CertificateRequest: truncated request context");
  m.request_context = copy(ctx->rest());
  auto exts = read_extensions(r, false);
  if (!exts) return std::unexpected(exts.error());
  m.extensions = std::move(*exts);
  if (auto e = at_end(r, "CertificateRequest: trailing bytes"); !e) return std::unexpected(e.error());
  return m;
}

Bytes encode(const CertificateRequest& m) {
  return message(HandshakeType::certificate_request, [&](Writer& w) {
    w.u8_prefixed([&](Writer& x) { x.bytes(m.request_context); });
    write_extensions(w, m.extensions);
  });
}

Result<CertificateVerify> decode_certificate_verify(ByteView body, bool with_algorithm) {
  Reader r(body);
  auto alg = with_algorithm ? r.u16_be() : cstruct::Result<std::uint16_t>(0);
  auto sig = alg ? r.u16_prefixed() : cstruct::Result<Reader>(std::unexpected(alg.error()));
  if (!alg || !sig || sig->empty()) return malformed("CertificateVerify: truncated");
  if (auto e = at_end(r, "CertificateVerify: trailing bytes"); !e) return std::unexpected(e.error());
  return CertificateVerify{*alg, copy(sig->rest())};
}

Bytes encode(const CertificateVerify& m, bool with_algorithm) {
  return message(HandshakeType::certificate_verify, [&](Writer& w) {
    if (with_algorithm) w.u16_be(m.algorithm);
    w.u16_prefixed([&](Writer& x) { x.bytes(m.signature); });
  });
}

Result<Finished> decode_finished(ByteView body, std::size_t hash_length) {
  if (body.size() != hash_length) return malformed("Finished: verify_data has the wrong length");
  return Finished{copy(body)};
}

Bytes encode(const Finished& m) {
  return message(HandshakeType::finished, [&](Writer& w) { w.bytes(m.verify_data); });
}

Result<NewSessionTicket> decode_new_session_ticket(ByteView body) {
  Reader r(body);
  NewSessionTicket m;
  auto lifetime = r.u32_be();
  auto age_add = r.u32_be();
  if (!lifetime || !age_add) return malformed("NewSessionTicket: truncated");
  m.lifetime = *lifetime;
  m.age_add = *age_add;
  auto nonce = r.u8_prefixed();
  if (!nonce) return malformed("NewSessionTicket: truncated nonce");
  m.nonce = copy(nonce->rest());
  auto ticket = r.u16_prefixed();
  if (!ticket || ticket->empty()) return malformed("NewSessionTicket: bad ticket");
  m.ticket = copy(ticket->rest());
  auto exts = read_extensions(r, false);
  if (!exts) return std::unexpected(exts.error());
  m.extensions = std::move(*exts);
  if (auto e = at_end(r, "NewSessionTicket: trailing bytes"); !e) return std::unexpected(e.error());
  return m;
}

Bytes encode(const NewSessionTicket& m) {
  return message(HandshakeType::new_session_ticket, [&](Writer& w) {
    w.u32_be(m.lifetime);
    w.u32_be(m.age_add);
    w.u8_prefixed([&](Writer& x) { x.bytes(m.nonce); });
    w.u16_prefixed([&](Writer& x) { x.bytes(m.ticket); });
    write_extensions(w, m.extensions);
  });
}

Result<KeyUpdate> decode_key_update(ByteView body) {
  if (body.size() != 1) return malformed("KeyUpdate: not one byte");
  if (body[0] > 1) return fail(Alert::illegal_parameter, "KeyUpdate: request_update is neither 0 nor 1");
  return KeyUpdate{body[0] == 1};
}

Bytes encode(const KeyUpdate& m) {
  return message(HandshakeType::key_update,
                 [&](Writer& w) { w.u8(m.update_requested ? 1 : 0); });
}

// ---- TLS 1.2

Result<std::vector<Bytes>> decode_certificate12(ByteView body) {
  Reader r(body);
  auto list = r.u24_prefixed();
  if (!list) return malformed("Certificate: truncated certificate_list");
  std::vector<Bytes> chain;
  while (!list->empty()) {
    auto data = list->u24_prefixed();
    if (!data || data->empty()) return malformed("Certificate: bad ASN.1Cert");
    chain.push_back(copy(data->rest()));
  }
  if (auto e = at_end(r, "Certificate: trailing bytes"); !e) return std::unexpected(e.error());
  return chain;
}

Bytes encode_certificate12(std::span<const Bytes> chain) {
  return message(HandshakeType::certificate, [&](Writer& w) {
    w.u24_prefixed([&](Writer& x) {
      for (const auto& der : chain) x.u24_prefixed([&](Writer& y) { y.bytes(der); });
    });
  });
}

Result<CertificateRequest12> decode_certificate_request12(ByteView body, bool with_algorithms) {
  Reader r(body);
  CertificateRequest12 m;
  auto types = r.u8_prefixed();
  if (!types || types->empty()) return malformed("CertificateRequest: bad certificate_types");
  m.certificate_types = copy(types->rest());
  if (with_algorithms) {
    auto algs = r.u16_prefixed();
    if (!algs || algs->empty() || algs->remaining() % 2 != 0)
      return malformed("CertificateRequest: bad supported_signature_algorithms");
    while (!algs->empty()) m.signature_algorithms.push_back(*algs->u16_be());
  }
  auto cas = r.u16_prefixed();
  if (!cas) return malformed("CertificateRequest: truncated certificate_authorities");
  m.authorities = copy(cas->rest());
  if (auto e = at_end(r, "CertificateRequest: trailing bytes"); !e) return std::unexpected(e.error());
  return m;
}

Bytes encode(const CertificateRequest12& m, bool with_algorithms) {
  return message(HandshakeType::certificate_request, [&](Writer& w) {
    w.u8_prefixed([&](Writer& x) { x.bytes(m.certificate_types); });
    if (with_algorithms)
      w.u16_prefixed([&](Writer& x) {
        for (auto a : m.signature_algorithms) x.u16_be(a);
      });
    w.u16_prefixed([&](Writer& x) { x.bytes(m.authorities); });
  });
}

Result<ServerKeyExchange> decode_server_key_exchange(ByteView body, bool dhe, bool with_algorithm) {
  Reader r(body);
  ServerKeyExchange m;
  if (dhe) {
    auto p = r.u16_prefixed();
    auto g = p ? r.u16_prefixed() : cstruct::Result<Reader>(std::unexpected(p.error()));
    auto ys = g ? r.u16_prefixed() : cstruct::Result<Reader>(std::unexpected(g.error()));
    if (!p || !g || !ys || p->empty() || g->empty() || ys->empty())
      return malformed("ServerKeyExchange: bad DH parameters");
    m.dh_p = copy(p->rest());
    m.dh_g = copy(g->rest());
    m.public_value = copy(ys->rest());
  } else {
    auto type = r.u8();
    if (!type) return malformed("ServerKeyExchange: truncated");
    if (*type != 3) return fail(Alert::illegal_parameter, "ServerKeyExchange: not a named curve");
    auto group = r.u16_be();
    auto point = group ? r.u8_prefixed() : cstruct::Result<Reader>(std::unexpected(group.error()));
    if (!group || !point || point->empty()) return malformed("ServerKeyExchange: bad ECDH parameters");
    m.group = *group;
    m.public_value = copy(point->rest());
  }
  m.params = copy(body.first(body.size() - r.remaining()));
  auto alg = with_algorithm ? r.u16_be() : cstruct::Result<std::uint16_t>(0);
  auto sig = alg ? r.u16_prefixed() : cstruct::Result<Reader>(std::unexpected(alg.error()));
  if (!alg || !sig || sig->empty()) return malformed("ServerKeyExchange: truncated signature");
  m.algorithm = *alg;
  m.signature = copy(sig->rest());
  if (auto e = at_end(r, "ServerKeyExchange: trailing bytes"); !e) return std::unexpected(e.error());
  return m;
}

Bytes ecdhe_params(std::uint16_t group, ByteView point) {
  Writer w;
  w.u8(3);
  w.u16_be(group);
  w.u8_prefixed([&](Writer& x) { x.bytes(point); });
  return take(w);
}

Bytes dhe_params(ByteView p, ByteView g, ByteView ys) {
  Writer w;
  for (ByteView v : {p, g, ys}) w.u16_prefixed([&](Writer& x) { x.bytes(v); });
  return take(w);
}

Bytes encode_server_key_exchange(ByteView params, std::optional<std::uint16_t> algorithm, ByteView signature) {
  return message(HandshakeType::server_key_exchange, [&](Writer& w) {
    w.bytes(params);
    if (algorithm) w.u16_be(*algorithm);
    w.u16_prefixed([&](Writer& x) { x.bytes(signature); });
  });
}

Result<Bytes> decode_client_key_exchange(ByteView body, bool dhe) {
  Reader r(body);
  auto v = dhe ? r.u16_prefixed() : r.u8_prefixed();
  if (!v || v->empty()) return malformed("ClientKeyExchange: bad public value");
  if (auto e = at_end(r, "ClientKeyExchange: trailing bytes"); !e) return std::unexpected(e.error());
  return copy(v->rest());
}

Bytes encode_client_key_exchange(ByteView public_value, bool dhe) {
  return message(HandshakeType::client_key_exchange, [&](Writer& w) {
    if (dhe) {
      w.u16_prefixed([&](Writer& x) { x.bytes(public_value); });
    } else {
      w.u8_prefixed([&](Writer& x) { x.bytes(public_value); });
    }
  });
}

Bytes encode_message(HandshakeType type, ByteView body) {
  return message(type, [&](Writer& w) { w.bytes(body); });
}

Result<NewSessionTicket12> decode_new_session_ticket12(ByteView body) {
  Reader r(body);
  auto hint = r.u32_be();
  auto ticket = hint ? r.u16_prefixed() : cstruct::Result<Reader>(std::unexpected(hint.error()));
  if (!hint || !ticket) return malformed("NewSessionTicket: truncated");
  if (auto e = at_end(r, "NewSessionTicket: trailing bytes"); !e) return std::unexpected(e.error());
  return NewSessionTicket12{*hint, copy(ticket->rest())};
}

Bytes encode(const NewSessionTicket12& m) {
  return message(HandshakeType::new_session_ticket, [&](Writer& w) {
    w.u32_be(m.lifetime_hint);
    w.u16_prefixed([&](Writer& x) { x.bytes(m.ticket); });
  });
}

// ---- extension bodies

Bytes ocsp_status_request() { return Bytes{1, 0, 0, 0, 0}; }

Result<Bytes> decode_certificate_status(ByteView body) {
  Reader r(body);
  auto type = r.u8();
  if (!type) return malformed("CertificateStatus: truncated");
  if (*type != 1) return fail(Alert::illegal_parameter, "CertificateStatus: not an OCSP response");
  auto response = r.u24_prefixed();
  if (!response || response->empty()) return malformed("CertificateStatus: bad OCSPResponse");
  if (auto e = at_end(r, "CertificateStatus: trailing bytes"); !e) return std::unexpected(e.error());
  return copy(response->rest());
}

Bytes encode_certificate_status(ByteView ocsp_response) {
  Writer w;
  w.u8(1);
  w.u24_prefixed([&](Writer& x) { x.bytes(ocsp_response); });
  return take(w);
}

Result<std::vector<std::uint16_t>> decode_u16_list(ByteView data) {
  Reader r(data);
  auto list = r.u16_prefixed();
  if (!list || list->empty() || list->remaining() % 2 != 0 || !r.empty())
    return malformed("extension: bad list of 16-bit values");
  std::vector<std::uint16_t> out;
  while (!list->empty()) out.push_back(*list->u16_be());
  return out;
}

Bytes encode_u16_list(std::span<const std::uint16_t> values) {
  Writer w;
  w.u16_prefixed([&](Writer& x) {
    for (auto v : values) x.u16_be(v);
  });
  return take(w);
}

Result<std::vector<std::uint16_t>> decode_supported_versions_client(ByteView data) {
  Reader r(data);
  auto list = r.u8_prefixed();
  if (!list || list->empty() || list->remaining() % 2 != 0 || !r.empty())
    return malformed("supported_versions: bad list");
  std::vector<std::uint16_t> out;
  while (!list->empty()) out.push_back(*list->u16_be());
  return out;
}

Result<std::vector<KeyShareEntry>> decode_key_share_client(ByteView data) {
  Reader r(data);
  auto list = r.u16_prefixed();
  if (!list || !r.empty()) return malformed("key_share: bad client_shares");
  std::vector<KeyShareEntry> out;
  SeenU16 seen;
  while (!list->empty()) {
    auto group = list->u16_be();
    auto key = group ? list->u16_prefixed() : cstruct::Result<Reader>(std::unexpected(group.error()));
    if (!group || !key || key->empty()) return malformed("key_share: bad entry");
    if (!seen.insert(*group)) return fail(Alert::illegal_parameter, "key_share: two shares for one group");
    out.push_back({*group, copy(key->rest())});
  }
  return out;
}

Bytes encode_key_share_client(std::span<const KeyShareEntry> entries) {
  Writer w;
  w.u16_prefixed([&](Writer& x) {
    for (const auto& e : entries) {
      x.u16_be(e.group);
      x.u16_prefixed([&](Writer& y) { y.bytes(e.key_exchange); });
    }
  });
  return take(w);
}

Result<KeyShareEntry> decode_key_share_server(ByteView data) {
  Reader r(data);
  auto group = r.u16_be();
  auto key = group ? r.u16_prefixed() : cstruct::Result<Reader>(std::unexpected(group.error()));
  if (!group || !key || key->empty() || !r.empty()) return malformed("key_share: bad server_share");
  return KeyShareEntry{*group, copy(key->rest())};
}

Result<std::uint16_t> decode_key_share_hrr(ByteView data) {
  if (data.size() != 2) return malformed("key_share: bad selected_group");
  return static_cast<std::uint16_t>((data[0] << 8) | data[1]);
}

Result<std::string> decode_server_name(ByteView data) {
  Reader r(data);
  auto list = r.u16_prefixed();
  if (!list || !r.empty()) return malformed("server_name: bad list");
  std::optional<std::string> host;
  while (!list->empty()) {
    auto type = list->u8();
    auto name = type ? list->u16_prefixed() : cstruct::Result<Reader>(std::unexpected(type.error()));
    if (!type || !name) return malformed("server_name: truncated entry");
    if (*type != 0) continue;  // other name types: none defined, skip
    if (host) return malformed("server_name: two host names");
    auto bytes = name->rest();
    if (bytes.empty() || std::find(bytes.begin(), bytes.end(), 0) != bytes.end())
      return malformed("server_name: empty host name or a NUL byte in it");
    host.emplace(bytes.begin(), bytes.end());
  }
  if (!host) return malformed("server_name: no host name");
  return *host;
}

Bytes encode_server_name(std::string_view host) {
  Writer w;
  w.u16_prefixed([&](Writer& x) {
    x.u8(0);
    x.u16_prefixed([&](Writer& y) {
      y.bytes(ByteView(reinterpret_cast<const std::uint8_t*>(host.data()), host.size()));
    });
  });
  return take(w);
}

Result<std::vector<std::string>> decode_alpn(ByteView data) {
  Reader r(data);
  auto list = r.u16_prefixed();
  if (!list || list->empty() || !r.empty()) return malformed("alpn: bad protocol_name_list");
  std::vector<std::string> out;
  while (!list->empty()) {
    auto name = list->u8_prefixed();
    if (!name || name->empty()) return malformed("alpn: empty or truncated protocol name");
    out.emplace_back(name->rest().begin(), name->rest().end());
  }
  return out;
}

Bytes encode_alpn(std::span<const std::string> protocols) {
  Writer w;
  w.u16_prefixed([&](Writer& x) {
    for (const auto& p : protocols)
      x.u8_prefixed([&](Writer& y) {
        y.bytes(ByteView(reinterpret_cast<const std::uint8_t*>(p.data()), p.size()));
      });
  });
  return take(w);
}

Result<Bytes> decode_cookie(ByteView data) {
  Reader r(data);
  auto c = r.u16_prefixed();
  if (!c || c->empty() || !r.empty()) return malformed("cookie: bad value");
  return copy(c->rest());
}

Bytes encode_cookie(ByteView cookie) {
  Writer w;
  w.u16_prefixed([&](Writer& x) { x.bytes(cookie); });
  return take(w);
}

Result<OfferedPsks> decode_pre_shared_key_client(ByteView data) {
  Reader r(data);
  OfferedPsks out;
  auto ids = r.u16_prefixed();
  if (!ids || ids->empty()) return malformed("pre_shared_key: identities truncated or empty");
  while (!ids->empty()) {
    auto id = ids->u16_prefixed();
    if (!id || id->empty()) return malformed("pre_shared_key: identity truncated or empty");
    auto age = ids->u32_be();
    if (!age) return malformed("pre_shared_key: ticket age truncated");
    out.identities.push_back({copy(id->rest()), *age});
  }
  auto binders = r.u16_prefixed();
  if (!binders || binders->empty()) return malformed("pre_shared_key: binders truncated or empty");
  while (!binders->empty()) {
    auto b = binders->u8_prefixed();
    if (!b || b->rest().size() < 32) return malformed("pre_shared_key: binder truncated or shorter than 32 bytes");
    out.binders.push_back(copy(b->rest()));
  }
  if (auto end = at_end(r, "pre_shared_key"); !end) return std::unexpected(end.error());
  if (out.binders.size() != out.identities.size())
    return fail(Alert::illegal_parameter, "pre_shared_key: binders and identities differ in number");
  return out;
}

Bytes encode_pre_shared_key_client(const OfferedPsks& psks) {
  Writer w;
  w.u16_prefixed([&](Writer& x) {
    for (const auto& id : psks.identities) {
      x.u16_prefixed([&](Writer& y) { y.bytes(id.identity); });
      x.u32_be(id.obfuscated_ticket_age);
    }
  });
  w.u16_prefixed([&](Writer& x) {
    for (const auto& b : psks.binders) x.u8_prefixed([&](Writer& y) { y.bytes(b); });
  });
  return take(w);
}

std::size_t binders_length(const OfferedPsks& psks) {
  std::size_t n = 2;
  for (const auto& b : psks.binders) n += 1 + b.size();
  return n;
}

Result<std::uint16_t> decode_pre_shared_key_server(ByteView data) {
  Reader r(data);
  auto v = r.u16_be();
  if (!v || !r.empty()) return malformed("pre_shared_key: selected_identity is not two bytes");
  return *v;
}

}  // namespace tls::wire
