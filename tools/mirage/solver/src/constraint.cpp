#include "solver/constraint.hpp"

#include <array>

#include "version_detail.hpp"

namespace solver {
namespace {

using Result = std::expected<VersionSet, ConstraintError>;

bool is_version_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '.' || c == '-' || c == '+';
}

std::unexpected<ConstraintError> fail(std::string message, std::size_t offset) {
  return std::unexpected(
      ConstraintError{message + " at offset " + std::to_string(offset), offset});
}

Version release(std::uint64_t major, std::uint64_t minor, std::uint64_t patch) {
  return Version{major, minor, patch, "", ""};
}

// [lo, up) where `up` is a release: its pre-releases are left out too.
VersionSet half_open(const Version& lo, const Version& up) {
  return VersionSet::at_least(lo).intersect(VersionSet::below(detail::first_prerelease(up)));
}

// For a partial version, the release just above everything it stands for: 1.3.0 for "1.2",
// 2.0.0 for "1".
Version bump_partial(const detail::PartialVersion& p) {
  const Version& v = p.version;
  return p.parts == 1 ? release(v.major + 1, 0, 0) : release(v.major, v.minor + 1, 0);
}

// The upper end of "^v", as Cargo: the first version whose leftmost non-zero part changes.
Version caret_upper(const detail::PartialVersion& p) {
  const Version& v = p.version;
  if (v.major > 0 || p.parts == 1) return release(v.major + 1, 0, 0);
  if (v.minor > 0 || p.parts == 2) return release(0, v.minor + 1, 0);
  return release(0, 0, v.patch + 1);
}

VersionSet apply(std::string_view op, const detail::PartialVersion& p) {
  const Version& v = p.version;
  bool whole = p.parts == 3;
  if (op == ">=") return VersionSet::at_least(v);
  if (op == ">") return whole ? VersionSet::above(v) : VersionSet::at_least(bump_partial(p));
  if (op == "<") {
    return v.is_prerelease() ? VersionSet::below(v)
                             : VersionSet::below(detail::first_prerelease(v));
  }
  if (op == "<=") {
    return whole ? VersionSet::at_most(v)
                 : VersionSet::below(detail::first_prerelease(bump_partial(p)));
  }
  if (op == "=" || op == "==") return whole ? VersionSet::exactly(v) : half_open(v, bump_partial(p));
  if (op == "!=") return apply("=", p).complement();
  if (op == "~") return half_open(v, p.parts == 1 ? bump_partial(p) : release(v.major, v.minor + 1, 0));
  return half_open(v, caret_upper(p));  // "^" and a bare version
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result parse() {
    skip_spaces();
    if (pos_ == text_.size()) return VersionSet::any();
    Result r = formula();
    if (!r) return r;
    if (pos_ != text_.size()) {
      return fail("unexpected '" + std::string(1, text_[pos_]) +
                      "' (join comparisons with '&', ',' or '|')",
                  pos_);
    }
    return r;
  }

 private:
  void skip_spaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  // Consumes `token` (and the spaces after it) if it comes next.
  bool eat(std::string_view token) {
    if (!text_.substr(pos_).starts_with(token)) return false;
    pos_ += token.size();
    skip_spaces();
    return true;
  }

  Result formula() {
    Result left = conjunction();
    while (left && (eat("||") || eat("|"))) {
      Result right = conjunction();
      if (!right) return right;
      left = left->unite(*right);
    }
    return left;
  }

  Result conjunction() {
    Result left = atom();
    while (left && (eat("&&") || eat("&") || eat(","))) {
      Result right = atom();
      if (!right) return right;
      left = left->intersect(*right);
    }
    return left;
  }

  Result atom() {
    if (eat("(")) {
      Result inner = formula();
      if (inner && !eat(")")) return fail("expected ')'", pos_);
      return inner;
    }
    if (eat("*")) return VersionSet::any();
    static constexpr std::array<std::string_view, 9> kOps = {">=", "<=", "==", "!=", ">",
                                                             "<",  "=",  "^",  "~"};
    std::string_view op = "^";
    bool explicit_op = false;
    for (std::string_view candidate : kOps) {
      if (eat(candidate)) {
        op = candidate;
        explicit_op = true;
        break;
      }
    }
    std::size_t start = pos_;
    while (pos_ < text_.size() && is_version_char(text_[pos_])) ++pos_;
    if (pos_ == start) {
      if (explicit_op) return fail("expected a version after '" + std::string(op) + "'", start);
      return fail("expected a constraint", start);
    }
    auto version = detail::parse_partial(text_.substr(start, pos_ - start));
    if (!version) return fail(version.error(), start);
    skip_spaces();
    return apply(op, *version);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::expected<VersionSet, ConstraintError> parse_constraint(std::string_view text) {
  return Parser(text).parse();
}

}  // namespace solver
