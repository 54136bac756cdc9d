#include "catalog.hpp"

#include <algorithm>

namespace solver::detail {

Catalog::Catalog(Provider& provider, bool prefer_oldest)
    : provider_(provider), prefer_oldest_(prefer_oldest) {
  Entry& root = entries_.emplace_back();
  root.name = "root";
  root.listed = true;
  root.versions = {Version{}};
  root.order = {0};
  root.data.resize(1);
  root.data[0].loaded = true;
}

PackageId Catalog::intern(std::string_view name) {
  auto [it, added] = ids_.try_emplace(std::string(name), static_cast<PackageId>(entries_.size()));
  if (added) entries_.emplace_back().name = name;
  return it->second;
}

Catalog::Entry& Catalog::listed(PackageId p) {
  Entry& e = entries_[p];
  if (e.listed) return e;
  e.listed = true;
  e.versions = provider_.versions(e.name);
  if (!std::ranges::is_sorted(e.versions)) std::ranges::sort(e.versions);
  e.versions.erase(std::unique(e.versions.begin(), e.versions.end()), e.versions.end());
  e.data.resize(e.versions.size());
  for (std::uint32_t i = 0; i < e.versions.size(); ++i) e.order.push_back(i);
  std::ranges::sort(e.order, [&](std::uint32_t a, std::uint32_t b) {  // versions are distinct
    const Version &va = e.versions[a], &vb = e.versions[b];
    if (va.is_prerelease() != vb.is_prerelease()) return vb.is_prerelease();
    return prefer_oldest_ ? va < vb : vb < va;
  });
  return e;
}

VersionData& Catalog::version(PackageId p, std::size_t i) {
  Entry& e = listed(p);
  VersionData& d = e.data[i];
  if (d.loaded) return d;
  d.loaded = true;
  const Version& v = e.versions[i];
  auto info = provider_.info(e.name, v);
  if (!info) {
    d.unavailable = std::move(info.error().reason);
    return d;
  }
  auto add = [&](Kind kind, const std::vector<Dependency>& list) {
    for (const Dependency& dep : list) {
      Edge edge{kind, intern(dep.package), dep.versions};
      if (edge.package != p) {
        d.edges.push_back(std::move(edge));
        continue;
      }
      bool in = edge.written.contains(v);
      if (kind == Kind::Conflict ? in : !in) {
        d.unavailable = (kind == Kind::Conflict ? "conflicts with " : "depends on ") + e.name + " " +
                        edge.written.to_string() + ", which excludes itself";
      }
    }
  };
  add(Kind::Dependency, info->depends);
  add(Kind::Conflict, info->conflicts);
  add(Kind::Optional, info->optional);
  if (d.unavailable) d.edges.clear();
  return d;
}

Bits Catalog::bits_of(PackageId p, const VersionSet& set) {
  const std::vector<Version>& vs = versions(p);
  const std::vector<Version>& bounds = set.boundaries();
  Bits bits(vs.size());
  std::size_t b = 0;
  for (std::size_t i = 0; i < vs.size(); ++i) {
    while (b < bounds.size() && bounds[b] <= vs[i]) ++b;
    if (b % 2 == 1) bits.set(i);  // an odd number of bounds at or below: inside
  }
  return bits;
}

void Catalog::describe(ExplainInput& input) const {
  for (const Entry& e : entries_) {
    input.names.push_back(e.name);
    input.versions.push_back(&e.versions);
  }
}

}  // namespace solver::detail
