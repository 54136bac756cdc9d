// Internal types of the PubGrub solver, shared by pubgrub.cpp and explain.cpp.
//
// The solver reasons about the versions a package actually has: every set of versions is
// kept as Bits over the package's published versions (ascending). Ranges from constraints
// are mapped onto them when they enter the solver, and explanations map bits back to ranges.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "bits.hpp"
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
  Bits set;
};

// Term algebra, read as sets of outcomes (including "not selected") for one package.
inline bool term_subset(const Term& a, const Term& b) {
  if (a.positive) return b.positive ? a.set.subset_of(b.set) : a.set.disjoint_with(b.set);
  return !b.positive && b.set.subset_of(a.set);
}
inline bool term_disjoint(const Term& a, const Term& b) {
  if (a.positive) return b.positive ? a.set.disjoint_with(b.set) : a.set.subset_of(b.set);
  return b.positive && b.set.subset_of(a.set);
}
inline Term term_intersect(const Term& a, const Term& b) {
  if (a.positive && b.positive) return {a.package, true, a.set & b.set};
  if (a.positive) return {a.package, true, a.set.without(b.set)};
  if (b.positive) return {a.package, true, b.set.without(a.set)};
  return {a.package, false, a.set | b.set};
}
inline Term negate(Term t) {
  t.positive = !t.positive;
  return t;
}
// "not foo (no version)" holds whatever is selected.
inline bool always_true(const Term& t) { return !t.positive && t.set.none(); }

enum class Kind : std::uint8_t {
  Root,            // {not root}: the root must be selected
  RootDependency,  // {root, not foo S}: you asked for foo S
  Pin,             // {root, not foo S}: you pinned foo to S
  Dependency,      // {foo R, not bar S}: foo R depends on bar S
  Conflict,        // {foo R, bar S}: foo R conflicts with bar S
  Optional,        // {foo R, bar (not S)}: foo R optionally depends on bar S
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

// What the explanation needs from the solver.
struct ExplainInput {
  const std::deque<Incompat>& incompats;
  std::vector<std::string_view> names;                // by PackageId
  std::vector<const std::vector<Version>*> versions;  // by PackageId; sorted, may be empty
};

// Writes PubGrub's report for the derivation of incompatibility `conclusion`.
Failure explain(const ExplainInput& input, std::uint32_t conclusion);

}  // namespace solver::detail
