#include "solver/pubgrub.hpp"

#include <algorithm>
#include <cassert>
#include <deque>
#include <limits>
#include <optional>
#include <unordered_map>

#include "pubgrub_detail.hpp"
#include "version_detail.hpp"

namespace solver {
namespace detail {

bool term_subset(const Term& a, const Term& b) {
  if (a.positive) return b.positive ? a.set.subset_of(b.set) : a.set.disjoint_with(b.set);
  return !b.positive && b.set.subset_of(a.set);
}

bool term_disjoint(const Term& a, const Term& b) {
  if (a.positive) return b.positive ? a.set.disjoint_with(b.set) : a.set.subset_of(b.set);
  return b.positive && b.set.subset_of(a.set);
}

Term term_intersect(const Term& a, const Term& b) {
  if (a.positive && b.positive) return {a.package, true, a.set.intersect(b.set)};
  if (a.positive) return {a.package, true, a.set.difference(b.set)};
  if (b.positive) return {a.package, true, b.set.difference(a.set)};
  return {a.package, false, a.set.unite(b.set)};
}

Version tile_start(const std::vector<Version>& sorted, std::size_t i) {
  const Version& v = sorted[i];
  if (!v.is_prerelease() && sorted[i - 1] < first_prerelease(v)) return first_prerelease(v);
  return v;
}

VersionSet run_range(const std::vector<Version>& sorted, std::size_t lo, std::size_t hi) {
  VersionSet set = lo == 0 ? VersionSet::any() : VersionSet::at_least(tile_start(sorted, lo));
  if (hi + 1 < sorted.size()) set = set.intersect(VersionSet::below(tile_start(sorted, hi + 1)));
  return set;
}

}  // namespace detail

namespace {

using namespace detail;

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// One constraint of one package version, with the other package interned.
struct Edge {
  Kind kind;  // Dependency, Conflict or Optional
  PackageId package;
  VersionSet set;
  bool operator==(const Edge&) const = default;
};

// What the provider said about one version, fetched on first use.
struct VersionData {
  bool loaded = false;
  bool processed = false;  // its incompatibilities are in the solver
  std::optional<std::string> unavailable;
  std::vector<Edge> edges;
};

struct Assignment {
  PackageId package;
  std::uint32_t level;
  std::uint32_t cause;  // kNone for a decision
  Term term;
};

struct HistoryEntry {
  std::uint32_t assignment;
  Term accumulated;  // the intersection of this package's assignments up to this one
};

struct Package {
  std::string name;
  bool listed = false;
  std::vector<Version> versions;      // ascending, distinct
  std::vector<std::uint32_t> order;   // indices into versions, in the order to try them
  std::vector<VersionData> data;      // by version index
  std::vector<std::uint32_t> incompats;
  std::vector<HistoryEntry> history;  // this package's assignments, oldest first
  std::uint32_t decision = kNone;     // index into versions
  std::uint32_t pending_slot = kNone;
  std::size_t candidates = 0;  // versions in the accumulated term, when !candidates_stale
  bool candidates_stale = true;
};

enum class Relation { Satisfied, AlmostSatisfied, Contradicted, Inconclusive };

class Solver {
 public:
  Solver(Provider& provider, const Options& options) : provider_(provider), options_(options) {
    Package& root = packages_.emplace_back();
    root.name = "root";
    root.listed = true;
    root.versions = {Version{}};
    root.order = {0};
    root.data.resize(1);
  }

  std::expected<Solution, Failure> run(const std::vector<Dependency>& requirements) {
    requirements_ = &requirements;
    add_incompat({{Term{kRoot, false, VersionSet::exactly(Version{})}}, Kind::Root, 0, 0, {}, {}});
    PackageId next = kRoot;
    while (true) {
      std::uint32_t failed = propagate(next);
      if (failed != kNone) return std::unexpected(failure(failed));
      next = decide();
      if (next == kNone) return solution();
    }
  }

 private:
  // ---- packages and the provider ----

  PackageId intern(std::string_view name) {
    auto [it, added] = ids_.try_emplace(std::string(name), static_cast<PackageId>(packages_.size()));
    if (added) packages_.emplace_back().name = name;
    return it->second;
  }

  Package& listed(PackageId p) {
    Package& pk = packages_[p];
    if (pk.listed) return pk;
    pk.listed = true;
    pk.versions = provider_.versions(pk.name);
    std::ranges::sort(pk.versions);
    pk.versions.erase(std::unique(pk.versions.begin(), pk.versions.end()), pk.versions.end());
    pk.data.resize(pk.versions.size());
    for (std::uint32_t i = 0; i < pk.versions.size(); ++i) pk.order.push_back(i);
    std::ranges::stable_sort(pk.order, [&](std::uint32_t a, std::uint32_t b) {
      const Version &va = pk.versions[a], &vb = pk.versions[b];
      if (va.is_prerelease() != vb.is_prerelease()) return vb.is_prerelease();
      return options_.prefer_oldest ? va < vb : vb < va;
    });
    return pk;
  }

  VersionData& data(PackageId p, std::size_t i) {
    Package& pk = listed(p);
    VersionData& d = pk.data[i];
    if (d.loaded) return d;
    d.loaded = true;
    const Version& v = pk.versions[i];
    auto info = provider_.info(pk.name, v);
    if (!info) {
      d.unavailable = std::move(info.error().reason);
      return d;
    }
    auto add = [&](Kind kind, const std::vector<Dependency>& list) {
      for (const Dependency& dep : list) {
        Edge e{kind, intern(dep.package), dep.versions};
        if (e.package == p) {
          // On itself: either always true for this version, or it makes v unusable.
          bool in = e.set.contains(v);
          if (kind == Kind::Conflict ? in : !in) {
            d.unavailable = (kind == Kind::Conflict ? "conflicts with " : "depends on ") +
                            pk.name + " " + e.set.to_string() + ", which excludes itself";
          }
          continue;
        }
        if (kind == Kind::Conflict && e.set.is_empty()) continue;  // can never hold
        if (kind == Kind::Optional && e.set.is_any()) continue;     // can never fail
        d.edges.push_back(std::move(e));
      }
    };
    add(Kind::Dependency, info->depends);
    add(Kind::Conflict, info->conflicts);
    add(Kind::Optional, info->optional);
    if (d.unavailable) d.edges.clear();
    return d;
  }

  // ---- incompatibilities ----

  // The set the solver reasons with for p: `written` widened to whole tiles of p's versions,
  // or left as written when it holds none of them (then it can only end in "no versions").
  VersionSet snapped(PackageId p, const VersionSet& written) {
    const std::vector<Version>& versions = listed(p).versions;
    VersionSet out;
    for_each_run(versions, written, [&](std::size_t lo, std::size_t hi) {
      out = out.unite(run_range(versions, lo, hi));
    });
    return out.is_empty() ? written : out;
  }

  // The incompatibility for "subject `kind` other `written`" (a dependency-like fact).
  Incompat relation_incompat(Kind kind, Term subject, PackageId other, const VersionSet& written) {
    VersionSet set = snapped(other, written);
    Term term{other, kind != Kind::Dependency && kind != Kind::RootDependency && kind != Kind::Pin,
              kind == Kind::Optional ? set.complement() : std::move(set)};
    return {{std::move(subject), std::move(term)}, kind, 0, 0, written, {}};
  }

  std::uint32_t store_incompat(Incompat inc) {
    incompats_.push_back(std::move(inc));
    contradicted_.push_back(kNone);
    return static_cast<std::uint32_t>(incompats_.size() - 1);
  }

  void register_incompat(std::uint32_t id) {
    for (const Term& t : incompats_[id].terms) packages_[t.package].incompats.push_back(id);
  }

  std::uint32_t add_incompat(Incompat inc) {
    std::uint32_t id = store_incompat(std::move(inc));
    register_incompat(id);
    return id;
  }

  void mark_contradicted(std::uint32_t id) {
    contradicted_[id] = level_;
    contradicted_stack_.push_back(id);
  }

  // ---- the partial solution ----

  Relation relation_of(const Term& t) const {
    const Package& pk = packages_[t.package];
    if (pk.history.empty()) {
      if (t.set.is_empty()) return t.positive ? Relation::Contradicted : Relation::Satisfied;
      return Relation::Inconclusive;
    }
    const Term& acc = pk.history.back().accumulated;
    if (term_subset(acc, t)) return Relation::Satisfied;
    if (term_disjoint(acc, t)) return Relation::Contradicted;
    return Relation::Inconclusive;
  }

  // How the partial solution stands to incompatibility `id`; for AlmostSatisfied, sets
  // *unsatisfied to the index of the one term left.
  Relation relation(std::uint32_t id, std::size_t* unsatisfied) const {
    const std::vector<Term>& terms = incompats_[id].terms;
    std::size_t open = kNone;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      Relation r = relation_of(terms[i]);
      if (r == Relation::Contradicted) return r;
      if (r == Relation::Inconclusive) {
        if (open != kNone) return Relation::Inconclusive;
        open = i;
      }
    }
    if (open == kNone) return Relation::Satisfied;
    *unsatisfied = open;
    return Relation::AlmostSatisfied;
  }

  void assign(Term term, std::uint32_t cause) {
    PackageId p = term.package;
    Package& pk = packages_[p];
    Term acc = pk.history.empty() ? term : term_intersect(pk.history.back().accumulated, term);
    auto index = static_cast<std::uint32_t>(assignments_.size());
    assignments_.push_back({p, level_, cause, std::move(term)});
    pk.history.push_back({index, std::move(acc)});
    update_pending(p);
  }

  void decide_version(PackageId p, std::uint32_t version) {
    ++level_;
    packages_[p].decision = version;
    assign({p, true, VersionSet::exactly(packages_[p].versions[version])}, kNone);
  }

  void update_pending(PackageId p) {
    Package& pk = packages_[p];
    pk.candidates_stale = true;
    bool want = pk.decision == kNone && !pk.history.empty() && pk.history.back().accumulated.positive;
    if (want && pk.pending_slot == kNone) {
      pk.pending_slot = static_cast<std::uint32_t>(pending_.size());
      pending_.push_back(p);
    } else if (!want && pk.pending_slot != kNone) {
      PackageId last = pending_.back();
      pending_[pk.pending_slot] = last;
      packages_[last].pending_slot = pk.pending_slot;
      pending_.pop_back();
      pk.pending_slot = kNone;
    }
  }

  void backtrack(std::uint32_t level) {
    while (!assignments_.empty() && assignments_.back().level > level) {
      PackageId p = assignments_.back().package;
      Package& pk = packages_[p];
      pk.history.pop_back();
      if (assignments_.back().cause == kNone) pk.decision = kNone;
      assignments_.pop_back();
      update_pending(p);
    }
    level_ = level;
    while (!contradicted_stack_.empty() && contradicted_[contradicted_stack_.back()] > level) {
      contradicted_[contradicted_stack_.back()] = kNone;
      contradicted_stack_.pop_back();
    }
  }

  // ---- unit propagation ----

  // Derives what follows from the incompatibilities of `start` (and of every package that
  // changes on the way). Returns kNone, or the incompatibility proving there is no solution.
  std::uint32_t propagate(PackageId start) {
    changed_.assign(1, start);
    while (!changed_.empty()) {
      PackageId p = changed_.back();
      changed_.pop_back();
      for (std::size_t k = packages_[p].incompats.size(); k-- > 0;) {
        std::uint32_t id = packages_[p].incompats[k];
        if (contradicted_[id] != kNone) continue;
        std::size_t open = 0;
        Relation r = relation(id, &open);
        if (r == Relation::Contradicted) {
          mark_contradicted(id);
        } else if (r == Relation::AlmostSatisfied) {
          derive_from(id, open);
        } else if (r == Relation::Satisfied) {
          auto [learned, failed] = resolve_conflict(id);
          if (failed) return learned;
          r = relation(learned, &open);
          assert(r == Relation::AlmostSatisfied);
          changed_.clear();
          if (r == Relation::AlmostSatisfied) derive_from(learned, open);
          break;
        }
      }
    }
    return kNone;
  }

  void derive_from(std::uint32_t id, std::size_t open) {
    Term term = negate(incompats_[id].terms[open]);
    PackageId p = term.package;
    assign(std::move(term), id);
    mark_contradicted(id);
    if (std::ranges::find(changed_, p) == changed_.end()) changed_.push_back(p);
  }

  // ---- conflict resolution ----

  // The earliest assignment after which `t` holds; kNone when it holds without any.
  std::uint32_t satisfier_of(const Term& t) const {
    if (always_true(t)) return kNone;
    for (const HistoryEntry& e : packages_[t.package].history) {
      if (term_subset(e.accumulated, t)) return e.assignment;
    }
    assert(false && "the term is not satisfied");
    return kNone;
  }

  static void add_term(std::vector<Term>& terms, const Term& t) {
    for (Term& existing : terms) {
      if (existing.package == t.package) {
        existing = term_intersect(existing, t);
        return;
      }
    }
    terms.push_back(t);
  }

  static bool is_terminal(const Incompat& inc) {
    return std::ranges::all_of(inc.terms, [](const Term& t) {
      return always_true(t) || (t.package == kRoot && t.positive);
    });
  }

  struct Resolution {
    std::uint32_t incompat;
    bool failed;
  };

  // Finds the root cause of the satisfied incompatibility `id`, learns it and backjumps so
  // that it is almost satisfied; or reports that it proves there is no solution.
  Resolution resolve_conflict(std::uint32_t id) {
    bool created = false;
    while (true) {
      const Incompat& inc = incompats_[id];
      if (is_terminal(inc)) return {id, true};
      std::uint32_t satisfier = kNone;
      std::uint32_t previous = kNone;  // the latest satisfier of the other terms
      std::size_t term_index = 0;
      for (std::size_t i = 0; i < inc.terms.size(); ++i) {
        std::uint32_t s = satisfier_of(inc.terms[i]);
        if (s == kNone) continue;
        if (satisfier == kNone || s > satisfier) {
          if (satisfier != kNone) previous = previous == kNone ? satisfier : std::max(previous, satisfier);
          satisfier = s;
          term_index = i;
        } else {
          previous = previous == kNone ? s : std::max(previous, s);
        }
      }
      const Assignment& sat = assignments_[satisfier];
      const Term& term = inc.terms[term_index];
      bool alone = term_subset(sat.term, term);
      if (!alone) {
        // The satisfier only completes `term` together with an earlier assignment.
        for (const HistoryEntry& e : packages_[sat.package].history) {
          if (e.assignment >= satisfier) break;
          if (term_subset(term_intersect(e.accumulated, sat.term), term)) {
            previous = previous == kNone ? e.assignment : std::max(previous, e.assignment);
            break;
          }
        }
      }
      std::uint32_t previous_level =
          previous == kNone ? 1 : std::max<std::uint32_t>(1, assignments_[previous].level);
      if (sat.cause == kNone || previous_level != sat.level) {
        if (created) register_incompat(id);
        backtrack(previous_level);
        return {id, false};
      }
      // The prior cause: resolve `inc` with the incompatibility that derived the satisfier.
      Incompat prior{{}, Kind::Derived, id, sat.cause, {}, {}};
      for (const Term& t : inc.terms) {
        if (t.package != sat.package) add_term(prior.terms, t);
      }
      for (const Term& t : incompats_[sat.cause].terms) {
        if (t.package != sat.package) add_term(prior.terms, t);
      }
      if (!alone) add_term(prior.terms, negate(term_intersect(sat.term, negate(term))));
      std::erase_if(prior.terms, always_true);
      if (prior.terms.size() > 1) {
        std::erase_if(prior.terms, [](const Term& t) { return t.package == kRoot && t.positive; });
      }
      id = store_incompat(std::move(prior));
      created = true;
    }
  }

  // ---- decision making ----

  std::size_t candidates(PackageId p) {
    Package& pk = listed(p);
    if (pk.candidates_stale) {
      const std::vector<Version>& b = pk.history.back().accumulated.set.boundaries();
      std::size_t count = 0;
      for (std::size_t i = 0; i < b.size(); i += 2) {
        auto lo = std::ranges::lower_bound(pk.versions, b[i]);
        auto hi = i + 1 < b.size() ? std::ranges::lower_bound(pk.versions, b[i + 1])
                                   : pk.versions.end();
        count += static_cast<std::size_t>(hi - lo);
      }
      pk.candidates = count;
      pk.candidates_stale = false;
    }
    return pk.candidates;
  }

  // The version of p to try: the preferred one, else the first in p's order, that the
  // partial solution allows; kNone when none does.
  std::uint32_t pick_version(PackageId p, const VersionSet& allowed) {
    Package& pk = packages_[p];
    if (auto it = options_.preferred.find(pk.name); it != options_.preferred.end()) {
      auto at = std::ranges::lower_bound(pk.versions, it->second);
      if (at != pk.versions.end() && *at == it->second && allowed.contains(*at)) {
        return static_cast<std::uint32_t>(at - pk.versions.begin());
      }
    }
    for (std::uint32_t i : pk.order) {
      if (allowed.contains(pk.versions[i])) return i;
    }
    return kNone;
  }

  // The maximal run of consecutive versions of p around version i for which `same` holds.
  template <class Same>
  std::pair<std::size_t, std::size_t> run_around(PackageId p, std::size_t i, Same same) {
    std::size_t lo = i, hi = i;
    while (lo > 0 && same(data(p, lo - 1))) --lo;
    while (hi + 1 < packages_[p].versions.size() && same(data(p, hi + 1))) ++hi;
    return {lo, hi};
  }

  // Adds the incompatibilities of version i of p, each widened to the run of neighbouring
  // versions that share it (pub's collapsing), unless an earlier version added it already.
  void add_version_incompats(PackageId p, std::uint32_t i) {
    std::vector<Edge> edges = data(p, i).edges;
    for (const Edge& e : edges) {
      auto [lo, hi] = run_around(p, i, [&](const VersionData& d) {
        return !d.unavailable && std::ranges::find(d.edges, e) != d.edges.end();
      });
      bool known = false;
      for (std::size_t j = lo; j <= hi; ++j) known = known || packages_[p].data[j].processed;
      if (known) continue;
      Term depender{p, true, run_range(packages_[p].versions, lo, hi)};
      add_incompat(relation_incompat(e.kind, std::move(depender), e.package, e.set));
    }
    packages_[p].data[i].processed = true;
  }

  void add_unavailable_incompat(PackageId p, std::uint32_t i) {
    std::string reason = *data(p, i).unavailable;
    auto [lo, hi] = run_around(p, i, [&](const VersionData& d) { return d.unavailable == reason; });
    add_incompat({{Term{p, true, run_range(packages_[p].versions, lo, hi)}},
                  Kind::Unavailable, 0, 0, {}, std::move(reason)});
  }

  void add_root_incompats() {
    Term root{kRoot, true, VersionSet::exactly(Version{})};
    for (const Dependency& d : *requirements_) {
      add_incompat(relation_incompat(Kind::RootDependency, root, intern(d.package), d.versions));
    }
    for (const auto& [name, set] : options_.pins) {
      add_incompat(relation_incompat(Kind::Pin, root, intern(name), set));
    }
  }

  // Whether incompatibility id would be satisfied once p is decided (p's term holds).
  bool satisfied_with(std::uint32_t id, PackageId p) const {
    return std::ranges::all_of(incompats_[id].terms, [&](const Term& t) {
      return t.package == p || relation_of(t) == Relation::Satisfied;
    });
  }

  // Picks a package with the fewest versions left and decides a version of it, adding that
  // version's incompatibilities. Returns the package to propagate, or kNone when done.
  PackageId decide() {
    PackageId best = kNone;
    std::size_t fewest = std::numeric_limits<std::size_t>::max();
    for (PackageId p : pending_) {
      std::size_t n = candidates(p);
      if (n < fewest || (n == fewest && p < best)) {
        best = p;
        fewest = n;
      }
    }
    if (best == kNone) return kNone;
    if (best == kRoot) {
      add_root_incompats();
      decide_version(kRoot, 0);
      return kRoot;
    }
    Package& pk = listed(best);
    const VersionSet& allowed = pk.history.back().accumulated.set;
    if (pk.versions.empty()) {
      add_incompat({{Term{best, true, VersionSet::any()}}, Kind::Unknown, 0, 0, {}, {}});
      return best;
    }
    std::uint32_t version = pick_version(best, allowed);
    if (version == kNone) {
      add_incompat({{Term{best, true, allowed}}, Kind::NoVersions, 0, 0, {}, {}});
      return best;
    }
    if (data(best, version).unavailable) {
      add_unavailable_incompat(best, version);
      return best;
    }
    if (!pk.data[version].processed) {
      auto first = static_cast<std::uint32_t>(incompats_.size());
      add_version_incompats(best, version);
      for (auto id = first; id < incompats_.size(); ++id) {
        if (satisfied_with(id, best)) return best;  // propagation will rule this version out
      }
    }
    decide_version(best, version);
    return best;
  }

  // ---- results ----

  Solution solution() const {
    Solution s;
    for (std::size_t p = 1; p < packages_.size(); ++p) {
      const Package& pk = packages_[p];
      if (pk.decision != kNone) s.packages.emplace(pk.name, pk.versions[pk.decision]);
    }
    return s;
  }

  Failure failure(std::uint32_t conclusion) const {
    ExplainInput input{incompats_, {}, {}};
    for (const Package& pk : packages_) {
      input.names.push_back(pk.name);
      input.versions.push_back(&pk.versions);
    }
    return explain(input, conclusion);
  }

  Provider& provider_;
  const Options& options_;
  const std::vector<Dependency>* requirements_ = nullptr;
  std::deque<Package> packages_;  // a deque: references survive interning new packages
  std::unordered_map<std::string, PackageId> ids_;
  std::deque<Incompat> incompats_;
  std::vector<std::uint32_t> contradicted_;  // level at which each was found contradicted
  std::vector<std::uint32_t> contradicted_stack_;
  std::vector<Assignment> assignments_;
  std::vector<PackageId> pending_;  // positively derived, not decided
  std::vector<PackageId> changed_;
  std::uint32_t level_ = 0;
};

}  // namespace

std::expected<Solution, Failure> solve(Provider& provider,
                                       const std::vector<Dependency>& root_requirements,
                                       const Options& options) {
  return Solver(provider, options).run(root_requirements);
}

}  // namespace solver
