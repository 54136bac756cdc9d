// A client fed arbitrary bytes after its ClientHello: ServerHellos, encrypted flights,
// tickets, KeyUpdates and alerts, in pieces.
#include "trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tls;
  static const std::shared_ptr<const ClientConfig> config = trace::trace_client();
  fuzz::TraceRng rng{{fuzz::b(rfc8448::client_random), fuzz::b(rfc8448::client_x25519_private)}};
  auto client = Connection::client(config, rng);
  if (!client) __builtin_trap();
  (void)client->take_output();
  fuzz::feed(*client, data, size);
  return 0;
}
