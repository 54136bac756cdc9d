#pragma once
#include <async/task.hpp>
#include <concepts>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <mirage/address.hpp>
#include <mirage/error.hpp>

namespace mirage {

// One received UDP datagram.
struct Datagram {
  Endpoint source;
  Endpoint destination;
  cstruct::Buffer payload;
};

// A bound UDP port. receive() completes with the next datagram from a bounded queue
// (datagrams that arrive while it is full are dropped and counted); send_to() sends one
// datagram from this port.
template <class S>
concept UdpSocket = requires(S& s, Endpoint dst, cstruct::Buffer payload) {
  { s.send_to(dst, payload) } -> std::same_as<async::Task<std::expected<void, IpError>>>;
  { s.receive() } -> std::same_as<async::Task<std::expected<Datagram, IpError>>>;
  { s.local_port() } -> std::same_as<std::uint16_t>;
};

// Udp: binds ports. bind(0) picks a free ephemeral port; a taken port fails with
// ListenError::AddressInUse.
template <class U>
concept Udp = UdpSocket<typename U::socket_type> && requires(U& u, std::uint16_t port) {
  { u.bind(port) } -> std::same_as<std::expected<typename U::socket_type, ListenError>>;
};

}  // namespace mirage
