#include "lint.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

#include "install.hpp"
#include "term.hpp"

namespace mirage_tool {

const std::vector<std::string>& host_only_headers() {
  static const std::vector<std::string> h = {"iostream", "fstream", "sstream", "filesystem", "thread",
                                             "mutex", "shared_mutex", "condition_variable", "future",
                                             "random", "ctime", "unistd.h", "fcntl.h"};
  return h;
}

namespace {

std::vector<std::filesystem::path> sources_under(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".hpp" || ext == ".h" || ext == ".cpp" || ext == ".cc")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Which package provides each top-level include directory, from the repository's packages.
std::map<std::string, std::string> include_owners() {
  std::map<std::string, std::string> owners;
  auto packages = repository_root() / "packages";
  if (!std::filesystem::is_directory(packages)) return owners;
  for (const auto& p : std::filesystem::directory_iterator(packages)) {
    auto inc = p.path() / "include";
    if (!std::filesystem::is_directory(inc)) continue;
    for (const auto& d : std::filesystem::directory_iterator(inc))
      if (d.is_directory()) owners[d.path().filename().string()] = p.path().filename().string();
  }
  return owners;
}

// The package and everything it depends on, through the newest versions in the index.
std::set<std::string> closure(const Manifest& m, const IndexSet& indexes) {
  std::set<std::string> seen = {m.name};
  std::vector<std::string> todo;
  for (const auto* c : {&m.depends, &m.build_depends, &m.optional})
    for (const auto& [n, _] : *c) todo.push_back(n);
  while (!todo.empty()) {
    auto n = todo.back();
    todo.pop_back();
    if (!seen.insert(n).second) continue;
    auto vs = indexes.versions(n);
    if (vs.empty()) continue;
    const IndexVersion* e = vs.rbegin()->second;
    for (const auto* c : {&e->depends, &e->build_depends, &e->optional})
      for (const auto& [d, _] : *c) todo.push_back(d);
  }
  return seen;
}

std::string rel(const std::filesystem::path& p, const std::filesystem::path& base) {
  return std::filesystem::relative(p, base).string();
}

}  // namespace

Result<LintReport> lint_package(const std::filesystem::path& dir_in, const IndexSet& indexes, const Config& config,
                                const LintOptions& options) {
  LintReport r;
  auto dir = std::filesystem::absolute(dir_in).lexically_normal();
  if (!std::filesystem::is_directory(dir))
    return fail(dir_in.string() + " is not a directory: give the path of a package (a directory with package.json)",
                exit_status::usage);
  auto m = load_manifest(dir);
  if (!m) {
    r.problems.push_back(m.error().message);
    return r;
  }
  r.checked.push_back("package.json: " + m->name + " " + m->version.to_string() + " is well formed");
  if (!m->build_depends.contains("mirage-cmake") && m->name != "mirage-cmake")
    r.problems.push_back("package.json: build-depends must name mirage-cmake (\"mirage-cmake\": \"^1.0\")");

  // CMake takes the version from package.json.
  bool has_library = true;
  auto cml = read_file(dir / "CMakeLists.txt");
  if (!cml) {
    r.problems.push_back("CMakeLists.txt is missing");
  } else {
    static const std::regex reads_manifest(R"(file\s*\(\s*READ\s+[^)]*package\.json)");
    static const std::regex reads_version(R"(string\s*\(\s*JSON\s+(\w+)\s+GET\s+"\$\{\w+\}"\s+version\s*\))");
    std::smatch sm;
    bool ok = std::regex_search(*cml, reads_manifest) && std::regex_search(*cml, sm, reads_version);
    std::regex project_re("project\\s*\\(\\s*" + m->name + "\\s+VERSION\\s+\\$\\{" + (ok ? sm[1].str() : "x") + "\\}");
    if (!ok || !std::regex_search(*cml, project_re))
      r.problems.push_back("CMakeLists.txt: project(" + m->name +
                           " VERSION ...) must take its version from package.json (see packages/README.md)");
    else
      r.checked.push_back("CMakeLists.txt takes the version from package.json");
    // Every find_package of an indexed package is declared.
    static const std::regex find_re(R"(find_package\s*\(\s*([A-Za-z0-9_-]+))");
    for (auto it = std::sregex_iterator(cml->begin(), cml->end(), find_re); it != std::sregex_iterator(); ++it) {
      std::string dep = (*it)[1];
      if (dep == m->name || indexes.versions(dep).empty()) continue;
      if (!m->depends.contains(dep) && !m->build_depends.contains(dep) && !m->optional.contains(dep))
        r.problems.push_back("CMakeLists.txt finds package " + dep + ", which package.json does not declare");
    }
    if (cml->find("mirage_test(") == std::string::npos && cml->find("add_test(") == std::string::npos)
      r.problems.push_back("CMakeLists.txt declares no test (mirage_test)");
    has_library = cml->find("mirage_library(") != std::string::npos;
  }
  for (auto [what, path] : {std::pair{"README.md", dir / "README.md"}, {"include/ directory", dir / "include"},
                            {"test/ directory", dir / "test"}})
    if (!std::filesystem::exists(path) && (has_library || path.filename() != "include"))
      r.problems.push_back(std::string("the package has no ") + what);

  // Headers come only from declared packages; portable code stays off the host.
  auto owners = include_owners();
  auto deps = closure(*m, indexes);
  bool portable = std::find(m->targets.begin(), m->targets.end(), "virtio") != m->targets.end();
  static const std::regex include_re(R"(^\s*#\s*include\s*<([^>]+)>)");
  // Portable code reads no clock, throws nothing and prints nothing itself.
  static const std::regex host_call_re(
      R"((system_clock|steady_clock|high_resolution_clock)::now|\bgetenv\s*\(|\bthrow\b|\btry\s*\{|(^|[^a-z_])(printf|fprintf|fopen|fwrite|fputs|puts|perror)\s*\()");
  std::size_t files = 0;
  for (const auto& sub : {"include", "src"}) {
    for (const auto& f : sources_under(dir / sub)) {
      ++files;
      std::ifstream in(f);
      std::string line;
      int n = 0;
      while (std::getline(in, line)) {
        ++n;
        std::smatch im;
        // A bug's last words on stderr before abort() are allowed: mini-os routes them to the
        // console.
        if (portable && line.find("//") == std::string::npos && line.find("stderr") == std::string::npos &&
            std::regex_search(line, im, host_call_re))
          r.problems.push_back(rel(f, dir) + ":" + std::to_string(n) + ": portable code uses " + im[0].str() +
                               "; effects go through a device and errors are values (ARCHITECTURE.md §3)");
        if (!std::regex_search(line, im, include_re)) continue;
        std::string header = im[1];
        auto slash = header.find('/');
        if (slash != std::string::npos) {
          auto owner = owners.find(header.substr(0, slash));
          if (owner != owners.end() && !deps.contains(owner->second))
            r.problems.push_back(rel(f, dir) + ":" + std::to_string(n) + ": includes <" + header + "> from package " +
                                 owner->second + ", which package.json does not declare");
        }
        if (portable && std::find(host_only_headers().begin(), host_only_headers().end(), header) !=
                            host_only_headers().end())
          r.problems.push_back(rel(f, dir) + ":" + std::to_string(n) + ": portable code includes <" + header +
                               ">; effects go through a device (ARCHITECTURE.md §3)");
      }
    }
  }
  r.checked.push_back("includes of " + std::to_string(files) + " source files come from declared packages" +
                      (portable ? " and none reaches the host" : ""));
  if (!options.build || !r.ok()) return r;

  // Build it alone against its dependencies installed in a prefix, test, install, check.
  std::vector<solver::Dependency> roots;
  for (const auto* c : {&m->depends, &m->build_depends})
    for (const auto& [n, con] : *c) roots.push_back({n, con.versions});
  auto solution = resolve(indexes, config, roots, {});
  if (!solution) {
    r.problems.push_back("its dependencies cannot be resolved:\n" + solution.error().message);
    return r;
  }
  auto work = cache_dir() / "lint";
  auto deps_prefix = work / "prefix";
  auto lock = make_lock(indexes, *solution, "");
  if (auto i = install(indexes, *solution, lock, {deps_prefix, work, "Release", false, false}); !i) {
    r.problems.push_back("installing its dependencies failed: " + i.error().message);
    return r;
  }
  auto build = work / ("build-" + m->name);
  auto prefix = work / ("install-" + m->name);
  std::filesystem::remove_all(build);
  std::filesystem::remove_all(prefix);
  auto built = build_alone({dir, build, deps_prefix, prefix, "Release", true, true},
                            [&](const std::string& step) { term::progress(m->name + ": " + step); });
  if (!built) {
    r.problems.push_back(built.error().step + " failed:\n" + built.error().log);
    return r;
  }
  r.checked.push_back("builds alone and its unit tests pass");
  auto cfgdir = prefix / "lib/cmake" / m->name;
  auto version_file = read_file(cfgdir / (m->name + "ConfigVersion.cmake"));
  if (!std::filesystem::exists(cfgdir / (m->name + "Config.cmake")) || !version_file) {
    r.problems.push_back("the install has no " + (cfgdir / (m->name + "Config.cmake")).string() +
                         " and version file: call mirage_install()");
    return r;
  }
  if (version_file->find("set(PACKAGE_VERSION \"" + m->version.to_string() + "\")") == std::string::npos)
    r.problems.push_back(m->name + "ConfigVersion.cmake does not say version " + m->version.to_string());
  else
    r.checked.push_back("installs " + m->name + "Config.cmake and " + m->name + "ConfigVersion.cmake (" +
                        m->version.to_string() + ")");
  return r;
}

}  // namespace mirage_tool
