#pragma once
// IPv4 fragmentation (how a payload is cut) and reassembly, sans-IO (the time is passed in).
//
// Reassembly is bounded so that fragments cannot exhaust memory: a number of datagrams in
// progress, of fragments per datagram and of bytes over all of them, and a time limit
// (RFC 791's 15 s lower bound; 30 s as Linux). Overlapping fragments are refused and the
// whole datagram with them (RFC 5722's rule for IPv6, which defeats overlap tricks that
// fool inspection); an exact duplicate, as a retransmission gives, is ignored.
#include <ipv4/header.hpp>

#include <algorithm>
#include <async/time.hpp>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>
#include <vector>

namespace ipv4 {

using namespace std::chrono_literals;

// One fragment of an outgoing payload: bytes [offset, offset + length), and whether more follow.
struct FragmentPlan {
  std::size_t offset = 0;
  std::size_t length = 0;
  bool more = false;
  bool operator==(const FragmentPlan&) const = default;
};

// How a payload of `size` bytes is cut so that each fragment with a 20-byte header fits in
// `mtu` bytes; every fragment but the last carries a multiple of 8 bytes. One fragment
// when it fits whole; `mtu` must be at least 28 (asserted).
std::vector<FragmentPlan> plan_fragments(std::size_t size, std::size_t mtu);

// The same cut for any IP version: pieces of at most `room` bytes each (rounded down to a
// multiple of 8 when there is more than one); `room` must be at least 8 (asserted).
std::vector<FragmentPlan> plan_pieces(std::size_t size, std::size_t room);

struct ReassemblyLimits {
  std::size_t max_datagrams = 16;      // reassembled at once; a new one evicts the oldest
  std::size_t max_fragments = 64;      // per datagram
  std::size_t max_bytes = 256 * 1024;  // buffered over all datagrams; the oldest go first
  async::Duration timeout = 30s;       // from the first fragment received
};

enum class ReassemblyError : std::uint8_t {
  Overlap,           // a fragment overlaps another (the datagram is dropped)
  TooManyFragments,  // more than max_fragments
  TooBig,            // the datagram would not fit max_bytes
  Inconsistent,      // two different ends, or data past the end
};

// A short description ("overlapping fragments").
std::string_view to_string(ReassemblyError e);

// One datagram's bytes received so far: pieces sorted by offset, never overlapping, and
// the end once the last fragment has come. The part of reassembly IPv4 and IPv6 share.
class FragmentPieces {
 public:
  // Adds bytes [offset, offset + data.size()) (not empty), from the last fragment when
  // `last`. true when they were added, false for an exact duplicate (ignored); an error
  // when the datagram must be dropped: an overlap, a second different end, data past the
  // end, more than the limits' fragments, or more than their bytes.
  std::expected<bool, ReassemblyError> add(std::size_t offset, const cstruct::Buffer& data,
                                           bool last, const ReassemblyLimits& limits);
  // Whether every byte up to the end has come.
  bool complete() const { return end_ && bytes_ == *end_; }
  std::size_t bytes() const { return bytes_; }
  // The payload put together, in a new buffer (complete() must hold).
  cstruct::Buffer assemble() const;

 private:
  struct Piece {
    std::size_t offset;
    cstruct::Buffer data;
  };
  std::vector<Piece> pieces_;
  std::optional<std::size_t> end_;
  std::size_t bytes_ = 0;
};

// The datagrams being reassembled, identified by `Key` (compared with ==); `First` is what
// the first fragment (offset 0) carries that the whole datagram keeps, such as its header.
// Bounded as ReassemblyLimits says: the oldest datagrams make room for newer ones.
template <class Key, class First>
class ReassemblyTable {
 public:
  struct Datagram {
    First first;
    cstruct::Buffer payload;
  };

  explicit ReassemblyTable(ReassemblyLimits limits) : limits_(limits) {}

  // Adds the fragment of datagram `key` holding `data` at `offset`, the last one unless
  // `more`; `first` is kept when offset is 0. Returns the whole datagram once complete,
  // nullopt while pieces are missing (or the fragment is empty or a duplicate), or why the
  // datagram was dropped. Datagrams older than the timeout are dropped first.
  std::expected<std::optional<Datagram>, ReassemblyError> add(const Key& key, std::size_t offset,
                                                              bool more,
                                                              const cstruct::Buffer& data,
                                                              const First& first,
                                                              async::TimePoint now) {
    expire(now);
    if (data.empty()) return std::nullopt;
    auto it = std::ranges::find_if(entries_, [&key](const Entry& e) { return e.key == key; });
    if (it == entries_.end()) {
      if (entries_.size() >= limits_.max_datagrams) drop(entries_.begin());
      entries_.push_back(Entry{key, now, {}, std::nullopt});
      it = entries_.end() - 1;
    }
    const std::size_t before = it->pieces.bytes();
    auto added = it->pieces.add(offset, data, !more, limits_);
    if (!added) {
      drop(it);
      return std::unexpected(added.error());
    }
    if (!*added) return std::nullopt;
    bytes_ += it->pieces.bytes() - before;
    if (offset == 0) it->first = first;
    // Make room by dropping the oldest other datagrams (which moves the entries after them).
    while (bytes_ > limits_.max_bytes) {
      const bool ours_first = it == entries_.begin();
      drop(ours_first ? entries_.begin() + 1 : entries_.begin());
      if (!ours_first) --it;
    }
    if (!it->pieces.complete() || !it->first) return std::nullopt;
    Datagram whole{std::move(*it->first), it->pieces.assemble()};
    drop(it);
    return whole;
  }

  // Drops the datagrams whose time is up at `now`; returns how many. `expired` is called
  // with the First of each one dropped whose first fragment had come (IPv6 owes its source
  // a Time Exceeded).
  template <std::invocable<const First&> F>
  std::size_t expire(async::TimePoint now, F&& expired) {
    std::size_t n = 0;
    while (!entries_.empty() && now - entries_.front().started >= limits_.timeout) {
      if (entries_.front().first) expired(*entries_.front().first);
      drop(entries_.begin());
      ++n;
    }
    return n;
  }
  std::size_t expire(async::TimePoint now) {
    return expire(now, [](const First&) {});
  }

  std::size_t datagrams() const { return entries_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  struct Entry {
    Key key;
    async::TimePoint started;
    FragmentPieces pieces;
    std::optional<First> first;
  };
  using Iterator = typename std::vector<Entry>::iterator;

  void drop(Iterator it) {
    bytes_ -= it->pieces.bytes();
    entries_.erase(it);
  }

  ReassemblyLimits limits_;
  std::vector<Entry> entries_;  // oldest first
  std::size_t bytes_ = 0;
};

// What tells the fragments of one IPv4 datagram from another's (RFC 791).
struct DatagramId {
  Ipv4Address source, destination;
  std::uint16_t id;
  std::uint8_t protocol;
  bool operator==(const DatagramId&) const = default;
};

class Reassembler : private ReassemblyTable<DatagramId, Packet> {
 public:
  explicit Reassembler(ReassemblyLimits limits = {}) : ReassemblyTable(limits) {}

  // Adds one fragment (a packet whose header.is_fragment()) received at `now`. Returns the
  // whole datagram once this fragment completes it (its header is the first fragment's,
  // without fragment fields; its payload a new buffer), nullopt while fragments are
  // missing, or why the fragment was refused (the datagram it belonged to is dropped).
  // Datagrams older than the timeout are dropped first.
  std::expected<std::optional<Packet>, ReassemblyError> add(const Packet& fragment,
                                                            async::TimePoint now);

  // expire(now) drops the datagrams whose time is up; datagrams() and bytes() say what is
  // in progress.
  using ReassemblyTable::bytes;
  using ReassemblyTable::datagrams;
  using ReassemblyTable::expire;
};

}  // namespace ipv4
