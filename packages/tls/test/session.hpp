#pragma once
// Our client and our server over memory, for the gtest suites.
#include "support.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace tls::test {

// The rngs must outlive the connections, so both live in one heap object.
struct Session {
  TestRng client_rng{1};
  TestRng server_rng{2};
  std::optional<Connection> client, server;
  Pumped result;
  Session(std::shared_ptr<ClientConfig> c, std::shared_ptr<ServerConfig> s) {
    auto cl = Connection::client(std::move(c), client_rng);
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

inline std::string describe(const Pumped& p) {
  std::string s;
  if (p.client_error) s += std::string("client: ") + alert_name(p.client_error->alert) + " " + p.client_error->message + "; ";
  if (p.server_error) s += std::string("server: ") + alert_name(p.server_error->alert) + " " + p.server_error->message;
  return s;
}

}  // namespace tls::test
