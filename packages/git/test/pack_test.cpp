// Packs and indexes written by us, read back by us (git's view is in interop_test.cpp).
#include <gtest/gtest.h>

#include <git/pack.hpp>
#include <git/pack_writer.hpp>
#include <git/zlib.hpp>

#include <string>

#include "support.hpp"

namespace {

using git_test::pseudo_random;

using git::Errc;
using git::HashAlgo;
using git::ObjectType;
using git::RawObject;

// Versions of a file, each a small edit of the one before: good material for deltas.
std::vector<RawObject> sample_objects() {
  std::vector<RawObject> objects;
  auto content = pseudo_random(20000, 42);
  for (int i = 0; i < 12; ++i) {
    content[static_cast<std::size_t>(i) * 1000] ^= 0xff;
    content.insert(content.end(), {'v', static_cast<std::uint8_t>('0' + i)});
    objects.push_back({ObjectType::Blob, content});
  }
  objects.push_back({ObjectType::Blob, {}});
  objects.push_back({ObjectType::Tree, {}});
  objects.push_back({ObjectType::Blob, pseudo_random(300, 9)});
  objects.push_back(objects[3]);  // given twice, written once
  return objects;
}

struct Opened {
  git::WrittenPack written;
  git::PackFile file;
};

Opened write_and_open(const std::vector<RawObject>& objects, HashAlgo algo, git::PackWriteOptions options = {}) {
  auto written = git::write_pack(objects, algo, options);
  EXPECT_TRUE(written) << written.error().message;
  auto pack = git::Pack::parse(written->pack, algo);
  EXPECT_TRUE(pack) << pack.error().message;
  auto index = git::PackIndex::parse(written->index, algo);
  EXPECT_TRUE(index) << index.error().message;
  auto file = git::PackFile::open(std::move(*pack), std::move(*index));
  EXPECT_TRUE(file) << file.error().message;
  return {std::move(*written), std::move(*file)};
}

TEST(Pack, WritesAndReadsBackEveryObjectByIdInBothFormats) {
  for (const auto algo : {HashAlgo::Sha1, HashAlgo::Sha256}) {
    const auto objects = sample_objects();
    const auto [written, file] = write_and_open(objects, algo);
    EXPECT_EQ(file.index().size(), objects.size() - 1);
    for (const auto& o : objects) {
      const auto id = git::hash_object(algo, o);
      const auto back = file.read(id);
      ASSERT_TRUE(back) << back.error().message;
      EXPECT_EQ(*back, o);
    }
    EXPECT_EQ(file.read(git::hash_object(algo, ObjectType::Blob, std::vector<std::uint8_t>{1})).error().code,
              Errc::NotFound);
  }
}

TEST(Pack, DeltasMakeSimilarObjectsSmallAndChainsStayWithinDepth) {
  const auto objects = sample_objects();
  const auto whole = write_and_open(objects, HashAlgo::Sha1, {.deltas = false});
  const auto deltified = write_and_open(objects, HashAlgo::Sha1, {.max_depth = 3});
  EXPECT_LT(deltified.written.pack.size() * 3, whole.written.pack.size());
  std::size_t deltas = 0;
  for (std::uint32_t i = 0; i < deltified.file.index().size(); ++i) {
    auto e = deltified.file.pack().entry_at(deltified.file.index().offset(i));
    ASSERT_TRUE(e);
    std::size_t depth = 0;
    while (e->type == git::PackEntryType::OfsDelta) {
      ++depth;
      e = deltified.file.pack().entry_at(e->base_offset);
      ASSERT_TRUE(e);
    }
    deltas += depth > 0;
    EXPECT_LE(depth, 3u);
  }
  EXPECT_GE(deltas, 8u);
  // A reader that allows shorter chains than the pack has refuses.
  // Larger objects are written first, so the first (smallest) version is a delta.
  const auto id = git::hash_object(HashAlgo::Sha1, objects[0]);
  git::PackReadOptions shallow;
  shallow.max_delta_depth = 0;
  const auto r = deltified.file.read(id, {}, shallow);
  const auto entry = deltified.file.pack().entry_at(deltified.file.index().offset(*deltified.file.index().find(id)));
  ASSERT_EQ(entry->type, git::PackEntryType::OfsDelta);  
  EXPECT_EQ(r.error().code, Errc::DeltaTooDeep);
}

TEST(Pack, IndexPackRebuildsTheIndexWeWrote) {
  for (const auto algo : {HashAlgo::Sha1, HashAlgo::Sha256}) {
    const auto [written, file] = write_and_open(sample_objects(), algo);
    const auto rebuilt = git::index_pack(file.pack());
    ASSERT_TRUE(rebuilt) << rebuilt.error().message;
    EXPECT_EQ(*rebuilt, written.index);
  }
}

TEST(Pack, DetectsCorruptionAnywhere) {
  const auto [written, file] = write_and_open(sample_objects(), HashAlgo::Sha1);
  for (std::size_t at : {std::size_t{5}, std::size_t{40}, written.pack.size() / 2, written.pack.size() - 1}) {
    auto bad = written.pack;
    bad[at] ^= 1;
    EXPECT_FALSE(git::Pack::parse(bad, HashAlgo::Sha1)) << at;
  }
  for (std::size_t at : {std::size_t{3}, std::size_t{600}, written.index.size() - 30, written.index.size() - 1}) {
    auto bad = written.index;
    bad[at] ^= 1;
    EXPECT_FALSE(git::PackIndex::parse(bad, HashAlgo::Sha1)) << at;
  }
  EXPECT_FALSE(git::Pack::parse(std::vector<std::uint8_t>(written.pack.begin(), written.pack.end() - 1), HashAlgo::Sha1));
  EXPECT_FALSE(git::PackIndex::parse(written.index, HashAlgo::Sha256));
  // An index for another pack is refused.
  const auto other = write_and_open({{ObjectType::Blob, {1, 2, 3}}}, HashAlgo::Sha1);
  EXPECT_EQ(git::PackFile::open(*git::Pack::parse(written.pack, HashAlgo::Sha1),
                                *git::PackIndex::parse(other.written.index, HashAlgo::Sha1))
                .error()
                .code,
            Errc::BadIndex);
}

TEST(PackIndex, UsesTheLargeOffsetTableBeyond2GiB) {
  std::vector<git::PackIndexEntry> entries;
  const std::uint64_t offsets[] = {12, 0x7fffffff, 0x80000000, 0x123456789a};
  for (std::uint32_t i = 0; i < 4; ++i)
    entries.push_back({git::hash_object(HashAlgo::Sha1, ObjectType::Blob, std::vector<std::uint8_t>(i, 'x')),
                       offsets[i], 0xdead0000 + i});
  const auto checksum = git::hash_object(HashAlgo::Sha1, ObjectType::Blob, {});
  const auto bytes = git::encode_pack_index(entries, checksum);
  EXPECT_EQ(bytes.size(), 8 + 1024 + 4 * (20 + 4 + 4) + 2 * 8 + 2 * 20);
  const auto index = git::PackIndex::parse(bytes, HashAlgo::Sha1);
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ(index->pack_checksum(), checksum);
  for (std::uint32_t i = 0; i < 4; ++i) {
    const auto at = index->find(entries[i].id);
    ASSERT_TRUE(at);
    EXPECT_EQ(index->offset(*at), offsets[i]);
    EXPECT_EQ(index->crc32(*at), 0xdead0000 + i);
    EXPECT_EQ(index->id(*at), entries[i].id);
  }
}

std::vector<std::uint8_t> frame(std::vector<std::uint8_t> entries, std::uint32_t count) {
  std::vector<std::uint8_t> pack = {'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 0, static_cast<std::uint8_t>(count)};
  pack.insert(pack.end(), entries.begin(), entries.end());
  git::Hasher h(HashAlgo::Sha1);
  h.feed(pack);
  const auto sum = h.finish();
  pack.insert(pack.end(), sum.raw().begin(), sum.raw().end());
  return pack;
}

TEST(Pack, RefusesBadEntryHeadersAndDeltaBases) {
  // Type 5 is reserved.
  auto pack = git::Pack::parse(frame({0x50, 0x78, 0x9c, 0x03, 0, 0, 0, 0, 1}, 1), HashAlgo::Sha1);
  ASSERT_TRUE(pack);
  EXPECT_EQ(pack->entry_at(12).error().code, Errc::BadPack);
  // An OFS_DELTA whose base would be before the pack's first entry.
  pack = git::Pack::parse(frame({0x61, 0x0d, 0, 0, 0, 0, 0, 0}, 1), HashAlgo::Sha1);
  ASSERT_TRUE(pack);
  EXPECT_EQ(pack->entry_at(12).error().code, Errc::BadPack);
  // A REF_DELTA to itself resolves through the index until the depth bound stops it.
  const auto blob = *git::zlib_compress(std::vector<std::uint8_t>{1, 1, 1, 'a'});
  std::vector<std::uint8_t> entry = {0x74};
  const auto self = git::hash_object(HashAlgo::Sha1, ObjectType::Blob, std::vector<std::uint8_t>{'a'});
  entry.insert(entry.end(), self.raw().begin(), self.raw().end());
  entry.insert(entry.end(), blob.begin(), blob.end());
  pack = git::Pack::parse(frame(entry, 1), HashAlgo::Sha1);
  ASSERT_TRUE(pack);
  const auto index = git::PackIndex::parse(git::encode_pack_index({{self, 12, 0}}, pack->checksum()), HashAlgo::Sha1);
  ASSERT_TRUE(index);
  EXPECT_EQ(pack->read_at(12, &*index).error().code, Errc::DeltaTooDeep);
  EXPECT_EQ(git::index_pack(*pack).error().code, Errc::NotFound);
  // A thin pack: a REF_DELTA whose base is outside, found through a lookup.
  const std::vector<std::uint8_t> outside_base = {'b', 'a', 's', 'e'};
  const auto outside_id = git::hash_object(HashAlgo::Sha1, ObjectType::Blob, outside_base);
  const auto delta = *git::zlib_compress(std::vector<std::uint8_t>{4, 6, 0x90, 4, 2, '!', '!'});
  std::vector<std::uint8_t> thin_entry = {0x77};
  thin_entry.insert(thin_entry.end(), outside_id.raw().begin(), outside_id.raw().end());
  thin_entry.insert(thin_entry.end(), delta.begin(), delta.end());
  const auto thin = git::Pack::parse(frame(thin_entry, 1), HashAlgo::Sha1);
  ASSERT_TRUE(thin);
  EXPECT_EQ(git::index_pack(*thin).error().code, Errc::NotFound);
  const git::BaseLookup lookup = [&](const git::ObjectId& id) -> git::Result<RawObject> {
    if (id == outside_id) return RawObject{ObjectType::Blob, outside_base};
    return git::fail(Errc::NotFound, "not here");
  };
  const auto thin_index = git::index_pack(*thin, lookup);
  ASSERT_TRUE(thin_index) << thin_index.error().message;
  const auto thin_file = git::PackFile::open(*thin, *git::PackIndex::parse(*thin_index, HashAlgo::Sha1));
  ASSERT_TRUE(thin_file);
  const std::vector<std::uint8_t> result = {'b', 'a', 's', 'e', '!', '!'};
  const auto resolved = thin_file->read(git::hash_object(HashAlgo::Sha1, ObjectType::Blob, result), lookup);
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->data, result);
  // Claiming more objects than bytes could hold.
  EXPECT_FALSE(git::Pack::parse(frame({}, 200), HashAlgo::Sha1));
}

}  // namespace
