#include <tcpip_unix/stack.hpp>

#include <logs/logs.hpp>
#include <sys/random.h>

namespace tcpip_unix {
namespace {

logs::Source stack_log{"tcpip-unix"};

async::Task<void> run(Stack::Direct& direct) {
  co_await direct.start();
  auto r = co_await direct.serve();
  if (!r) LOGS_APP(stack_log, "the tap device stopped: %s", std::string(mirage::to_string(r.error())).c_str());
}

}  // namespace

std::expected<std::unique_ptr<Stack>, std::string> Stack::open(mirage_unix::Platform& platform,
                                                               async::Loop& loop,
                                                               const Options& options) {
  tcpip::Config config;
  std::optional<mirage::Ipv4Address> gateway;
  if (!options.gateway.empty()) {
    auto g = mirage::Ipv4Address::parse(options.gateway);
    if (!g) return std::unexpected("bad IPv4 gateway '" + options.gateway + "': expected an address such as 10.0.0.1");
    gateway = *g;
  }
  auto ip = ipv4::Config::parse(options.ipv4, gateway);
  if (!ip)
    return std::unexpected("bad IPv4 address '" + options.ipv4 + "': expected an address and prefix such as 10.0.0.2/24 (" +
                           ip.error().describe() + ")");
  if (gateway && !ip->network.contains(*gateway))
    return std::unexpected("the gateway " + options.gateway + " is not on the network of " + options.ipv4);
  config.ipv4 = *ip;
  if (getrandom(config.tcp.secret.data(), config.tcp.secret.size(), 0) != ssize_t(config.tcp.secret.size()))
    return std::unexpected(std::string("getrandom failed: no key for TCP sequence numbers"));
  auto tap = net_unix::Tap::open(platform, {.name = options.tap});
  if (!tap) return std::unexpected(tap.error().message);
  std::unique_ptr<Stack> s(new Stack(std::move(*tap)));
  s->direct_ = std::make_unique<Direct>(s->tap_, loop, config);
  LOGS_APP(stack_log, "direct stack on %s: %s", options.tap.c_str(), options.ipv4.c_str());
  loop.spawn(run(*s->direct_));
  return s;
}

}  // namespace tcpip_unix
