// A TLS 1.2 client fed arbitrary bytes after its ClientHello: ServerHellos, certificates,
// key exchanges, certificate requests, tickets, ChangeCipherSpec, Finished, in pieces.
#include "tls12.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tls;
  static const std::shared_ptr<const ClientConfig> config = fuzz::tls12_client();
  fuzz::TraceRng rng{};
  auto client = Connection::client(config, rng);
  if (!client) __builtin_trap();
  (void)client->take_output();
  fuzz::feed(*client, data, size);
  return 0;
}
