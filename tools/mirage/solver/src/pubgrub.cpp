#include "solver/pubgrub.hpp"

#include <algorithm>
#include <cassert>
#include <deque>
#include <limits>
#include <optional>
#include <queue>
#include <tuple>
#include <unordered_map>

#include "pubgrub_detail.hpp"
#include "version_detail.hpp"

namespace solver {
namespace detail {

Version range_start(const std::vector<Version>& sorted, std::size_t i) {
  const Version& v = sorted[i];
  if (!v.is_prerelease() && sorted[i - 1] < first_prerelease(v)) return first_prerelease(v);
  return v;
}

}  // namespace detail

namespace {

using namespace detail;

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// One constraint of one package version, with the other package interned.
struct Edge {
  Kind kind;  // Dependency, Conflict or Optional
  PackageId package;
  VersionSet written;
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
  Term accumulated;      // the intersection of this package's assignments up to this one
  std::uint32_t versions;  // how many versions `accumulated` allows, when positive
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
  bool pending = false;          // positively derived, not decided
  std::uint32_t stamp = 0;       // identifies its latest entry in the decision queue
  std::uint32_t conflicts = 0;   // conflicts its decided version was part of
};

// An entry of the decision queue; stale once the package's stamp has moved on.
struct Candidate {
  std::uint64_t key;
  PackageId package;
  std::uint32_t stamp;
  bool operator>(const Candidate& o) const {
    return std::tie(key, package) > std::tie(o.key, o.package);
  }
};

enum class Relation { Satisfied, AlmostSatisfied, Contradicted, Inconclusive };

// A package's accumulated term, kept in one flat array for fast relation checks.
struct Summary {
  enum State : std::uint8_t { kNothing, kNegative, kPositive, kLarge };
  State state = kNothing;  // kLarge: over 64 versions, see the package's history instead
  std::uint64_t bits = 0;
};

class Solver {
 public:
  Solver(Provider& provider, const Options& options) : provider_(provider), options_(options) {
    Package& root = add_package();
    root.name = "root";
    root.listed = true;
    root.versions = {Version{}};
    root.order = {0};
    root.data.resize(1);
  }

  std::expected<Solution, Failure> run(const std::vector<Dependency>& requirements) {
    requirements_ = &requirements;
    add_incompat({{Term{kRoot, false, Bits::all(1)}}, Kind::Root, 0, 0, {}, {}});
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

  Package& pkg(PackageId p) { return *packages_[p]; }
  const Package& pkg(PackageId p) const { return *packages_[p]; }

  Package& add_package() {
    summary_.emplace_back();
    packages_.push_back(&storage_.emplace_back());
    return *packages_.back();
  }

  PackageId intern(std::string_view name) {
    auto [it, added] = ids_.try_emplace(std::string(name), static_cast<PackageId>(packages_.size()));
    if (added) add_package().name = name;
    return it->second;
  }

  Package& listed(PackageId p) {
    Package& pk = pkg(p);
    if (pk.listed) return pk;
    pk.listed = true;
    pk.versions = provider_.versions(pk.name);
    if (!std::ranges::is_sorted(pk.versions)) std::ranges::sort(pk.versions);
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

  // The versions of p that `set` admits: one walk over both sorted lists.
  Bits bits_of(PackageId p, const VersionSet& set) {
    const std::vector<Version>& versions = listed(p).versions;
    const std::vector<Version>& bounds = set.boundaries();
    Bits bits(versions.size());
    std::size_t b = 0;
    for (std::size_t i = 0; i < versions.size(); ++i) {
      while (b < bounds.size() && bounds[b] <= versions[i]) ++b;
      if (b % 2 == 1) bits.set(i);  // an odd number of bounds at or below: inside
    }
    return bits;
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
          bool in = e.written.contains(v);
          if (kind == Kind::Conflict ? in : !in) {
            d.unavailable = (kind == Kind::Conflict ? "conflicts with " : "depends on ") +
                            pk.name + " " + e.written.to_string() + ", which excludes itself";
          }
          continue;
        }
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

  std::uint32_t add_incompat(Incompat inc) {
    incompats_.push_back(std::move(inc));
    contradicted_.push_back(kNone);
    auto id = static_cast<std::uint32_t>(incompats_.size() - 1);
    for (const Term& t : incompats_[id].terms) pkg(t.package).incompats.push_back(id);
    return id;
  }

  // The incompatibility for "subject `kind` other `written`", unless it can never hold.
  std::optional<Incompat> relation_incompat(Kind kind, Term subject, PackageId other,
                                            const VersionSet& written) {
    Bits set = bits_of(other, written);
    bool positive = kind == Kind::Conflict || kind == Kind::Optional;
    if (kind == Kind::Optional) set = ~set;
    if (positive && set.none()) return std::nullopt;  // "bar (no version)" never holds
    return Incompat{{std::move(subject), Term{other, positive, std::move(set)}}, kind, 0, 0, written, {}};
  }

  void mark_contradicted(std::uint32_t id) {
    contradicted_[id] = level_;
    contradicted_stack_.push_back(id);
  }

  // ---- the partial solution ----

  Relation relation_of(const Term& t) const {
    const Summary& s = summary_[t.package];
    if (s.state == Summary::kNothing) {
      if (t.set.none()) return t.positive ? Relation::Contradicted : Relation::Satisfied;
      return Relation::Inconclusive;
    }
    if (s.state != Summary::kLarge) {
      // term_subset and term_disjoint on single words.
      std::uint64_t a = s.bits, b = t.set.word();
      bool positive = s.state == Summary::kPositive;
      bool subset = positive ? (t.positive ? !(a & ~b) : !(a & b)) : !t.positive && !(b & ~a);
      if (subset) return Relation::Satisfied;
      bool disjoint = positive ? (t.positive ? !(a & b) : !(a & ~b)) : t.positive && !(b & ~a);
      return disjoint ? Relation::Contradicted : Relation::Inconclusive;
    }
    const Term& acc = pkg(t.package).history.back().accumulated;
    if (term_subset(acc, t)) return Relation::Satisfied;
    if (term_disjoint(acc, t)) return Relation::Contradicted;
    return Relation::Inconclusive;
  }

  void update_summary(PackageId p) {
    const Package& pk = pkg(p);
    Summary& s = summary_[p];
    if (pk.history.empty()) {
      s = {};
      return;
    }
    const Term& acc = pk.history.back().accumulated;
    s.state = !acc.set.small() ? Summary::kLarge
              : acc.positive   ? Summary::kPositive
                               : Summary::kNegative;
    s.bits = acc.set.word();
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
    Package& pk = pkg(p);
    Term acc = pk.history.empty() ? term : term_intersect(pk.history.back().accumulated, term);
    auto index = static_cast<std::uint32_t>(assignments_.size());
    assignments_.push_back({p, level_, cause, std::move(term)});
    auto versions = static_cast<std::uint32_t>(acc.set.count());
    pk.history.push_back({index, std::move(acc), versions});
    update_summary(p);
    update_pending(p);
  }

  void decide_version(PackageId p, std::uint32_t version) {
    ++level_;
    Package& pk = pkg(p);
    pk.decision = version;
    Bits one(pk.versions.size());
    one.set(version);
    assign({p, true, std::move(one)}, kNone);
  }

  // Tracks which packages await a decision (a positive derivation and no decision), and
  // queues them by the decision order: fewest versions left (pub's choice: conflicts show
  // early and forced choices come first), after those never caught in a conflict.
  void update_pending(PackageId p) {
    Package& pk = pkg(p);
    bool pending = pk.decision == kNone && !pk.history.empty() && pk.history.back().accumulated.positive;
    if (pending != pk.pending) pending ? ++pending_count_ : --pending_count_;
    pk.pending = pending;
    if (pending) enqueue(p);
  }

  void enqueue(PackageId p) {
    Package& pk = pkg(p);
    std::uint64_t key = (std::uint64_t{pk.conflicts} << 32) + pk.history.back().versions;
    queue_.push({key, p, ++pk.stamp});
  }

  // The package to decide next, or kNone when none awaits a decision.
  PackageId choose_package() {
    if (queue_.size() > 4 * pending_count_ + 1024) {  // mostly stale entries: rebuild
      queue_ = {};
      for (PackageId p = 0; p < packages_.size(); ++p) {
        if (pkg(p).pending) enqueue(p);
      }
    }
    while (!queue_.empty()) {
      const Candidate& c = queue_.top();
      const Package& pk = pkg(c.package);
      if (pk.pending && pk.stamp == c.stamp) return c.package;
      queue_.pop();
    }
    return kNone;
  }

  void backtrack(std::uint32_t level) {
    while (!assignments_.empty() && assignments_.back().level > level) {
      PackageId p = assignments_.back().package;
      Package& pk = pkg(p);
      pk.history.pop_back();
      if (assignments_.back().cause == kNone) pk.decision = kNone;
      assignments_.pop_back();
      update_summary(p);
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
      // Newest first: learned incompatibilities tend to be the most general.
      for (std::size_t k = pkg(p).incompats.size(); k-- > 0;) {
        std::uint32_t id = pkg(p).incompats[k];
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
    for (const HistoryEntry& e : pkg(t.package).history) {
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

  static std::uint32_t latest(std::uint32_t a, std::uint32_t b) {
    return a == kNone ? b : b == kNone ? a : std::max(a, b);
  }

  struct Resolution {
    std::uint32_t incompat;
    bool failed;
  };

  // Finds the root cause of the satisfied incompatibility `id`, learns it and backjumps so
  // that it is almost satisfied; or reports that it proves there is no solution.
  Resolution resolve_conflict(std::uint32_t id) {
    // Decisions caught in a conflict are made later from now on (uv's conflict tracking):
    // a package decided before the dependents that constrain it tends to conflict again.
    for (const Term& t : incompats_[id].terms) {
      if (pkg(t.package).decision != kNone) ++pkg(t.package).conflicts;
    }
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
          previous = latest(previous, satisfier);
          satisfier = s;
          term_index = i;
        } else {
          previous = latest(previous, s);
        }
      }
      const Assignment& sat = assignments_[satisfier];
      const Term& term = inc.terms[term_index];
      bool alone = term_subset(sat.term, term);
      if (!alone) {
        // The satisfier only completes `term` together with an earlier assignment.
        for (const HistoryEntry& e : pkg(sat.package).history) {
          if (e.assignment >= satisfier) break;
          if (term_subset(term_intersect(e.accumulated, sat.term), term)) {
            previous = latest(previous, e.assignment);
            break;
          }
        }
      }
      std::uint32_t previous_level =
          previous == kNone ? 1 : std::max<std::uint32_t>(1, assignments_[previous].level);
      if (sat.cause == kNone || previous_level != sat.level) {
        if (learning_) {
          for (const Term& t : inc.terms) pkg(t.package).incompats.push_back(id);
          learning_ = false;
        }
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
      // Stored now, listed under its packages only if it is the one learned.
      incompats_.push_back(std::move(prior));
      contradicted_.push_back(kNone);
      id = static_cast<std::uint32_t>(incompats_.size() - 1);
      learning_ = true;
    }
  }

  // ---- decision making ----

  // The version of p to try: the preferred one, else the first in p's order, that the
  // partial solution allows; kNone when none does.
  std::uint32_t pick_version(PackageId p, const Bits& allowed) {
    Package& pk = pkg(p);
    if (auto it = options_.preferred.find(pk.name); it != options_.preferred.end()) {
      auto at = std::ranges::lower_bound(pk.versions, it->second);
      auto i = static_cast<std::uint32_t>(at - pk.versions.begin());
      if (at != pk.versions.end() && *at == it->second && allowed.test(i)) return i;
    }
    for (std::uint32_t i : pk.order) {
      if (allowed.test(i)) return i;
    }
    return kNone;
  }

  // The maximal run of consecutive versions of p around version i for which `same` holds.
  template <class Same>
  std::pair<std::size_t, std::size_t> run_around(PackageId p, std::size_t i, Same same) {
    std::size_t lo = i, hi = i;
    while (lo > 0 && same(data(p, lo - 1))) --lo;
    while (hi + 1 < pkg(p).versions.size() && same(data(p, hi + 1))) ++hi;
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
      for (std::size_t j = lo; j <= hi; ++j) known = known || pkg(p).data[j].processed;
      if (known) continue;
      Term depender{p, true, Bits::range(pkg(p).versions.size(), lo, hi)};
      if (auto inc = relation_incompat(e.kind, std::move(depender), e.package, e.written)) {
        add_incompat(std::move(*inc));
      }
    }
    pkg(p).data[i].processed = true;
  }

  void add_unavailable_incompat(PackageId p, std::uint32_t i) {
    std::string reason = *data(p, i).unavailable;
    auto [lo, hi] = run_around(p, i, [&](const VersionData& d) { return d.unavailable == reason; });
    add_incompat({{Term{p, true, Bits::range(pkg(p).versions.size(), lo, hi)}},
                  Kind::Unavailable, 0, 0, {}, std::move(reason)});
  }

  void add_root_incompats() {
    Term root{kRoot, true, Bits::all(1)};
    for (const Dependency& d : *requirements_) {
      add_incompat(*relation_incompat(Kind::RootDependency, root, intern(d.package), d.versions));
    }
    for (const auto& [name, set] : options_.pins) {
      add_incompat(*relation_incompat(Kind::Pin, root, intern(name), set));
    }
  }

  // Whether incompatibility id would be satisfied once p is decided (p's term holds).
  bool satisfied_with(std::uint32_t id, PackageId p) const {
    return std::ranges::all_of(incompats_[id].terms, [&](const Term& t) {
      return t.package == p || relation_of(t) == Relation::Satisfied;
    });
  }

  // Decides a version of the chosen package, adding that version's incompatibilities.
  // Returns the package to propagate, or kNone when the solution is complete.
  PackageId decide() {
    PackageId best = choose_package();
    if (best == kNone) return kNone;
    if (best == kRoot) {
      add_root_incompats();
      decide_version(kRoot, 0);
      return kRoot;
    }
    // Never empty: a derivation that would leave no version is a conflict instead.
    std::uint32_t version = pick_version(best, pkg(best).history.back().accumulated.set);
    assert(version != kNone);
    if (data(best, version).unavailable) {
      add_unavailable_incompat(best, version);
      return best;
    }
    if (!pkg(best).data[version].processed) {
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
      const Package& pk = *packages_[p];
      if (pk.decision != kNone) s.packages.emplace(pk.name, pk.versions[pk.decision]);
    }
    return s;
  }

  Failure failure(std::uint32_t conclusion) const {
    ExplainInput input{incompats_, {}, {}};
    for (const Package* pk : packages_) {
      input.names.push_back(pk->name);
      input.versions.push_back(&pk->versions);
    }
    return explain(input, conclusion);
  }

  Provider& provider_;
  const Options& options_;
  const std::vector<Dependency>* requirements_ = nullptr;
  std::deque<Package> storage_;     // a deque: references survive adding packages
  std::vector<Package*> packages_;  // by PackageId
  std::vector<Summary> summary_;    // by PackageId
  std::unordered_map<std::string, PackageId> ids_;
  std::deque<Incompat> incompats_;  // a deque: references survive adding incompatibilities
  std::vector<std::uint32_t> contradicted_;  // level at which each was found contradicted
  std::vector<std::uint32_t> contradicted_stack_;
  std::vector<Assignment> assignments_;
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue_;
  std::size_t pending_count_ = 0;  // packages awaiting a decision
  std::vector<PackageId> changed_;
  std::uint32_t level_ = 0;
  bool learning_ = false;  // the incompatibility being resolved is new
};

}  // namespace

std::expected<Solution, Failure> solve(Provider& provider,
                                       const std::vector<Dependency>& root_requirements,
                                       const Options& options) {
  return Solver(provider, options).run(root_requirements);
}

}  // namespace solver
