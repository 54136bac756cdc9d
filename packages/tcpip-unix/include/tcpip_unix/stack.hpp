#pragma once
// tcpip_unix::Stack: the direct stack (tcpip::Direct) on a Linux tap device, satisfying
// mirage::Stack. open() attaches to the tap device (net_unix::Tap: capabilities dropped
// once it is open), keys TCP's ISNs and SYN cookies from getrandom, and starts the stack on
// the loop (announcing its address, then handling frames until the device goes away).
// With ipv4 = "dhcp" it starts without an address and a DHCP client (dhcp-client) takes a
// lease, renews it, and configures IPv4 from it; listeners work before the lease comes.
//
//   auto stack = tcpip_unix::Stack::open(platform, loop, {.tap = "tap0", .ipv4 = "10.0.0.2/24"});
//   if (!stack) fail(stack.error());               // "bad --ipv4 '10.0.0.300/24': ..."
//   auto listener = (*stack)->tcp().listen(80);
#include <async/loop.hpp>
#include <dhcp_client/client.hpp>
#include <expected>
#include <memory>
#include <mirage/stack.hpp>
#include <mirage_unix/platform.hpp>
#include <net_unix/tap.hpp>
#include <optional>
#include <string>
#include <tcpip/direct.hpp>
#include <vector>

namespace tcpip_unix {

struct Options {
  std::string tap = "tap0";           // the tap device (created if absent: needs CAP_NET_ADMIN)
  std::string ipv4 = "10.0.0.2/24";   // our address and its network, or "dhcp"
  std::string gateway;                // the default route's next hop; empty: none
  std::string hostname;               // sent to the DHCP server; empty: none
  // IPv6: "auto" (a link-local address, and addresses from router advertisements),
  // "2001:db8::2/64" (that address too), or "" (none).
  std::string ipv6 = "auto";
};

class Stack {
 public:
  using Direct = tcpip::Direct<net_unix::Tap>;
  using tcp_type = Direct::tcp_type;
  using udp_type = Direct::udp_type;

  // Opens the device and starts the stack; a sentence saying what is wrong otherwise.
  static std::expected<std::unique_ptr<Stack>, std::string> open(mirage_unix::Platform& platform,
                                                                 async::Loop& loop,
                                                                 const Options& options);

  tcp_type& tcp() { return direct_->tcp(); }
  udp_type& udp() { return direct_->udp(); }
  std::vector<mirage::IpAddress> addresses() { return direct_->addresses(); }
  Direct& direct() { return *direct_; }
  // The DHCP client, with ipv4 = "dhcp" (its state and lease); nullptr otherwise.
  const dhcp_client::Client* dhcp() const { return dhcp_.get(); }

 private:
  Stack(net_unix::Tap tap) : tap_(std::move(tap)) {}
  net_unix::Tap tap_;
  std::unique_ptr<Direct> direct_;
  std::unique_ptr<dhcp_client::Client> dhcp_;
};

static_assert(mirage::Stack<Stack>);

}  // namespace tcpip_unix
