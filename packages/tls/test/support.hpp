#pragma once
// What the tls tests share: deterministic random sources, the certificates in test/data,
// an authenticator over x509, and a loop that moves records between two connections.
#include <tls/connection.hpp>

#include <nocrypto/sha2.hpp>
#include <x509/chain.hpp>
#include <x509/hostname.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

namespace tls::test {

// SHA-256 in counter mode over a seed: the same bytes on every run.
struct TestRng {
  std::uint64_t seed = 1;
  std::uint64_t counter = 0;
  bool generate(std::span<std::uint8_t> out) {
    std::size_t at = 0;
    while (at < out.size()) {
      nocrypto::Sha256 h;
      std::uint8_t block[16];
      std::memcpy(block, &seed, 8);
      std::memcpy(block + 8, &counter, 8);
      ++counter;
      h.feed(ByteView(block, 16));
      const auto d = h.finish();
      const std::size_t n = std::min(out.size() - at, d.size());
      std::memcpy(out.data() + at, d.data(), n);
      at += n;
    }
    return true;
  }
};

// Hands out the given byte strings in order, each to a request of exactly its size;
// refuses anything else (a draw the test did not expect) unless `then_anything`, when
// draws after the script get fixed bytes (RSA blinding values, which change no output).
struct ScriptedRng {
  std::vector<Bytes> parts;
  bool then_anything = false;
  std::size_t next = 0;
  bool generate(std::span<std::uint8_t> out) {
    if (next >= parts.size() && then_anything) {
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(i * 151 + 7);
      return true;
    }
    if (next >= parts.size() || parts[next].size() != out.size()) return false;
    std::memcpy(out.data(), parts[next].data(), out.size());
    ++next;
    return true;
  }
};

// Test data that cannot be read is a broken checkout: say so and stop (the portable
// build has no exceptions).
[[noreturn]] inline void die(const char* what) {
  std::fprintf(stderr, "%s\n", what);
  std::abort();
}

inline std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline std::string data_path(const std::string& name) { return std::string(TLS_TEST_DATA) + "/" + name; }

// test/data/NAME.pem and NAME.key (leaves for "localhost" and "NAME.example" under ca.pem).
inline Certified certified(const std::string& name) {
  auto c = certified_from_pem(read_text(data_path(name + ".pem")), read_text(data_path(name + ".key")));
  if (!c) die(("test data " + name + ": " + c.error().message).c_str());
  return std::move(*c);
}

inline std::vector<x509::Certificate> roots() {
  auto r = x509::parse_pem_certificates(read_text(data_path("ca.pem")));
  if (!r) die("test data ca.pem does not parse");
  return std::move(*r);
}

// Path to test/data/ca.pem at a fixed time, then the host name when one is given.
inline Authenticator authenticator(std::vector<x509::Certificate> trusted = roots()) {
  return [trusted = std::move(trusted)](std::span<const x509::Certificate> chain,
                                        std::string_view host) -> Result<void> {
    x509::ValidationOptions o;
    o.time = asn1::DateTime{2030, 1, 1, 0, 0, 0, 0};  // inside test/data's validity
    auto path = x509::build_path(chain.front(), chain.subspan(1), trusted, o);
    if (!path) return std::unexpected(certificate_error(path.error()));
    if (!host.empty() && !x509::matches_hostname(chain.front(), host))
      return fail(Alert::bad_certificate, "certificate does not name the host");
    return {};
  };
}

struct Pumped {
  Bytes to_client, to_server;  // application data each side received
  std::optional<Error> client_error, server_error;
  bool client_closed = false, server_closed = false;
};

// Moves records both ways until neither side has anything to send.
inline Pumped pump(Connection& client, Connection& server) {
  Pumped p;
  for (int round = 0; round < 100; ++round) {
    bool moved = false;
    if (client.has_output()) {
      moved = true;
      const Bytes b = client.take_output();
      if (!p.server_error) {
        auto r = server.handle(b);
        if (!r) p.server_error = r.error();
        else {
          p.to_server.insert(p.to_server.end(), r->data.begin(), r->data.end());
          p.server_closed = p.server_closed || r->closed;
        }
      }
    }
    if (server.has_output()) {
      moved = true;
      const Bytes b = server.take_output();
      if (!p.client_error) {
        auto r = client.handle(b);
        if (!r) p.client_error = r.error();
        else {
          p.to_client.insert(p.to_client.end(), r->data.begin(), r->data.end());
          p.client_closed = p.client_closed || r->closed;
        }
      }
    }
    if (!moved) break;
  }
  return p;
}

inline std::shared_ptr<ClientConfig> client_config(std::string host = "localhost") {
  auto c = std::make_shared<ClientConfig>();
  c->server_name = std::move(host);
  c->authenticator = authenticator();
  return c;
}

inline std::shared_ptr<ServerConfig> server_config(const std::string& cert = "p256") {
  auto s = std::make_shared<ServerConfig>();
  s->certificates.push_back(certified(cert));
  return s;
}

inline Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

// A TLS 1.2 session cache in memory for `config` (session_store and session_lookup); the
// map is returned for a test to look into.
using SessionCache = std::map<Bytes, StoredSession>;
inline std::shared_ptr<SessionCache> use_session_cache(ServerConfig& config) {
  auto cache = std::make_shared<SessionCache>();
  config.session_store = [cache](ByteView id, const StoredSession& s) { (*cache)[Bytes(id.begin(), id.end())] = s; };
  config.session_lookup = [cache](ByteView id) -> std::optional<StoredSession> {
    auto it = cache->find(Bytes(id.begin(), id.end()));
    if (it == cache->end()) return std::nullopt;
    return it->second;
  };
  return cache;
}

}  // namespace tls::test
