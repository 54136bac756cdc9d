#include <tcpip_unix/stack.hpp>

#include <dhcp_client/run.hpp>
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

async::Task<void> run_dhcp(async::Loop& loop, Stack::Direct& direct, dhcp_client::Client& client) {
  auto r = co_await dhcp_client::run(loop, direct.udp(), client,
                                     [&direct](const std::optional<dhcp_client::Lease>& lease) {
                                       return direct.configure(lease ? lease->ipv4() : ipv4::Config{});
                                     });
  if (!r) LOGS_ERR(stack_log, "no DHCP client: UDP port 68 is taken");
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
  const bool dhcp = options.ipv4 == "dhcp";
  if (dhcp && gateway) return std::unexpected(std::string("a gateway makes no sense with DHCP: the lease names the router"));
  if (!dhcp) {
    auto ip = ipv4::Config::parse(options.ipv4, gateway);
    if (!ip)
      return std::unexpected("bad IPv4 address '" + options.ipv4 +
                             "': expected an address and prefix such as 10.0.0.2/24, or dhcp (" + ip.error().describe() + ")");
    if (gateway && !ip->network.contains(*gateway))
      return std::unexpected("the gateway " + options.gateway + " is not on the network of " + options.ipv4);
    config.ipv4 = *ip;
  }
  if (options.ipv6 == "auto") {
    config.ipv6.emplace();
  } else if (!options.ipv6.empty()) {
    auto v6 = ipv6::Config::parse(options.ipv6);
    if (!v6)
      return std::unexpected("bad IPv6 address '" + options.ipv6 +
                             "': expected an address and prefix such as 2001:db8::2/64, auto or nothing (" +
                             v6.error().describe() + ")");
    config.ipv6 = std::move(*v6);
  }
  std::uint64_t dhcp_seed = 0;
  if (getrandom(config.tcp.secret.data(), config.tcp.secret.size(), 0) != ssize_t(config.tcp.secret.size()) ||
      getrandom(&dhcp_seed, sizeof dhcp_seed, 0) != ssize_t(sizeof dhcp_seed))
    return std::unexpected(std::string("getrandom failed: no key for TCP sequence numbers"));
  auto tap = net_unix::Tap::open(platform, {.name = options.tap});
  if (!tap) return std::unexpected(tap.error().message);
  std::unique_ptr<Stack> s(new Stack(std::move(*tap)));
  s->direct_ = std::make_unique<Direct>(s->tap_, loop, config);
  LOGS_APP(stack_log, "direct stack on %s: IPv4 %s, IPv6 %s", options.tap.c_str(), options.ipv4.c_str(),
           options.ipv6.empty() ? "off" : options.ipv6.c_str());
  loop.spawn(run(*s->direct_));
  if (dhcp) {
    s->dhcp_ = std::make_unique<dhcp_client::Client>(
        dhcp_client::Config{.mac = s->direct_->mac(), .hostname = options.hostname, .seed = dhcp_seed});
    loop.spawn(run_dhcp(loop, *s->direct_, *s->dhcp_));
  }
  return s;
}

}  // namespace tcpip_unix
