// The UDP parser on arbitrary bytes, over IPv4 and IPv6 pseudo-headers chosen by the first
// byte: no crash; a parsed datagram's payload lies inside the input; writing its header
// back over the same payload gives bytes that parse to the same header and payload.
#include <udp/header.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bool v6 = data[0] & 1;
  const mirage::IpAddress src = v6 ? mirage::IpAddress(*mirage::Ipv6Address::parse("fd00::1"))
                                   : mirage::IpAddress(mirage::Ipv4Address::of_octets(10, 0, 0, 1));
  const mirage::IpAddress dst = v6 ? mirage::IpAddress(*mirage::Ipv6Address::parse("fd00::2"))
                                   : mirage::IpAddress(mirage::Ipv4Address::of_octets(10, 0, 0, 2));
  auto bytes = cstruct::Buffer::copy_of({data + 1, size - 1});
  auto p = udp::parse(bytes, src, dst);
  if (!p) return 0;
  if (p->payload.size() + udp::header_size != p->header.length ||
      p->payload.data() != bytes.data() + 8)
    std::abort();
  auto again = cstruct::Buffer::copy_of(bytes.sub(0, p->header.length));
  udp::write_header(again.span(), p->header.source_port, p->header.destination_port, src, dst);
  auto q = udp::parse(again, src, dst);
  if (!q || !(q->payload == p->payload) || q->header.source_port != p->header.source_port)
    std::abort();
  return 0;
}
