#pragma once
// zlib streams (RFC 1950) as git stores them, with the inflated size always bounded.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <git/error.hpp>

namespace git {

// The zlib stream of `input` at `level` (0-9, or -1 for zlib's default). Zlib only on
// an out-of-memory failure inside zlib.
Result<std::vector<std::uint8_t>> zlib_compress(std::span<const std::uint8_t> input, int level = -1);

struct Inflated {
  std::vector<std::uint8_t> data;
  std::size_t consumed;  // compressed bytes the stream took, up to its end (Adler-32 included)
};
// Inflates the zlib stream at the start of `input`, which must hold exactly `size` bytes:
// Zlib if the stream is corrupt, ends early, or holds more (inflation stops there, so a
// small input never inflates without bound). Bytes after the stream are left alone.
Result<Inflated> zlib_inflate(std::span<const std::uint8_t> input, std::size_t size);

}  // namespace git
