#pragma once
// Git's delta format (the body of OFS_DELTA and REF_DELTA pack entries): the base size and
// result size as little-endian base-128 numbers, then copy-from-base and insert
// instructions.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <git/error.hpp>

namespace git {

struct DeltaSizes {
  std::size_t base_size;
  std::size_t result_size;
  std::size_t header_size;  // bytes taken by the two numbers
};
// The two sizes at the start of a delta; BadDelta if they are cut short or overflow.
Result<DeltaSizes> read_delta_sizes(std::span<const std::uint8_t> delta);

// The result of applying `delta` to `base`. BadDelta when the delta names another base
// size, copies from outside the base, writes past the stated result size or falls short
// of it, or uses the reserved instruction 0; TooLarge when the result is above `max_size`.
Result<std::vector<std::uint8_t>> apply_delta(std::span<const std::uint8_t> base, std::span<const std::uint8_t> delta,
                                              std::size_t max_size = SIZE_MAX);

// A delta that turns `base` into `target`: copies of runs it finds in the base (16-byte
// blocks, extended both ways) and inserts for the rest. Valid for any inputs; small only
// when they share content. Bases of 4 GiB or more are not looked into.
std::vector<std::uint8_t> make_delta(std::span<const std::uint8_t> base, std::span<const std::uint8_t> target);

}  // namespace git
