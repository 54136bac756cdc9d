#pragma once
// Loose objects as bytes: the zlib stream of "<type> <size>\0<body>" that a file under
// .git/objects holds. The files themselves are in <git/object_store.hpp> (unix).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <git/error.hpp>
#include <git/object.hpp>

namespace git {

// The default bound on an object read from untrusted bytes: 1 GiB.
inline constexpr std::size_t default_max_object_size = std::size_t{1} << 30;

// The compressed file contents for an object (git's core.looseCompression default is 1).
Result<std::vector<std::uint8_t>> encode_loose(ObjectType type, std::span<const std::uint8_t> body, int level = 1);

// Reads a loose object: inflates the header first, refuses sizes above `max_size`
// (TooLarge), then inflates exactly the size the header states. BadHeader, Zlib (corrupt
// stream, body shorter or longer than the header says, bytes after the stream).
Result<RawObject> decode_loose(std::span<const std::uint8_t> file, std::size_t max_size = default_max_object_size);

}  // namespace git
