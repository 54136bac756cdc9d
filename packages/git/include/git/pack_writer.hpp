#pragma once
// Writing packs and their version 2 indexes, whole objects or OFS_DELTA against earlier
// objects of the same type.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <git/error.hpp>
#include <git/object.hpp>
#include <git/object_id.hpp>

namespace git {

struct PackIndexEntry {
  ObjectId id;
  std::uint64_t offset;
  std::uint32_t crc32;
};
// The .idx (version 2) for a pack with these entries (any order; ids must be distinct)
// and trailing checksum: 64-bit offsets for entries at 2 GiB and beyond.
std::vector<std::uint8_t> encode_pack_index(std::vector<PackIndexEntry> entries, const ObjectId& pack_checksum);

struct PackWriteOptions {
  bool deltas = true;          // try deltas against earlier objects of the same type
  std::size_t window = 10;     // how many earlier objects to try
  std::size_t max_depth = 50;  // the longest delta chain to make (git's pack.depth)
  int level = -1;              // zlib level
};

struct WrittenPack {
  std::vector<std::uint8_t> pack;
  std::vector<std::uint8_t> index;
  ObjectId checksum;  // the pack's trailer: git names the files pack-<hex>.pack and .idx
};

// A pack of `objects` (ids in `algo`; an object given twice is written once) and its index.
// Objects are written grouped by type, larger first, so that deltas go from large to small
// as git prefers; a delta is kept only when it is under half the object's size.
Result<WrittenPack> write_pack(std::span<const RawObject> objects, HashAlgo algo, const PackWriteOptions& options = {});

}  // namespace git
