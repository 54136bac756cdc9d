// Internal helpers shared by version.cpp, version_set.cpp, constraint.cpp and the solver.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "solver/version.hpp"

namespace solver::detail {

// A version as written in a constraint: "1", "1.2" or "1.2.3-pre"; `parts` counts the numbers.
struct PartialVersion {
  Version version;
  int parts = 3;
};

// Parses 1 to 3 dot-separated numbers, then an optional pre-release and build (those only
// after all three numbers). Fails with "'TEXT' is not a version: REASON".
std::expected<PartialVersion, std::string> parse_partial(std::string_view text);

// The smallest version of all, 0.0.0-0.
Version lowest();

// The smallest version greater than v: 1.2.4-0 after 1.2.3, 1.2.3-rc.0 after 1.2.3-rc.
Version successor(const Version& v);

// The smallest pre-release of a release r: 2.0.0-0 for 2.0.0.
Version first_prerelease(const Version& r);

}  // namespace solver::detail
