#pragma once
// "Did you mean" hints for misspelt names: unknown boot keys here, unknown commands and
// options in the `mirage` tool.
#include <cstddef>
#include <span>
#include <string_view>

namespace mirage_runtime {

// The fewest single-character insertions, deletions, substitutions and swaps of two
// neighbours that turn a into b (optimal string alignment): "prot" to "port" is 1.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to word, provided it is within two edits and fewer edits than
// word has characters (so "x" suggests nothing); the first of equally close ones; empty
// when none is. The result views the chosen candidate's characters.
std::string_view closest_name(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace mirage_runtime
