#pragma once
#include <async/task.hpp>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <mirage/address.hpp>
#include <mirage/error.hpp>
#include <vector>

namespace mirage {

enum class IpProtocol : std::uint8_t { Icmp = 1, Tcp = 6, Udp = 17, Icmpv6 = 58 };

// Ip: one IP layer (IPv4 or IPv6; `typename I::address_type` says which). write() sends
// `payload` to `dst` with protocol `proto`, choosing the source address and route,
// fragmenting when the layer allows it. src(dst) is the source address it would use.
template <class I>
concept Ip = requires(I& ip, typename I::address_type dst, IpProtocol proto,
                      cstruct::Buffer payload) {
  { ip.write(dst, proto, payload) } -> std::same_as<async::Task<std::expected<void, IpError>>>;
  { ip.src(dst) } -> std::same_as<typename I::address_type>;
  { ip.addresses() } -> std::same_as<std::vector<typename I::address_type>>;
  { ip.mtu(dst) } -> std::same_as<std::size_t>;
};

// Icmp: sends ICMP messages (echo requests, errors) over an Ip layer.
template <class C>
concept Icmp = requires(C& c, typename C::address_type dst, cstruct::Buffer message) {
  { c.write(dst, message) } -> std::same_as<async::Task<std::expected<void, IpError>>>;
};

}  // namespace mirage
