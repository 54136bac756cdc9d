#include "solver/version.hpp"

#include <algorithm>
#include <limits>

#include "version_detail.hpp"

namespace solver {
namespace {

// Each number stays below this so that bumping it ("^1" -> "< 2") cannot overflow.
constexpr std::uint64_t kMaxNumber = std::numeric_limits<std::int64_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
bool all_digits(std::string_view s) { return !s.empty() && std::ranges::all_of(s, is_digit); }

std::unexpected<std::string> not_a_version(std::string_view text, std::string_view reason) {
  return std::unexpected("'" + std::string(text) + "' is not a version: " + std::string(reason));
}

// Checks the dot-separated identifiers of a pre-release or build part; "" when they are fine.
std::string check_identifiers(std::string_view part, std::string_view what, bool numeric_rule) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = part.find('.', start);
    std::string_view id = part.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (id.empty()) return "empty " + std::string(what) + " identifier";
    for (char c : id) {
      if (!is_ident_char(c)) {
        return "invalid character '" + std::string(1, c) + "' in " + std::string(what);
      }
    }
    if (numeric_rule && all_digits(id) && id.size() > 1 && id[0] == '0') {
      return std::string(what) + " identifier '" + std::string(id) + "' has a leading zero";
    }
    if (dot == std::string_view::npos) return "";
    start = dot + 1;
  }
}

// Compares two dot-separated pre-release strings by semver precedence; an empty one (a
// release) ranks above any pre-release.
std::strong_ordering compare_pre(std::string_view a, std::string_view b) {
  if (a == b) return std::strong_ordering::equal;  // common: both "0", bounds of ranges
  if (a.empty() || b.empty()) {
    if (a.empty() && b.empty()) return std::strong_ordering::equal;
    return a.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
  }
  while (true) {
    std::size_t da = a.find('.'), db = b.find('.');
    std::string_view ia = a.substr(0, da), ib = b.substr(0, db);
    bool na = all_digits(ia), nb = all_digits(ib);
    std::strong_ordering c = std::strong_ordering::equal;
    if (na && nb) {
      c = ia.size() <=> ib.size();
      if (c == 0) c = ia.compare(ib) <=> 0;
    } else if (na != nb) {
      c = na ? std::strong_ordering::less : std::strong_ordering::greater;
    } else {
      c = ia.compare(ib) <=> 0;
    }
    if (c != 0) return c;
    bool ea = da == std::string_view::npos, eb = db == std::string_view::npos;
    if (ea || eb) return ea && eb ? std::strong_ordering::equal
                         : ea     ? std::strong_ordering::less
                                  : std::strong_ordering::greater;
    a.remove_prefix(da + 1);
    b.remove_prefix(db + 1);
  }
}

}  // namespace

namespace detail {

std::expected<PartialVersion, std::string> parse_partial(std::string_view text) {
  std::size_t core_end = text.find_first_of("-+");
  std::string_view core = text.substr(0, core_end);
  PartialVersion out;
  std::uint64_t* numbers[] = {&out.version.major, &out.version.minor, &out.version.patch};
  out.parts = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = core.find('.', start);
    std::string_view num = core.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (out.parts == 3 || num.empty()) return not_a_version(text, "expected MAJOR.MINOR.PATCH");
    if (!all_digits(num)) {
      return not_a_version(text, "'" + std::string(num) + "' is not a number");
    }
    if (num.size() > 1 && num[0] == '0') {
      return not_a_version(text, "'" + std::string(num) + "' has a leading zero");
    }
    std::uint64_t value = 0;
    for (char c : num) {
      if (value > (kMaxNumber - (c - '0')) / 10) {
        return not_a_version(text, "'" + std::string(num) + "' is too large");
      }
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    *numbers[out.parts++] = value;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (core_end == std::string_view::npos) return out;
  if (out.parts != 3) return not_a_version(text, "expected MAJOR.MINOR.PATCH before '-' or '+'");
  std::string_view rest = text.substr(core_end);
  std::size_t plus = rest.find('+');
  if (rest[0] == '-') {
    std::string_view pre = rest.substr(1, plus == std::string_view::npos ? plus : plus - 1);
    if (std::string why = check_identifiers(pre, "pre-release", true); !why.empty()) {
      return not_a_version(text, why);
    }
    out.version.pre = pre;
  }
  if (plus != std::string_view::npos) {
    std::string_view build = rest.substr(plus + 1);
    if (std::string why = check_identifiers(build, "build", false); !why.empty()) {
      return not_a_version(text, why);
    }
    out.version.build = build;
  }
  return out;
}

Version lowest() { return Version{0, 0, 0, "0", ""}; }

Version successor(const Version& v) {
  if (v.pre.empty()) return Version{v.major, v.minor, v.patch + 1, "0", ""};
  return Version{v.major, v.minor, v.patch, v.pre + ".0", ""};
}

Version first_prerelease(const Version& r) { return Version{r.major, r.minor, r.patch, "0", ""}; }

}  // namespace detail

std::expected<Version, std::string> Version::parse(std::string_view text) {
  auto partial = detail::parse_partial(text);
  if (!partial) return std::unexpected(std::move(partial.error()));
  if (partial->parts != 3) return not_a_version(text, "expected MAJOR.MINOR.PATCH");
  return std::move(partial->version);
}

std::expected<Version, std::string> Version::parse_loose(std::string_view text) {
  auto partial = detail::parse_partial(text);
  if (!partial) return std::unexpected(std::move(partial.error()));
  return std::move(partial->version);
}

std::string Version::to_string() const {
  std::string s =
      std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  if (!pre.empty()) s += "-" + pre;
  if (!build.empty()) s += "+" + build;
  return s;
}

std::strong_ordering operator<=>(const Version& a, const Version& b) {
  if (auto c = a.major <=> b.major; c != 0) return c;
  if (auto c = a.minor <=> b.minor; c != 0) return c;
  if (auto c = a.patch <=> b.patch; c != 0) return c;
  return compare_pre(a.pre, b.pre);
}

}  // namespace solver
