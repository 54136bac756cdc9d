// A server fed arbitrary bytes: records, ClientHellos and everything after, in pieces.
#include "trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tls;
  static const std::shared_ptr<const ServerConfig> config = [] {
    auto c = trace::trace_server();
    c->ticket_key = Bytes(32, 0x5c);  // so that pre_shared_key offers reach the ticket and binder checks
    c->cookie_key = Bytes(32, 0x3c);  // cookies in HelloRetryRequests, and ClientHellos carrying them
    c->max_early_data = 1024;         // 0-RTT: early_data offers reach the acceptance checks
    c->clock_ms = [] { return std::uint64_t{1} << 40; };
    c->early_data_once = [](ByteView) { return true; };
    return c;
  }();
  static const Bytes salt = trace::trace_pss_salt();
  fuzz::TraceRng rng{{fuzz::b(rfc8448::server_random), fuzz::b(rfc8448::server_x25519_private), salt}};
  auto server = Connection::server(config, rng);
  if (!server) __builtin_trap();
  fuzz::feed(*server, data, size);
  return 0;
}
