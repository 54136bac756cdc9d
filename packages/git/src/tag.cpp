#include <git/tag.hpp>

#include <git/refs.hpp>

#include "headers.hpp"

namespace git {

Result<Tag> Tag::decode(std::span<const std::uint8_t> body, HashAlgo algo, Check check) {
  GIT_TRY(auto cursor, detail::HeaderCursor::read(body, Errc::BadTag, "tag"));
  Tag t;
  GIT_TRY(t.object, cursor.take_id("object", algo));
  GIT_TRY(const std::string type, cursor.take("type"));
  const auto parsed_type = parse_type_name(type);
  if (!parsed_type) return cursor.error("type '" + type + "' is not an object type");
  t.type = *parsed_type;
  GIT_TRY(t.name, cursor.take("tag"));
  if (t.name.empty() || t.name.find('\n') != std::string::npos) return cursor.error("bad tag name");
  if (check == Check::Strict && !check_ref_name("refs/tags/" + t.name))
    return cursor.error("tag name '" + t.name + "' is not a valid ref name");
  if (cursor.next_is("tagger")) {
    GIT_TRY(auto tagger, cursor.take_signature("tagger"));
    t.tagger = std::move(tagger);
  } else if (check == Check::Strict) {
    return cursor.error("no tagger");
  }
  GIT_TRY_VOID(cursor.finish(t.extra_headers, t.message, t.headers_only, {"object", "type", "tag", "tagger"}));
  return t;
}

std::vector<std::uint8_t> Tag::encode() const {
  std::vector<std::uint8_t> out;
  detail::append_header(out, "object", object.hex());
  detail::append_header(out, "type", type_name(type));
  detail::append_header(out, "tag", name);
  if (tagger) detail::append_header(out, "tagger", format_signature(*tagger));
  detail::append_tail(out, extra_headers, message, headers_only);
  return out;
}

}  // namespace git
