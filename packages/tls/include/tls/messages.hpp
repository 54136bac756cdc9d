#pragma once
// Handshake messages of TLS 1.3 (RFC 8446 section 4) and those TLS 1.2 adds (RFC 5246
// 7.4, RFC 8422 5.4) as values, decoded from and encoded to their exact wire bytes. Decoding never reads out of bounds: a short or overlong
// field is decode_error, a value the RFC forbids is illegal_parameter.
#include <tls/types.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace tls::wire {

enum class HandshakeType : std::uint8_t {
  hello_request = 0,  // TLS 1.2
  client_hello = 1,
  server_hello = 2,
  new_session_ticket = 4,
  end_of_early_data = 5,
  encrypted_extensions = 8,
  certificate = 11,
  server_key_exchange = 12,  // TLS 1.2
  certificate_request = 13,
  server_hello_done = 14,  // TLS 1.2
  certificate_verify = 15,
  client_key_exchange = 16,  // TLS 1.2
  certificate_status = 22,   // TLS 1.2 (RFC 6066 8)
  finished = 20,
  key_update = 24,
  message_hash = 254,
};

namespace ext {
inline constexpr std::uint16_t server_name = 0;
inline constexpr std::uint16_t max_fragment_length = 1;
inline constexpr std::uint16_t status_request = 5;
inline constexpr std::uint16_t supported_groups = 10;
inline constexpr std::uint16_t ec_point_formats = 11;
inline constexpr std::uint16_t signature_algorithms = 13;
inline constexpr std::uint16_t alpn = 16;
inline constexpr std::uint16_t padding = 21;
inline constexpr std::uint16_t encrypt_then_mac = 22;
inline constexpr std::uint16_t extended_master_secret = 23;
inline constexpr std::uint16_t record_size_limit = 28;
inline constexpr std::uint16_t session_ticket = 35;
inline constexpr std::uint16_t pre_shared_key = 41;
inline constexpr std::uint16_t early_data = 42;
inline constexpr std::uint16_t supported_versions = 43;
inline constexpr std::uint16_t cookie = 44;
inline constexpr std::uint16_t psk_key_exchange_modes = 45;
inline constexpr std::uint16_t certificate_authorities = 47;
inline constexpr std::uint16_t post_handshake_auth = 49;
inline constexpr std::uint16_t signature_algorithms_cert = 50;
inline constexpr std::uint16_t key_share = 51;
inline constexpr std::uint16_t renegotiation_info = 0xff01;
}  // namespace ext

// One extension as sent: its type and its extension_data, undecoded.
struct Extension {
  std::uint16_t type = 0;
  Bytes data;
  friend bool operator==(const Extension&, const Extension&) = default;
};

// Extensions in the order they came (or are to be sent). Decoding refuses duplicates
// (illegal_parameter, RFC 8446 4.2).
struct Extensions {
  std::vector<Extension> items;
  const Extension* find(std::uint16_t type) const noexcept;
  void add(std::uint16_t type, Bytes data) { items.push_back({type, std::move(data)}); }
  friend bool operator==(const Extensions&, const Extensions&) = default;
};

struct KeyShareEntry {
  std::uint16_t group = 0;
  Bytes key_exchange;
  friend bool operator==(const KeyShareEntry&, const KeyShareEntry&) = default;
};

using Random = std::array<std::uint8_t, 32>;

struct ClientHello {
  std::uint16_t legacy_version = 0x0303;
  Random random{};
  Bytes legacy_session_id;  // 0..32 bytes
  std::vector<std::uint16_t> cipher_suites;
  Bytes legacy_compression_methods{0};
  Extensions extensions;
  friend bool operator==(const ClientHello&, const ClientHello&) = default;
};

// A ServerHello, or a HelloRetryRequest (a ServerHello whose random is the RFC's
// constant: is_hello_retry_request()).
struct ServerHello {
  std::uint16_t legacy_version = 0x0303;
  Random random{};
  Bytes legacy_session_id_echo;
  std::uint16_t cipher_suite = 0;
  std::uint8_t legacy_compression_method = 0;
  Extensions extensions;
  bool is_hello_retry_request() const noexcept;
  friend bool operator==(const ServerHello&, const ServerHello&) = default;
};

// SHA-256("HelloRetryRequest"), the random of every HelloRetryRequest.
extern const Random hello_retry_request_random;

struct EncryptedExtensions {
  Extensions extensions;
};

struct CertificateEntry {
  Bytes cert_data;  // DER X.509
  Extensions extensions;
};

struct Certificate {
  Bytes request_context;
  std::vector<CertificateEntry> entries;
};

struct CertificateRequest {
  Bytes request_context;
  Extensions extensions;
};

struct CertificateVerify {
  std::uint16_t algorithm = 0;
  Bytes signature;
};

struct Finished {
  Bytes verify_data;
};

struct NewSessionTicket {
  std::uint32_t lifetime = 0;
  std::uint32_t age_add = 0;
  Bytes nonce;
  Bytes ticket;
  Extensions extensions;
};

struct KeyUpdate {
  bool update_requested = false;
};

// ---- whole handshake messages: 1-byte type, 3-byte length, body

// A handshake message's header and body, borrowed from the input.
struct Message {
  HandshakeType type{};
  ByteView body;
  ByteView whole;  // header and body: what the transcript hashes
};

// The first complete message at the start of `in`, or nothing when `in` holds only part
// of one. decode_error when its length exceeds max_length.
Result<std::optional<Message>> next_message(ByteView in, std::size_t max_length);

Result<ClientHello> decode_client_hello(ByteView body);
Result<ServerHello> decode_server_hello(ByteView body);
Result<EncryptedExtensions> decode_encrypted_extensions(ByteView body);
Result<Certificate> decode_certificate(ByteView body);
Result<CertificateRequest> decode_certificate_request(ByteView body);
// TLS 1.0 and 1.1's CertificateVerify is the signature alone (algorithm left 0).
Result<CertificateVerify> decode_certificate_verify(ByteView body, bool with_algorithm = true);
Result<Finished> decode_finished(ByteView body, std::size_t hash_length);
Result<NewSessionTicket> decode_new_session_ticket(ByteView body);
Result<KeyUpdate> decode_key_update(ByteView body);

// Each encoder returns the whole message, header included.
Bytes encode(const ClientHello& m);
Bytes encode(const ServerHello& m);
Bytes encode(const EncryptedExtensions& m);
Bytes encode(const Certificate& m);
Bytes encode(const CertificateRequest& m);
Bytes encode(const CertificateVerify& m, bool with_algorithm = true);
Bytes encode(const Finished& m);
Bytes encode(const NewSessionTicket& m);
Bytes encode(const KeyUpdate& m);

// ---- TLS 1.2

// Certificate (RFC 5246 7.4.2): the chain's DER certificates, without contexts or
// extensions. The list may be empty (a client without a certificate); an entry may not.
Result<std::vector<Bytes>> decode_certificate12(ByteView body);
Bytes encode_certificate12(std::span<const Bytes> chain);

// CertificateRequest (RFC 5246 7.4.4): certificate types, signature algorithms (never
// empty; absent in TLS 1.0 and 1.1), the acceptable CAs' names (kept encoded).
struct CertificateRequest12 {
  Bytes certificate_types;
  std::vector<std::uint16_t> signature_algorithms;
  Bytes authorities;  // DistinguishedName list, length prefix excluded
};
Result<CertificateRequest12> decode_certificate_request12(ByteView body, bool with_algorithms = true);
Bytes encode(const CertificateRequest12& m, bool with_algorithms = true);

// ServerKeyExchange for ECDHE (RFC 8422 5.4: named curves only) or DHE (RFC 5246 7.4.3),
// with its signature; `params` are the bytes the signature covers after the randoms.
// TLS 1.0 and 1.1 name no signature algorithm (with_algorithm false, algorithm 0).
struct ServerKeyExchange {
  Bytes params;
  std::uint16_t group = 0;   // ECDHE: the named group
  Bytes dh_p, dh_g;          // DHE: the group's prime and generator
  Bytes public_value;        // the point, or dh_Ys
  std::uint16_t algorithm = 0;
  Bytes signature;
};
Result<ServerKeyExchange> decode_server_key_exchange(ByteView body, bool dhe, bool with_algorithm = true);
Bytes ecdhe_params(std::uint16_t group, ByteView point);
Bytes dhe_params(ByteView p, ByteView g, ByteView ys);
Bytes encode_server_key_exchange(ByteView params, std::optional<std::uint16_t> algorithm, ByteView signature);

// ClientKeyExchange: the client's point (<1..255>) or dh_Yc (<1..2^16-1>).
Result<Bytes> decode_client_key_exchange(ByteView body, bool dhe);
Bytes encode_client_key_exchange(ByteView public_value, bool dhe);

// A handshake message of `type` around `body` (ServerHelloDone and EndOfEarlyData: empty;
// CertificateStatus: encode_certificate_status's).
Bytes encode_message(HandshakeType type, ByteView body);

// NewSessionTicket (RFC 5077 3.3): a lifetime hint and an opaque ticket.
struct NewSessionTicket12 {
  std::uint32_t lifetime_hint = 0;
  Bytes ticket;
};
Result<NewSessionTicket12> decode_new_session_ticket12(ByteView body);
Bytes encode(const NewSessionTicket12& m);

// ---- extension bodies

// status_request from a client: an OCSP request with no responder IDs or extensions.
Bytes ocsp_status_request();
// CertificateStatus (RFC 6066 8; the body of TLS 1.2's message and of TLS 1.3's
// status_request in a CertificateEntry): the DER OCSPResponse.
Result<Bytes> decode_certificate_status(ByteView body);
Bytes encode_certificate_status(ByteView ocsp_response);

Result<std::vector<std::uint16_t>> decode_u16_list(ByteView data);  // groups, schemes
Bytes encode_u16_list(std::span<const std::uint16_t> values);
Result<std::vector<std::uint16_t>> decode_supported_versions_client(ByteView data);
Result<std::vector<KeyShareEntry>> decode_key_share_client(ByteView data);
Bytes encode_key_share_client(std::span<const KeyShareEntry> entries);
Result<KeyShareEntry> decode_key_share_server(ByteView data);
Result<std::uint16_t> decode_key_share_hrr(ByteView data);
// The host_name of a server_name extension (RFC 6066 3): one entry of type 0, a name
// without NUL bytes. decode_error otherwise.
Result<std::string> decode_server_name(ByteView data);
Bytes encode_server_name(std::string_view host);
// ALPN protocol names (RFC 7301 3.1): non-empty names, a non-empty list.
Result<std::vector<std::string>> decode_alpn(ByteView data);
Bytes encode_alpn(std::span<const std::string> protocols);
Result<Bytes> decode_cookie(ByteView data);

// pre_shared_key in a ClientHello (RFC 8446 4.2.11): identities and their binders, as many
// of each, none empty.
struct PskIdentity {
  Bytes identity;
  std::uint32_t obfuscated_ticket_age = 0;
};
struct OfferedPsks {
  std::vector<PskIdentity> identities;
  std::vector<Bytes> binders;
};
Result<OfferedPsks> decode_pre_shared_key_client(ByteView data);
Bytes encode_pre_shared_key_client(const OfferedPsks& psks);
// Bytes at the end of the ClientHello that the binders take (their list, length included):
// what is left out of the hash the binders are computed over.
std::size_t binders_length(const OfferedPsks& psks);
Result<std::uint16_t> decode_pre_shared_key_server(ByteView data);
Bytes encode_cookie(ByteView cookie);

}  // namespace tls::wire
