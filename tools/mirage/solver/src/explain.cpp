// PubGrub's error reporting: a walk of the derivation graph that writes one sentence per
// derived incompatibility, numbering the lines that are referred to more than once.

#include <algorithm>
#include <unordered_map>

#include "pubgrub_detail.hpp"
#include "version_detail.hpp"

namespace solver::detail {
namespace {

// Where the range of sorted[i] (0 < i < size) begins when versions are shown as ranges: the
// first pre-release of a release ("< 2.0.0" then reads as the constraint language means it),
// unless the previous version is itself a pre-release of it.
Version range_start(const std::vector<Version>& sorted, std::size_t i) {
  const Version& v = sorted[i];
  if (!v.is_prerelease() && sorted[i - 1] < first_prerelease(v)) return first_prerelease(v);
  return v;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

class Reporter {
 public:
  explicit Reporter(const ExplainInput& in) : in_(in) {}

  Failure run(std::uint32_t conclusion) {
    conclusion_ = conclusion;
    Failure f;
    if (!derived(conclusion)) {
      f.explanation = "Because " + describe(conclusion) + ", no solution exists.";
    } else {
      count(conclusion);
      visit(conclusion, false);
      f.explanation = layout();
    }
    std::unordered_map<std::uint32_t, int> node_of;
    add_node(conclusion, node_of, f.nodes);
    return f;
  }

 private:
  const Incompat& at(std::uint32_t id) const { return in_.incompats[id]; }
  bool derived(std::uint32_t id) const { return at(id).kind == Kind::Derived; }

  // ---- terms as text ----

  // The versions in `bits` as ranges: runs of consecutive versions, open-ended where a run
  // reaches the first or last version (as uv does), a lone version inside the list as itself.
  VersionSet ranges(PackageId p, const Bits& bits) const {
    const std::vector<Version>& vs = *in_.versions[p];
    std::size_t last = vs.size() - 1;
    VersionSet out;
    for (std::size_t i = 0; i < vs.size(); ++i) {
      if (!bits.test(i)) continue;
      std::size_t j = i;
      while (j < last && bits.test(j + 1)) ++j;
      if (i == j && i != 0 && j != last) {
        out = out.unite(VersionSet::exactly(vs[i]));
      } else {
        VersionSet run = i == 0 ? VersionSet::any() : VersionSet::at_least(vs[i]);
        if (j != last) run = run.intersect(VersionSet::below(range_start(vs, j + 1)));
        out = out.unite(run);
      }
      i = j;
    }
    return out;
  }

  // "foo >= 1.0.0", "foo", or with `every` "every version of foo".
  std::string term_text(const Term& t, bool every) const {
    std::string name(in_.names[t.package]);
    if (t.set.is_all()) return every ? "every version of " + name : name;
    return name + " " + ranges(t.package, t.set).to_string();
  }

  // The other package of a dependency-like incompatibility, with its range as written, and
  // why that range is hopeless when it holds no version.
  std::string written_text(const Incompat& inc) const {
    const Term& other = inc.terms[1];
    std::string name(in_.names[other.package]);
    std::string text = inc.written.is_any()     ? name
                       : inc.written.is_empty() ? name + " with an empty range"
                                                : name + " " + inc.written.to_string();
    return text + hopeless(inc);
  }

  // " and no versions of foo match RANGE" (or " and foo is not in any index") when the range
  // a dependency or pin asks for holds none of foo's versions; else "".
  std::string hopeless(const Incompat& inc) const {
    const Term& other = inc.terms[1];
    if (other.positive || !other.set.none() || inc.written.is_empty()) return "";
    std::string name(in_.names[other.package]);
    if (in_.versions[other.package]->empty()) return " and " + name + " is not in any index";
    return " and no versions of " + name + " match " + inc.written.to_string();
  }

  std::string describe(std::uint32_t id) const {
    const Incompat& inc = at(id);
    switch (inc.kind) {
      case Kind::Root:
        return "the root package is selected";
      case Kind::RootDependency:
        return "you asked for " + written_text(inc);
      case Kind::Pin:
        return "you pinned " + std::string(in_.names[inc.terms[1].package]) + " to " +
               inc.written.to_string() + hopeless(inc);
      case Kind::Dependency:
        return term_text(inc.terms[0], true) + " depends on " + written_text(inc);
      case Kind::Conflict:
        return term_text(inc.terms[0], true) + " conflicts with " + written_text(inc);
      case Kind::Optional:
        return term_text(inc.terms[0], true) + " optionally depends on " + written_text(inc);
      case Kind::Unavailable:
        return term_text(inc.terms[0], false) + " cannot be used: " + inc.reason;
      case Kind::Derived:
        return derived_text(inc.terms);
    }
    return "";
  }

  std::string derived_text(const std::vector<Term>& terms) const {
    std::vector<const Term*> pos, neg;
    for (const Term& t : terms) {
      if (t.package == kRoot && t.positive) continue;  // the root is always selected
      (t.positive ? pos : neg).push_back(&t);
    }
    auto texts = [&](const std::vector<const Term*>& ts) {
      std::vector<std::string> out;
      for (const Term* t : ts) out.push_back(term_text(*t, false));
      return out;
    };
    if (pos.empty() && neg.empty()) return "no solution exists";
    if (neg.empty() && pos.size() == 1) return texts(pos)[0] + " is forbidden";
    if (pos.empty() && neg.size() == 1) return texts(neg)[0] + " is required";
    if (pos.size() == 1) {
      return term_text(*pos[0], true) + " requires " + join(texts(neg), " or ");
    }
    if (neg.empty() && pos.size() == 2) return texts(pos)[0] + " is incompatible with " + texts(pos)[1];
    if (neg.empty()) return join(texts(pos), ", ") + " are incompatible";
    if (pos.empty()) return "one of " + join(texts(neg), " or ") + " is required";
    return "if " + join(texts(pos), " and ") + " are selected, then " + join(texts(neg), " or ") +
           " is required";
  }

  // The package an external incompatibility is about, and the one it points to.
  static PackageId subject_of(const Incompat& inc) { return inc.terms[0].package; }
  static PackageId target_of(const Incompat& inc) {
    return inc.terms.size() > 1 ? inc.terms[1].package : inc.terms[0].package;
  }

  // Two external incompatibilities joined with "and", in the order a reader follows them.
  std::string describe_pair(std::uint32_t a, std::uint32_t b) const {
    const Incompat *x = &at(a), *y = &at(b);
    if (x->terms.size() > 1 && y->terms.size() > 1) {
      if (x->kind == Kind::RootDependency && y->kind == Kind::RootDependency) {
        return "you asked for " + written_text(*x) + " and " + written_text(*y);
      }
      if (x->kind == Kind::Dependency && y->kind == Kind::Dependency &&
          x->terms[0].package == y->terms[0].package && x->terms[0].set == y->terms[0].set) {
        return term_text(x->terms[0], true) + " depends on both " + written_text(*x) + " and " +
               written_text(*y);
      }
    }
    // A chain reads forwards: "a depends on b" before "b depends on c".
    if (target_of(*y) == subject_of(*x) && target_of(*x) != subject_of(*y)) std::swap(a, b);
    return describe(a) + " and " + describe(b);
  }

  // ---- the walk ----

  void count(std::uint32_t id) {
    if (!derived(id)) return;
    for (std::uint32_t cause : {at(id).cause1, at(id).cause2}) {
      if (++refs_[cause] == 1) count(cause);
    }
  }

  int line(std::uint32_t id) const {
    auto it = line_of_.find(id);
    return it == line_of_.end() ? 0 : it->second;
  }

  std::string with_line(std::uint32_t id) const {
    return describe(id) + " (" + std::to_string(line(id)) + ")";
  }

  bool single_line(std::uint32_t id) const {
    return !derived(at(id).cause1) && !derived(at(id).cause2);
  }

  // Whether derived `id` can be folded into the sentence of the one it causes.
  bool collapsible(std::uint32_t id) const {
    if (refs_.at(id) > 1) return false;
    bool d1 = derived(at(id).cause1), d2 = derived(at(id).cause2);
    if (d1 == d2) return false;
    return line(d1 ? at(id).cause1 : at(id).cause2) == 0;
  }

  void write(std::uint32_t id, std::string text, bool numbered) {
    int number = 0;
    if (numbered) {
      number = next_line_++;
      line_of_[id] = number;
    }
    lines_.emplace_back(std::move(text), number);
  }

  void visit(std::uint32_t id, bool conclusion) {
    const Incompat& inc = at(id);
    bool numbered = conclusion || refs_[id] > 1;
    std::string so = conclusion || id == conclusion_ ? "So," : "And";
    std::string text = describe(id);
    std::uint32_t c1 = inc.cause1, c2 = inc.cause2;
    if (derived(c1) && derived(c2)) {
      if (line(c1) && line(c2)) {
        write(id, "Because " + with_line(c1) + " and " + with_line(c2) + ", " + text + ".", numbered);
      } else if (line(c1) || line(c2)) {
        std::uint32_t with = line(c1) ? c1 : c2, without = line(c1) ? c2 : c1;
        visit(without, false);
        write(id, so + " because " + with_line(with) + ", " + text + ".", numbered);
      } else if (single_line(c1) || single_line(c2)) {
        std::uint32_t first = single_line(c2) ? c1 : c2, second = single_line(c2) ? c2 : c1;
        visit(first, false);
        visit(second, false);
        write(id, "Thus, " + text + ".", numbered);
      } else {
        visit(c1, true);
        lines_.emplace_back("", 0);
        visit(c2, false);
        write(id, so + " because " + with_line(c1) + ", " + text + ".", numbered);
      }
    } else if (derived(c1) || derived(c2)) {
      std::uint32_t d = derived(c1) ? c1 : c2, e = derived(c1) ? c2 : c1;
      if (line(d)) {
        write(id, "Because " + describe(e) + " and " + with_line(d) + ", " + text + ".", numbered);
      } else if (collapsible(d)) {
        const Incompat& di = at(d);
        bool first_derived = derived(di.cause1);
        std::uint32_t prior = first_derived ? di.cause1 : di.cause2;
        std::uint32_t prior_external = first_derived ? di.cause2 : di.cause1;
        visit(prior, false);
        write(id, so + " because " + describe_pair(prior_external, e) + ", " + text + ".", numbered);
      } else {
        visit(d, false);
        write(id, so + " because " + describe(e) + ", " + text + ".", numbered);
      }
    } else {
      write(id, "Because " + describe_pair(c1, c2) + ", " + text + ".", numbered);
    }
  }

  // Joins the lines, prefixing numbered ones with "(n) " and indenting the rest to match.
  std::string layout() const {
    std::size_t width = next_line_ > 1 ? ("(" + std::to_string(next_line_ - 1) + ") ").size() : 0;
    std::string out;
    for (const auto& [text, number] : lines_) {
      if (!out.empty()) out += '\n';
      if (text.empty()) continue;
      std::string prefix = number ? "(" + std::to_string(number) + ") " : "";
      out += prefix + std::string(width - prefix.size(), ' ') + text;
    }
    return out;
  }

  int add_node(std::uint32_t id, std::unordered_map<std::uint32_t, int>& node_of,
               std::vector<FailureNode>& nodes) const {
    if (auto it = node_of.find(id); it != node_of.end()) return it->second;
    FailureNode node{describe(id)};
    if (derived(id)) {
      node.cause1 = add_node(at(id).cause1, node_of, nodes);
      node.cause2 = add_node(at(id).cause2, node_of, nodes);
    }
    nodes.push_back(std::move(node));
    return node_of[id] = static_cast<int>(nodes.size() - 1);
  }

  const ExplainInput& in_;
  std::uint32_t conclusion_ = 0;
  std::unordered_map<std::uint32_t, int> refs_;     // how many derivations use each
  std::unordered_map<std::uint32_t, int> line_of_;  // line numbers given so far
  std::vector<std::pair<std::string, int>> lines_;
  int next_line_ = 1;
};

}  // namespace

Failure explain(const ExplainInput& input, std::uint32_t conclusion) {
  return Reporter(input).run(conclusion);
}

}  // namespace solver::detail
