// Test helpers: an in-memory index described in text, and an independent solution checker.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "solver/pubgrub.hpp"

namespace solver::testing {

// An index read from lines, one per package version:
//   "foo 1.0.0: bar ^1.0; !baz < 2; ?qux ^1"   depends on bar ^1.0, conflicts with baz < 2,
//                                              optionally depends on qux ^1
//   "foo 1.1.0 unavailable: does not support target virtio"
//   "foo 2.0.0"                                no dependencies
// Blank lines and lines starting with '#' are skipped; a malformed line aborts the test.
class TestIndex : public Provider {
 public:
  struct Entry {
    PackageVersionInfo info;
    std::optional<std::string> unavailable;
  };

  TestIndex() = default;
  explicit TestIndex(std::string_view text);
  void add_line(std::string_view line);

  std::vector<Version> versions(std::string_view package) override;
  std::expected<PackageVersionInfo, Unavailable> info(std::string_view package,
                                                      const Version& version) override;

  std::map<std::string, std::map<Version, Entry>, std::less<>> packages;
  std::map<std::pair<std::string, std::string>, int> info_calls;  // (package, version) -> count
};

// Root requirements from (package, constraint) pairs, e.g. {{"tls", ">= 2"}}.
std::vector<Dependency> requirements(
    std::initializer_list<std::pair<std::string_view, std::string_view>> list);

// A set parsed from a constraint, aborting the test on a parse error.
VersionSet set(std::string_view constraint);

// A version parsed strictly, aborting the test on a parse error.
Version version(std::string_view text);

// Checks that `chosen` meets every requirement, pin and constraint of the index (a reading
// of the rules independent of the solver). With `reachable`, also that every chosen package
// is needed: reached from the requirements and pins through `depends`. Returns the first
// violation, or nothing.
std::optional<std::string> verify(const TestIndex& index, const std::vector<Dependency>& root,
                                  const Options& options,
                                  const std::map<std::string, Version>& chosen,
                                  bool reachable = true);

// The solution as "a 1.0.0, b 2.0.0" for readable expectations.
std::string show(const Solution& s);

}  // namespace solver::testing
