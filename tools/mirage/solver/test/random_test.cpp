// Small random indexes: the solver must find a solution exactly when brute-force enumeration
// finds one, and every solution it returns must pass the independent verifier.
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "solver/pubgrub.hpp"
#include "test_index.hpp"

namespace solver {
namespace {

using testing::TestIndex;

class RandomIndex : public ::testing::Test {
 protected:
  std::mt19937 rng{20240601};

  std::size_t pick(std::size_t n) { return rng() % n; }
  bool chance(int percent) { return static_cast<int>(rng() % 100) < percent; }

  const char* random_constraint() {
    static const char* const kConstraints[] = {
        "",     "",        "",       "^1",          ">= 1.1",     "< 2",      "= 1.0.0",
        "!= 1.1.0", "^0.1", "~1.1", ">= 2.0.0-rc.1", "< 1 | >= 2", ">= 3", "> 1.0.0 & < 2.0.0",
        "^2"};
    return kConstraints[pick(std::size(kConstraints))];
  }

  // An index of up to four packages, p0..p3, with one to three versions each.
  TestIndex random_index(std::vector<std::string>& names) {
    static const char* const kVersions[] = {"0.1.0", "1.0.0", "1.1.0", "2.0.0-rc.1", "2.0.0"};
    TestIndex index;
    std::size_t count = 2 + pick(3);
    for (std::size_t i = 0; i < count; ++i) names.push_back("p" + std::to_string(i));
    std::vector<std::string> targets = names;
    targets.push_back("ghost");  // never in the index
    for (const std::string& name : names) {
      std::size_t versions = 1 + pick(3);
      for (std::size_t k = 0; k < versions; ++k) {
        std::string line = name + " " + kVersions[pick(std::size(kVersions))];
        if (chance(10)) {
          index.add_line(line + " unavailable: " + (chance(50) ? "is yanked" : "is broken"));
          continue;
        }
        line += ":";
        std::size_t edges = pick(3);
        for (std::size_t e = 0; e < edges; ++e) {
          const char* prefix = chance(60) ? "" : chance(50) ? "!" : "?";
          const std::string& target = chance(5) ? targets.back() : targets[pick(names.size())];
          line += std::string(e ? "; " : " ") + prefix + target + " " + random_constraint();
        }
        index.add_line(line);
      }
    }
    return index;
  }

  // Whether some choice of versions (or absence) meets every constraint.
  static bool satisfiable(const TestIndex& index, const std::vector<Dependency>& root,
                          const Options& options) {
    std::vector<std::pair<std::string, std::vector<Version>>> packages;
    for (const auto& [name, versions] : index.packages) {
      packages.push_back({name, {}});
      for (const auto& [v, entry] : versions) packages.back().second.push_back(v);
    }
    std::map<std::string, Version> chosen;
    std::function<bool(std::size_t)> search = [&](std::size_t i) {
      if (i == packages.size()) return !testing::verify(index, root, options, chosen, false);
      if (search(i + 1)) return true;
      for (const Version& v : packages[i].second) {
        chosen[packages[i].first] = v;
        if (search(i + 1)) return true;
        chosen.erase(packages[i].first);
      }
      return false;
    };
    return search(0);
  }
};

TEST_F(RandomIndex, AgreesWithBruteForceEnumeration) {
  int solved = 0, failed = 0;
  for (int round = 0; round < 1500; ++round) {
    std::vector<std::string> names;
    TestIndex index = random_index(names);
    std::vector<Dependency> root;
    for (std::size_t r = 1 + pick(2); r > 0; --r) {
      root.push_back({names[pick(names.size())], testing::set(chance(50) ? "" : random_constraint())});
    }
    Options options;
    options.prefer_oldest = chance(30);
    if (chance(20)) options.pins[names[pick(names.size())]] = testing::set(random_constraint());
    if (chance(30)) options.preferred[names[pick(names.size())]] = testing::version("1.0.0");

    auto result = solve(index, root, options);
    bool expected = satisfiable(index, root, options);
    ASSERT_EQ(result.has_value(), expected)
        << "round " << round << ": "
        << (result ? "solver found " + testing::show(*result) : result.error().explanation);
    if (result) {
      ++solved;
      auto problem = testing::verify(index, root, options, result->packages);
      ASSERT_FALSE(problem.has_value()) << "round " << round << ": " << *problem;
    } else {
      ++failed;
      EXPECT_TRUE(result.error().explanation.ends_with("no solution exists."))
          << result.error().explanation;
    }
  }
  // Both outcomes must be well represented for the comparison to mean anything.
  EXPECT_GT(solved, 400) << failed;
  EXPECT_GT(failed, 400) << solved;
}

// One package with more than 64 versions, so that sets of its versions take more than one
// machine word.
TEST_F(RandomIndex, AgreesWithBruteForceOnPackagesWithManyVersions) {
  auto wide_constraint = [&] {
    std::string a = std::to_string(pick(90)), b = std::to_string(pick(90));
    switch (pick(5)) {
      case 0: return ">= 1." + a + " & < 1." + b;
      case 1: return "!= 1." + a + ".0";
      case 2: return "< 1." + a + " | > 1." + b;
      case 3: return "^1." + a;
      default: return "~1." + a;
    }
  };
  int solved = 0, failed = 0;
  for (int round = 0; round < 250; ++round) {
    TestIndex index;
    std::size_t wide = 65 + pick(25);
    for (std::size_t minor = 0; minor < wide; ++minor) {
      std::string line = "wide 1." + std::to_string(minor) + ".0";
      if (chance(5)) {
        index.add_line(line + " unavailable: is yanked");
        continue;
      }
      if (chance(30)) line += std::string(": ") + (chance(50) ? "" : "!") + "small " + random_constraint();
      index.add_line(line);
    }
    for (const char* v : {"1.0.0", "1.1.0", "2.0.0"}) {
      std::string line = std::string("small ") + v;
      if (chance(60)) line += ": " + std::string(chance(70) ? "" : "?") + "wide " + wide_constraint();
      index.add_line(line);
    }
    std::vector<Dependency> root = {{"small", testing::set(chance(50) ? "" : random_constraint())}};
    if (chance(50)) root.push_back({"wide", testing::set(wide_constraint())});
    auto result = solve(index, root);
    bool expected = satisfiable(index, root, {});
    ASSERT_EQ(result.has_value(), expected)
        << "round " << round << ": "
        << (result ? "solver found " + testing::show(*result) : result.error().explanation);
    if (result) {
      ++solved;
      auto problem = testing::verify(index, root, {}, result->packages);
      ASSERT_FALSE(problem.has_value()) << "round " << round << ": " << *problem;
    } else {
      ++failed;
    }
  }
  EXPECT_GT(solved, 40) << failed;
  EXPECT_GT(failed, 40) << solved;
}

TEST_F(RandomIndex, SolvingTwiceGivesTheSameAnswer) {
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> names;
    TestIndex index = random_index(names);
    std::vector<Dependency> root = {{names[0], testing::set(random_constraint())}};
    auto first = solve(index, root);
    auto second = solve(index, root);
    ASSERT_EQ(first.has_value(), second.has_value());
    if (first) {
      EXPECT_EQ(first->packages, second->packages);
    } else {
      EXPECT_EQ(first.error().explanation, second.error().explanation);
    }
  }
}

}  // namespace
}  // namespace solver
