// Semantic versions (semver 2.0.0) with their precedence order.
#pragma once

#include <compare>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace solver {

// A semver 2.0.0 version: MAJOR.MINOR.PATCH[-PRE][+BUILD]. Build metadata is kept for
// display but ignored by comparisons, so 1.0.0+a == 1.0.0+b (semver precedence).
struct Version {
  std::uint64_t major = 0;
  std::uint64_t minor = 0;
  std::uint64_t patch = 0;
  std::string pre;    // dot-separated pre-release identifiers without the '-'; empty: a release
  std::string build;  // build metadata without the '+'

  // Parses a full version, "1.2.3", "1.0.0-rc.1+build.5". Fails with a message such as
  // "'1.2' is not a version: expected MAJOR.MINOR.PATCH".
  static std::expected<Version, std::string> parse(std::string_view text);

  // As parse, but also accepts "1" and "1.2" (missing parts are 0), for constraint operands.
  // A pre-release or build part still needs all three numbers.
  static std::expected<Version, std::string> parse_loose(std::string_view text);

  // The canonical text, "1.2.3-rc.1+b5".
  std::string to_string() const;

  bool is_prerelease() const { return !pre.empty(); }

  friend std::strong_ordering operator<=>(const Version& a, const Version& b);
  friend bool operator==(const Version& a, const Version& b) { return (a <=> b) == 0; }
};

}  // namespace solver
