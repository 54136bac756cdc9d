#pragma once
// Annotated tag objects: object, type, tag name, tagger (optional in old tags), extra
// headers, then a blank line and the message (which holds any PGP signature).
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <git/commit.hpp>
#include <git/error.hpp>
#include <git/object.hpp>
#include <git/object_id.hpp>
#include <git/signature.hpp>

namespace git {

struct Tag {
  ObjectId object;
  ObjectType type = ObjectType::Commit;
  std::string name;  // not empty, no newline
  std::optional<Signature> tagger;
  std::vector<ExtraHeader> extra_headers;
  std::string message;
  bool headers_only = false;  // no blank line after the headers (see Commit)

  // Reads a tag body with `algo` ids, with the checks of git fsck: "object" with a whole
  // id, "type" naming a known type, "tag", then "tagger" with a valid ident; under
  // Check::Lenient the tagger may be missing (as in tags made before 2005), under
  // Check::Strict the name must make a valid ref name. BadTag or BadIdent if not.
  static Result<Tag> decode(std::span<const std::uint8_t> body, HashAlgo algo, Check check = Check::Strict);
  // The body; decode(encode()) gives back the same tag.
  std::vector<std::uint8_t> encode() const;

  friend bool operator==(const Tag&, const Tag&) = default;
};

}  // namespace git
