#include "text.hpp"

#include <array>

namespace dns::text {

namespace {
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}
bool ends_token(char c) {
  return is_space(c) || c == '\n' || c == ';' || c == '(' || c == ')' || c == '"';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
}  // namespace

TextResult<bool> Lexer::next(Entry& entry) {
  entry.tokens.clear();
  entry.blank_owner = false;
  entry.line = 0;
  int depth = 0;
  bool line_start = true;
  std::size_t open_line = 0;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (line_start) {
      entry.blank_owner = is_space(c);
      line_start = false;
    }
    if (c == '\n') {
      ++line_;
      ++pos_;
      if (depth == 0) {
        if (!entry.tokens.empty()) return true;
        line_start = true;
      }
    } else if (is_space(c)) {
      ++pos_;
    } else if (c == ';') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    } else if (c == '(') {
      if (depth++ == 0) open_line = line_;
      ++pos_;
    } else if (c == ')') {
      if (depth == 0) return std::unexpected(TextError{"')' without '('"});
      --depth;
      ++pos_;
    } else if (c == '"') {
      const std::size_t start = ++pos_;
      while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n') {
        pos_ += text_[pos_] == '\\' ? 2 : 1;
      }
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        return std::unexpected(TextError{"unterminated quoted string"});
      }
      entry.tokens.push_back({text_.substr(start, pos_ - start), true, line_});
      ++pos_;
    } else {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && !ends_token(text_[pos_])) {
        pos_ += text_[pos_] == '\\' && pos_ + 1 < text_.size() ? 2 : 1;
      }
      entry.tokens.push_back({text_.substr(start, pos_ - start), false, line_});
    }
    if (entry.tokens.size() == 1 && entry.line == 0) entry.line = line_;
  }
  if (depth != 0) {
    line_ = open_line;
    return std::unexpected(TextError{"'(' not closed"});
  }
  return !entry.tokens.empty();
}

std::string Tokens::rest_joined() {
  std::string out;
  while (const Token* t = next()) out.append(t->text);
  return out;
}

TextError expected(std::string_view what, const Token* got) {
  std::string m = "expected ";
  m.append(what);
  if (got == nullptr) return {m + ", got end of line"};
  return {m + ", got '" + std::string(got->text) + "'"};
}

std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (v > (max - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

std::optional<std::uint32_t> parse_ttl(std::string_view s) {
  if (auto plain = parse_uint(s, 0xffffffff)) return static_cast<std::uint32_t>(*plain);
  if (s.empty() || !is_digit(s[0])) return std::nullopt;
  std::uint64_t total = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start || i == s.size()) return std::nullopt;  // a number needs a unit
    auto n = parse_uint(s.substr(start, i - start), 0xffffffff);
    std::uint64_t unit = 0;
    switch (s[i++] | 0x20) {
      case 'w':
        unit = 604800;
        break;
      case 'd':
        unit = 86400;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'm':
        unit = 60;
        break;
      case 's':
        unit = 1;
        break;
      default:
        return std::nullopt;
    }
    if (!n) return std::nullopt;
    total += *n * unit;
    if (total > 0xffffffff) return std::nullopt;
  }
  return static_cast<std::uint32_t>(total);
}

namespace {
// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
}  // namespace

std::optional<std::uint32_t> parse_time(std::string_view s) {
  if (s.size() != 14) {
    auto v = parse_uint(s, 0xffffffff);
    if (!v || s.size() > 10) return std::nullopt;
    return static_cast<std::uint32_t>(*v);
  }
  auto field = [&](std::size_t at, std::size_t n) { return parse_uint(s.substr(at, n), 9999); };
  auto y = field(0, 4), mo = field(4, 2), d = field(6, 2), h = field(8, 2), mi = field(10, 2),
       se = field(12, 2);
  if (!y || !mo || !d || !h || !mi || !se || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 ||
      *mi > 59 || *se > 59) {
    return std::nullopt;
  }
  const std::int64_t t = days_from_civil(static_cast<std::int64_t>(*y), static_cast<unsigned>(*mo),
                                         static_cast<unsigned>(*d)) *
                             86400 +
                         static_cast<std::int64_t>(*h * 3600 + *mi * 60 + *se);
  if (t < 0 || t > 0xffffffff) return std::nullopt;
  return static_cast<std::uint32_t>(t);
}

std::string format_time(std::uint32_t t) {
  const std::int64_t z = t / 86400 + 719468;
  const std::int64_t era = z / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  const std::uint32_t sec = t % 86400;
  const std::uint64_t parts[] = {
      static_cast<std::uint64_t>(y), m, d, sec / 3600, sec / 60 % 60, sec % 60};
  std::string out;
  for (std::size_t i = 0; i < 6; ++i) {
    std::uint64_t v = parts[i];
    const int width = i == 0 ? 4 : 2;
    char buf[4];
    for (int k = width - 1; k >= 0; --k, v /= 10) buf[k] = static_cast<char>('0' + v % 10);
    out.append(buf, static_cast<std::size_t>(width));
  }
  return out;
}

TextResult<std::string> unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 1 >= s.size()) return std::unexpected(TextError{"dangling backslash"});
    if (is_digit(s[i + 1])) {
      if (i + 3 >= s.size() || !is_digit(s[i + 2]) || !is_digit(s[i + 3])) {
        return std::unexpected(TextError{"\\DDD escape needs three digits"});
      }
      const int v = (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
      if (v > 255) return std::unexpected(TextError{"\\DDD escape above 255"});
      out.push_back(static_cast<char>(v));
      i += 3;
    } else {
      out.push_back(s[++i]);
    }
  }
  return out;
}

void append_quoted(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<std::uint8_t>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c >= 0x20 && c < 0x7f) {
      out.push_back(ch);
    } else {
      const char d[] = {'\\', char('0' + c / 100), char('0' + c / 10 % 10), char('0' + c % 10)};
      out.append(d, 4);
    }
  }
  out.push_back('"');
}

namespace {
constexpr char kHex[] = "0123456789abcdef";
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kB32[] = "0123456789abcdefghijklmnopqrstuv";

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  c = static_cast<char>(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}
int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (is_digit(c)) return c - '0' + 52;
  return c == '+' ? 62 : c == '/' ? 63 : -1;
}
int b32_value(char c) {
  if (is_digit(c)) return c - '0';
  c = static_cast<char>(c | 0x20);
  return c >= 'a' && c <= 'v' ? c - 'a' + 10 : -1;
}

// Packs `bits`-bit groups given by value() into bytes; nothing on a bad character or
// leftover bits that are not zero.
template <class F>
std::optional<Bytes> unpack(std::string_view s, unsigned bits, F value) {
  Bytes out;
  out.reserve(s.size() * bits / 8);
  std::uint32_t acc = 0;
  unsigned have = 0;
  for (char c : s) {
    const int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << bits) | static_cast<std::uint32_t>(v);
    have += bits;
    if (have >= 8) {
      have -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> have));
    }
  }
  if (have >= bits || (acc & ((1u << have) - 1)) != 0) return std::nullopt;
  return out;
}

template <unsigned Bits>
std::string pack(std::span<const std::uint8_t> b, const char* alphabet) {
  std::string out;
  std::uint32_t acc = 0;
  unsigned have = 0;
  for (std::uint8_t byte : b) {
    acc = (acc << 8) | byte;
    have += 8;
    while (have >= Bits) {
      have -= Bits;
      out.push_back(alphabet[(acc >> have) & ((1u << Bits) - 1)]);
    }
  }
  if (have > 0) out.push_back(alphabet[(acc << (Bits - have)) & ((1u << Bits) - 1)]);
  return out;
}
}  // namespace

std::string to_hex(std::span<const std::uint8_t> b) {
  return pack<4>(b, kHex);
}

std::optional<Bytes> from_hex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  return unpack(s, 4, hex_value);
}

std::string to_base64(std::span<const std::uint8_t> b) {
  std::string out = pack<6>(b, kB64);
  while (out.size() % 4 != 0) out.push_back('=');
  return out;
}

std::optional<Bytes> from_base64(std::string_view s) {
  if (s.size() % 4 != 0) return std::nullopt;
  std::size_t pad = 0;
  while (pad < 2 && pad < s.size() && s[s.size() - 1 - pad] == '=') ++pad;
  return unpack(s.substr(0, s.size() - pad), 6, b64_value);
}

std::string to_base32hex(std::span<const std::uint8_t> b) {
  return pack<5>(b, kB32);
}

std::optional<Bytes> from_base32hex(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  return unpack(s, 5, b32_value);
}

}  // namespace dns::text
