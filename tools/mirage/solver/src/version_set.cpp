#include "solver/version_set.hpp"

#include <algorithm>

#include "version_detail.hpp"

namespace solver {
namespace {

Version without_build(Version v) {
  v.build.clear();
  return v;
}

// Walks the boundaries of a and b together, calling visit(point, in_a, in_b) at each point
// with the memberships that hold from that point on. Stops early when visit returns true.
template <class Visit>
bool sweep(const std::vector<Version>& a, const std::vector<Version>& b, Visit visit) {
  std::size_t i = 0, j = 0;
  bool in_a = false, in_b = false;
  while (i < a.size() || j < b.size()) {
    const Version* point;
    auto order = i == a.size()   ? std::strong_ordering::greater
                 : j == b.size() ? std::strong_ordering::less
                                 : a[i] <=> b[j];
    if (order <= 0) {
      point = &a[i++];
      in_a = !in_a;
    }
    if (order >= 0) {
      point = &b[j++];
      in_b = !in_b;
    }
    if (visit(*point, in_a, in_b)) return true;
  }
  return false;
}

template <class Op>
std::vector<Version> combine(const std::vector<Version>& a, const std::vector<Version>& b, Op op) {
  std::vector<Version> out;
  bool current = false;
  sweep(a, b, [&](const Version& point, bool in_a, bool in_b) {
    if (op(in_a, in_b) != current) {
      out.push_back(point);
      current = !current;
    }
    return false;
  });
  return out;
}

// Text for an interval's lower bound at `lo`.
std::string lower_text(const Version& lo) {
  if (lo.pre == "0" && lo.patch > 0) {
    return "> " + Version{lo.major, lo.minor, lo.patch - 1, "", ""}.to_string();
  }
  if (lo.pre.ends_with(".0")) {
    return "> " + Version{lo.major, lo.minor, lo.patch, lo.pre.substr(0, lo.pre.size() - 2), ""}
                      .to_string();
  }
  return ">= " + lo.to_string();
}

// Text for an interval's exclusive upper bound at `hi`.
std::string upper_text(const Version& hi) {
  Version release{hi.major, hi.minor, hi.patch, "", ""};
  if (hi.pre == "0") return "< " + release.to_string();
  if (hi.pre.ends_with(".0")) {
    return "<= " + Version{hi.major, hi.minor, hi.patch, hi.pre.substr(0, hi.pre.size() - 2), ""}
                       .to_string();
  }
  if (!hi.pre.empty()) return "< " + hi.to_string();
  return "< " + hi.to_string() + " (including " + hi.to_string() + " pre-releases)";
}

}  // namespace

VersionSet VersionSet::any() { return VersionSet({detail::lowest()}); }

VersionSet VersionSet::exactly(const Version& v) {
  return VersionSet({without_build(v), detail::successor(v)});
}

VersionSet VersionSet::at_least(const Version& v) { return VersionSet({without_build(v)}); }

VersionSet VersionSet::above(const Version& v) { return at_least(detail::successor(v)); }

VersionSet VersionSet::at_most(const Version& v) { return below(detail::successor(v)); }

VersionSet VersionSet::below(const Version& v) {
  if (v <= detail::lowest()) return {};
  return VersionSet({detail::lowest(), without_build(v)});
}

VersionSet VersionSet::intersect(const VersionSet& other) const {
  return VersionSet(combine(points_, other.points_, [](bool a, bool b) { return a && b; }));
}

VersionSet VersionSet::unite(const VersionSet& other) const {
  return VersionSet(combine(points_, other.points_, [](bool a, bool b) { return a || b; }));
}

VersionSet VersionSet::difference(const VersionSet& other) const {
  return VersionSet(combine(points_, other.points_, [](bool a, bool b) { return a && !b; }));
}

VersionSet VersionSet::complement() const {
  std::vector<Version> points;
  if (!points_.empty() && points_.front() == detail::lowest()) {
    points.assign(points_.begin() + 1, points_.end());
  } else {
    points.reserve(points_.size() + 1);
    points.push_back(detail::lowest());
    points.insert(points.end(), points_.begin(), points_.end());
  }
  return VersionSet(std::move(points));
}

bool VersionSet::contains(const Version& v) const {
  auto after = std::ranges::upper_bound(points_, v);
  return (after - points_.begin()) % 2 == 1;
}

bool VersionSet::is_any() const {
  return points_.size() == 1 && points_.front() == detail::lowest();
}

bool VersionSet::subset_of(const VersionSet& other) const {
  return !sweep(points_, other.points_, [](const Version&, bool a, bool b) { return a && !b; });
}

bool VersionSet::disjoint_with(const VersionSet& other) const {
  return !sweep(points_, other.points_, [](const Version&, bool a, bool b) { return a && b; });
}

std::string VersionSet::to_string() const {
  if (is_empty()) return "no version";
  if (is_any()) return "any version";
  std::string out;
  for (std::size_t i = 0; i < points_.size(); i += 2) {
    const Version& lo = points_[i];
    const Version* hi = i + 1 < points_.size() ? &points_[i + 1] : nullptr;
    if (!out.empty()) out += " or ";
    if (hi && *hi == detail::successor(lo)) {
      out += lo.to_string();
      continue;
    }
    bool bounded_below = lo != detail::lowest();
    if (bounded_below) out += lower_text(lo);
    if (hi) out += (bounded_below ? ", " : "") + upper_text(*hi);
  }
  return out;
}

}  // namespace solver
