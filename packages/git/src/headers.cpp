#include "headers.hpp"

#include <algorithm>
#include <utility>

namespace git::detail {

Result<HeaderBlock> split_headers(std::span<const std::uint8_t> body, Errc code, std::string_view what) {
  const std::string_view text = as_text(body);
  const std::string w(what);
  HeaderBlock block;
  std::size_t p = 0;
  for (;;) {
    if (p == text.size()) {
      block.headers_only = true;
      break;
    }
    const auto nl = text.find('\n', p);
    if (nl == std::string_view::npos) return fail(code, w + ": the last header line has no newline");
    const std::string_view line = text.substr(p, nl - p);
    p = nl + 1;
    if (line.empty()) {
      block.message = std::string(text.substr(p));
      break;
    }
    if (line.find('\0') != std::string_view::npos) return fail(code, w + ": a NUL among the headers");
    if (line[0] == ' ') {
      if (block.headers.empty()) return fail(code, w + ": a continuation line before any header");
      block.headers.back().value += '\n';
      block.headers.back().value += line.substr(1);
      continue;
    }
    const auto sp = line.find(' ');
    if (sp == std::string_view::npos || sp == 0)
      return fail(code, w + ": header line '" + std::string(line.substr(0, 80)) + "' has no key and value");
    block.headers.push_back(ExtraHeader{std::string(line.substr(0, sp)), std::string(line.substr(sp + 1))});
  }
  return block;
}

Result<HeaderCursor> HeaderCursor::read(std::span<const std::uint8_t> body, Errc code, std::string_view what) {
  GIT_TRY(auto block, split_headers(body, code, what));
  return HeaderCursor(std::move(block), code, what);
}

Result<std::string> HeaderCursor::take(std::string_view key) {
  if (!next_is(key)) return error("no '" + std::string(key) + "' header where one belongs");
  return std::move(block_.headers[i_++].value);
}

Result<ObjectId> HeaderCursor::take_id(std::string_view key, HashAlgo algo) {
  GIT_TRY(const std::string hex, take(key));
  // Git writes lowercase; an uppercase id would not survive re-encoding.
  if (std::any_of(hex.begin(), hex.end(), [](char c) { return c >= 'A' && c <= 'F'; }))
    return error("the " + std::string(key) + " id is not lowercase hex");
  auto id = ObjectId::from_hex(hex, algo);
  if (!id) return error("bad " + std::string(key) + " id: " + id.error().message);
  return *id;
}

Result<Signature> HeaderCursor::take_signature(std::string_view key) {
  GIT_TRY(const std::string text, take(key));
  return parse_signature(text);
}

Result<void> HeaderCursor::finish(std::vector<ExtraHeader>& extra, std::string& message, bool& headers_only,
                                  std::initializer_list<std::string_view> reserved) {
  for (; i_ < block_.headers.size(); ++i_) {
    if (std::find(reserved.begin(), reserved.end(), block_.headers[i_].key) != reserved.end())
      return error("a second or misplaced '" + block_.headers[i_].key + "' header");
    extra.push_back(std::move(block_.headers[i_]));
  }
  message = std::move(block_.message);
  headers_only = block_.headers_only;
  return {};
}

std::unexpected<Error> HeaderCursor::error(std::string_view why) const {
  return fail(code_, std::string(what_) + ": " + std::string(why));
}

void append_header(std::vector<std::uint8_t>& out, std::string_view key, std::string_view value) {
  out.insert(out.end(), key.begin(), key.end());
  out.push_back(' ');
  for (const char c : value) {
    out.push_back(static_cast<std::uint8_t>(c));
    if (c == '\n') out.push_back(' ');
  }
  out.push_back('\n');
}

void append_tail(std::vector<std::uint8_t>& out, const std::vector<ExtraHeader>& extra, std::string_view message,
                 bool headers_only) {
  for (const auto& e : extra) append_header(out, e.key, e.value);
  if (headers_only) return;
  out.push_back('\n');
  out.insert(out.end(), message.begin(), message.end());
}

}  // namespace git::detail
