// A connection's public face over its State (state.hpp): creation, input, output, data.
#include "state.hpp"

#include <nocrypto/sha2.hpp>
#include <x509/verify.hpp>

namespace tls {

// ---- Connection

Connection::Connection(std::unique_ptr<State> s) noexcept : s_(std::move(s)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Result<Connection> Connection::client(std::shared_ptr<const ClientConfig> config,
                                      nocrypto::pk::RandomRef rng, std::optional<Ticket> resume,
                                      ByteView early_data) {
  if (!config) return fail(Alert::internal_error, "no client configuration");
  if (std::string why = config->validate(); !why.empty())
    return std::unexpected(Error{Alert::internal_error, "invalid client configuration (validate() says why)", false});
  auto s = std::make_unique<State>(rng);
  s->is_client = true;
  s->client_config = std::move(config);
  s->resume = std::move(resume);
  s->early_to_send.assign(early_data.begin(), early_data.end());
  if (s->client_config->server_name && !x509::parse_ip_address(*s->client_config->server_name))
    s->info.server_name = s->client_config->server_name;
  if (auto r = s->start_client(); !r) return std::unexpected(r.error());
  return Connection(std::move(s));
}

Result<Connection> Connection::server(std::shared_ptr<const ServerConfig> config,
                                      nocrypto::pk::RandomRef rng) {
  if (!config) return fail(Alert::internal_error, "no server configuration");
  if (std::string why = config->validate(); !why.empty())
    return std::unexpected(Error{Alert::internal_error, "invalid server configuration (validate() says why)", false});
  auto s = std::make_unique<State>(rng);
  s->server_config = std::move(config);
  s->phase = Phase::server_wait_client_hello;
  return Connection(std::move(s));
}

Result<Received> Connection::handle(ByteView bytes) {
  Received got;
  if (auto r = s_->handle(bytes, got); !r) return std::unexpected(r.error());
  return got;
}

Result<void> Connection::handle(ByteView bytes, Received& got) { return s_->handle(bytes, got); }

Bytes Connection::take_output() {
  Bytes out;
  out.swap(s_->out);
  return out;
}

void Connection::take_output(Bytes& buffer) {
  buffer.clear();
  buffer.swap(s_->out);
}

bool Connection::has_output() const noexcept { return !s_->out.empty(); }

Result<void> Connection::send(ByteView data) {
  if (s_->phase == Phase::failed) return fail(Alert::internal_error, "connection failed");
  if (!s_->handshake_complete) return fail(Alert::unexpected_message, "send before the handshake completed");
  if (s_->closed) return fail(Alert::internal_error, "send after close");
  if (!data.empty()) s_->send_content(ContentType::application_data, data);
  return {};
}

Result<void> Connection::key_update(bool request) {
  if (s_->phase == Phase::failed) return fail(Alert::internal_error, "connection failed");
  if (!s_->handshake_complete) return fail(Alert::unexpected_message, "KeyUpdate before the handshake completed");
  if (s_->closed) return fail(Alert::internal_error, "KeyUpdate after close");
  if (s_->info.version != ProtocolVersion::tls13) return fail(Alert::internal_error, "KeyUpdate is TLS 1.3's");
  return s_->update_write_key(request);
}

Result<void> Connection::request_client_certificate() {
  if (s_->phase == Phase::failed) return fail(Alert::internal_error, "connection failed");
  return s_->request_client_certificate();
}

void Connection::close() {
  if (s_->closed || s_->phase == Phase::failed) return;
  s_->closed = true;
  s_->send_alert(Alert::close_notify);
}

std::vector<Ticket> Connection::take_tickets() {
  std::vector<Ticket> t;
  t.swap(s_->tickets);
  return t;
}

bool Connection::handshake_done() const noexcept { return s_->handshake_complete; }
bool Connection::failed() const noexcept { return s_->phase == Phase::failed; }
const SessionInfo& Connection::info() const noexcept { return s_->info; }

Result<Bytes> Connection::channel_binding(ChannelBinding kind) const {
  if (!s_->handshake_complete) return fail(Alert::internal_error, "channel binding before the handshake completed");
  const bool tls12 = s_->legacy();  // or 1.0, 1.1
  switch (kind) {
    case ChannelBinding::tls_unique:
      if (!tls12) return fail(Alert::internal_error, "tls-unique is not defined for TLS 1.3 (RFC 9266)");
      return s_->first_finished;
    case ChannelBinding::tls_exporter:
      if (tls12 && !s_->extended_master_secret)
        return fail(Alert::internal_error, "tls-exporter needs the extended master secret in TLS 1.2 and older (RFC 9266 3)");
      return export_keying_material("EXPORTER-Channel-Binding", {}, 32);
    case ChannelBinding::tls_server_end_point: break;
  }
  ByteView der = s_->server_leaf_der;
  if (!s_->is_client) der = s_->certified != nullptr && !s_->info.resumed ? ByteView(s_->certified->chain.front()) : ByteView();
  if (der.empty()) return fail(Alert::internal_error, "tls-server-end-point: no server certificate in this handshake");
  auto leaf = x509::parse_certificate(der);
  if (!leaf) return fail(Alert::internal_error, "tls-server-end-point: the server certificate does not parse");
  x509::VerifyOptions sha1_too;
  sha1_too.allow_sha1 = true;
  auto scheme = x509::signature_scheme(leaf->signature_algorithm, sha1_too);
  // RFC 5929 4.1: the certificate's signature hash, SHA-256 for MD5 or SHA-1.
  if (!scheme || scheme->hash == x509::HashKind::None)
    return fail(Alert::internal_error, "tls-server-end-point is not defined for the certificate's signature algorithm");
  const auto h = scheme->hash;
  if (h == x509::HashKind::Sha512) {
    nocrypto::Sha512 hasher;
    hasher.feed(der);
    const auto d = hasher.finish();
    return Bytes(d.begin(), d.end());
  }
  return crypto::hash(h == x509::HashKind::Sha384 ? HashAlg::sha384 : HashAlg::sha256, der);
}

Result<Bytes> Connection::export_keying_material(std::string_view label, std::size_t length) const {
  if (!s_->handshake_complete) return fail(Alert::internal_error, "exporter before the handshake completed");
  if (s_->legacy()) return s_->export12(label, std::nullopt, length);
  return export_keying_material(label, ByteView{}, length);
}

Result<Bytes> Connection::export_keying_material(std::string_view label, ByteView context,
                                                 std::size_t length) const {
  if (!s_->handshake_complete) return fail(Alert::internal_error, "exporter before the handshake completed");
  if (s_->legacy()) return s_->export12(label, context, length);
  if (label.size() > 249) return fail(Alert::internal_error, "exporter label too long");
  if (length > 255 * crypto::hash_length(s_->hash)) return fail(Alert::internal_error, "exporter length too long");
  const HashAlg h = s_->hash;
  const Bytes secret = crypto::derive_secret(h, s_->exporter_secret, label, s_->empty_hash());
  return crypto::hkdf_expand_label(h, secret, "exporter", crypto::hash(h, context), length);
}

}  // namespace tls
