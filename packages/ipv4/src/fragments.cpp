#include <ipv4/fragments.hpp>

#include <algorithm>
#include <cassert>

namespace ipv4 {

std::vector<FragmentPlan> plan_fragments(std::size_t size, std::size_t mtu) {
  assert(mtu >= header_size + 8);
  return plan_pieces(size, mtu - header_size);
}

std::vector<FragmentPlan> plan_pieces(std::size_t size, std::size_t room) {
  assert(room >= 8);
  if (size <= room) return {{0, size, false}};
  const std::size_t step = room / 8 * 8;
  std::vector<FragmentPlan> plan;
  plan.reserve((size + step - 1) / step);
  for (std::size_t off = 0; off < size; off += step)
    plan.push_back({off, std::min(step, size - off), off + step < size});
  return plan;
}

std::string_view to_string(ReassemblyError e) {
  switch (e) {
    case ReassemblyError::Overlap:
      return "overlapping fragments";
    case ReassemblyError::TooManyFragments:
      return "too many fragments";
    case ReassemblyError::TooBig:
      return "reassembled datagram too big";
    case ReassemblyError::Inconsistent:
      return "inconsistent fragment ends";
  }
  return "unknown reassembly error";
}

std::expected<bool, ReassemblyError> FragmentPieces::add(std::size_t begin,
                                                         const cstruct::Buffer& data, bool last,
                                                         const ReassemblyLimits& limits) {
  const std::size_t end = begin + data.size();
  if (last) {
    if ((end_ && *end_ != end) ||
        (!pieces_.empty() && pieces_.back().offset + pieces_.back().data.size() > end))
      return std::unexpected(ReassemblyError::Inconsistent);
    end_ = end;
  } else if (end_ && end > *end_) {
    return std::unexpected(ReassemblyError::Inconsistent);
  }
  // The first piece that ends after `begin`: the only one that can overlap starts there.
  auto at = std::ranges::find_if(
      pieces_, [begin](const Piece& p) { return p.offset + p.data.size() > begin; });
  if (at != pieces_.end() && at->offset < end) {
    if (at->offset == begin && at->data.size() == data.size()) return false;  // a duplicate
    return std::unexpected(ReassemblyError::Overlap);
  }
  if (pieces_.size() >= limits.max_fragments)
    return std::unexpected(ReassemblyError::TooManyFragments);
  if (bytes_ + data.size() > limits.max_bytes) return std::unexpected(ReassemblyError::TooBig);
  pieces_.insert(at, Piece{begin, data});
  bytes_ += data.size();
  return true;
}

cstruct::Buffer FragmentPieces::assemble() const {
  assert(complete());
  auto payload = cstruct::Buffer::create(*end_);
  for (const Piece& p : pieces_) payload.blit(p.data, p.offset);
  return payload;
}

std::expected<std::optional<Packet>, ReassemblyError> Reassembler::add(const Packet& fragment,
                                                                       async::TimePoint now) {
  const Header& h = fragment.header;
  auto whole =
      ReassemblyTable::add(DatagramId{h.source, h.destination, h.id, h.protocol}, h.fragment_offset,
                           h.more_fragments, fragment.payload, fragment, now);
  if (!whole) return std::unexpected(whole.error());
  if (!*whole) return std::nullopt;
  Packet p = std::move((*whole)->first);
  p.header.more_fragments = false;
  p.header.fragment_offset = 0;
  p.payload = std::move((*whole)->payload);
  return p;
}

}  // namespace ipv4
