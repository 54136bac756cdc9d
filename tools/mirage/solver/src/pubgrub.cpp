#include "solver/pubgrub.hpp"

#include <algorithm>
#include <cassert>
#include <deque>
#include <limits>
#include <optional>
#include <queue>
#include <tuple>

#include "catalog.hpp"
#include "pubgrub_detail.hpp"

namespace solver {
namespace {

using namespace detail;

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

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

// The solver's state for one package.
struct PackageState {
  std::vector<std::uint32_t> incompats;  // ids of the incompatibilities naming it
  std::vector<HistoryEntry> history;     // its assignments, oldest first
  std::uint32_t decision = kNone;        // index into its versions
  bool pending = false;                  // positively derived, not decided
  std::uint32_t stamp = 0;               // identifies its latest entry in the decision queue
  std::uint32_t conflicts = 0;           // conflicts its decided version was part of
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
  Solver(Provider& provider, const Options& options)
      : catalog_(provider, options.prefer_oldest), options_(options) {}

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
  // ---- package state ----

  // The state of p; packages the catalog has interned since the last call get theirs here.
  PackageState& pkg(PackageId p) {
    while (states_.size() <= p) {
      states_.emplace_back();
      summary_.emplace_back();
    }
    return states_[p];
  }
  const PackageState& pkg(PackageId p) const { return states_[p]; }

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
    Bits set = catalog_.bits_of(other, written);
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
    const PackageState& pk = pkg(p);
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
    PackageState& pk = pkg(p);
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
    PackageState& pk = pkg(p);
    pk.decision = version;
    Bits one(catalog_.versions(p).size());
    one.set(version);
    assign({p, true, std::move(one)}, kNone);
  }

  // Tracks which packages await a decision (a positive derivation and no decision), and
  // queues them by the decision order: fewest versions left (pub's choice: conflicts show
  // early and forced choices come first), after those never caught in a conflict.
  void update_pending(PackageId p) {
    PackageState& pk = pkg(p);
    bool pending = pk.decision == kNone && !pk.history.empty() && pk.history.back().accumulated.positive;
    if (pending != pk.pending) pending ? ++pending_count_ : --pending_count_;
    pk.pending = pending;
    if (pending) enqueue(p);
  }

  void enqueue(PackageId p) {
    PackageState& pk = pkg(p);
    std::uint64_t key = (std::uint64_t{pk.conflicts} << 32) + pk.history.back().versions;
    queue_.push({key, p, ++pk.stamp});
  }

  // The package to decide next, or kNone when none awaits a decision.
  PackageId choose_package() {
    if (queue_.size() > 4 * pending_count_ + 1024) {  // mostly stale entries: rebuild
      queue_ = {};
      for (PackageId p = 0; p < states_.size(); ++p) {
        if (pkg(p).pending) enqueue(p);
      }
    }
    while (!queue_.empty()) {
      const Candidate& c = queue_.top();
      const PackageState& pk = pkg(c.package);
      if (pk.pending && pk.stamp == c.stamp) return c.package;
      queue_.pop();
    }
    return kNone;
  }

  void backtrack(std::uint32_t level) {
    while (!assignments_.empty() && assignments_.back().level > level) {
      PackageId p = assignments_.back().package;
      PackageState& pk = pkg(p);
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
    bool learned = false;  // `id` was derived here
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
        if (learned) {
          for (const Term& t : inc.terms) pkg(t.package).incompats.push_back(id);
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
      learned = true;
    }
  }

  // ---- decision making ----

  // The version of p to try: the preferred one, else the first in p's order, that the
  // partial solution allows; kNone when none does.
  std::uint32_t pick_version(PackageId p, const Bits& allowed) {
    if (auto it = options_.preferred.find(catalog_.name(p)); it != options_.preferred.end()) {
      const std::vector<Version>& versions = catalog_.versions(p);
      auto at = std::ranges::lower_bound(versions, it->second);
      auto i = static_cast<std::uint32_t>(at - versions.begin());
      if (at != versions.end() && *at == it->second && allowed.test(i)) return i;
    }
    for (std::uint32_t i : catalog_.order(p)) {
      if (allowed.test(i)) return i;
    }
    return kNone;
  }

  // The maximal run of consecutive versions of p around version i for which `same` holds.
  template <class Same>
  std::pair<std::size_t, std::size_t> run_around(PackageId p, std::size_t i, Same same) {
    std::size_t lo = i, hi = i;
    while (lo > 0 && same(catalog_.version(p, lo - 1))) --lo;
    while (hi + 1 < catalog_.versions(p).size() && same(catalog_.version(p, hi + 1))) ++hi;
    return {lo, hi};
  }

  // Adds the incompatibilities of version i of p, each widened to the run of neighbouring
  // versions that share it (pub's collapsing), unless an earlier version added it already.
  void add_version_incompats(PackageId p, std::uint32_t i) {
    std::vector<Edge> edges = catalog_.version(p, i).edges;
    for (const Edge& e : edges) {
      auto [lo, hi] = run_around(p, i, [&](const VersionData& d) {
        return !d.unavailable && std::ranges::find(d.edges, e) != d.edges.end();
      });
      bool known = false;
      for (std::size_t j = lo; j <= hi; ++j) known = known || catalog_.version(p, j).processed;
      if (known) continue;
      Term depender{p, true, Bits::range(catalog_.versions(p).size(), lo, hi)};
      if (auto inc = relation_incompat(e.kind, std::move(depender), e.package, e.written)) {
        add_incompat(std::move(*inc));
      }
    }
    catalog_.version(p, i).processed = true;
  }

  void add_unavailable_incompat(PackageId p, std::uint32_t i) {
    std::string reason = *catalog_.version(p, i).unavailable;
    auto [lo, hi] = run_around(p, i, [&](const VersionData& d) { return d.unavailable == reason; });
    add_incompat({{Term{p, true, Bits::range(catalog_.versions(p).size(), lo, hi)}},
                  Kind::Unavailable, 0, 0, {}, std::move(reason)});
  }

  void add_root_incompats() {
    Term root{kRoot, true, Bits::all(1)};
    for (const Dependency& d : *requirements_) {
      add_incompat(*relation_incompat(Kind::RootDependency, root, catalog_.intern(d.package), d.versions));
    }
    for (const auto& [name, set] : options_.pins) {
      add_incompat(*relation_incompat(Kind::Pin, root, catalog_.intern(name), set));
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
    if (catalog_.version(best, version).unavailable) {
      add_unavailable_incompat(best, version);
      return best;
    }
    if (!catalog_.version(best, version).processed) {
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

  Solution solution() {
    Solution s;
    for (PackageId p = 1; p < states_.size(); ++p) {
      std::uint32_t v = states_[p].decision;
      if (v != kNone) s.packages.emplace(catalog_.name(p), catalog_.versions(p)[v]);
    }
    return s;
  }

  Failure failure(std::uint32_t conclusion) const {
    ExplainInput input{incompats_, {}, {}};
    catalog_.describe(input);
    return explain(input, conclusion);
  }

  Catalog catalog_;
  const Options& options_;
  const std::vector<Dependency>* requirements_ = nullptr;
  std::deque<PackageState> states_;  // by PackageId; a deque: references survive growth
  std::vector<Summary> summary_;     // by PackageId
  std::deque<Incompat> incompats_;  // a deque: references survive adding incompatibilities
  std::vector<std::uint32_t> contradicted_;  // level at which each was found contradicted
  std::vector<std::uint32_t> contradicted_stack_;
  std::vector<Assignment> assignments_;
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue_;
  std::size_t pending_count_ = 0;  // packages awaiting a decision
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
