#include <ipv4/fragments.hpp>

#include <algorithm>
#include <cassert>

namespace ipv4 {

std::vector<FragmentPlan> plan_fragments(std::size_t size, std::size_t mtu) {
  assert(mtu >= header_size + 8);
  const std::size_t room = mtu - header_size;
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

std::size_t Reassembler::expire(async::TimePoint now) {
  std::size_t n = 0;
  while (!entries_.empty() && now - entries_.front().started >= limits_.timeout) {
    drop(entries_.begin());
    ++n;
  }
  return n;
}

void Reassembler::drop(Iterator it) {
  bytes_ -= it->bytes;
  entries_.erase(it);
}

std::expected<std::optional<Packet>, ReassemblyError> Reassembler::fail(Iterator it,
                                                                        ReassemblyError e) {
  drop(it);
  return std::unexpected(e);
}

Reassembler::Iterator Reassembler::find_or_create(const Header& h, async::TimePoint now) {
  auto it = std::ranges::find_if(entries_, [&h](const Entry& e) {
    return e.id == h.id && e.source == h.source && e.destination == h.destination &&
           e.protocol == h.protocol;
  });
  if (it != entries_.end()) return it;
  if (entries_.size() >= limits_.max_datagrams) drop(entries_.begin());
  entries_.push_back(
      Entry{h.source, h.destination, h.id, h.protocol, now, {}, std::nullopt, 0, std::nullopt});
  return entries_.end() - 1;
}

std::expected<std::optional<Packet>, ReassemblyError> Reassembler::add(const Packet& fragment,
                                                                       async::TimePoint now) {
  expire(now);
  const Header& h = fragment.header;
  const std::size_t begin = h.fragment_offset;
  const std::size_t end = begin + fragment.payload.size();
  if (begin == end) return std::nullopt;  // an empty fragment adds nothing
  auto it = find_or_create(h, now);
  Entry& e = *it;
  if (!h.more_fragments) {
    if ((e.end && *e.end != end) ||
        (!e.pieces.empty() && e.pieces.back().offset + e.pieces.back().data.size() > end))
      return fail(it, ReassemblyError::Inconsistent);
    e.end = end;
  } else if (e.end && end > *e.end) {
    return fail(it, ReassemblyError::Inconsistent);
  }
  // The first piece that ends after `begin`: the only one that can overlap starts there.
  auto at = std::ranges::find_if(
      e.pieces, [begin](const Piece& p) { return p.offset + p.data.size() > begin; });
  if (at != e.pieces.end() && at->offset < end) {
    if (at->offset == begin && at->data.size() == end - begin) return std::nullopt;  // a duplicate
    return fail(it, ReassemblyError::Overlap);
  }
  if (e.pieces.size() >= limits_.max_fragments) return fail(it, ReassemblyError::TooManyFragments);
  const std::size_t size = end - begin;
  if (e.bytes + size > limits_.max_bytes) return fail(it, ReassemblyError::TooBig);
  const auto index = at - e.pieces.begin();
  // Make room by dropping the oldest other datagrams (which moves the entries after them).
  while (bytes_ + size > limits_.max_bytes) {
    const bool ours_first = it == entries_.begin();
    drop(ours_first ? entries_.begin() + 1 : entries_.begin());
    if (!ours_first) --it;
  }
  Entry& entry = *it;
  entry.pieces.insert(entry.pieces.begin() + index, Piece{begin, fragment.payload});
  entry.bytes += size;
  bytes_ += size;
  if (begin == 0) entry.first = fragment;
  if (!entry.end || !entry.first || entry.bytes != *entry.end) return std::nullopt;
  Packet whole = assemble(entry);
  drop(it);
  return whole;
}

Packet Reassembler::assemble(Entry& e) {
  auto payload = cstruct::Buffer::create(*e.end);
  for (const Piece& p : e.pieces) payload.blit(p.data, p.offset);
  Packet whole = *e.first;
  whole.header.more_fragments = false;
  whole.header.fragment_offset = 0;
  whole.payload = std::move(payload);
  return whole;
}

}  // namespace ipv4
