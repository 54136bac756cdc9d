#pragma once
// Commit objects: tree, parents, author, committer, extra headers (encoding, gpgsig,
// mergetag...), then a blank line and the message.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <git/error.hpp>
#include <git/object_id.hpp>
#include <git/signature.hpp>
#include <git/tree.hpp>

namespace git {

// A header after the fixed ones, in the order written. A multi-line value (a signature,
// an embedded tag) holds its lines joined by '\n'; on the wire each line after the first
// starts with a space.
struct ExtraHeader {
  std::string key;    // no space, no newline, not empty
  std::string value;  // no NUL

  friend bool operator==(const ExtraHeader&, const ExtraHeader&) = default;
};

struct Commit {
  ObjectId tree;
  std::vector<ObjectId> parents;
  Signature author;
  Signature committer;
  std::vector<ExtraHeader> extra_headers;
  std::string message;  // everything after the blank line, byte for byte
  // True for the rare commit that ends after its headers with no blank line (git accepts
  // it, never writes it); message is then empty.
  bool headers_only = false;

  // Reads a commit body with `algo` ids: "tree", "parent"*, one "author", one
  // "committer" (with git fsck's ident checks), then extra headers; no NUL among the
  // headers; under Check::Strict no NUL in the message either. BadCommit or BadIdent.
  static Result<Commit> decode(std::span<const std::uint8_t> body, HashAlgo algo, Check check = Check::Strict);
  // The body; decode(encode()) gives back the same commit.
  std::vector<std::uint8_t> encode() const;
  // The value of the first extra header called `key`.
  std::optional<std::string_view> header(std::string_view key) const noexcept;
  // The "encoding" header (absent means UTF-8).
  std::optional<std::string_view> encoding() const noexcept { return header("encoding"); }

  friend bool operator==(const Commit&, const Commit&) = default;
};

}  // namespace git
