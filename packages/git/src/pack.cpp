#include <git/pack.hpp>

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>

#include <git/delta.hpp>
#include <git/pack_writer.hpp>

namespace git {

namespace {

constexpr std::uint8_t index_magic[4] = {0xff, 't', 'O', 'c'};
constexpr std::size_t fanout_size = 256 * 4;

std::uint32_t load32(const std::uint8_t* p) noexcept {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

std::string num(std::uint64_t v) { return std::to_string(v); }

bool hash_matches(std::span<const std::uint8_t> bytes, HashAlgo algo) {
  const std::size_t h = digest_size(algo);
  Hasher hasher(algo);
  hasher.feed(bytes.first(bytes.size() - h));
  const ObjectId want = hasher.finish();
  return std::equal(want.raw().begin(), want.raw().end(), bytes.end() - static_cast<std::ptrdiff_t>(h));
}

}  // namespace

std::uint32_t crc32_of(std::span<const std::uint8_t> bytes) noexcept {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  while (!bytes.empty()) {
    const auto n = static_cast<uInt>(std::min<std::size_t>(bytes.size(), 1u << 30));
    crc = ::crc32(crc, bytes.data(), n);
    bytes = bytes.subspan(n);
  }
  return static_cast<std::uint32_t>(crc);
}

// ---- PackIndex ----

Result<PackIndex> PackIndex::parse(std::vector<std::uint8_t> bytes, HashAlgo algo) {
  const std::size_t h = digest_size(algo);
  if (bytes.size() < 8 + fanout_size + 2 * h) return fail(Errc::BadIndex, "pack index: shorter than its fixed parts");
  if (std::memcmp(bytes.data(), index_magic, 4) != 0) return fail(Errc::BadIndex, "pack index: not version 2 (no magic)");
  if (load32(bytes.data() + 4) != 2) return fail(Errc::BadIndex, "pack index: version " + num(load32(bytes.data() + 4)) + ", not 2");
  const std::uint8_t* fanout = bytes.data() + 8;
  std::uint32_t prev = 0;
  for (std::size_t i = 0; i < 256; ++i) {
    const std::uint32_t f = load32(fanout + 4 * i);
    if (f < prev) return fail(Errc::BadIndex, "pack index: the fanout table decreases at " + num(i));
    prev = f;
  }
  const std::uint64_t n = prev;
  const std::uint64_t fixed = 8 + fanout_size + n * (h + 8) + 2 * h;
  if (fixed > bytes.size()) return fail(Errc::BadIndex, "pack index: too short for " + num(n) + " objects");
  const std::uint64_t large_bytes = bytes.size() - fixed;
  if (large_bytes % 8 != 0) return fail(Errc::BadIndex, "pack index: the 64-bit offset table is not whole");
  if (!hash_matches(bytes, algo)) return fail(Errc::Checksum, "pack index: the trailing checksum does not match");
  PackIndex index;
  index.algo_ = algo;
  index.count_ = static_cast<std::uint32_t>(n);
  index.large_count_ = static_cast<std::uint32_t>(large_bytes / 8);
  index.bytes_ = std::move(bytes);
  const std::uint8_t* ids = index.bytes_.data() + 8 + fanout_size;
  for (std::uint32_t i = 0; i < index.count_; ++i) {
    const std::uint8_t* id = ids + i * h;
    if (i > 0 && std::memcmp(id - h, id, h) >= 0)
      return fail(Errc::BadIndex, "pack index: ids not strictly ascending at " + num(i));
    // Entries before the fanout of this id's first byte must all have smaller first bytes.
    const std::uint32_t below = id[0] == 0 ? 0 : load32(fanout + 4 * (id[0] - 1));
    const std::uint32_t upto = load32(fanout + 4 * id[0]);
    if (i < below || i >= upto) return fail(Errc::BadIndex, "pack index: the fanout disagrees with id " + num(i));
  }
  const std::uint8_t* offsets = ids + n * (h + 4);
  std::uint32_t large_used = 0;
  for (std::uint32_t i = 0; i < index.count_; ++i) {
    const std::uint32_t o = load32(offsets + 4 * i);
    if (o & 0x80000000u) {
      if ((o & 0x7fffffffu) >= index.large_count_)
        return fail(Errc::BadIndex, "pack index: object " + num(i) + " names a 64-bit offset beyond the table");
      ++large_used;
    }
  }
  if (large_used < index.large_count_) {
    // Git never writes unused large offsets; a table longer than its users is padding.
    return fail(Errc::BadIndex, "pack index: more 64-bit offsets than objects that use them");
  }
  return index;
}

ObjectId PackIndex::id(std::uint32_t i) const {
  const std::size_t h = digest_size(algo_);
  return *ObjectId::from_raw(std::span(bytes_).subspan(8 + fanout_size + std::size_t{i} * h, h), algo_);
}

std::uint32_t PackIndex::crc32(std::uint32_t i) const noexcept {
  const std::size_t h = digest_size(algo_);
  return load32(bytes_.data() + 8 + fanout_size + std::size_t{count_} * h + std::size_t{i} * 4);
}

std::uint64_t PackIndex::offset(std::uint32_t i) const noexcept {
  const std::size_t h = digest_size(algo_);
  const std::uint8_t* offsets = bytes_.data() + 8 + fanout_size + std::size_t{count_} * (h + 4);
  const std::uint32_t o = load32(offsets + std::size_t{i} * 4);
  if (!(o & 0x80000000u)) return o;
  const std::uint8_t* large = offsets + std::size_t{count_} * 4 + std::size_t{o & 0x7fffffffu} * 8;
  return std::uint64_t{load32(large)} << 32 | load32(large + 4);
}

std::optional<std::uint32_t> PackIndex::find(const ObjectId& id) const noexcept {
  if (id.algo() != algo_) return std::nullopt;
  const std::size_t h = digest_size(algo_);
  const std::uint8_t* fanout = bytes_.data() + 8;
  const std::uint8_t first = id.raw()[0];
  std::uint32_t lo = first == 0 ? 0 : load32(fanout + 4 * (first - 1));
  std::uint32_t hi = load32(fanout + 4 * first);
  const std::uint8_t* ids = bytes_.data() + 8 + fanout_size;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    const int c = std::memcmp(ids + std::size_t{mid} * h, id.raw().data(), h);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return std::nullopt;
}

ObjectId PackIndex::pack_checksum() const {
  const std::size_t h = digest_size(algo_);
  return *ObjectId::from_raw(std::span(bytes_).subspan(bytes_.size() - 2 * h, h), algo_);
}

// ---- Pack ----

Result<Pack> Pack::parse(std::vector<std::uint8_t> bytes, HashAlgo algo, bool verify) {
  const std::size_t h = digest_size(algo);
  if (bytes.size() < 12 + h) return fail(Errc::BadPack, "pack: shorter than its header and trailer");
  if (std::memcmp(bytes.data(), "PACK", 4) != 0) return fail(Errc::BadPack, "pack: no 'PACK' signature");
  const std::uint32_t version = load32(bytes.data() + 4);
  if (version != 2 && version != 3) return fail(Errc::BadPack, "pack: version " + num(version) + ", not 2 or 3");
  if (verify && !hash_matches(bytes, algo)) return fail(Errc::Checksum, "pack: the trailing checksum does not match");
  Pack pack;
  pack.count_ = load32(bytes.data() + 8);
  // Every entry takes at least a header byte and a zlib stream (2 + 4 bytes at least).
  if (pack.count_ > (bytes.size() - 12 - h) / 3)
    return fail(Errc::BadPack, "pack: claims " + num(pack.count_) + " objects, more than it could hold");
  pack.algo_ = algo;
  pack.bytes_ = std::move(bytes);
  return pack;
}

ObjectId Pack::checksum() const {
  const std::size_t h = digest_size(algo_);
  return *ObjectId::from_raw(std::span(bytes_).subspan(bytes_.size() - h, h), algo_);
}

Result<PackEntry> Pack::entry_at(std::uint64_t offset) const {
  const std::uint64_t end = entries_end();
  if (offset < 12 || offset >= end) return fail(Errc::BadPack, "pack: no entry can start at offset " + num(offset));
  std::uint64_t p = offset;
  std::uint8_t c = bytes_[p++];
  PackEntry e{};
  e.offset = offset;
  const unsigned type = (c >> 4) & 7;
  if (type == 0 || type == 5) return fail(Errc::BadPack, "pack: entry at " + num(offset) + " has reserved type " + num(type));
  e.type = static_cast<PackEntryType>(type);
  std::uint64_t size = c & 15;
  unsigned shift = 4;
  while (c & 0x80) {
    if (p >= end) return fail(Errc::BadPack, "pack: entry header at " + num(offset) + " is cut short");
    if (shift > 57) return fail(Errc::BadPack, "pack: entry size at " + num(offset) + " overflows");
    c = bytes_[p++];
    size |= static_cast<std::uint64_t>(c & 0x7f) << shift;
    shift += 7;
  }
  if (size > SIZE_MAX) return fail(Errc::BadPack, "pack: entry size at " + num(offset) + " does not fit in memory");
  e.size = static_cast<std::size_t>(size);
  e.base_id = ObjectId(algo_);
  if (e.type == PackEntryType::OfsDelta) {
    if (p >= end) return fail(Errc::BadPack, "pack: delta base offset at " + num(offset) + " is cut short");
    c = bytes_[p++];
    std::uint64_t back = c & 0x7f;
    while (c & 0x80) {
      if (p >= end) return fail(Errc::BadPack, "pack: delta base offset at " + num(offset) + " is cut short");
      if (back >= (std::uint64_t{1} << 56)) return fail(Errc::BadPack, "pack: delta base offset at " + num(offset) + " overflows");
      c = bytes_[p++];
      back = ((back + 1) << 7) | (c & 0x7f);
    }
    if (back == 0 || back > offset - 12)
      return fail(Errc::BadPack, "pack: delta at " + num(offset) + " names a base outside the pack or not before it");
    e.base_offset = offset - back;
  } else if (e.type == PackEntryType::RefDelta) {
    const std::size_t h = digest_size(algo_);
    if (end - p < h) return fail(Errc::BadPack, "pack: delta base id at " + num(offset) + " is cut short");
    e.base_id = *ObjectId::from_raw(std::span(bytes_).subspan(p, h), algo_);
    p += h;
  }
  e.data_offset = p;
  return e;
}

Result<Inflated> Pack::entry_data(const PackEntry& entry) const {
  const auto data = std::span(bytes_).subspan(entry.data_offset, entries_end() - entry.data_offset);
  auto inflated = zlib_inflate(data, entry.size);
  if (!inflated) return fail(Errc::BadPack, "pack: entry at " + num(entry.offset) + ": " + inflated.error().message);
  return inflated;
}

Result<RawObject> Pack::read_at(std::uint64_t offset, const PackIndex* index, const BaseLookup& lookup,
                                const PackReadOptions& options) const {
  std::vector<std::vector<std::uint8_t>> deltas;  // outermost first
  std::optional<RawObject> base;
  std::uint64_t at = offset;
  while (!base) {
    GIT_TRY(const PackEntry e, entry_at(at));
    if (e.type != PackEntryType::OfsDelta && e.type != PackEntryType::RefDelta) {
      if (e.size > options.max_object_size)
        return fail(Errc::TooLarge, "pack: object at " + num(at) + " of " + num(e.size) + " bytes is above the limit");
      GIT_TRY(auto data, entry_data(e));
      base = RawObject{static_cast<ObjectType>(e.type), std::move(data.data)};
      break;
    }
    if (deltas.size() >= options.max_delta_depth)
      return fail(Errc::DeltaTooDeep, "pack: the delta chain from " + num(offset) + " is longer than " +
                                          num(options.max_delta_depth));
    // A delta is never much larger than its result; bound it like an object.
    if (e.size > options.max_object_size)
      return fail(Errc::TooLarge, "pack: delta at " + num(at) + " of " + num(e.size) + " bytes is above the limit");
    GIT_TRY(auto data, entry_data(e));
    deltas.push_back(std::move(data.data));
    if (e.type == PackEntryType::OfsDelta) {
      at = e.base_offset;
      continue;
    }
    if (index) {
      if (const auto i = index->find(e.base_id)) {
        at = index->offset(*i);
        continue;
      }
    }
    if (!lookup) return fail(Errc::NotFound, "pack: the delta base " + e.base_id.hex() + " is not in the pack");
    GIT_TRY(auto outside, lookup(e.base_id));
    base = std::move(outside);
  }
  for (auto it = deltas.rbegin(); it != deltas.rend(); ++it) {
    GIT_TRY(auto next, apply_delta(base->data, *it, options.max_object_size));
    base->data = std::move(next);
  }
  return std::move(*base);
}

// ---- PackFile ----

Result<PackFile> PackFile::open(Pack pack, PackIndex index) {
  if (pack.algo() != index.algo()) return fail(Errc::BadIndex, "pack index: for another object format");
  if (pack.checksum() != index.pack_checksum())
    return fail(Errc::BadIndex, "pack index: made for pack " + index.pack_checksum().hex() + ", not " + pack.checksum().hex());
  if (pack.object_count() != index.size())
    return fail(Errc::BadIndex, "pack index: lists " + num(index.size()) + " objects, the pack has " + num(pack.object_count()));
  for (std::uint32_t i = 0; i < index.size(); ++i)
    if (index.offset(i) < 12 || index.offset(i) >= pack.entries_end())
      return fail(Errc::BadIndex, "pack index: object " + num(i) + " has an offset outside the pack");
  return PackFile(std::move(pack), std::move(index));
}

Result<RawObject> PackFile::read(const ObjectId& id, const BaseLookup& lookup, const PackReadOptions& options) const {
  const auto i = index_.find(id);
  if (!i) return fail(Errc::NotFound, "pack: no object " + id.hex());
  GIT_TRY(auto object, pack_.read_at(index_.offset(*i), &index_, lookup, options));
  if (hash_object(pack_.algo(), object) != id)
    return fail(Errc::Checksum, "pack: the object at the offset of " + id.hex() + " has another id");
  return object;
}

// ---- index_pack ----

Result<std::vector<std::uint8_t>> index_pack(const Pack& pack, const BaseLookup& lookup, const PackReadOptions& options) {
  struct Walked {
    std::uint64_t offset;
    std::uint32_t crc;
    PackEntry entry;
  };
  std::vector<Walked> walked;
  walked.reserve(pack.object_count());
  std::uint64_t at = 12;
  for (std::uint32_t i = 0; i < pack.object_count(); ++i) {
    if (at >= pack.entries_end()) return fail(Errc::BadPack, "pack: ends after " + num(i) + " of " + num(pack.object_count()) + " objects");
    GIT_TRY(const PackEntry e, pack.entry_at(at));
    if (e.size > options.max_object_size) return fail(Errc::TooLarge, "pack: entry at " + num(at) + " is above the size limit");
    GIT_TRY(const auto data, pack.entry_data(e));
    const std::uint64_t end = e.data_offset + data.consumed;
    walked.push_back({at, crc32_of(pack.bytes().subspan(at, end - at)), e});
    at = end;
  }
  if (at != pack.entries_end()) return fail(Errc::BadPack, "pack: bytes after the last of its objects");
  // Resolve each object. A REF_DELTA base inside the pack is found by id once that id is
  // known, so passes repeat while they make progress; what is left needs `lookup`.
  std::vector<PackIndexEntry> entries;
  entries.reserve(walked.size());
  std::map<ObjectId, std::uint64_t> known;  // id -> offset of objects resolved so far
  std::size_t nesting = 0;  // bounds recursion through REF_DELTA bases
  bool use_lookup = false;
  BaseLookup base_of = [&](const ObjectId& id) -> Result<RawObject> {
    if (const auto it = known.find(id); it != known.end()) {
      if (++nesting > options.max_delta_depth) return fail(Errc::DeltaTooDeep, "pack: REF_DELTA bases nest too deep");
      auto r = pack.read_at(it->second, nullptr, base_of, options);
      --nesting;
      return r;
    }
    if (use_lookup && lookup) return lookup(id);
    return fail(Errc::NotFound, "pack: the delta base " + id.hex() + " is not known yet");
  };
  std::vector<std::size_t> pending(walked.size());
  for (std::size_t i = 0; i < walked.size(); ++i) pending[i] = i;
  while (!pending.empty()) {
    std::vector<std::size_t> later;
    for (const std::size_t i : pending) {
      nesting = 0;
      auto object = pack.read_at(walked[i].offset, nullptr, base_of, options);
      if (!object) {
        if (object.error().code != Errc::NotFound) return std::unexpected(object.error());
        later.push_back(i);
        continue;
      }
      const ObjectId id = hash_object(pack.algo(), *object);
      entries.push_back({id, walked[i].offset, walked[i].crc});
      if (!known.emplace(id, walked[i].offset).second) return fail(Errc::BadPack, "pack: holds object " + id.hex() + " twice");
    }
    if (later.size() == pending.size()) {
      if (use_lookup || !lookup) return fail(Errc::NotFound, "pack: a delta base is neither in the pack nor available");
      use_lookup = true;  // a thin pack: the remaining bases come from outside
    }
    pending = std::move(later);
  }
  return encode_pack_index(std::move(entries), pack.checksum());
}

}  // namespace git
