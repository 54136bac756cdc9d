// Fuzzes pack and pack-index parsing and delta resolution. The first byte picks what the
// rest is: a pack, an index, or a base and a delta. Trailing checksums are recomputed
// before parsing, so that the fuzzer reaches the structure behind them.
#include <git/delta.hpp>
#include <git/pack.hpp>
#include <git/pack_writer.hpp>

#include <algorithm>
#include <vector>

#include "fuzz_check.hpp"

namespace {

void fix_trailer(std::vector<std::uint8_t>& bytes, git::HashAlgo algo) {
  const std::size_t h = git::digest_size(algo);
  if (bytes.size() < h) return;
  git::Hasher hasher(algo);
  hasher.feed(std::span(bytes).first(bytes.size() - h));
  const auto sum = hasher.finish();
  std::copy(sum.raw().begin(), sum.raw().end(), bytes.end() - static_cast<std::ptrdiff_t>(h));
}

constexpr git::PackReadOptions limits{.max_object_size = std::size_t{1} << 22, .max_delta_depth = 64};

void fuzz_pack(std::vector<std::uint8_t> bytes, git::HashAlgo algo) {
  fix_trailer(bytes, algo);
  auto pack = git::Pack::parse(std::move(bytes), algo);
  if (!pack) return;
  const auto index = git::index_pack(*pack, {}, limits);
  if (!index) return;
  // The index we built must parse, agree with the pack, and lead to objects with its ids.
  auto parsed = git::PackIndex::parse(*index, algo);
  FUZZ_CHECK(parsed.has_value());
  auto file = git::PackFile::open(std::move(*pack), std::move(*parsed));
  FUZZ_CHECK(file.has_value());
  for (std::uint32_t i = 0; i < file->index().size(); ++i) {
    const auto object = file->read(file->index().id(i), {}, limits);
    FUZZ_CHECK(object.has_value());
  }
}

void fuzz_index(std::vector<std::uint8_t> bytes, git::HashAlgo algo) {
  fix_trailer(bytes, algo);
  const auto index = git::PackIndex::parse(std::move(bytes), algo);
  if (!index) return;
  for (std::uint32_t i = 0; i < index->size(); ++i) {
    const auto at = index->find(index->id(i));
    FUZZ_CHECK(at.has_value() && *at == i);
    (void)index->offset(i);
    (void)index->crc32(i);
  }
}

void fuzz_delta(std::span<const std::uint8_t> in) {
  if (in.size() < 2) return;
  const std::size_t base_size = std::min<std::size_t>(in.size() - 2, std::size_t{in[0]} << 8 | in[1]);
  const auto base = in.subspan(2, base_size);
  const auto delta = in.subspan(2 + base_size);
  (void)git::apply_delta(base, delta, std::size_t{1} << 22);
  // Our encoder, between the two halves either way, must round trip.
  const auto made = git::make_delta(base, delta);
  const auto back = git::apply_delta(base, made);
  FUZZ_CHECK(back.has_value() && std::equal(back->begin(), back->end(), delta.begin(), delta.end()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const git::HashAlgo algo = (data[0] & 0x80) ? git::HashAlgo::Sha256 : git::HashAlgo::Sha1;
  std::vector<std::uint8_t> rest(data + 1, data + size);
  switch (data[0] & 3) {
    case 0: fuzz_pack(std::move(rest), algo); break;
    case 1: fuzz_index(std::move(rest), algo); break;
    default: fuzz_delta(rest); break;
  }
  return 0;
}
