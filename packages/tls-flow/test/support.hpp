#pragma once
// What the tls-flow tests share: a deterministic random source, a self-signed P-256
// identity made at run time, and configurations whose client pins that certificate.
#include <tls/connection.hpp>

#include <nocrypto/sha2.hpp>
#include <x509/chain.hpp>
#include <x509/issue.hpp>
#include <x509/name.hpp>

#include <cstring>

namespace tls_flow_test {

struct Rng {  // deterministic: SHA-256 of a counter
  std::uint64_t n = 0;
  bool generate(std::span<std::uint8_t> out) {
    for (std::size_t at = 0; at < out.size(); at += 32) {
      nocrypto::Sha256 h;
      ++n;
      h.feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(&n), sizeof n));
      const auto d = h.finish();
      std::memcpy(out.data() + at, d.data(), std::min<std::size_t>(32, out.size() - at));
    }
    return true;
  }
};

// A self-signed P-256 certificate; the client pins it.
struct Identity {
  Rng rng;
  tls::Certified certified;
  Identity() : certified(make(rng)) {}
  static tls::Certified make(Rng& rng) {
    return *tls::self_signed_certified(x509::KeyType::EcP256, "CN=tls-flow test", rng);
  }
};

// A server configuration with `id`, and a client configuration that accepts only it.
inline std::shared_ptr<tls::ServerConfig> server_config(const Identity& id) {
  auto s = std::make_shared<tls::ServerConfig>();
  s->certificates.push_back(id.certified);
  return s;
}

inline std::shared_ptr<tls::ClientConfig> client_config(const Identity& id) {
  auto c = std::make_shared<tls::ClientConfig>();
  const tls::Bytes pin = x509::fingerprint(id.certified.leaf, x509::PinKind::Certificate);
  c->authenticator = [pin](std::span<const x509::Certificate> chain, std::string_view) -> tls::Result<void> {
    if (x509::fingerprint(chain.front(), x509::PinKind::Certificate) != pin)
      return tls::fail(tls::Alert::bad_certificate, "not the pinned certificate");
    return {};
  };
  return c;
}

}  // namespace tls_flow_test
