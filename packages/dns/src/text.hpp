#pragma once
// Internal: the presentation-form toolkit shared by rdata text and zone files: the lexer
// (tokens, parentheses, quotes, comments), numbers, TTLs, times, and hex/base64/base32hex.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <dns/edns.hpp>
#include <dns/encodings.hpp>
#include <dns/error.hpp>

namespace dns::text {

struct Token {
  std::string_view text;  // escapes left in place; quotes removed
  bool quoted = false;
  std::size_t line = 0;
};

// One logical line of a zone file: its tokens (parentheses removed), whether it began
// with white space (the previous owner), and the line it began on.
struct Entry {
  std::vector<Token> tokens;
  bool blank_owner = false;
  std::size_t line = 0;
};

// Splits master-file text into entries. Borrowed text: it must outlive the tokens.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}
  // The next entry with at least one token; false at the end of the text. An error names
  // an unbalanced parenthesis or an unterminated quoted string (the line is in `line()`).
  TextResult<bool> next(Entry& entry);
  std::size_t line() const { return line_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

// A cursor over an entry's tokens, for rdata parsers.
class Tokens {
 public:
  explicit Tokens(std::span<const Token> t) : t_(t) {}
  const Token* next() { return i_ < t_.size() ? &t_[i_++] : nullptr; }
  const Token* peek() const { return i_ < t_.size() ? &t_[i_] : nullptr; }
  bool empty() const { return i_ == t_.size(); }
  // The remaining tokens' text glued together (for hex and base64 split by spaces).
  std::string rest_joined();

 private:
  std::span<const Token> t_;
  std::size_t i_ = 0;
};

TextError expected(std::string_view what, const Token* got);

// Unsigned decimal that fits in `max`; nothing otherwise.
std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max);
// A TTL: seconds, or BIND units ("1w2d3h4m5s", any case); nothing when malformed.
std::optional<std::uint32_t> parse_ttl(std::string_view s);
// RRSIG time: YYYYMMDDHHmmSS (UTC) or plain seconds; nothing when malformed.
std::optional<std::uint32_t> parse_time(std::string_view s);
std::string format_time(std::uint32_t t);

// Character-string escapes (\X, \DDD) resolved.
TextResult<std::string> unescape(std::string_view s);
// s in double quotes, with '"' and '\' escaped and other non-printables as \DDD.
void append_quoted(std::string& out, std::string_view s);


}  // namespace dns::text
