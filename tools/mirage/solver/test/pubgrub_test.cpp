#include "solver/pubgrub.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_index.hpp"

namespace solver {
namespace {

using testing::requirements;
using testing::set;
using testing::show;
using testing::TestIndex;
using testing::version;

// Solves and checks the solution with the independent verifier; returns it as text.
std::string solved(TestIndex& index, const std::vector<Dependency>& root, const Options& options = {}) {
  auto result = solve(index, root, options);
  if (!result) return "no solution: " + result.error().explanation;
  if (auto problem = testing::verify(index, root, options, result->packages)) {
    return "invalid solution (" + *problem + "): " + show(*result);
  }
  return show(*result);
}

// The examples of PubGrub's documentation (doc/solver.md in dart-lang/pub).

TEST(Solve, NoConflicts) {
  TestIndex index(R"(
    foo 1.0.0: bar ^1.0.0
    bar 1.0.0
    bar 2.0.0
  )");
  EXPECT_EQ(solved(index, requirements({{"foo", "^1.0.0"}})), "bar 1.0.0, foo 1.0.0");
}

TEST(Solve, AvoidsConflictDuringDecisionMaking) {
  TestIndex index(R"(
    foo 1.0.0
    foo 1.1.0: bar ^2.0.0
    bar 1.0.0
    bar 1.1.0
    bar 2.0.0
  )");
  EXPECT_EQ(solved(index, requirements({{"foo", "^1.0.0"}, {"bar", "^1.0.0"}})),
            "bar 1.1.0, foo 1.0.0");
}

TEST(Solve, PerformsConflictResolution) {
  TestIndex index(R"(
    foo 1.0.0
    foo 2.0.0: bar ^1.0.0
    bar 1.0.0: foo ^1.0.0
  )");
  EXPECT_EQ(solved(index, requirements({{"foo", ">= 1.0.0"}})), "foo 1.0.0");
}

TEST(Solve, ResolvesConflictWithPartialSatisfier) {
  TestIndex index(R"(
    foo 1.0.0
    foo 1.1.0: left ^1.0.0; right ^1.0.0
    left 1.0.0: shared >= 1.0.0
    right 1.0.0: shared < 2.0.0
    shared 2.0.0
    shared 1.0.0: target ^1.0.0
    target 2.0.0
    target 1.0.0
  )");
  EXPECT_EQ(solved(index, requirements({{"foo", "^1.0.0"}, {"target", "^2.0.0"}})),
            "foo 1.0.0, target 2.0.0");
}

TEST(Solve, PicksNewestVersions) {
  TestIndex index(R"(
    a 1.0.0: b ^1
    a 1.1.0: b ^1
    b 1.0.0
    b 1.5.0
    b 2.0.0
  )");
  EXPECT_EQ(solved(index, requirements({{"a", ""}})), "a 1.1.0, b 1.5.0");
}

TEST(Solve, PrefersOldestWhenAsked) {
  TestIndex index(R"(
    a 1.0.0: b >= 1.5
    a 1.1.0: b ^1
    b 1.0.0
    b 1.5.0
    b 2.0.0
  )");
  Options options;
  options.prefer_oldest = true;
  EXPECT_EQ(solved(index, requirements({{"a", ""}}), options), "a 1.0.0, b 1.5.0");
}

TEST(Solve, TriesPreferredVersionFirst) {
  TestIndex index(R"(
    a 1.0.0
    a 1.1.0
    a 1.2.0
  )");
  Options options;
  options.preferred["a"] = version("1.1.0");
  EXPECT_EQ(solved(index, requirements({{"a", ""}}), options), "a 1.1.0");
}

TEST(Solve, IgnoresPreferredVersionOutsideTheRange) {
  TestIndex index(R"(
    a 1.0.0
    a 1.1.0
    a 2.0.0
  )");
  Options options;
  options.preferred["a"] = version("1.0.0");
  EXPECT_EQ(solved(index, requirements({{"a", ">= 1.1"}}), options), "a 2.0.0");
}

TEST(Solve, PrefersReleasesOverPreReleases) {
  TestIndex index(R"(
    a 1.0.0
    a 1.1.0-beta
  )");
  EXPECT_EQ(solved(index, requirements({{"a", ">= 1.0.0"}})), "a 1.0.0");
  EXPECT_EQ(solved(index, requirements({{"a", "> 1.0.0"}})), "a 1.1.0-beta");
}

TEST(Solve, HandlesCyclicDependencies) {
  TestIndex index(R"(
    a 1.0.0: b ^1
    a 2.0.0: b ^2
    b 1.0.0: a ^1
    b 2.0.0: a ^1
  )");
  EXPECT_EQ(solved(index, requirements({{"a", ""}})), "a 1.0.0, b 1.0.0");
}

TEST(Solve, HandlesSelfDependency) {
  TestIndex index(R"(
    a 1.0.0: a ^1
    a 2.0.0: a ^1
  )");
  EXPECT_EQ(solved(index, requirements({{"a", ""}})), "a 1.0.0");
}

TEST(Solve, PinsActAsRequirements) {
  TestIndex index(R"(
    tls 1.0.0: asn1 >= 1
    asn1 1.4.0
    asn1 1.5.0
    extra 1.0.0
  )");
  Options options;
  options.pins["asn1"] = set("= 1.4.0");
  options.pins["extra"] = set("");
  EXPECT_EQ(solved(index, requirements({{"tls", ""}}), options), "asn1 1.4.0, extra 1.0.0, tls 1.0.0");
}

TEST(Solve, OptionalDependencyDoesNotForceAPackage) {
  TestIndex index(R"(
    app 1.0.0: ?logs ^2
    logs 1.0.0
    logs 2.0.0
  )");
  EXPECT_EQ(solved(index, requirements({{"app", ""}})), "app 1.0.0");
}

TEST(Solve, OptionalDependencyConstrainsAPackageThatIsSelected) {
  TestIndex index(R"(
    app 1.0.0: ?logs ^1; web ^1
    web 1.0.0: logs >= 1
    logs 1.0.0
    logs 2.0.0
  )");
  EXPECT_EQ(solved(index, requirements({{"app", ""}})), "app 1.0.0, logs 1.0.0, web 1.0.0");
}

TEST(Solve, ConflictsExcludeVersions) {
  TestIndex index(R"(
    app 1.0.0: !openssl < 3; net ^1
    net 1.0.0: openssl >= 1
    openssl 1.0.0
    openssl 2.0.0
    openssl 3.0.0
    openssl 4.0.0-rc.1
  )");
  EXPECT_EQ(solved(index, requirements({{"app", ""}, {"openssl", "< 4"}})),
            "app 1.0.0, net 1.0.0, openssl 3.0.0");
}

TEST(Solve, ConflictWithUnselectedPackageIsHarmless) {
  TestIndex index(R"(
    app 1.0.0: !legacy
    legacy 1.0.0
  )");
  EXPECT_EQ(solved(index, requirements({{"app", ""}})), "app 1.0.0");
}

TEST(Solve, SkipsUnavailableVersions) {
  TestIndex index(R"(
    a 1.0.0
    a 1.1.0 unavailable: does not support target virtio
    a 1.2.0 unavailable: does not support target virtio
  )");
  EXPECT_EQ(solved(index, requirements({{"a", ""}})), "a 1.0.0");
}

TEST(Solve, BacktracksAcrossSeveralLevels) {
  TestIndex index(R"(
    a 1.0.0: b ^1; c ^1
    a 2.0.0: b ^2; c ^2
    b 1.0.0: d ^1
    b 2.0.0: d ^2
    c 1.0.0: d ^1
    c 2.0.0: d ^1
    d 1.0.0
    d 2.0.0
  )");
  EXPECT_EQ(solved(index, requirements({{"a", ""}})), "a 1.0.0, b 1.0.0, c 1.0.0, d 1.0.0");
}

TEST(Solve, HandlesPackagesWithManyVersions) {
  TestIndex index(R"(
    b 1.0.0: wide >= 1.30 & < 1.70
    c 1.0.0: wide != 1.69.0; !wide < 1.50
  )");
  for (int minor = 0; minor < 100; ++minor) {
    index.add_line("wide 1." + std::to_string(minor) + ".0" + (minor >= 68 ? ": c ^2" : ""));
  }
  EXPECT_EQ(solved(index, requirements({{"b", ""}, {"c", ""}})), "b 1.0.0, c 1.0.0, wide 1.67.0");
}

// Lists each package's versions newest first, twice over.
class ShuffledIndex : public TestIndex {
 public:
  using TestIndex::TestIndex;
  std::vector<Version> versions(std::string_view package) override {
    std::vector<Version> v = TestIndex::versions(package);
    std::ranges::reverse(v);
    v.insert(v.end(), v.begin(), v.end());
    return v;
  }
};

TEST(Solve, AcceptsVersionsInAnyOrderAndRepeated) {
  ShuffledIndex index(R"(
    a 1.0.0: b ^1
    a 1.1.0: b ^2
    b 1.0.0
    b 1.2.0
  )");
  EXPECT_EQ(solved(index, requirements({{"a", ""}})), "a 1.0.0, b 1.2.0");
}

TEST(Solve, EmptyRequestGivesEmptySolution) {
  TestIndex index("a 1.0.0");
  EXPECT_EQ(solved(index, {}), "");
}

TEST(Solve, AsksProviderOncePerVersion) {
  TestIndex index(R"(
    a 1.0.0: b ^1
    a 2.0.0: b ^2
    b 1.0.0
    b 2.0.0: c ^9
    c 1.0.0
  )");
  EXPECT_EQ(solved(index, requirements({{"a", ""}})), "a 1.0.0, b 1.0.0");
  for (const auto& [key, calls] : index.info_calls) EXPECT_EQ(calls, 1) << key.first << " " << key.second;
}

// uv's and pub's classic unsatisfiable cases.

TEST(Solve, FailsOnDisjointTransitiveConstraints) {
  TestIndex index(R"(
    a 1.0.0: shared >= 2.0.0
    b 1.0.0: shared < 1.0.0
    shared 0.5.0
    shared 2.0.0
  )");
  EXPECT_FALSE(solve(index, requirements({{"a", ""}, {"b", ""}})).has_value());
}

TEST(Solve, FailsOnUnknownPackage) {
  TestIndex index("a 1.0.0: ghost ^1");
  EXPECT_FALSE(solve(index, requirements({{"a", ""}})).has_value());
}

TEST(Solve, FailsOnEmptyRequirement) {
  TestIndex index("a 1.0.0");
  EXPECT_FALSE(solve(index, requirements({{"a", ">= 2 & < 1"}})).has_value());
}

}  // namespace
}  // namespace solver
