#pragma once
// Our client and our server over memory, for the gtest suites.
#include "support.hpp"

#include <tls/messages.hpp>

#include <gtest/gtest.h>

#include <functional>

#include <optional>
#include <string>

namespace tls::test {

// Our client and server, handshaking at once; the client resumes `resume` when given.
// The rngs (seeded `seed` and `seed + 1`) must outlive the connections, so all live here.
struct Session {
  TestRng client_rng;
  TestRng server_rng;
  std::optional<Connection> client, server;
  Pumped result;
  Session(std::shared_ptr<ClientConfig> c, std::shared_ptr<ServerConfig> s, std::optional<Ticket> resume = {},
          std::uint64_t seed = 1)
      : client_rng{seed}, server_rng{seed + 1} {
    auto cl = Connection::client(std::move(c), client_rng, std::move(resume));
    auto sv = Connection::server(std::move(s), server_rng);
    EXPECT_TRUE(cl.has_value()) << (cl ? "" : cl.error().message);
    EXPECT_TRUE(sv.has_value()) << (sv ? "" : sv.error().message);
    if (cl) client.emplace(std::move(*cl));
    if (sv) server.emplace(std::move(*sv));
    if (client && server) result = pump(*client, *server);
  }
  bool ok() const {
    return client && server && !result.client_error && !result.server_error && client->handshake_done() &&
           server->handshake_done();
  }
  Pumped exchange() { return pump(*client, *server); }
};

// A cipher suite, a group and a certificate (test/data/CERT.pem) to handshake with.
struct Combo {
  CipherSuite suite;
  Group group;
  const char* cert;
};

// A client offering only the combination's suite and group; a server with its
// certificate, the suite added (AES-CCM is not in the defaults).
inline std::pair<std::shared_ptr<ClientConfig>, std::shared_ptr<ServerConfig>> combo_configs(const Combo& c) {
  auto cc = client_config();
  cc->suites = {c.suite};
  cc->groups = {c.group};
  auto sc = server_config(c.cert);
  sc->suites.push_back(c.suite);
  return {cc, sc};
}

// The first flight of `client`, with its ClientHello edited (an attacker's rewrite).
inline Bytes edited_first_flight(Connection& client, const std::function<void(wire::ClientHello&)>& edit) {
  const Bytes rec = client.take_output();
  auto ch = wire::decode_client_hello(ByteView(rec).subspan(9));
  EXPECT_TRUE(ch.has_value());
  edit(*ch);
  const Bytes m = wire::encode(*ch);
  Bytes out{22, 3, 1, static_cast<std::uint8_t>(m.size() >> 8), static_cast<std::uint8_t>(m.size())};
  out.insert(out.end(), m.begin(), m.end());
  return out;
}

inline void drop(wire::ClientHello& ch, std::uint16_t type) {
  std::erase_if(ch.extensions.items, [&](const wire::Extension& e) { return e.type == type; });
}

// A client's first flight edited on its way to the server, and the answer to the client.
struct Edited {
  TestRng crng{5}, srng{6};
  std::optional<Connection> client, server;
  Result<Received> server_result, client_result;
  Edited(std::shared_ptr<ClientConfig> cc, std::shared_ptr<ServerConfig> sc,
         const std::function<void(wire::ClientHello&)>& edit) {
    client.emplace(*Connection::client(std::move(cc), crng));
    server.emplace(*Connection::server(std::move(sc), srng));
    server_result = server->handle(edited_first_flight(*client, edit));
    if (server_result) client_result = client->handle(server->take_output());
  }
};

inline std::string describe(const Pumped& p) {
  std::string s;
  if (p.client_error) s += std::string("client: ") + alert_name(p.client_error->alert) + " " + p.client_error->message + "; ";
  if (p.server_error) s += std::string("server: ") + alert_name(p.server_error->alert) + " " + p.server_error->message;
  return s;
}

}  // namespace tls::test
