#include "test_index.hpp"

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <set>

#include "solver/constraint.hpp"

namespace solver::testing {
namespace {

[[noreturn]] void die(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "test index: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

VersionSet set(std::string_view constraint) {
  auto s = parse_constraint(constraint);
  if (!s) die("bad constraint", s.error().message);
  return *s;
}

Version version(std::string_view text) {
  auto v = Version::parse(text);
  if (!v) die("bad version", v.error());
  return *v;
}

TestIndex::TestIndex(std::string_view text) {
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    add_line(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
}

void TestIndex::add_line(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() == '#') return;
  std::size_t colon = line.find(':');
  std::string_view head = trim(line.substr(0, colon));
  std::string_view rest = colon == std::string_view::npos ? "" : line.substr(colon + 1);
  std::size_t space = head.find(' ');
  if (space == std::string_view::npos) die("expected NAME VERSION", line);
  std::string name(head.substr(0, space));
  std::string_view tail = trim(head.substr(space + 1));
  bool unavailable = tail.ends_with(" unavailable");
  if (unavailable) tail = trim(tail.substr(0, tail.size() - 12));
  Entry& entry = packages[name][version(tail)];
  if (unavailable) {
    entry.unavailable = std::string(trim(rest));
    return;
  }
  while (!trim(rest).empty()) {
    std::size_t semi = rest.find(';');
    std::string_view item = trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    std::vector<Dependency>* list = &entry.info.depends;
    if (item.starts_with('!')) list = &entry.info.conflicts;
    if (item.starts_with('?')) list = &entry.info.optional;
    if (list != &entry.info.depends) item = trim(item.substr(1));
    std::size_t sp = item.find(' ');
    std::string dep(item.substr(0, sp));
    std::string_view constraint = sp == std::string_view::npos ? "" : item.substr(sp + 1);
    list->push_back({dep, set(constraint)});
  }
}

std::vector<Version> TestIndex::versions(std::string_view package) {
  std::vector<Version> out;
  if (auto it = packages.find(package); it != packages.end()) {
    for (const auto& [v, entry] : it->second) out.push_back(v);
  }
  return out;
}

std::expected<PackageVersionInfo, Unavailable> TestIndex::info(std::string_view package,
                                                                 const Version& version) {
  ++info_calls[{std::string(package), version.to_string()}];
  const Entry& entry = packages.find(package)->second.at(version);
  if (entry.unavailable) return std::unexpected(Unavailable{*entry.unavailable});
  return entry.info;
}

std::vector<Dependency> requirements(
    std::initializer_list<std::pair<std::string_view, std::string_view>> list) {
  std::vector<Dependency> out;
  for (const auto& [name, constraint] : list) out.push_back({std::string(name), set(constraint)});
  return out;
}

std::optional<std::string> verify(const TestIndex& index, const std::vector<Dependency>& root,
                                  const Options& options,
                                  const std::map<std::string, Version>& chosen, bool reachable) {
  auto selected = [&](const Dependency& d) -> const Version* {
    auto it = chosen.find(d.package);
    return it == chosen.end() ? nullptr : &it->second;
  };
  std::vector<Dependency> required = root;
  for (const auto& [name, s] : options.pins) required.push_back({name, s});
  for (const Dependency& d : required) {
    const Version* v = selected(d);
    if (!v || !d.versions.contains(*v)) return "requirement " + d.package + " " + d.versions.to_string() + " not met";
  }
  std::deque<std::string> queue;
  for (const Dependency& d : required) queue.push_back(d.package);
  std::set<std::string> reached;
  for (const auto& [name, v] : chosen) {
    auto pkg = index.packages.find(name);
    if (pkg == index.packages.end() || !pkg->second.contains(v)) {
      return name + " " + v.to_string() + " is not in the index";
    }
    const TestIndex::Entry& e = pkg->second.at(v);
    std::string who = name + " " + v.to_string();
    if (e.unavailable) return who + " is unavailable";
    for (const Dependency& d : e.info.depends) {
      const Version* dv = selected(d);
      if (!dv || !d.versions.contains(*dv)) return who + " needs " + d.package + " " + d.versions.to_string();
    }
    for (const Dependency& d : e.info.conflicts) {
      const Version* dv = selected(d);
      if (dv && d.versions.contains(*dv)) return who + " conflicts with " + d.package + " " + dv->to_string();
    }
    for (const Dependency& d : e.info.optional) {
      const Version* dv = selected(d);
      if (dv && !d.versions.contains(*dv)) return who + " rejects optional " + d.package + " " + dv->to_string();
    }
  }
  if (!reachable) return std::nullopt;
  while (!queue.empty()) {
    std::string name = queue.front();
    queue.pop_front();
    if (!reached.insert(name).second) continue;
    const Version& v = chosen.at(name);
    for (const Dependency& d : index.packages.find(name)->second.at(v).info.depends) {
      queue.push_back(d.package);
    }
  }
  for (const auto& [name, v] : chosen) {
    if (!reached.contains(name)) return name + " is chosen but nothing depends on it";
  }
  return std::nullopt;
}

std::string show(const Solution& s) {
  std::string out;
  for (const auto& [name, v] : s.packages) {
    out += (out.empty() ? "" : ", ") + name + " " + v.to_string();
  }
  return out;
}

}  // namespace solver::testing
