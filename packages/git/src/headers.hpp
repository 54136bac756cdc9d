#pragma once
// The header block shared by commits and tags: "key value\n" lines, continuation lines
// starting with a space, then a blank line and the message (internal).
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <git/commit.hpp>
#include <git/error.hpp>
#include <git/signature.hpp>

namespace git::detail {

struct HeaderBlock {
  std::vector<ExtraHeader> headers;  // every header, fixed ones too, in order
  std::string message;
  bool headers_only = false;
};

// Splits a commit or tag body. Errors (with `what`, e.g. "commit") for a NUL among the
// headers, a last header line with no newline, a line with no space after its key, or a
// continuation line before any header.
Result<HeaderBlock> split_headers(std::span<const std::uint8_t> body, Errc code, std::string_view what);

// Walks the headers of a block in order, taking the fixed ones a type requires; every
// error carries the type's code and name.
class HeaderCursor {
 public:
  // Splits `body` (split_headers) and stands before its first header.
  static Result<HeaderCursor> read(std::span<const std::uint8_t> body, Errc code, std::string_view what);
  // True when the next header is called `key`.
  bool next_is(std::string_view key) const noexcept {
    return i_ < block_.headers.size() && block_.headers[i_].key == key;
  }
  // The next header's value, which must be called `key`.
  Result<std::string> take(std::string_view key);
  // The next header as an id of `algo`.
  Result<ObjectId> take_id(std::string_view key, HashAlgo algo);
  // The next header as an ident.
  Result<Signature> take_signature(std::string_view key);
  // Moves the headers left into `extra` and the message into `message` (setting
  // `headers_only`); an error if a header left is called one of the `reserved` keys.
  Result<void> finish(std::vector<ExtraHeader>& extra, std::string& message, bool& headers_only,
                      std::initializer_list<std::string_view> reserved);
  // An error of this block's code: "<what>: <why>".
  std::unexpected<Error> error(std::string_view why) const;

 private:
  HeaderCursor(HeaderBlock block, Errc code, std::string_view what)
      : block_(std::move(block)), code_(code), what_(what) {}
  HeaderBlock block_;
  std::size_t i_ = 0;
  Errc code_;
  std::string_view what_;
};

// Appends "key value\n" with continuation lines for a value holding newlines.
void append_header(std::vector<std::uint8_t>& out, std::string_view key, std::string_view value);

// Appends the extra headers, then the blank line and message (unless headers_only).
void append_tail(std::vector<std::uint8_t>& out, const std::vector<ExtraHeader>& extra, std::string_view message,
                 bool headers_only);

}  // namespace git::detail
