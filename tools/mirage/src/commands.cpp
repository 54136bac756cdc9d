// The package commands: search, show, deps, resolve, lint, publish, install, pin, index.
#include "commands.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <set>

#include "install.hpp"
#include "lint.hpp"
#include "publish.hpp"
#include "resolve.hpp"
#include "term.hpp"

namespace mirage_tool {

using json = nlohmann::json;

namespace {

struct Loaded {
  Config config;
  IndexSet indexes;
};

Result<Loaded> load_all() {
  auto config = load_config();
  if (!config) return std::unexpected(config.error());
  auto indexes = load_indexes(*config);
  if (!indexes) return std::unexpected(indexes.error());
  return Loaded{std::move(*config), std::move(*indexes)};
}

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void print_json(const json& j) { std::printf("%s\n", j.dump(2).c_str()); }

std::optional<std::string> target_option(const Args& a) {
  auto t = a.get("-t", a.get("--target"));
  if (t.empty()) return std::nullopt;
  return t;
}

Result<void> check_target(const std::optional<std::string>& t) {
  if (t && std::find(kTargets.begin(), kTargets.end(), *t) == kTargets.end())
    return fail("unknown target '" + *t + "': targets are unix, virtio, xen", exit_status::usage);
  return {};
}

Result<std::vector<solver::Dependency>> requirements(const std::vector<std::string>& words, const IndexSet& idx) {
  std::vector<solver::Dependency> roots;
  for (const auto& w : words) {
    auto r = parse_requirement(w);
    if (!r) return std::unexpected(r.error());
    if (idx.versions(r->package).empty()) {
      auto hint = closest(r->package, idx.package_names());
      return fail("package '" + r->package + "' is not in any index" + (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
                      " (mirage search WORD lists packages)",
                  exit_status::not_satisfiable);
    }
    roots.push_back(std::move(*r));
  }
  return roots;
}

json solution_json(const IndexSet& idx, const solver::Solution& s) {
  json out = json::object();
  for (const auto& [name, v] : s.packages)
    out[name] = {{"version", v.to_string()}, {"index", idx.origin(name, v)->name}};
  return out;
}

// What resolve, deps and install share: the indexes, the requirements on the command line,
// the target, and the resolution (its failure kept, for each command to report).
struct Resolution {
  Loaded all;
  std::vector<solver::Dependency> roots;
  std::optional<std::string> target;
  Result<solver::Solution> solution;
};

Result<Resolution> resolve_arguments(const Args& a) {
  auto all = load_all();
  if (!all) return std::unexpected(all.error());
  auto target = target_option(a);
  if (auto t = check_target(target); !t) return std::unexpected(t.error());
  auto roots = requirements(a.positional, all->indexes);
  if (!roots) return std::unexpected(roots.error());
  auto s = resolve(all->indexes, all->config, *roots, {target, a.has("--prefer-oldest"), {}});
  return Resolution{std::move(*all), std::move(*roots), target, std::move(s)};
}

}  // namespace

Result<int> cmd_search(const Args& a) {
  if (a.positional.size() != 1) return fail("usage: mirage search WORD", exit_status::usage);
  auto all = load_all();
  if (!all) return std::unexpected(all.error());
  const std::string word = lower(a.positional[0]);
  json found = json::array();
  for (const auto& name : all->indexes.package_names()) {
    const IndexPackage* p = all->indexes.package(name);
    if (lower(name).find(word) == std::string::npos && lower(p->synopsis).find(word) == std::string::npos) continue;
    auto newest = all->indexes.versions(name).rbegin()->first.to_string();
    found.push_back({{"name", name}, {"version", newest}, {"synopsis", p->synopsis}});
  }
  if (a.has("--json")) {
    print_json(found);
  } else if (found.empty()) {
    std::fprintf(stderr, "no package matches '%s'\n", a.positional[0].c_str());
  } else {
    for (const auto& f : found)
      std::printf("%-16s %-8s %s\n", term::bold(f["name"].get<std::string>()).c_str(),
                  f["version"].get<std::string>().c_str(), f["synopsis"].get<std::string>().c_str());
  }
  return found.empty() ? exit_status::not_satisfiable : exit_status::ok;
}

Result<int> cmd_show(const Args& a) {
  if (a.positional.size() != 1) return fail("usage: mirage show NAME[.VERSION]", exit_status::usage);
  auto all = load_all();
  if (!all) return std::unexpected(all.error());
  std::string name = a.positional[0], vtext;
  if (auto dot = name.find('.'); dot != std::string::npos) vtext = name.substr(dot + 1), name = name.substr(0, dot);
  auto versions = all->indexes.versions(name);
  if (versions.empty()) {
    auto hint = closest(name, all->indexes.package_names());
    return fail("package '" + name + "' is not in any index" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
                exit_status::not_satisfiable);
  }
  const IndexVersion* e = versions.rbegin()->second;
  if (!vtext.empty()) {
    auto v = solver::Version::parse(vtext);
    if (!v) return fail("'" + vtext + "': " + v.error(), exit_status::usage);
    auto it = versions.find(*v);
    if (it == versions.end()) {
      std::vector<std::string> have;
      for (const auto& [ver, _] : versions) have.push_back(ver.to_string());
      return fail(name + " has no version " + vtext + " (published: " + join(have, ", ") + ")", exit_status::not_satisfiable);
    }
    e = it->second;
  }
  const IndexPackage* p = all->indexes.package(name);
  auto cons = [](const Constraints& c) {
    json j = json::object();
    for (const auto& [n, con] : c) j[n] = con.text;
    return j;
  };
  json vs = json::array();
  for (const auto& [v, _] : versions) vs.push_back(v.to_string());
  json j = {{"name", name}, {"synopsis", p->synopsis}, {"license", p->license}, {"versions", vs},
            {"version", e->version.to_string()}, {"index", all->indexes.origin(name, e->version)->name},
            {"depends", cons(e->depends)}, {"build-depends", cons(e->build_depends)},
            {"optional", cons(e->optional)}, {"conflicts", cons(e->conflicts)}, {"targets", e->targets},
            {"source", e->source.path.empty() ? e->source.url : e->source.path}};
  if (a.has("--json")) {
    print_json(j);
    return exit_status::ok;
  }
  auto line = [](const char* k, const std::string& v) { std::printf("%-14s %s\n", (std::string(k) + ":").c_str(), v.c_str()); };
  auto deps = [](const Constraints& c) {
    std::vector<std::string> out;
    for (const auto& [n, con] : c) out.push_back(n + " " + con.text);
    return out.empty() ? std::string("-") : join(out, ", ");
  };
  line("name", term::bold(name) + " " + e->version.to_string());
  line("synopsis", p->synopsis);
  line("license", p->license);
  std::vector<std::string> vlist;
  for (const auto& [v, _] : versions) vlist.push_back(v.to_string());
  line("versions", join(vlist, ", "));
  line("index", j["index"].get<std::string>());
  line("depends", deps(e->depends));
  line("build-depends", deps(e->build_depends));
  if (!e->optional.empty()) line("optional", deps(e->optional));
  if (!e->conflicts.empty()) line("conflicts", deps(e->conflicts));
  line("targets", join(e->targets, ", "));
  line("source", j["source"].get<std::string>());
  return exit_status::ok;
}

Result<int> cmd_resolve(const Args& a) {
  if (a.positional.empty()) return fail("usage: mirage resolve REQUIREMENT... (e.g. mirage resolve kv-mem 'async>=1.0')", exit_status::usage);
  auto r = resolve_arguments(a);
  if (!r) return std::unexpected(r.error());
  auto* all = &r->all;
  auto& s = r->solution;
  if (!s) {
    if (a.has("--json")) {
      print_json({{"ok", false}, {"explanation", s.error().message}});
      return exit_status::not_satisfiable;
    }
    return fail("no solution:\n" + s.error().message, exit_status::not_satisfiable);
  }
  if (a.has("--json")) {
    print_json({{"ok", true}, {"packages", solution_json(all->indexes, *s)}});
  } else {
    for (const auto& [name, v] : s->packages)
      std::printf("%-16s %s%s\n", name.c_str(), v.to_string().c_str(),
                  all->indexes.origin(name, v)->name == "main" ? "" : ("  (" + all->indexes.origin(name, v)->name + ")").c_str());
  }
  return exit_status::ok;
}

Result<int> cmd_deps(const Args& a) {
  if (a.positional.size() != 1) return fail("usage: mirage deps NAME [--tree|--dot]", exit_status::usage);
  auto r = resolve_arguments(a);
  if (!r) return std::unexpected(r.error());
  auto* all = &r->all;
  auto& s = r->solution;
  if (!s) return fail("no solution:\n" + s.error().message, exit_status::not_satisfiable);
  auto edges = [&](const std::string& n) {
    std::vector<std::string> out;
    const IndexVersion* e = all->indexes.find(n, s->packages.at(n));
    for (const auto* c : {&e->depends, &e->build_depends, &e->optional})
      for (const auto& [d, _] : *c)
        if (s->packages.contains(d)) out.push_back(d);
    return out;
  };
  const std::string root = r->roots[0].package;
  if (a.has("--json")) {
    json j = json::object();
    for (const auto& [n, v] : s->packages) j[n] = {{"version", v.to_string()}, {"depends", edges(n)}};
    print_json(j);
  } else if (a.has("--dot")) {
    std::printf("digraph deps {\n  rankdir=LR;\n");
    for (const auto& [n, v] : s->packages) {
      std::printf("  \"%s\" [label=\"%s\\n%s\"];\n", n.c_str(), n.c_str(), v.to_string().c_str());
      for (const auto& d : edges(n)) std::printf("  \"%s\" -> \"%s\";\n", n.c_str(), d.c_str());
    }
    std::printf("}\n");
  } else if (a.has("--tree")) {
    std::set<std::string> shown;
    std::function<void(const std::string&, const std::string&, bool, bool)> tree =
        [&](const std::string& n, const std::string& indent, bool last, bool top) {
          std::string label = n + " " + s->packages.at(n).to_string();
          bool again = shown.contains(n);
          std::printf("%s%s%s%s\n", indent.c_str(), top ? "" : (last ? "└─ " : "├─ "), label.c_str(),
                      again && !edges(n).empty() ? term::dim(" (see above)").c_str() : "");
          if (again) return;
          shown.insert(n);
          auto kids = edges(n);
          for (std::size_t i = 0; i < kids.size(); ++i)
            tree(kids[i], top ? "" : indent + (last ? "   " : "│  "), i + 1 == kids.size(), false);
        };
    tree(root, "", true, true);
  } else {
    for (const auto& [n, v] : s->packages)
      if (n != root) std::printf("%-16s %s\n", n.c_str(), v.to_string().c_str());
  }
  return exit_status::ok;
}

Result<int> cmd_lint(const Args& a) {
  if (a.positional.size() > 1) return fail("usage: mirage lint [PATH] [--quick]", exit_status::usage);
  auto all = load_all();
  if (!all) return std::unexpected(all.error());
  auto report = lint_package(a.positional.empty() ? "." : a.positional[0], all->indexes, all->config,
                             {!a.has("--quick")});
  if (!report) return std::unexpected(report.error());
  for (const auto& c : report->checked) std::printf("%s %s\n", term::green("ok").c_str(), c.c_str());
  for (const auto& p : report->problems) std::printf("%s %s\n", term::red("problem").c_str(), p.c_str());
  return report->ok() ? exit_status::ok : exit_status::not_satisfiable;
}

Result<int> cmd_publish(const Args& a) {
  if (a.positional.size() != 1) return fail("usage: mirage publish PATH [--index NAME] [--backport]", exit_status::usage);
  auto all = load_all();
  if (!all) return std::unexpected(all.error());
  auto p = publish(a.positional[0], all->indexes, all->config,
                   {a.get("--index"), a.has("--backport"), {!a.has("--quick")}});
  if (!p) return std::unexpected(p.error());
  if (p->unchanged)
    std::printf("%s %s is already published in %s with the same contents; nothing to do\n", p->package.c_str(),
                p->version.c_str(), p->index_file.c_str());
  else
    std::printf("published %s %s in %s\n", term::bold(p->package).c_str(), p->version.c_str(), p->index_file.c_str());
  return exit_status::ok;
}

Result<int> cmd_install(const Args& a) {
  if (a.positional.empty() || !a.has("--prefix"))
    return fail("usage: mirage install REQUIREMENT... --prefix DIR", exit_status::usage);
  auto r = resolve_arguments(a);
  if (!r) return std::unexpected(r.error());
  auto* all = &r->all;
  auto& s = r->solution;
  const auto& target = r->target;
  if (!s) return fail("no solution:\n" + s.error().message, exit_status::not_satisfiable);
  auto prefix = std::filesystem::absolute(a.get("--prefix"));
  auto lock = make_lock(all->indexes, *s, target.value_or(""));
  auto work = cache_dir() / "install" / sha256_hex(prefix.string()).substr(0, 16);
  if (auto i = install(all->indexes, *s, lock, {prefix, work, "Release", a.has("--tests"), false}); !i)
    return std::unexpected(i.error());
  std::printf("installed %zu packages into %s; use them with -DCMAKE_PREFIX_PATH=%s\n", s->packages.size(),
              prefix.c_str(), prefix.c_str());
  return exit_status::ok;
}

Result<int> cmd_pin(const Args& a) {
  auto config = load_config();
  if (!config) return std::unexpected(config.error());
  if (a.has("--remove")) {
    if (!config->pins.erase(a.get("--remove")))
      return fail(a.get("--remove") + " is not pinned (mirage pin lists the pins)", exit_status::usage);
    if (auto w = save_config(*config); !w) return std::unexpected(w.error());
    std::printf("unpinned %s\n", a.get("--remove").c_str());
    return exit_status::ok;
  }
  if (a.positional.empty()) {
    json pins = json::object();
    for (const auto& [n, p] : config->pins) pins[n] = p.path.empty() ? json{{"version", p.version}} : json{{"path", p.path}};
    if (a.has("--json")) print_json(pins);
    else
      for (const auto& [n, p] : config->pins) std::printf("%-16s %s\n", n.c_str(), p.path.empty() ? p.version.c_str() : p.path.c_str());
    return exit_status::ok;
  }
  if (a.positional.size() != 2) return fail("usage: mirage pin NAME VERSION|PATH", exit_status::usage);
  const std::string& name = a.positional[0];
  const std::string& what = a.positional[1];
  Pin pin;
  if (std::filesystem::is_directory(what)) {
    auto m = load_manifest(what);
    if (!m) return std::unexpected(m.error());
    if (m->name != name) return fail(what + " holds package " + m->name + ", not " + name, exit_status::usage);
    pin.path = std::filesystem::absolute(what).lexically_normal().string();
  } else {
    auto v = solver::Version::parse(what);
    if (!v) return fail("'" + what + "' is neither a directory nor a version: " + v.error(), exit_status::usage);
    auto indexes = load_indexes(*config);
    if (!indexes) return std::unexpected(indexes.error());
    if (!indexes->find(name, *v)) return fail(name + " " + what + " is in no index (mirage show " + name + ")", exit_status::not_satisfiable);
    pin.version = what;
  }
  config->pins[name] = pin;
  if (auto w = save_config(*config); !w) return std::unexpected(w.error());
  std::printf("pinned %s to %s\n", name.c_str(), what.c_str());
  return exit_status::ok;
}

Result<int> cmd_index(const Args& a) {
  auto config = load_config();
  if (!config) return std::unexpected(config.error());
  const std::string sub = a.positional.empty() ? "list" : a.positional[0];
  if (sub == "list") {
    auto all = load_indexes(*config);
    if (!all) return std::unexpected(all.error());
    int priority = 0;
    json layers = json::array();
    for (const auto& l : all->layers()) {
      layers.push_back({{"priority", ++priority}, {"name", l.name}, {"packages", l.packages.size()}, {"location", l.location}});
      if (!a.has("--json"))
        std::printf("%d  %-12s %-4zu packages  %s\n", priority, l.name.c_str(), l.packages.size(), l.location.c_str());
    }
    if (a.has("--json")) print_json(layers);
    return exit_status::ok;
  }
  if (sub == "add" && a.positional.size() == 3) {
    const std::string& name = a.positional[1];
    std::string where = a.positional[2];
    if (!valid_package_name(name) || name == "main" || name == "pins")
      return fail("'" + name + "' cannot name an index (lower-case letters, digits, dashes; not main or pins)", exit_status::usage);
    for (const auto& e : config->indexes)
      if (e.name == name) return fail("an index named '" + name + "' exists already (mirage index remove " + name + ")", exit_status::usage);
    if (!where.starts_with("http://") && !where.starts_with("https://") && !where.starts_with("file://")) {
      where = std::filesystem::absolute(where).lexically_normal().string();
      if (!std::filesystem::exists(where)) std::filesystem::create_directories(where);
      if (std::filesystem::is_directory(where) && !std::filesystem::exists(std::filesystem::path(where) / "index.json"))
        if (auto w = write_file_atomic(std::filesystem::path(where) / "index.json", serialize_index(Index{name, where, where, {}})); !w)
          return std::unexpected(w.error());
    }
    auto idx = load_index(name, where);
    if (!idx) return std::unexpected(idx.error());
    config->indexes.insert(config->indexes.begin(), {name, where});
    if (auto w = save_config(*config); !w) return std::unexpected(w.error());
    std::printf("added index %s (%zu packages) at %s, above the others\n", name.c_str(), idx->packages.size(), where.c_str());
    return exit_status::ok;
  }
  if (sub == "remove" && a.positional.size() == 2) {
    auto it = std::find_if(config->indexes.begin(), config->indexes.end(), [&](const auto& e) { return e.name == a.positional[1]; });
    if (it == config->indexes.end()) return fail("no index named '" + a.positional[1] + "' (mirage index list)", exit_status::usage);
    config->indexes.erase(it);
    if (auto w = save_config(*config); !w) return std::unexpected(w.error());
    std::printf("removed index %s\n", a.positional[1].c_str());
    return exit_status::ok;
  }
  return fail("usage: mirage index list | index add NAME PATH-OR-URL | index remove NAME", exit_status::usage);
}

}  // namespace mirage_tool
