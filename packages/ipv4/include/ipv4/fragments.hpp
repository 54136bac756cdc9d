#pragma once
// IPv4 fragmentation (how a payload is cut) and reassembly, sans-IO (the time is passed in).
//
// Reassembly is bounded so that fragments cannot exhaust memory: a number of datagrams in
// progress, of fragments per datagram and of bytes over all of them, and a time limit
// (RFC 791's 15 s lower bound; 30 s as Linux). Overlapping fragments are refused and the
// whole datagram with them (RFC 5722's rule for IPv6, which defeats overlap tricks that
// fool inspection); an exact duplicate, as a retransmission gives, is ignored.
#include <ipv4/header.hpp>

#include <async/time.hpp>
#include <chrono>
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

class Reassembler {
 public:
  explicit Reassembler(ReassemblyLimits limits = {}) : limits_(limits) {}

  // Adds one fragment (a packet whose header.is_fragment()) received at `now`. Returns the
  // whole datagram once this fragment completes it (its header is the first fragment's,
  // without fragment fields; its payload a new buffer), nullopt while fragments are
  // missing, or why the fragment was refused (the datagram it belonged to is dropped).
  // Datagrams older than the timeout are dropped first.
  std::expected<std::optional<Packet>, ReassemblyError> add(const Packet& fragment,
                                                            async::TimePoint now);

  // Drops the datagrams whose time is up at `now`; returns how many.
  std::size_t expire(async::TimePoint now);

  // Datagrams in progress, and the payload bytes they hold.
  std::size_t datagrams() const { return entries_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  struct Piece {
    std::size_t offset;
    cstruct::Buffer data;
  };
  struct Entry {
    Ipv4Address source, destination;
    std::uint16_t id;
    std::uint8_t protocol;
    async::TimePoint started;
    std::vector<Piece> pieces;       // sorted by offset, never overlapping
    std::optional<std::size_t> end;  // known once the last fragment came
    std::size_t bytes = 0;
    std::optional<Packet> first;  // the fragment at offset 0: its header becomes the datagram's
  };
  using Iterator = std::vector<Entry>::iterator;

  Iterator find_or_create(const Header& h, async::TimePoint now);
  void drop(Iterator it);
  std::expected<std::optional<Packet>, ReassemblyError> fail(Iterator it, ReassemblyError e);
  static Packet assemble(Entry& e);

  ReassemblyLimits limits_;
  std::vector<Entry> entries_;  // oldest first
  std::size_t bytes_ = 0;
};

}  // namespace ipv4
