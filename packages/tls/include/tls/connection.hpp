#pragma once
// A TLS 1.3 connection as a pure state machine (MirageOS's TLS in spirit): bytes from the
// peer go in through handle(), records to send accumulate and come out of take_output(),
// application data comes back from handle(). No I/O, no clock; randomness only from the
// generator given at creation, which must outlive the connection. Its draws come in a
// fixed order (client: random, then key shares; server: random, key share, then
// signature salt and RSA blinding, then a ticket's age_add and seal nonce), so a test can
// replay a published trace's values.
#include <tls/config.hpp>
#include <tls/types.hpp>

#include <nocrypto-pk/common.hpp>

#include <memory>
#include <optional>
#include <string>

namespace tls {

// What one call to handle() produced besides the records in take_output().
struct Received {
  Bytes data;                    // application data, in order
  bool handshake_done = false;   // the handshake completed during this call
  bool closed = false;           // the peer sent close_notify: no more data will come
  // A server's post-handshake authentication (RFC 8446 4.6.2) finished during this call:
  // info().client_authenticated and info().peer_chain say whether a certificate came.
  bool post_handshake_auth = false;
  // A server's 0-RTT data (RFC 8446 4.2.10), in order: an attacker can replay it, so act
  // on it only where doing it twice does no harm.
  Bytes early_data;
};

// What a client needs to resume a session: give it to Connection::client. TLS 1.3: a
// ticket (RFC 8446 4.6.1) and the resumption PSK derived from it. TLS 1.2: a ticket (RFC
// 5077) or a session ID the server keeps, and the master secret. Holds a secret: keep it
// as carefully as a key.
struct Ticket {
  ProtocolVersion version = ProtocolVersion::tls13;
  Bytes identity;  // the server's opaque ticket (TLS 1.2: empty when resuming by session ID)
  Bytes psk;       // TLS 1.3: HKDF-Expand-Label(resumption_master_secret, "resumption", nonce)
  Bytes master_secret;  // TLS 1.0-1.2
  Bytes session_id;     // TLS 1.0-1.2: the server's, for resumption by session ID
  bool extended_master_secret = false;  // TLS 1.0-1.2: resumed only with it again (RFC 7627 5.3)
  CipherSuite suite{};  // the PSK goes only with suites of this suite's hash
  std::uint32_t age_add = 0;
  std::uint32_t lifetime_s = 0;
  std::uint64_t received_ms = 0;  // clock_ms() when it arrived (0 without a clock)
  std::optional<std::string> server_name;  // the name the client asked for
  std::uint32_t max_early_data = 0;          // TLS 1.3: 0-RTT bytes the server takes with it
  std::optional<std::string> alpn;           // the session's protocol (0-RTT keeps it)
};

// What the handshake settled.
struct SessionInfo {
  ProtocolVersion version = ProtocolVersion::tls13;
  CipherSuite suite{};
  Group group{};
  std::optional<SignatureScheme> peer_signature;  // of the peer's CertificateVerify
  std::optional<std::string> alpn;
  std::optional<std::string> server_name;  // what the client asked for
  std::vector<x509::Certificate> peer_chain;
  bool hello_retry = false;
  bool client_authenticated = false;  // a server that received and checked a client chain
  bool resumed = false;  // the handshake used a ticket's PSK (no certificates were sent)
  bool early_data_accepted = false;  // the server took the client's 0-RTT data
  Bytes ocsp_response;  // a client's: the OCSPResponse the server stapled (DER, not checked)
  bool encrypt_then_mac = false;  // a CBC suite's records are encrypt-then-MAC (RFC 7366)
};

// Channel bindings: values that tie an authentication done inside the connection (SCRAM,
// token binding...) to this TLS session.
enum class ChannelBinding : std::uint8_t {
  tls_unique,            // RFC 5929 3: TLS 1.2's first Finished message (undefined for TLS 1.3)
  tls_server_end_point,  // RFC 5929 4: the hash of the server's certificate (SHA-256 at least)
  tls_exporter,          // RFC 9266: 32 bytes of the exporter "EXPORTER-Channel-Binding"
};

class Connection {
 public:
  // A client; its ClientHello is waiting in take_output(). The error says what is wrong
  // with the configuration.
  // With `resume`, the ClientHello offers that ticket's PSK (with a fresh key share: the
  // psk_dhe_ke mode), or for a TLS 1.2 session its ticket or session ID; the server may
  // still choose a full handshake.
  // With `early_data` too (TLS 1.3, a ticket whose max_early_data allows that much, and
  // our first ALPN protocol the session's), the data goes out as 0-RTT right after the
  // ClientHello; info().early_data_accepted says whether the server took it (if not,
  // send it again after the handshake).
  static Result<Connection> client(std::shared_ptr<const ClientConfig> config,
                                   nocrypto::pk::RandomRef rng, std::optional<Ticket> resume = {},
                                   ByteView early_data = {});
  static Result<Connection> server(std::shared_ptr<const ServerConfig> config,
                                   nocrypto::pk::RandomRef rng);

  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  // Feeds bytes read from the peer (any split: partial records are kept). On a failure
  // the fatal alert is already in take_output() and the connection is dead.
  Result<Received> handle(ByteView bytes);
  // The same into `got` (its data cleared first): a caller that keeps one Received
  // across calls reuses its buffer instead of allocating one per call.
  Result<void> handle(ByteView bytes, Received& got);
  // Records to send to the peer, in order; empties the queue.
  Bytes take_output();
  // The same, swapped into `buffer` (cleared first): the buffer passed in becomes the
  // queue's storage, so a caller alternating two calls allocates nothing in steady state.
  void take_output(Bytes& buffer);
  bool has_output() const noexcept;

  // Encrypts application data (after the handshake; unexpected_message before).
  Result<void> send(ByteView data);
  // Sends KeyUpdate and moves to the next write key; `request` asks the peer to do the same.
  Result<void> key_update(bool request = true);
  // A server's post-handshake certificate request (RFC 8446 4.6.2), for a TLS 1.3 client
  // that offered post_handshake_auth; the answer shows in Received::post_handshake_auth.
  // One at a time; the configuration's client_authenticator checks the chain.
  Result<void> request_client_certificate();
  // Sends close_notify. Data already received may still be read; nothing more is sent.
  void close();

  // Sessions to resume that the server has offered so far (a client's), oldest first:
  // TLS 1.3 tickets; after a TLS 1.2 handshake, its ticket or session ID. Empties the list.
  std::vector<Ticket> take_tickets();

  bool handshake_done() const noexcept;
  bool failed() const noexcept;
  const SessionInfo& info() const noexcept;

  // The binding of that kind, after the handshake. Errors for a kind the session does not
  // define: tls_unique in TLS 1.3, tls_exporter in TLS 1.2 without the extended master
  // secret, tls_server_end_point after a resumption (no certificate was sent) or for a
  // certificate signed without a single hash (Ed25519).
  Result<Bytes> channel_binding(ChannelBinding kind) const;

  // RFC 8446 7.5: TLS-Exporter(label, context, length), after the handshake; in TLS 1.2
  // RFC 5705's exporter with that context.
  Result<Bytes> export_keying_material(std::string_view label, ByteView context,
                                       std::size_t length) const;
  // The same without a context: RFC 5705 tells it from an empty one in TLS 1.2 (what
  // OpenSSL's SSL_export_keying_material with use_context 0 gives); TLS 1.3 does not.
  Result<Bytes> export_keying_material(std::string_view label, std::size_t length) const;

  struct State;

 private:
  explicit Connection(std::unique_ptr<State> s) noexcept;
  std::unique_ptr<State> s_;
};

}  // namespace tls
