// Times the resolver on a generated index: 2,000 packages x 20 versions, each version
// depending on 3-8 lower-numbered packages. A hidden "golden" version of every package
// satisfies all golden dependencies, so any request of a package is satisfiable; the other
// versions have ranges that often exclude the golden ones, which makes the solver search.
// Unsatisfiable cases add long chains of packages that meet in contradictory constraints.
//
// Usage: mirage_solver_bench [seed]     (exit status 1 if an answer is wrong)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "solver/constraint.hpp"
#include "solver/pubgrub.hpp"

namespace {

using solver::Dependency;
using solver::PackageVersionInfo;
using solver::Version;
using solver::VersionSet;

constexpr int kPackages = 2000;
constexpr int kVersions = 20;

// The j-th version of every generated package: 0.0.0, 0.1.0, ..., 3.4.0.
Version nth(int j) { return Version{static_cast<std::uint64_t>(j / 5), static_cast<std::uint64_t>(j % 5), 0, "", ""}; }

VersionSet parse(const std::string& text) {
  auto s = solver::parse_constraint(text);
  if (!s) {
    std::fprintf(stderr, "bad constraint %s: %s\n", text.c_str(), s.error().message.c_str());
    std::exit(2);
  }
  return *s;
}

class BenchIndex : public solver::Provider {
 public:
  std::map<std::string, std::map<Version, PackageVersionInfo>, std::less<>> packages;

  std::vector<Version> versions(std::string_view package) override {
    std::vector<Version> out;
    if (auto it = packages.find(package); it != packages.end()) {
      for (const auto& [v, info] : it->second) out.push_back(v);
    }
    return out;
  }

  std::expected<PackageVersionInfo, solver::Unavailable> info(std::string_view package,
                                                              const Version& v) override {
    return packages.find(package)->second.at(v);
  }
};

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  std::string name(int i) { return "p" + std::to_string(i); }

  // A constraint on the versions of a generated package; it admits version `must` when
  // must >= 0. Shapes: "^M.m", ">= a & < b", ">= a".
  std::string constraint(int must) {
    int shape = static_cast<int>(rng_() % 3);
    if (must < 0) must = static_cast<int>(rng_() % kVersions);
    if (shape == 0) {
      int from = must - static_cast<int>(rng_() % (must % 5 + 1));  // same major, minor <= must's
      Version v = nth(from);
      if (v.major == 0) return "^0." + std::to_string(v.minor) + " | ^" + nth(must).to_string();
      return "^" + std::to_string(v.major) + "." + std::to_string(v.minor);
    }
    int lo = must - static_cast<int>(rng_() % 6);
    int hi = must + 1 + static_cast<int>(rng_() % 6);
    std::string text = ">= " + nth(std::max(lo, 0)).to_string();
    if (shape == 1 && hi < kVersions) text += " & < " + nth(hi).to_string();
    return text;
  }

  void generate(BenchIndex& index) {
    golden_.resize(kPackages);
    for (int& g : golden_) g = static_cast<int>(rng_() % kVersions);
    for (int i = 0; i < kPackages; ++i) {
      auto& versions = index.packages[name(i)];
      for (int j = 0; j < kVersions; ++j) {
        PackageVersionInfo& info = versions[nth(j)];
        int count = std::min(i, 3 + static_cast<int>(rng_() % 6));
        std::vector<int> targets;
        while (static_cast<int>(targets.size()) < count) {
          // Mostly near neighbours, so the graph is deep as well as wide.
          int span = std::min(i, 60);
          int t = rng_() % 4 == 0 ? static_cast<int>(rng_() % i) : i - 1 - static_cast<int>(rng_() % span);
          if (std::ranges::find(targets, t) == targets.end()) targets.push_back(t);
        }
        for (int t : targets) {
          bool keep_golden = j == golden_[i] || rng_() % 10 < 7;
          info.depends.push_back({name(t), parse(constraint(keep_golden ? golden_[t] : -1))});
        }
      }
    }
  }

  // A chain prefix0 -> prefix1 -> ... -> prefix{length-1} of 20-version packages; each link
  // also depends on two main packages (through golden-admitting ranges); the last link
  // depends on `tail` `tail_range`.
  void chain(BenchIndex& index, const std::string& prefix, int length, const std::string& tail,
             const std::string& tail_range) {
    for (int k = 0; k < length; ++k) {
      auto& versions = index.packages[prefix + std::to_string(k)];
      for (int j = 0; j < kVersions; ++j) {
        PackageVersionInfo& info = versions[nth(j)];
        std::string next = k + 1 < length ? prefix + std::to_string(k + 1) : tail;
        info.depends.push_back({next, parse(k + 1 < length ? constraint(-1) : tail_range)});
        for (int n = 0; n < 2; ++n) {
          int t = 1000 + static_cast<int>(rng_() % 1000);
          info.depends.push_back({name(t), parse(constraint(golden_[t]))});
        }
      }
    }
  }

  // "dia": each version j needs b = j and c = j, where b j needs d > j and c j needs d <= j.
  void diamond(BenchIndex& index) {
    for (int j = 0; j < kVersions; ++j) {
      std::string v = nth(j).to_string();
      index.packages["dia"][nth(j)].depends = {{"dia-b", parse("= " + v)}, {"dia-c", parse("= " + v)}};
      index.packages["dia-b"][nth(j)].depends = {{"dia-d", parse("> " + v)}};
      index.packages["dia-c"][nth(j)].depends = {{"dia-d", parse("<= " + v)}};
      index.packages["dia-d"][nth(j)];
    }
  }

  int random_top() { return 1500 + static_cast<int>(rng_() % 500); }

 private:
  std::mt19937 rng_;
  std::vector<int> golden_;
};

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  unsigned seed = argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)) : 42;
  Generator gen(seed);
  BenchIndex index;
  auto t0 = std::chrono::steady_clock::now();
  gen.generate(index);
  index.packages["deep"][nth(5)];
  index.packages["deep"][nth(10)];
  gen.chain(index, "left", 10, "deep", "^1");
  gen.chain(index, "right", 10, "deep", "^2");
  gen.chain(index, "spine", 5, "dia", "");
  gen.diamond(index);
  std::printf("index: %d packages x %d versions (+ chains), generated in %.0f ms, seed %u\n",
              kPackages, kVersions, ms_since(t0), seed);
  bool wrong = false;

  std::vector<double> times;
  std::size_t largest = 0;
  for (int r = 0; r < 25; ++r) {
    std::vector<Dependency> root = {{gen.name(gen.random_top()), VersionSet::any()}};
    if (r % 2) root.push_back({gen.name(gen.random_top()), VersionSet::any()});
    auto start = std::chrono::steady_clock::now();
    auto result = solver::solve(index, root);
    times.push_back(ms_since(start));
    if (!result) {
      std::printf("satisfiable request %d failed:\n%s\n", r, result.error().explanation.c_str());
      wrong = true;
    } else {
      largest = std::max(largest, result->packages.size());
    }
  }
  std::ranges::sort(times);
  std::printf("satisfiable: %zu requests, min %.2f ms, median %.2f ms, max %.2f ms "
              "(largest solution %zu packages)\n",
              times.size(), times.front(), times[times.size() / 2], times.back(), largest);

  struct Case {
    const char* title;
    std::vector<Dependency> root;
  };
  std::vector<Case> cases = {
      {"two 10-deep chains meeting on deep ^1 vs ^2", {{"left0", VersionSet::any()}, {"right0", VersionSet::any()}}},
      {"a large main request, then the two chains",
       {{gen.name(1999), VersionSet::any()}, {"left0", VersionSet::any()}, {"right0", VersionSet::any()}}},
      {"a 5-deep chain ending in a per-version diamond", {{"spine0", VersionSet::any()}}},
      {"the two chains with narrowed requests", {{"left0", parse(">= 2")}, {"right0", parse("< 3")}}},
  };
  std::string first_explanation;
  for (const Case& c : cases) {
    auto start = std::chrono::steady_clock::now();
    auto result = solver::solve(index, c.root);
    double ms = ms_since(start);
    if (result) {
      std::printf("unsatisfiable case \"%s\" was solved\n", c.title);
      wrong = true;
      continue;
    }
    std::size_t lines = std::ranges::count(result.error().explanation, '\n') + 1;
    std::printf("unsatisfiable: %-50s %8.2f ms, explanation of %zu lines\n", c.title, ms, lines);
    if (first_explanation.empty()) first_explanation = result.error().explanation;
  }
  std::printf("\nfirst explanation:\n%s\n", first_explanation.c_str());
  return wrong ? 1 : 0;
}
