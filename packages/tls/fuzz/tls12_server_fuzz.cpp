// A TLS 1.2 server fed arbitrary bytes: ClientHellos, key exchanges, certificates,
// ChangeCipherSpec, Finished, records after the handshake, in pieces.
#include "tls12.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tls;
  static const std::shared_ptr<const ServerConfig> config = fuzz::tls12_server();
  fuzz::TraceRng rng{};
  auto server = Connection::server(config, rng);
  if (!server) __builtin_trap();
  fuzz::feed(*server, data, size);
  return 0;
}
