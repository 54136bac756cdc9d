// Dependency resolution with PubGrub (Natalie Weizenbaum's algorithm, as in Dart's pub and
// pubgrub-rs): unit propagation, conflict-driven learning with backjumping, and an
// explanation of the derivation when no solution exists.
#pragma once

#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "solver/version.hpp"
#include "solver/version_set.hpp"

namespace solver {

struct Dependency {
  std::string package;
  VersionSet versions;
};

// What one version of a package needs. A dependency on the package itself is honoured: a
// version outside its own range is treated as unavailable.
struct PackageVersionInfo {
  std::vector<Dependency> depends;    // must be selected, in range
  std::vector<Dependency> conflicts;  // if selected, must NOT be in range
  std::vector<Dependency> optional;   // not required; if selected, must be in range
};

// Why a version cannot be used ("does not support target virtio", "is yanked").
struct Unavailable {
  std::string reason;
};

// What the solver asks the index. Each answer is asked for at most once per solve.
class Provider {
 public:
  virtual ~Provider() = default;
  // Every version of `package` (any order); empty when the package is unknown.
  virtual std::vector<Version> versions(std::string_view package) = 0;
  virtual std::expected<PackageVersionInfo, Unavailable> info(std::string_view package,
                                                              const Version& version) = 0;
};

struct Options {
  bool prefer_oldest = false;                // default: newest first
  std::map<std::string, VersionSet> pins;    // a package required, and forced into this set
  std::map<std::string, Version> preferred;  // tried first (a lock file's versions)
};

struct Solution {
  std::map<std::string, Version> packages;  // excludes the root
};

// One incompatibility of the derivation that proves there is no solution.
struct FailureNode {
  std::string text;  // "tls >= 2.0.0 depends on x509 >= 3.0.0", "tls >= 2.0.0 is forbidden"
  int cause1 = -1;   // indices into Failure::nodes; both -1 for an external fact
  int cause2 = -1;
};

struct Failure {
  std::string explanation;         // the whole derivation, in plain numbered sentences
  std::vector<FailureNode> nodes;  // the derivation graph; the last node is the conclusion
};

// Chooses one version of each package needed by `root_requirements` (and pins) so that every
// depends/conflicts/optional constraint of every chosen version holds; only packages reached
// through `depends` are chosen. Among versions, releases come before pre-releases, then
// newest first (oldest with prefer_oldest), with a preferred version tried before all.
// Fails with an explanation when no such choice exists.
std::expected<Solution, Failure> solve(Provider& provider,
                                       const std::vector<Dependency>& root_requirements,
                                       const Options& options = {});

}  // namespace solver
