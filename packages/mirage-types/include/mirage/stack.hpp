#pragma once
#include <concepts>
#include <mirage/address.hpp>
#include <mirage/tcp.hpp>
#include <mirage/udp.hpp>
#include <type_traits>
#include <vector>

namespace mirage {

// Stack: what an application sees of a network: TCP and UDP over the stack's addresses.
// The socket stack (Linux sockets) and the direct stack (our TCP/IP over a Net) both
// satisfy it, so an application written against Stack runs on both.
template <class S>
concept Stack = requires(S& s) {
  { s.tcp() } -> std::same_as<typename S::tcp_type&>;
  { s.udp() } -> std::same_as<typename S::udp_type&>;
  { s.addresses() } -> std::same_as<std::vector<IpAddress>>;
} && Tcp<typename S::tcp_type> && Udp<typename S::udp_type>;

}  // namespace mirage
