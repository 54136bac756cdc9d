#pragma once
// Bytes as text: a hexdump -C style dump for people, and plain hex strings both ways.
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>

#include <cstruct/buffer.hpp>
#include <cstruct/error.hpp>

namespace cstruct {

// Exactly what `hexdump -C` prints: per 16 bytes an 8-digit hex offset, the bytes in hex
// in two groups of eight, and the printable ones between bars; a line equal to the one
// before it becomes a single "*"; a last line gives the length. Empty input gives "".
std::string hexdump(std::span<const std::uint8_t> bytes);

// Two lowercase hex digits per byte, nothing between them.
std::string to_hex(std::span<const std::uint8_t> bytes);

// The bytes that a string of hex digits (either case, no separators) spells. Fails with
// OddHexLength (offset: the length) or BadHexDigit (offset: the index of the character).
Result<Buffer> of_hex(std::string_view hex);

}  // namespace cstruct
