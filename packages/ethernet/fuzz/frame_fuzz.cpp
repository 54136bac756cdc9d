// The Ethernet parser and the layer's filter on arbitrary bytes: no crash, the payload
// lies inside the frame, and a parsed header written back gives the same leading bytes.
#include <ethernet/ethernet.hpp>
#include <ethernet/testing/fake_net.hpp>

#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto frame = cstruct::Buffer::copy_of({data, size});
  auto f = ethernet::parse(frame);
  if (f) {
    const std::size_t off = f->header.vlan ? 18 : 14;
    if (f->payload.size() + off != size || f->payload.data() != frame.data() + off) std::abort();
    std::uint8_t header[14];
    ethernet::write_header(header, f->header.destination, f->header.source,
                           f->header.vlan ? mirage::EtherType::Vlan : f->header.type);
    if (std::memcmp(header, data, 14) != 0) std::abort();
  }
  ethernet::testing::FakeNet net(mirage::MacAddress{{0x02, 0, 0, 0, 0, 1}});
  ethernet::Ethernet<ethernet::testing::FakeNet> eth(net, {.vlan = ethernet::VlanPolicy::PassUp});
  if (eth.accept(frame).has_value() != (f && eth.accepts(f->header.destination))) std::abort();
  return 0;
}
