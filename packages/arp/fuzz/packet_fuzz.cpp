// The ARP parser and the layer's input on arbitrary bytes: no crash, a parsed packet
// encodes back to its first 28 bytes, and the cache stays within its bound.
#include <arp/arp.hpp>
#include <async/manual_platform.hpp>
#include <ethernet/ethernet.hpp>
#include <ethernet/testing/fake_net.hpp>

#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (auto p = arp::parse({data, size})) {
    if (std::memcmp(arp::encode(*p).data(), data, arp::packet_size) != 0) std::abort();
  }
  // Then as a stream of 28-byte packets into one layer with a tiny cache.
  using Eth = ethernet::Ethernet<ethernet::testing::FakeNet>;
  async::ManualPlatform platform;
  async::Loop loop(platform);
  ethernet::testing::FakeNet net(mirage::MacAddress{{2, 0, 0, 0, 0, 1}});
  Eth eth(net);
  arp::Arp<Eth> a(eth, loop, {.max_entries = 4});
  (void)loop.run(a.set_ips({mirage::Ipv4Address::of_octets(10, 0, 0, 1)}));
  for (std::size_t off = 0; off + arp::packet_size <= size; off += arp::packet_size) {
    (void)loop.run(a.input(cstruct::Buffer::copy_of({data + off, arp::packet_size})));
    platform.advance(std::chrono::seconds(data[off]));
    if (a.cache().size() > 4) std::abort();
  }
  return 0;
}
