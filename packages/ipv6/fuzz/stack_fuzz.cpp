// The whole IPv6 layer on arbitrary input: a host (fd00::2/64 and its link-local address,
// started, DAD done) takes a sequence of datagrams, each preceded by its 2-byte length,
// on a virtual-time loop; the hop limit of each also moves the clock on and runs the
// timers. An ICMPv6 message straight after the fixed header gets its checksum made right,
// so that Neighbor Discovery and echo are reached. Checked: no crash or sanitizer report,
// every frame sent parses, and the neighbour cache and reassembly stay within bounds.
#include <ipv6/checksum.hpp>
#include <ipv6/icmp.hpp>
#include <ipv6/testing/host.hpp>

#include <async/manual_platform.hpp>
#include <cstdlib>
#include <cstruct/reader.hpp>

namespace {

const mirage::MacAddress our_mac{{0x4a, 0x9b, 0x99, 0x9f, 0x7e, 0x4f}};

async::Task<void> feed(ipv6::testing::Host& host, async::Loop& loop, cstruct::Reader input) {
  for (auto record = input.u16_prefixed(); record; record = input.u16_prefixed()) {
    const auto d = cstruct::Buffer::copy_of(record->rest());
    if (d.size() >= ipv6::header_size + ipv6::icmp::header_size &&
        d.get_u8(6) == ipv6::next_header::icmpv6) {
      auto h = ipv6::parse_header(d);
      const std::size_t end = std::min(d.size(), ipv6::header_size + d.get_be16(4));
      if (h && end >= ipv6::header_size + ipv6::icmp::header_size)
        ipv6::icmp::set_checksum(d.span().subspan(ipv6::header_size, end - ipv6::header_size),
                                 h->source, h->destination);
    }
    co_await host.ip.input(d, d.size() % 2 == 1);
    if (d.size() > 7 && d.get_u8(7) % 4 == 0) {
      co_await loop.sleep(std::chrono::milliseconds(d.get_u8(7)) * 100);
      co_await host.ip.tick();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  auto config = ipv6::testing::config_of("fd00::2/64", mirage::Ipv6Address{{0xfe, 0x80, 15, 1}});
  config.slaac.dad_transmits = 0;
  config.neighbours.max_entries = 8;
  config.reassembly = {4, 8, 8192, std::chrono::seconds(60)};
  ipv6::testing::Host host(loop, our_mac, config);
  if (!loop.run(host.ip.start())) std::abort();
  if (!loop.run(feed(host, loop, cstruct::Reader({data, size})))) std::abort();
  for (const auto& frame : host.net.sent) {
    auto f = ethernet::parse(frame);
    if (!f || !ipv6::parse(f->payload)) std::abort();
  }
  if (host.ip.neighbours().size() > 8 || host.ip.reassembler().datagrams() > 4) std::abort();
  return 0;
}
