#pragma once
// The RFC 8448 section 3 handshake as configurations: a client and a server that, given
// the trace's randoms and keys in that order, produce the trace's records. Shared by the
// byte-for-byte test and the fuzz targets (whose corpora start from the trace).
#include "rfc8448.hpp"

#include <tls/connection.hpp>

#include <nocrypto/sha2.hpp>
#include <nocrypto-pk/rsa.hpp>

namespace tls::trace {

namespace r = rfc8448;

template <std::size_t N>
inline Bytes b(const std::uint8_t (&a)[N]) {
  return Bytes(a, a + N);
}

inline Bytes cat(Bytes x, const Bytes& y) {
  x.insert(x.end(), y.begin(), y.end());
  return x;
}

inline const std::vector<Group> trace_groups{Group::x25519,    Group::secp256r1, Group::secp384r1,
                                      Group::secp521r1, Group::ffdhe2048, Group::ffdhe3072,
                                      Group::ffdhe4096, Group::ffdhe6144, Group::ffdhe8192};

inline std::shared_ptr<ClientConfig> trace_client() {
  auto c = std::make_shared<ClientConfig>();
  c->server_name = "server";
  c->insecure_skip_verification = true;  // the trace's certificate expired in 2026
  c->suites = {CipherSuite::aes_128_gcm_sha256, CipherSuite::chacha20_poly1305_sha256,
               CipherSuite::aes_256_gcm_sha384};
  c->groups = trace_groups;
  c->advertised_signature_algorithms = {0x0403, 0x0503, 0x0603, 0x0203, 0x0804,
                                        0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
                                        0x0201, 0x0402, 0x0502, 0x0602, 0x0202};
  c->record_size_limit = 0x4001;
  return c;
}

inline x509::PrivateKey trace_key() {
  namespace k = r::server_rsa_private_key;
  auto key = nocrypto::pk::RsaPrivateKey::make(b(k::modulus), b(k::public_exponent), b(k::private_exponent),
                                               b(k::prime1), b(k::prime2), b(k::exponent1),
                                               b(k::exponent2), b(k::coefficient));
  if (!key) __builtin_trap();  // the RFC's key is valid
  return x509::PrivateKey(std::move(*key));
}

inline std::shared_ptr<ServerConfig> trace_server() {
  auto s = std::make_shared<ServerConfig>();
  s->groups = trace_groups;
  auto cert = x509::parse_certificate(b(r::server_certificate_der));
  if (!cert) __builtin_trap();
  s->certificates.push_back(Certified{{b(r::server_certificate_der)}, trace_key(), std::move(*cert)});
  s->record_size_limit = 0x4001;
  return s;
}

// The RSA-PSS salt inside the trace's CertificateVerify, recovered with the public key
// (RFC 8017 9.1.2 run backwards): the value the server's generator must give to sign
// the same bytes.
inline Bytes trace_pss_salt() {
  namespace k = r::server_rsa_private_key;
  auto pub = nocrypto::pk::RsaPublicKey::make(b(k::modulus), b(k::public_exponent));
  if (!pub) __builtin_trap();
  const Bytes cv = b(r::certificate_verify);
  const ByteView sig = ByteView(cv).subspan(8);  // type, length, scheme, signature length
  auto em = nocrypto::pk::rsa_public(*pub, sig);
  if (!em) __builtin_trap();
  const std::size_t hlen = 32, db_len = em->size() - hlen - 1;
  const ByteView h = ByteView(*em).subspan(db_len, hlen);
  Bytes db(em->begin(), em->begin() + static_cast<std::ptrdiff_t>(db_len));
  for (std::uint32_t counter = 0, at = 0; at < db_len; ++counter) {  // MGF1-SHA256
    nocrypto::Sha256 m;
    m.feed(h);
    const std::uint8_t c[4] = {static_cast<std::uint8_t>(counter >> 24), static_cast<std::uint8_t>(counter >> 16),
                               static_cast<std::uint8_t>(counter >> 8), static_cast<std::uint8_t>(counter)};
    m.feed(ByteView(c, 4));
    for (auto x : m.finish())
      if (at < db_len) db[at++] ^= x;
  }
  return Bytes(db.end() - static_cast<std::ptrdiff_t>(hlen), db.end());
}

}  // namespace tls::trace
