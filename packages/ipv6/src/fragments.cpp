#include <ipv6/fragments.hpp>

#include <cassert>

namespace ipv6 {

std::vector<FragmentPlan> plan_fragments(std::size_t size, std::size_t mtu,
                                         std::size_t unfragmentable) {
  if (unfragmentable + size <= mtu) return {{0, size, false}};
  assert(mtu >= unfragmentable + fragment_header_size + 8);
  return ipv4::plan_pieces(size, mtu - unfragmentable - fragment_header_size);
}

std::expected<std::optional<cstruct::Buffer>, ReassemblyError> Reassembler::add(
    const Packet& fragment, async::TimePoint now) {
  assert(fragment.fragment);
  const Fragment& f = *fragment.fragment;
  const FirstFragment first{fragment.datagram, f.offset, f.named_at, f.header.next_header};
  auto whole = ReassemblyTable::add(
      DatagramId{fragment.header.source, fragment.header.destination, f.header.id}, f.header.offset,
      f.header.more, fragment.payload, first, now);
  if (!whole) return std::unexpected(whole.error());
  if (!*whole) return std::nullopt;
  const FirstFragment& head = (*whole)->first;
  const cstruct::Buffer& data = (*whole)->payload;
  const std::size_t payload_length = head.fragment_at - header_size + data.size();
  if (payload_length > max_payload_size) return std::unexpected(ReassemblyError::TooBig);
  auto datagram = cstruct::Buffer::create(header_size + payload_length);
  datagram.blit(head.datagram.sub(0, head.fragment_at), 0);
  datagram.blit(data, head.fragment_at);
  datagram.set_u8(head.named_at, head.next_header);
  datagram.set_be16(4, std::uint16_t(payload_length));
  return datagram;
}

std::vector<cstruct::Buffer> Reassembler::timed_out(async::TimePoint now) {
  std::vector<cstruct::Buffer> firsts;
  expire(now, [&firsts](const FirstFragment& f) { firsts.push_back(f.datagram); });
  return firsts;
}

}  // namespace ipv6
