// Every decoder of handshake messages and extensions, and record protection opening a
// record under fixed keys (TLS 1.3 and 1.2 AEAD, CBC both MAC orders in 1.0-1.2), fed
// arbitrary bytes: the first byte picks which, the rest is the input. Hellos that decode
// must encode back to bytes that decode to the same value.
#include <tls/crypto.hpp>
#include <tls/messages.hpp>

#include <array>
#include <cstdint>

namespace {

using namespace tls;

struct Fixed {
  bool generate(std::span<std::uint8_t> out) {
    for (auto& b : out) b = 0x42;
    return true;
  }
};

template <class T, class F>
void round_trip(const Result<T>& decoded, F&& decode) {
  if (!decoded) return;
  auto again = decode(wire::encode(*decoded));
  if (!again || !(*again == *decoded)) __builtin_trap();
}

void decode(std::uint8_t which, ByteView in) {
  switch (which % 32) {
    case 0: round_trip(wire::decode_client_hello(in), [](ByteView m) { return wire::decode_client_hello(m.subspan(4)); }); break;
    case 1: round_trip(wire::decode_server_hello(in), [](ByteView m) { return wire::decode_server_hello(m.subspan(4)); }); break;
    case 2: (void)wire::decode_encrypted_extensions(in); break;
    case 3: (void)wire::decode_certificate(in); break;
    case 4: (void)wire::decode_certificate_request(in); break;
    case 5: (void)wire::decode_certificate_verify(in, true); break;
    case 6: (void)wire::decode_certificate_verify(in, false); break;
    case 7: (void)wire::decode_finished(in, 12); break;
    case 8: (void)wire::decode_new_session_ticket(in); break;
    case 9: (void)wire::decode_key_update(in); break;
    case 10: (void)wire::decode_certificate12(in); break;
    case 11: (void)wire::decode_certificate_request12(in, true); break;
    case 12: (void)wire::decode_certificate_request12(in, false); break;
    case 13: (void)wire::decode_server_key_exchange(in, false, true); break;
    case 14: (void)wire::decode_server_key_exchange(in, true, true); break;
    case 15: (void)wire::decode_server_key_exchange(in, true, false); break;
    case 16: (void)wire::decode_client_key_exchange(in, false); break;
    case 17: (void)wire::decode_client_key_exchange(in, true); break;
    case 18: (void)wire::decode_new_session_ticket12(in); break;
    case 19: (void)wire::decode_certificate_status(in); break;
    case 20: (void)wire::decode_u16_list(in); break;
    case 21: (void)wire::decode_supported_versions_client(in); break;
    case 22: (void)wire::decode_key_share_client(in); break;
    case 23: (void)wire::decode_key_share_server(in); break;
    case 24: (void)wire::decode_key_share_hrr(in); break;
    case 25: (void)wire::decode_server_name(in); break;
    case 26: (void)wire::decode_alpn(in); break;
    case 27: (void)wire::decode_cookie(in); break;
    case 28: (void)wire::decode_pre_shared_key_client(in); break;
    case 29: (void)wire::decode_pre_shared_key_server(in); break;
    default: {
      for (std::size_t at = 0;;) {  // a stream of handshake messages
        auto m = wire::next_message(in.subspan(at), 1 << 16);
        if (!m || !*m) break;
        at += (*m)->whole.size();
      }
    }
  }
}

// A record under one of the fixed key sets: the first 5 input bytes are its header.
void open_record(std::uint8_t which, ByteView in) {
  if (in.size() < 5) return;
  static const std::array<std::uint8_t, 48> key_bytes = [] {
    std::array<std::uint8_t, 48> k{};
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(i * 7 + 1);
    return k;
  }();
  const ByteView k(key_bytes);
  Fixed rng;
  using S = CipherSuite;
  using V = ProtocolVersion;
  Result<crypto::RecordProtection> p = std::unexpected(Error{});
  switch (which % 8) {
    case 0: p = crypto::RecordProtection::from_secret(S::aes_128_gcm_sha256, k.first(32)); break;
    case 1: p = crypto::RecordProtection::from_secret(S::chacha20_poly1305_sha256, k.first(32)); break;
    case 2: p = crypto::RecordProtection::tls12(S::ecdhe_rsa_aes_128_gcm_sha256, k.first(16), k.first(4)); break;
    case 3: p = crypto::RecordProtection::tls12(S::ecdhe_ecdsa_aes_256_ccm, k.first(32), k.first(4)); break;
    case 4: p = crypto::RecordProtection::cbc(S::ecdhe_rsa_aes_128_cbc_sha, V::tls10, k.first(20), k.first(16), k.first(16), rng); break;
    case 5: p = crypto::RecordProtection::cbc(S::ecdhe_rsa_aes_128_cbc_sha, V::tls11, k.first(20), k.first(16), k.first(16), rng, true); break;
    case 6: p = crypto::RecordProtection::cbc(S::ecdhe_rsa_aes_256_cbc_sha384, V::tls12, k.first(48), k.first(32), k.first(16), rng); break;
    default: p = crypto::RecordProtection::cbc(S::ecdhe_ecdsa_aes_128_cbc_sha256, V::tls12, k.first(32), k.first(16), k.first(16), rng, true); break;
  }
  if (!p) __builtin_trap();
  (void)p->open(in.first(5), in.subspan(5));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ByteView in(data + 1, size - 1);
  if (data[0] & 0x80) {
    open_record(data[0], in);
  } else {
    decode(data[0], in);
  }
  return 0;
}
