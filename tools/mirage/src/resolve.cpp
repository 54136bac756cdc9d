#include "resolve.hpp"

#include <nlohmann/json.hpp>
#include <solver/constraint.hpp>

#include <algorithm>
#include <functional>
#include <set>

namespace mirage_tool {

using json = nlohmann::json;

std::vector<solver::Version> IndexProvider::versions(std::string_view package) {
  std::vector<solver::Version> out;
  for (const auto& [v, _] : indexes_.versions(std::string(package))) out.push_back(v);
  return out;
}

std::expected<solver::PackageVersionInfo, solver::Unavailable> IndexProvider::info(
    std::string_view package, const solver::Version& v) {
  const IndexVersion* e = indexes_.find(std::string(package), v);
  if (!e) return std::unexpected(solver::Unavailable{"is not in any index"});
  if (target_ && std::find(e->targets.begin(), e->targets.end(), *target_) == e->targets.end())
    return std::unexpected(solver::Unavailable{"does not support target " + *target_});
  solver::PackageVersionInfo info;
  auto add = [](std::vector<solver::Dependency>& out, const Constraints& c) {
    for (const auto& [name, con] : c) out.push_back({name, con.versions});
  };
  add(info.depends, e->depends);
  add(info.depends, e->build_depends);
  add(info.optional, e->optional);
  add(info.conflicts, e->conflicts);
  return info;
}

Result<solver::Dependency> parse_requirement(std::string_view text) {
  auto cut = text.find_first_of(" @<>=!^~");
  std::string name(text.substr(0, cut));
  if (!valid_package_name(name))
    return fail("'" + std::string(text) + "' is not a package requirement: write NAME, NAME@VERSION or NAME'>=1.2'",
                exit_status::usage);
  if (cut == std::string_view::npos) return solver::Dependency{name, solver::VersionSet::any()};
  std::string_view rest = text.substr(cut);
  std::string constraint = rest.starts_with("@") ? "= " + std::string(rest.substr(1)) : std::string(rest);
  auto set = solver::parse_constraint(constraint);
  if (!set)
    return fail("'" + std::string(text) + "': bad constraint: " + set.error().message, exit_status::usage);
  return solver::Dependency{name, *set};
}

Result<solver::Solution> resolve(const IndexSet& indexes, const Config& config,
                                 const std::vector<solver::Dependency>& roots, const ResolveOptions& options) {
  IndexProvider provider(indexes, options.target);
  solver::Options so;
  so.prefer_oldest = options.prefer_oldest;
  so.preferred = options.preferred;
  for (const auto& [name, pin] : config.pins) {
    if (!pin.path.empty()) {
      // The pinned directory's version, from the "pins" layer.
      auto vs = indexes.layers().front().packages.find(name);
      if (vs != indexes.layers().front().packages.end())
        so.pins[name] = solver::VersionSet::exactly(vs->second.versions.begin()->first);
    } else {
      auto v = solver::Version::parse(pin.version);
      if (!v) return fail("pin of " + name + ": " + v.error(), exit_status::bad_input);
      so.pins[name] = solver::VersionSet::exactly(*v);
    }
  }
  auto solution = solver::solve(provider, roots, so);
  if (!solution) return fail(solution.error().explanation, exit_status::not_satisfiable);
  return *solution;
}

LockFile make_lock(const IndexSet& indexes, const solver::Solution& solution, const std::string& target) {
  LockFile lock{target, {}};
  for (const auto& [name, v] : solution.packages) {
    const IndexVersion* e = indexes.find(name, v);
    const Index* from = indexes.origin(name, v);
    lock.packages.emplace(name, LockedPackage{v, from->name, e->source, e->manifest_sha256});
  }
  return lock;
}

Source absolute_source(const IndexSet& indexes, const std::string& name, const solver::Version& v) {
  const IndexVersion* e = indexes.find(name, v);
  const Index* from = indexes.origin(name, v);
  Source s = e->source;
  if (!s.path.empty()) {
    s.path = (from->root / s.path).lexically_normal().string();
  } else if (s.url.find("://") == std::string::npos) {
    if (!from->root.empty()) {
      s.url = "file://" + (from->root / s.url).lexically_normal().string();
    } else {
      auto base = from->location.substr(0, from->location.rfind('/') + 1);
      s.url = base + s.url;
    }
  }
  return s;
}

std::string serialize_lock(const LockFile& lock) {
  json packages = json::object();
  for (const auto& [name, p] : lock.packages) {
    json source = p.source.path.empty() ? json{{"url", p.source.url}, {"sha256", p.source.sha256}}
                                        : json{{"path", p.source.path}};
    packages[name] = {{"version", p.version.to_string()}, {"index", p.index}, {"source", source},
                      {"manifest-sha256", p.manifest_sha256}};
  }
  return json{{"lock-version", 1}, {"target", lock.target}, {"packages", packages}}.dump(2) + "\n";
}

Result<LockFile> load_lock(const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  json j = json::parse(*text, nullptr, false);
  auto bad = [&](const std::string& what) {
    return fail(path.string() + ": " + what + " (delete it and run `mirage configure` again)", exit_status::bad_input);
  };
  if (j.is_discarded() || !j.is_object() || j.value("lock-version", 0) != 1 || !j.contains("packages") ||
      !j["packages"].is_object())
    return bad("not a mirage lock file");
  LockFile lock{j.value("target", ""), {}};
  for (const auto& [name, p] : j["packages"].items()) {
    if (!p.is_object() || !p.contains("version") || !p["version"].is_string()) return bad("package " + name + " has no version");
    auto v = solver::Version::parse(p["version"].get<std::string>());
    if (!v) return bad("package " + name + ": " + v.error());
    LockedPackage lp{*v, p.value("index", ""), {}, p.value("manifest-sha256", "")};
    if (p.contains("source") && p["source"].is_object()) {
      lp.source.path = p["source"].value("path", "");
      lp.source.url = p["source"].value("url", "");
      lp.source.sha256 = p["source"].value("sha256", "");
    }
    lock.packages.emplace(name, std::move(lp));
  }
  return lock;
}

std::vector<std::string> dependency_order(const IndexSet& indexes, const solver::Solution& solution) {
  std::vector<std::string> order;
  std::set<std::string> placed;
  std::map<std::string, std::vector<std::string>> deps;
  for (const auto& [name, v] : solution.packages) {
    const IndexVersion* e = indexes.find(name, v);
    for (const auto* c : {&e->depends, &e->build_depends, &e->optional})
      for (const auto& [d, _] : *c)
        if (solution.packages.contains(d) && d != name) deps[name].push_back(d);
  }
  // Depth-first, dependencies first; a cycle is broken where it is met.
  std::set<std::string> visiting;
  std::function<void(const std::string&)> visit = [&](const std::string& n) {
    if (placed.contains(n) || visiting.contains(n)) return;
    visiting.insert(n);
    for (const auto& d : deps[n]) visit(d);
    visiting.erase(n);
    placed.insert(n);
    order.push_back(n);
  };
  for (const auto& [name, _] : solution.packages) visit(name);
  return order;
}

}  // namespace mirage_tool
