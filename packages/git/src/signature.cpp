#include <git/signature.hpp>

#include <cstdlib>

namespace git {

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

std::unexpected<Error> bad(std::string_view text, std::string_view why) {
  return fail(Errc::BadIdent, "ident '" + std::string(text.substr(0, 200)) + "': " + std::string(why));
}

}  // namespace

Signature Signature::make(std::string name, std::string email, std::uint64_t time, int offset_minutes) {
  Signature s;
  s.name = std::move(name);
  s.email = std::move(email);
  s.time = time;
  s.tz_negative = offset_minutes < 0;
  const int m = std::abs(offset_minutes);
  s.tz_hhmm = static_cast<std::uint16_t>(m / 60 * 100 + m % 60);
  return s;
}

int Signature::offset_minutes() const noexcept {
  const int m = tz_hhmm / 100 * 60 + tz_hhmm % 100;
  return tz_negative ? -m : m;
}

Result<Signature> parse_signature(std::string_view text) {
  Signature sig;
  if (!text.empty() && text[0] == '<') return bad(text, "no name before the email");
  const auto lt = text.find_first_of("<>\n");
  if (lt == std::string_view::npos || text[lt] != '<') {
    if (lt != std::string_view::npos && text[lt] == '>') return bad(text, "'>' in the name");
    return bad(text, "no email");
  }
  if (lt == 0 || text[lt - 1] != ' ') return bad(text, "no space before the email");
  sig.name = std::string(text.substr(0, lt - 1));
  const auto gt = text.find_first_of("<>\n", lt + 1);
  if (gt == std::string_view::npos || text[gt] != '>') return bad(text, "email not ended by '>'");
  sig.email = std::string(text.substr(lt + 1, gt - lt - 1));
  std::size_t p = gt + 1;
  if (p >= text.size() || text[p] != ' ') return bad(text, "no space before the date");
  ++p;
  if (p + 1 < text.size() && text[p] == '0' && text[p + 1] != ' ') return bad(text, "zero-padded date");
  const std::size_t date_start = p;
  std::uint64_t time = 0;
  for (; p < text.size() && is_digit(text[p]); ++p) {
    const auto digit = static_cast<std::uint64_t>(text[p] - '0');
    if (time > (UINT64_MAX - digit) / 10) return bad(text, "date overflows");
    time = time * 10 + digit;
  }
  if (p == date_start || p >= text.size() || text[p] != ' ') return bad(text, "bad date");
  sig.time = time;
  ++p;
  if (text.size() - p != 5 || (text[p] != '+' && text[p] != '-') || !is_digit(text[p + 1]) ||
      !is_digit(text[p + 2]) || !is_digit(text[p + 3]) || !is_digit(text[p + 4]))
    return bad(text, "bad time zone");
  sig.tz_negative = text[p] == '-';
  sig.tz_hhmm = static_cast<std::uint16_t>((text[p + 1] - '0') * 1000 + (text[p + 2] - '0') * 100 +
                                           (text[p + 3] - '0') * 10 + (text[p + 4] - '0'));
  return sig;
}

std::string format_signature(const Signature& sig) {
  std::string out = sig.name;
  out += " <";
  out += sig.email;
  out += "> ";
  out += std::to_string(sig.time);
  out += ' ';
  out += sig.tz_negative ? '-' : '+';
  const std::string digits = std::to_string(10000 + sig.tz_hhmm % 10000);
  out += digits.substr(1);
  return out;
}

}  // namespace git
