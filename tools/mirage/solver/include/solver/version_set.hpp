// Sets of versions: finite unions of disjoint intervals of the semver order.
#pragma once

#include <string>
#include <vector>

#include "solver/version.hpp"

namespace solver {

// A set of versions, kept canonical so that equal sets compare equal.
//
// Pre-releases are ordinary versions in the semver order, with one rule taken from Dart's
// pub: an exclusive upper bound written as a release, "< 2.0.0" (and so "^1.2", "~1.2", ...),
// also excludes that release's pre-releases. It is stored as "< 2.0.0-0", the smallest
// pre-release of 2.0.0, so "^1.2" never admits 2.0.0-alpha, while ">= 1.2.0" does admit
// 1.3.0-beta (the solver then tries releases before pre-releases).
class VersionSet {
 public:
  VersionSet() = default;  // the empty set

  static VersionSet any();
  static VersionSet none() { return {}; }
  static VersionSet exactly(const Version& v);
  static VersionSet at_least(const Version& v);  // >= v
  static VersionSet above(const Version& v);     // > v
  static VersionSet at_most(const Version& v);   // <= v
  static VersionSet below(const Version& v);     // < v, literally (2.0.0-rc < 2.0.0 is in it)

  // Set algebra; each returns a new canonical set.
  VersionSet intersect(const VersionSet& other) const;
  VersionSet unite(const VersionSet& other) const;
  VersionSet complement() const;
  VersionSet difference(const VersionSet& other) const;  // this minus other

  bool contains(const Version& v) const;  // build metadata of v is ignored
  bool is_empty() const { return points_.empty(); }
  bool is_any() const;
  bool subset_of(const VersionSet& other) const;
  bool disjoint_with(const VersionSet& other) const;

  // Readable text: ">= 1.2.0, < 2.0.0", "1.4.0", "any version", "no version",
  // "< 1.0.0 or >= 2.0.0". Bounds at a first pre-release print as the constraint language
  // reads them ("< 2.0.0" for < 2.0.0-0, "> 1.2.3" for >= 1.2.4-0).
  std::string to_string() const;

  // The points where membership flips, ascending: the set is [b0, b1) u [b2, b3) u ...;
  // with an odd count the last interval has no upper bound. Build metadata is stripped.
  const std::vector<Version>& boundaries() const { return points_; }

  friend bool operator==(const VersionSet&, const VersionSet&) = default;

 private:
  explicit VersionSet(std::vector<Version> points) : points_(std::move(points)) {}
  std::vector<Version> points_;
};

}  // namespace solver
