#pragma once
// Pack files (.pack, version 2 or 3) and their indexes (.idx, version 2): reading objects
// by offset or id, with OFS_DELTA and REF_DELTA chains resolved to a bounded depth.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include <git/error.hpp>
#include <git/loose.hpp>
#include <git/object.hpp>
#include <git/object_id.hpp>
#include <git/zlib.hpp>

namespace git {

// A .idx file, version 2 ("\377tOc", 2, fanout, ids, CRC-32s, 31-bit offsets with a table
// of 64-bit ones, the pack's checksum, its own checksum).
class PackIndex {
 public:
  // Takes the file's bytes. BadIndex unless the layout is exact: a non-decreasing fanout
  // that agrees with the ids, ids strictly ascending, every large offset in the table;
  // Checksum unless the trailing hash matches.
  static Result<PackIndex> parse(std::vector<std::uint8_t> bytes, HashAlgo algo);

  std::uint32_t size() const noexcept { return count_; }
  HashAlgo algo() const noexcept { return algo_; }
  // The i-th id in ascending order (i < size()).
  ObjectId id(std::uint32_t i) const;
  // Where the i-th object starts in the pack.
  std::uint64_t offset(std::uint32_t i) const noexcept;
  // The CRC-32 of the i-th object's whole entry in the pack (header and data).
  std::uint32_t crc32(std::uint32_t i) const noexcept;
  // The position of `id` in the index, or nullopt.
  std::optional<std::uint32_t> find(const ObjectId& id) const noexcept;
  // The checksum of the pack this index describes.
  ObjectId pack_checksum() const;

 private:
  PackIndex() = default;
  std::vector<std::uint8_t> bytes_;
  HashAlgo algo_ = HashAlgo::Sha1;
  std::uint32_t count_ = 0;
  std::uint32_t large_count_ = 0;
};

// What a pack entry's header says.
enum class PackEntryType : std::uint8_t { Commit = 1, Tree = 2, Blob = 3, Tag = 4, OfsDelta = 6, RefDelta = 7 };
struct PackEntry {
  std::uint64_t offset;       // where the entry starts
  PackEntryType type;
  std::size_t size;           // inflated size (of the object, or of the delta)
  std::uint64_t data_offset;  // where its zlib stream starts
  std::uint64_t base_offset;  // OFS_DELTA: the base's entry offset
  ObjectId base_id;           // REF_DELTA: the base's id
};

// Finds a REF_DELTA base that is not in the pack (a thin pack's base, from the store).
using BaseLookup = std::function<Result<RawObject>(const ObjectId&)>;

struct PackReadOptions {
  std::size_t max_object_size = default_max_object_size;
  std::size_t max_delta_depth = 4096;  // git writes chains of at most 50 by default, 4095 at most
};

// A .pack file in memory. Reading an object follows its delta chain to a whole object,
// finding REF_DELTA bases through the index given (and then `lookup`).
class Pack {
 public:
  // Takes the file's bytes: "PACK", version 2 or 3, the object count, entries, and the
  // trailing hash of everything before it. BadPack if the frame is wrong; Checksum if the
  // trailer does not match (when `verify` is true; it hashes the whole file).
  static Result<Pack> parse(std::vector<std::uint8_t> bytes, HashAlgo algo, bool verify = true);

  std::uint32_t object_count() const noexcept { return count_; }
  HashAlgo algo() const noexcept { return algo_; }
  // The trailing checksum (what the index's pack_checksum() must say).
  ObjectId checksum() const;
  // The end of the entries (where the trailer starts).
  std::uint64_t entries_end() const noexcept { return bytes_.size() - digest_size(algo_); }
  // Reads the entry header at `offset`. BadPack for a header cut short, a reserved type
  // (0 or 5), a size that overflows, an OFS_DELTA base not strictly before the entry.
  Result<PackEntry> entry_at(std::uint64_t offset) const;
  // Inflates an entry's data (exactly entry.size bytes); also returns where it ends.
  Result<Inflated> entry_data(const PackEntry& entry) const;
  // The whole object at `offset`, deltas applied. `index` resolves REF_DELTA bases in
  // this pack, `lookup` those outside it; either may be null. DeltaTooDeep for chains
  // longer than options.max_delta_depth (which also stops REF_DELTA cycles).
  Result<RawObject> read_at(std::uint64_t offset, const PackIndex* index = nullptr, const BaseLookup& lookup = {},
                            const PackReadOptions& options = {}) const;
  // The bytes of the file.
  std::span<const std::uint8_t> bytes() const noexcept { return bytes_; }

 private:
  Pack() = default;
  std::vector<std::uint8_t> bytes_;
  HashAlgo algo_ = HashAlgo::Sha1;
  std::uint32_t count_ = 0;
};

// A pack and its index, checked against each other: reads objects by id.
class PackFile {
 public:
  // BadIndex when the index is for another pack (checksums differ) or lists a different
  // number of objects, or an offset outside the entries.
  static Result<PackFile> open(Pack pack, PackIndex index);

  bool contains(const ObjectId& id) const noexcept { return index_.find(id).has_value(); }
  // The object called `id`: NotFound if the index does not list it; Checksum if what the
  // pack holds at its offset hashes to another id.
  Result<RawObject> read(const ObjectId& id, const BaseLookup& lookup = {}, const PackReadOptions& options = {}) const;
  const Pack& pack() const noexcept { return pack_; }
  const PackIndex& index() const noexcept { return index_; }

 private:
  PackFile(Pack pack, PackIndex index) : pack_(std::move(pack)), index_(std::move(index)) {}
  Pack pack_;
  PackIndex index_;
};

// The CRC-32 (zlib's) of `bytes`, as a pack index records it.
std::uint32_t crc32_of(std::span<const std::uint8_t> bytes) noexcept;

// Builds the index of a pack that has none (what `git index-pack` does): walks every
// entry, resolves deltas (thin-pack bases through `lookup`), hashes each object. BadPack
// for entries that overlap, leave gaps, or do not add up to the object count.
Result<std::vector<std::uint8_t>> index_pack(const Pack& pack, const BaseLookup& lookup = {},
                                             const PackReadOptions& options = {});

}  // namespace git
