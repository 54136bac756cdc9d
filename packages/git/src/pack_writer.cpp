#include <git/pack_writer.hpp>

#include <algorithm>
#include <map>
#include <string>

#include <git/delta.hpp>
#include <git/pack.hpp>
#include <git/zlib.hpp>

namespace git {

namespace {

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

void put_entry_header(std::vector<std::uint8_t>& out, unsigned type, std::uint64_t size) {
  std::uint8_t c = static_cast<std::uint8_t>(type << 4 | (size & 15));
  size >>= 4;
  while (size) {
    out.push_back(c | 0x80);
    c = size & 0x7f;
    size >>= 7;
  }
  out.push_back(c);
}

// The distance back to an OFS_DELTA base in git's encoding (each continued byte adds one).
void put_base_distance(std::vector<std::uint8_t>& out, std::uint64_t back) {
  std::uint8_t buf[10];
  std::size_t n = 0;
  buf[n++] = back & 0x7f;
  while (back >>= 7) {
    --back;
    buf[n++] = static_cast<std::uint8_t>(0x80 | (back & 0x7f));
  }
  while (n) out.push_back(buf[--n]);
}

}  // namespace

std::vector<std::uint8_t> encode_pack_index(std::vector<PackIndexEntry> entries, const ObjectId& pack_checksum) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::vector<std::uint8_t> out = {0xff, 't', 'O', 'c'};
  put32(out, 2);
  std::uint32_t counts[256] = {};
  for (const auto& e : entries) ++counts[e.id.raw()[0]];
  std::uint32_t running = 0;
  for (const std::uint32_t c : counts) put32(out, running += c);
  for (const auto& e : entries) out.insert(out.end(), e.id.raw().begin(), e.id.raw().end());
  for (const auto& e : entries) put32(out, e.crc32);
  std::vector<std::uint64_t> large;
  for (const auto& e : entries) {
    if (e.offset < 0x80000000u) {
      put32(out, static_cast<std::uint32_t>(e.offset));
    } else {
      put32(out, 0x80000000u | static_cast<std::uint32_t>(large.size()));
      large.push_back(e.offset);
    }
  }
  for (const std::uint64_t o : large) {
    put32(out, static_cast<std::uint32_t>(o >> 32));
    put32(out, static_cast<std::uint32_t>(o));
  }
  out.insert(out.end(), pack_checksum.raw().begin(), pack_checksum.raw().end());
  Hasher h(pack_checksum.algo());
  h.feed(out);
  const ObjectId own = h.finish();
  out.insert(out.end(), own.raw().begin(), own.raw().end());
  return out;
}

Result<WrittenPack> write_pack(std::span<const RawObject> objects, HashAlgo algo, const PackWriteOptions& options) {
  struct Item {
    const RawObject* object;
    ObjectId id;
  };
  std::vector<Item> items;
  {
    std::map<ObjectId, const RawObject*> unique;
    for (const auto& o : objects) unique.emplace(hash_object(algo, o), &o);
    for (const auto& [id, o] : unique) items.push_back({o, id});
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.object->type != b.object->type) return a.object->type < b.object->type;
    if (a.object->data.size() != b.object->data.size()) return a.object->data.size() > b.object->data.size();
    return a.id < b.id;
  });
  if (items.size() > UINT32_MAX) return fail(Errc::TooLarge, "pack: more than 2^32 objects");

  std::vector<std::uint8_t> pack = {'P', 'A', 'C', 'K'};
  put32(pack, 2);
  put32(pack, static_cast<std::uint32_t>(items.size()));
  std::vector<PackIndexEntry> entries;
  std::vector<std::size_t> depth(items.size(), 0);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const RawObject& o = *items[i].object;
    const std::uint64_t offset = pack.size();
    std::vector<std::uint8_t> best;
    std::size_t best_base = 0;
    if (options.deltas && o.data.size() >= 32) {
      for (std::size_t back = 1; back <= std::min(options.window, i); ++back) {
        const std::size_t j = i - back;
        if (items[j].object->type != o.type || depth[j] + 1 > options.max_depth) continue;
        auto d = make_delta(items[j].object->data, o.data);
        if (d.size() < o.data.size() / 2 && (best.empty() || d.size() < best.size())) {
          best = std::move(d);
          best_base = j;
        }
      }
    }
    const std::span<const std::uint8_t> payload = best.empty() ? std::span<const std::uint8_t>(o.data) : best;
    GIT_TRY(const auto compressed, zlib_compress(payload, options.level));
    if (best.empty()) {
      put_entry_header(pack, static_cast<unsigned>(o.type), o.data.size());
    } else {
      put_entry_header(pack, 6, best.size());
      put_base_distance(pack, offset - entries[best_base].offset);
      depth[i] = depth[best_base] + 1;
    }
    pack.insert(pack.end(), compressed.begin(), compressed.end());
    entries.push_back({items[i].id, offset, crc32_of(std::span(pack).subspan(offset))});
  }
  Hasher h(algo);
  h.feed(pack);
  const ObjectId checksum = h.finish();
  pack.insert(pack.end(), checksum.raw().begin(), checksum.raw().end());
  WrittenPack written{std::move(pack), encode_pack_index(std::move(entries), checksum), checksum};
  return written;
}

}  // namespace git
