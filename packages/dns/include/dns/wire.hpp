#pragma once
// Names on the wire, for the message codec and for protocols that read names themselves
// (TSIG). Reading follows compression pointers; writing compresses against the names
// already in the message.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <cstruct/reader.hpp>
#include <cstruct/writer.hpp>

#include <dns/name.hpp>

namespace dns::wire {

// Reads a name at r's position. Pointers index `message`, which must be r's outermost
// input; each must point strictly before the pointer itself (no loops, no forward
// references). With an empty `message`, a pointer is BadPointer.
Result<Name> read_name(cstruct::Reader& r, std::span<const std::uint8_t> message);

// The suffixes of names written so far in one message, by hash and offset.
class Compressor {
 public:
  // How many suffixes are remembered; rollback(mark) forgets those added after it.
  std::size_t mark() const { return entries_.size(); }
  void rollback(std::size_t mark) { entries_.resize(mark); }
  // Forgets every suffix (for the next message).
  void clear() { entries_.clear(); }
  // Writes `name` at message offset `at` (w's next byte; `message` points at the
  // message's first byte), ending with a pointer to an earlier copy of its longest suffix
  // when `compress`, and remembers its new suffixes either way.
  void write(cstruct::Writer& w, const std::uint8_t* message, std::size_t at, const Name& name,
             bool compress);

 private:
  struct Entry {
    std::uint32_t hash;
    std::uint16_t offset;
  };
  std::vector<Entry> entries_;  // searched in turn: a message holds few names
};

}  // namespace dns::wire
