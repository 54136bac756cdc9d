#include <git/commit.hpp>

#include "headers.hpp"

namespace git {

Result<Commit> Commit::decode(std::span<const std::uint8_t> body, HashAlgo algo, Check check) {
  GIT_TRY(auto cursor, detail::HeaderCursor::read(body, Errc::BadCommit, "commit"));
  Commit c;
  GIT_TRY(c.tree, cursor.take_id("tree", algo));
  while (cursor.next_is("parent")) {
    GIT_TRY(const ObjectId parent, cursor.take_id("parent", algo));
    c.parents.push_back(parent);
  }
  GIT_TRY(c.author, cursor.take_signature("author"));
  if (cursor.next_is("author")) return cursor.error("more than one author");
  GIT_TRY(c.committer, cursor.take_signature("committer"));
  GIT_TRY_VOID(cursor.finish(c.extra_headers, c.message, c.headers_only, {"tree", "parent", "author", "committer"}));
  if (check == Check::Strict && c.message.find('\0') != std::string::npos) return cursor.error("a NUL in the message");
  return c;
}

std::vector<std::uint8_t> Commit::encode() const {
  std::vector<std::uint8_t> out;
  detail::append_header(out, "tree", tree.hex());
  for (const auto& p : parents) detail::append_header(out, "parent", p.hex());
  detail::append_header(out, "author", format_signature(author));
  detail::append_header(out, "committer", format_signature(committer));
  detail::append_tail(out, extra_headers, message, headers_only);
  return out;
}

std::optional<std::string_view> Commit::header(std::string_view key) const noexcept {
  for (const auto& e : extra_headers)
    if (e.key == key) return std::string_view(e.value);
  return std::nullopt;
}

}  // namespace git
