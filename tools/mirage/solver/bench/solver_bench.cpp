// Times the resolver on a generated index: 2,000 packages x 20 versions, each version
// depending on 3-8 lower-numbered packages with ranges such as "^2.3", ">= 1.4.0" or
// ">= 1.4.0 & < 2.2.0". A hidden "golden" version of every package satisfies all golden
// dependencies, so every request of a package is satisfiable.
//
// Modes (the second argument):
//   realistic (default)  the index ages like a real one: version j of a package asks for
//                        versions of its dependencies released around the same time, golden
//                        versions are among the newest, and 3% of ranges are closed windows
//                        that may leave out the newest release;
//   windows              the same with 10% closed windows: many more conflicts, and on some
//                        seeds a heavy tail (requests that take minutes);
//   hard                 golden versions uniformly random, 30% of the other ranges arbitrary:
//                        a planted random problem, far harder than real indexes.
// Unsatisfiable cases add chains of packages that meet in contradictions.
//
// Usage: mirage_solver_bench [seed] [realistic|windows|hard]   (exit 1 if an answer is wrong)

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <unordered_map>
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

// An in-memory index, as the mirage tool holds one: each package's versions, ascending,
// with what each needs.
class BenchIndex : public solver::Provider {
 public:
  struct Package {
    std::vector<Version> versions;
    std::vector<PackageVersionInfo> infos;
  };
  std::unordered_map<std::string, Package> packages;

  // Adds (or finds) a version; versions must be added in ascending order.
  PackageVersionInfo& at(const std::string& name, const Version& v) {
    Package& p = packages[name];
    if (p.versions.empty() || p.versions.back() != v) {
      p.versions.push_back(v);
      p.infos.emplace_back();
    }
    return p.infos.back();
  }

  std::vector<Version> versions(std::string_view package) override {
    auto it = packages.find(std::string(package));
    return it == packages.end() ? std::vector<Version>{} : it->second.versions;
  }

  std::expected<PackageVersionInfo, solver::Unavailable> info(std::string_view package,
                                                              const Version& v) override {
    const Package& p = packages.find(std::string(package))->second;
    return p.infos[std::ranges::lower_bound(p.versions, v) - p.versions.begin()];
  }
};

class Generator {
 public:
  Generator(unsigned seed, bool hard, int windows_percent)
      : rng_(seed), hard_(hard), windows_percent_(windows_percent) {}

  std::string name(int i) { return "p" + std::to_string(i); }

  // A constraint on the versions of a generated package; it admits version `must` when
  // must >= 0. Shapes: "^M.m", ">= a & < b", ">= a" (realistic: mostly the first and last).
  std::string constraint(int must) {
    int roll = static_cast<int>(rng_() % 100);
    int shape = hard_ ? roll % 3 : roll < 60 ? 0 : roll < 100 - windows_percent_ ? 2 : 1;
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
    for (int& g : golden_) {
      g = hard_                ? static_cast<int>(rng_() % kVersions)
          : rng_() % 4 == 0 ? kVersions - 1 - static_cast<int>(rng_() % 4)
                              : kVersions - 1;
    }
    for (int i = 0; i < kPackages; ++i) {
      for (int j = 0; j < kVersions; ++j) {
        PackageVersionInfo& info = index.at(name(i), nth(j));
        int count = std::min(i, 3 + static_cast<int>(rng_() % 6));
        std::vector<int> targets;
        while (static_cast<int>(targets.size()) < count) {
          // Mostly near neighbours, so the graph is deep as well as wide.
          int span = std::min(i, 60);
          int t = rng_() % 4 == 0 ? static_cast<int>(rng_() % i) : i - 1 - static_cast<int>(rng_() % span);
          if (std::ranges::find(targets, t) == targets.end()) targets.push_back(t);
        }
        for (int t : targets) {
          int must = j == golden_[i]       ? golden_[t]
                     : hard_                ? (rng_() % 10 < 7 ? golden_[t] : -1)
                                            : std::max(0, j - static_cast<int>(rng_() % 4));
          info.depends.push_back({name(t), parse(constraint(must))});
        }
      }
    }
  }

  // A chain prefix0 -> prefix1 -> ... -> prefix{length-1} of 20-version packages; each link
  // also depends on two main packages (through golden-admitting ranges); the last link
  // depends on `tail` `tail_range`. Links accept any version of the next one, or with
  // `ranged_links` a random range of it that differs from version to version.
  void chain(BenchIndex& index, const std::string& prefix, int length, const std::string& tail,
             const std::string& tail_range, bool ranged_links = false) {
    for (int k = 0; k < length; ++k) {
      for (int j = 0; j < kVersions; ++j) {
        PackageVersionInfo& info = index.at(prefix + std::to_string(k), nth(j));
        std::string next = k + 1 < length ? prefix + std::to_string(k + 1) : tail;
        std::string range = k + 1 == length ? tail_range : ranged_links ? constraint(-1) : "";
        info.depends.push_back({next, parse(range)});
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
      index.at("dia", nth(j)).depends = {{"dia-b", parse("= " + v)}, {"dia-c", parse("= " + v)}};
      index.at("dia-b", nth(j)).depends = {{"dia-d", parse("> " + v)}};
      index.at("dia-c", nth(j)).depends = {{"dia-d", parse("<= " + v)}};
      index.at("dia-d", nth(j));
    }
  }

  int random_top() { return 1500 + static_cast<int>(rng_() % 500); }

 private:
  std::mt19937 rng_;
  bool hard_;
  int windows_percent_;
  std::vector<int> golden_;
};

// Process CPU time in milliseconds: other load on the machine does not count.
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned seed = argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)) : 42;
  std::string mode = argc > 2 ? argv[2] : "realistic";
  if (mode != "realistic" && mode != "windows" && mode != "hard") {
    std::fprintf(stderr, "usage: %s [seed] [realistic|windows|hard]\n", argv[0]);
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  Generator gen(seed, mode == "hard", mode == "windows" ? 10 : 3);
  BenchIndex index;
  double t0 = cpu_ms();
  gen.generate(index);
  index.at("deep", nth(5));
  index.at("deep", nth(10));
  gen.chain(index, "left", 10, "deep", "^1");
  gen.chain(index, "right", 10, "deep", "^2");
  gen.chain(index, "zig", 10, "deep", "^1", /*ranged_links=*/true);
  gen.chain(index, "zag", 10, "deep", "^2", /*ranged_links=*/true);
  gen.chain(index, "spine", 5, "dia", "");
  gen.diamond(index);
  std::printf("index: %d packages x %d versions (+ chains), %s, generated in %.0f ms, seed %u\n",
              kPackages, kVersions, mode.c_str(), cpu_ms() - t0, seed);
  bool wrong = false;

  std::vector<double> times;
  std::size_t largest = 0;
  for (int r = 0; r < 25; ++r) {
    std::vector<Dependency> root = {{gen.name(gen.random_top()), VersionSet::any()}};
    if (r % 2) root.push_back({gen.name(gen.random_top()), VersionSet::any()});
    double start = cpu_ms();
    auto result = solver::solve(index, root);
    times.push_back(cpu_ms() - start);
    if (!result) {
      std::printf("satisfiable request %d failed:\n%s\n", r, result.error().explanation.c_str());
      wrong = true;
      continue;
    }
    largest = std::max(largest, result->packages.size());
    std::printf("  request %2d: %zu package(s) asked, %4zu chosen, %8.2f ms CPU\n", r, root.size(),
                result->packages.size(), times.back());
  }
  std::ranges::sort(times);
  std::printf("satisfiable: %zu requests, CPU time min %.2f ms, median %.2f ms, max %.2f ms "
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
      {"two chains with per-version link ranges", {{"zig0", VersionSet::any()}, {"zag0", VersionSet::any()}}},
  };
  std::string first_explanation;
  for (const Case& c : cases) {
    double start = cpu_ms();
    auto result = solver::solve(index, c.root);
    double ms = cpu_ms() - start;
    if (result) {
      std::printf("unsatisfiable case \"%s\" was solved\n", c.title);
      wrong = true;
      continue;
    }
    std::size_t lines = std::ranges::count(result.error().explanation, '\n') + 1;
    std::printf("unsatisfiable: %-50s %8.2f ms CPU, explanation of %zu lines\n", c.title, ms, lines);
    if (first_explanation.empty()) first_explanation = result.error().explanation;
  }
  std::printf("\nfirst explanation:\n%s\n", first_explanation.c_str());
  return wrong ? 1 : 0;
}
