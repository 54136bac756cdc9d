// Internal types of the PubGrub solver, shared by pubgrub.cpp and explain.cpp.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "solver/pubgrub.hpp"
#include "solver/version_set.hpp"

namespace solver::detail {

using PackageId = std::uint32_t;
inline constexpr PackageId kRoot = 0;

// "foo S" (positive: foo is selected, at a version in S) or "not foo S" (negative: foo is
// not selected, or is at a version outside S).
struct Term {
  PackageId package = 0;
  bool positive = true;
  VersionSet set;
};

// Term algebra, read as sets of outcomes (including "not selected") for one package.
bool term_subset(const Term& a, const Term& b);
bool term_disjoint(const Term& a, const Term& b);
Term term_intersect(const Term& a, const Term& b);
inline Term negate(Term t) {
  t.positive = !t.positive;
  return t;
}
// "not foo (no version)" holds whatever is selected.
inline bool always_true(const Term& t) { return !t.positive && t.set.is_empty(); }

enum class Kind : std::uint8_t {
  Root,            // {not root}: the root must be selected
  RootDependency,  // {root, not foo S}: you asked for foo S
  Pin,             // {root, not foo S}: you pinned foo to S
  Dependency,      // {foo R, not bar S}: foo R depends on bar S
  Conflict,        // {foo R, bar S}: foo R conflicts with bar S
  Optional,        // {foo R, bar (not S)}: foo R optionally depends on bar S
  NoVersions,      // {foo S}: no version of foo matches S
  Unknown,         // {foo any}: foo is in no index
  Unavailable,     // {foo R}: foo R cannot be used, for `reason`
  Derived,         // learned from cause1 and cause2 by conflict resolution
};

// A set of terms that must not all hold at once.
struct Incompat {
  std::vector<Term> terms;
  Kind kind = Kind::Derived;
  std::uint32_t cause1 = 0;  // Kind::Derived: the two incompatibilities it was resolved from
  std::uint32_t cause2 = 0;
  VersionSet written;  // dependency-like kinds: the other package's range as written
  std::string reason;  // Kind::Unavailable
};

// Within a package's published versions (ascending), each version owns a "tile" of the
// version line: from the tile start of that version up to the tile start of the next. The
// tiles partition the line, so sets made of whole tiles never leave pieces that hold no
// published version (such as the pre-releases of 2.0.0 between "< 2.0.0" and "< 2.0.0-0").

// Where the tile of sorted[i] (0 < i < size) begins: the first pre-release of a release,
// unless the previous version is itself a pre-release of it.
Version tile_start(const std::vector<Version>& sorted, std::size_t i);

// The tiles of sorted[lo..hi]: unbounded below when lo is 0, above when hi is the last.
VersionSet run_range(const std::vector<Version>& sorted, std::size_t lo, std::size_t hi);

// Calls f(lo, hi) for each maximal run sorted[lo..hi] of versions that `set` contains.
template <class F>
void for_each_run(const std::vector<Version>& sorted, const VersionSet& set, F f) {
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (!set.contains(sorted[i])) continue;
    std::size_t j = i;
    while (j + 1 < sorted.size() && set.contains(sorted[j + 1])) ++j;
    f(i, j);
    i = j;
  }
}

// What the explanation needs from the solver.
struct ExplainInput {
  const std::deque<Incompat>& incompats;
  std::vector<std::string_view> names;                // by PackageId
  std::vector<const std::vector<Version>*> versions;  // by PackageId; sorted, may be empty
};

// Writes PubGrub's report for the derivation of incompatibility `conclusion`.
Failure explain(const ExplainInput& input, std::uint32_t conclusion);

}  // namespace solver::detail
