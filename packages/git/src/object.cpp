#include <git/object.hpp>

namespace git {

std::string_view type_name(ObjectType type) noexcept {
  switch (type) {
    case ObjectType::Commit: return "commit";
    case ObjectType::Tree: return "tree";
    case ObjectType::Blob: return "blob";
    case ObjectType::Tag: return "tag";
  }
  return "unknown";
}

std::optional<ObjectType> parse_type_name(std::string_view name) noexcept {
  if (name == "commit") return ObjectType::Commit;
  if (name == "tree") return ObjectType::Tree;
  if (name == "blob") return ObjectType::Blob;
  if (name == "tag") return ObjectType::Tag;
  return std::nullopt;
}

std::string object_header(ObjectType type, std::size_t size) {
  std::string h(type_name(type));
  h += ' ';
  h += std::to_string(size);
  h += '\0';
  return h;
}

Result<ObjectHeader> parse_object_header(std::span<const std::uint8_t> bytes, std::size_t max_size) {
  const std::string_view text = as_text(bytes.first(std::min<std::size_t>(bytes.size(), 32)));
  const auto space = text.find(' ');
  if (space == std::string_view::npos) return fail(Errc::BadHeader, "object header has no space after the type");
  const auto type = parse_type_name(text.substr(0, space));
  if (!type) return fail(Errc::BadHeader, "object header names an unknown type");
  std::size_t i = space + 1;
  if (i >= text.size() || text[i] < '0' || text[i] > '9')
    return fail(Errc::BadHeader, "object header has no size");
  if (text[i] == '0' && i + 1 < text.size() && text[i + 1] != '\0')
    return fail(Errc::BadHeader, "object header size has a leading zero");
  std::size_t size = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    const std::size_t digit = static_cast<std::size_t>(text[i] - '0');
    if (size > (SIZE_MAX - digit) / 10) return fail(Errc::BadHeader, "object header size overflows");
    size = size * 10 + digit;
  }
  if (i >= text.size() || text[i] != '\0') return fail(Errc::BadHeader, "object header is not ended by NUL");
  if (size > max_size)
    return fail(Errc::TooLarge, "object of " + std::to_string(size) + " bytes is above the limit of " +
                                    std::to_string(max_size));
  return ObjectHeader{*type, size, i + 1};
}

ObjectId hash_object(HashAlgo algo, ObjectType type, std::span<const std::uint8_t> body) {
  Hasher h(algo);
  h.feed(object_header(type, body.size()));
  h.feed(body);
  return h.finish();
}

}  // namespace git
