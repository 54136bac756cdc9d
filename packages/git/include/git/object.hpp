#pragma once
// The four object types, git's "<type> <size>\0" header, and object ids of raw objects.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <git/error.hpp>
#include <git/object_id.hpp>

namespace git {

// The values are the type numbers a pack uses.
enum class ObjectType : std::uint8_t { Commit = 1, Tree = 2, Blob = 3, Tag = 4 };

// "commit", "tree", "blob" or "tag".
std::string_view type_name(ObjectType type) noexcept;
// The type a name stands for; nullopt for anything else (case matters).
std::optional<ObjectType> parse_type_name(std::string_view name) noexcept;

// How much of git fsck a parser applies. Strict accepts only what `git fsck --strict`
// has nothing to say about, neither error nor warning (what a store should write or take
// from a peer); Lenient accepts all that plain `git fsck` does not call an error (odd
// modes and names, zero padding, tags without a tagger), for reading old repositories.
enum class Check : std::uint8_t { Strict, Lenient };

// An object as stored: its type and its body (the bytes after the header).
struct RawObject {
  ObjectType type;
  std::vector<std::uint8_t> data;

  friend bool operator==(const RawObject&, const RawObject&) = default;
};

// "<type> <size>\0": what precedes the body in a loose object and in the hashed bytes.
std::string object_header(ObjectType type, std::size_t size);

struct ObjectHeader {
  ObjectType type;
  std::size_t size;         // the body's length as the header states it
  std::size_t header_size;  // bytes up to and including the NUL
};
// Reads a header at the start of `bytes`: a known type, one space, a decimal size with no
// sign and no leading zero, then NUL. BadHeader (or TooLarge above `max_size`) if not.
Result<ObjectHeader> parse_object_header(std::span<const std::uint8_t> bytes,
                                         std::size_t max_size = SIZE_MAX);

// The id of an object: the hash of its header and body.
ObjectId hash_object(HashAlgo algo, ObjectType type, std::span<const std::uint8_t> body);
inline ObjectId hash_object(HashAlgo algo, const RawObject& object) {
  return hash_object(algo, object.type, object.data);
}

// Checks an object's body as its type demands (Tree::decode, Commit::decode,
// Tag::decode; any bytes are a blob). The error of the first check that fails.
Result<void> check_object(const RawObject& object, HashAlgo algo, Check check = Check::Strict);

}  // namespace git
