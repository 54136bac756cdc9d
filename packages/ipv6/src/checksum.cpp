#include <ipv6/checksum.hpp>

namespace ipv6 {

ipv4::Checksum pseudo_header(mirage::Ipv6Address source, mirage::Ipv6Address destination,
                             std::uint8_t next_header, std::size_t length) noexcept {
  ipv4::Checksum c;
  c.add(source.bytes);
  c.add(destination.bytes);
  c.add_u32(static_cast<std::uint32_t>(length));
  c.add_u32(next_header);
  return c;
}

}  // namespace ipv6
