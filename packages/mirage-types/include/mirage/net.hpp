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

// Counters every network device keeps.
struct NetStats {
  std::uint64_t rx_bytes = 0, rx_packets = 0, tx_bytes = 0, tx_packets = 0, rx_dropped = 0;
};

// Net: a device that sends and receives whole Ethernet frames (a tap device, virtio-net,
// Xen netfront). receive() completes with the next frame, in arrival order, as a buffer the
// caller then owns; write() takes a complete frame of at most mtu() + 14 bytes (else
// NetError::TooBig). After disconnect() both fail with NetError::Disconnected.
template <class N>
concept Net = requires(N& n, cstruct::Buffer frame) {
  { n.write(frame) } -> std::same_as<async::Task<std::expected<void, NetError>>>;
  { n.receive() } -> std::same_as<async::Task<std::expected<cstruct::Buffer, NetError>>>;
  { n.mac() } -> std::same_as<MacAddress>;
  { n.mtu() } -> std::same_as<std::size_t>;
  { n.stats() } -> std::same_as<NetStats>;
  { n.disconnect() } -> std::same_as<async::Task<void>>;
};

// Segmentation offload (TSO): one TCP segment larger than the MTU, with its headers, that
// the device cuts into segments of `segment_size` payload bytes each, copying the headers
// and fixing lengths, IP ids, sequence numbers and checksums (the TCP checksum field holds
// the pseudo-header's sum only, not complemented, as for checksum offload). Offsets are
// from the start of the frame.
struct Segmentation {
  std::uint16_t segment_size = 0;  // the MSS
  std::uint16_t l4_offset = 0;     // where the TCP header starts
  std::uint16_t header_size = 0;   // Ethernet, IP and TCP headers, options included
  bool ipv6 = false;
};

// SegmentingNet: a Net that also takes such frames, up to max_segmented_size() bytes.
template <class N>
concept SegmentingNet = Net<N> && requires(N& n, cstruct::Buffer frame, Segmentation s) {
  { n.write_segmented(frame, s) } -> std::same_as<async::Task<std::expected<void, NetError>>>;
  { n.max_segmented_size() } -> std::same_as<std::size_t>;
};

enum class EtherType : std::uint16_t { Ipv4 = 0x0800, Arp = 0x0806, Ipv6 = 0x86dd, Vlan = 0x8100 };

// Ethernet: Ethernet II framing over a Net. write() prepends the header (our MAC as the
// source) to `payload`; the layer answers for the frames addressed to mac() or broadcast.
template <class E>
concept Ethernet = requires(E& e, MacAddress dst, EtherType type, cstruct::Buffer payload) {
  { e.write(dst, type, payload) } -> std::same_as<async::Task<std::expected<void, NetError>>>;
  { e.mac() } -> std::same_as<MacAddress>;
  { e.mtu() } -> std::same_as<std::size_t>;
};

// Arp: IPv4-to-MAC resolution. query() answers from the cache or asks the network,
// failing with ArpError::Timeout after the retries; the device answers queries for the
// addresses set with set_ips() and announces them (gratuitous ARP).
template <class A>
concept Arp = requires(A& a, Ipv4Address ip, std::vector<Ipv4Address> ips) {
  { a.query(ip) } -> std::same_as<async::Task<std::expected<MacAddress, ArpError>>>;
  { a.set_ips(ips) } -> std::same_as<async::Task<void>>;
  { a.ips() } -> std::same_as<std::vector<Ipv4Address>>;
};

}  // namespace mirage
