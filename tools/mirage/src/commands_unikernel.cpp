// The unikernel commands: configure, build, run, clean, describe.
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "codegen.hpp"
#include "commands.hpp"
#include "install.hpp"
#include "term.hpp"

namespace mirage_tool {

using json = nlohmann::json;

namespace {

const std::filesystem::path kBuild = "_build";

Result<TargetChoice> choice_from(const Args& a) {
  TargetChoice c;
  c.target = a.get("-t", a.get("--target", "unix"));
  c.net = a.get("--net", "socket");
  c.kv_ro = a.get("--kv-ro", "crunch");
  if (std::find(kTargets.begin(), kTargets.end(), c.target) == kTargets.end())
    return fail("unknown target '" + c.target + "': targets are unix, virtio, xen", exit_status::usage);
  if (c.net != "socket" && c.net != "direct")
    return fail("--net takes socket or direct, not '" + c.net + "'", exit_status::usage);
  if (c.kv_ro != "crunch" && c.kv_ro != "direct")
    return fail("--kv-ro takes crunch or direct, not '" + c.kv_ro + "'", exit_status::usage);
  if (c.target != "unix" && a.has("--net"))
    return fail("--net applies to -t unix only (other targets always use the direct stack)", exit_status::usage);
  return c;
}

struct Configured {
  Plan plan;
  LockFile lock;
  Config config;
  IndexSet indexes;
};

// What `mirage configure` left: the plan and the lock, checked against the indexes.
Result<Configured> load_configured() {
  auto u = load_unikernel(".");
  if (!u) return std::unexpected(u.error());
  auto saved = read_file(kBuild / "configure.json");
  if (!saved) return fail("not configured: run `mirage configure -t unix` first", exit_status::usage);
  json j = json::parse(*saved, nullptr, false);
  if (j.is_discarded()) return fail("_build/configure.json is damaged: run `mirage configure` again", exit_status::bad_input);
  TargetChoice c{j.value("target", "unix"), j.value("net", "socket"), j.value("kv-ro", "crunch")};
  auto plan = make_plan(*u, c);
  if (!plan) return std::unexpected(plan.error());
  auto lock = load_lock("mirage.lock");
  if (!lock) return std::unexpected(lock.error());
  auto config = load_config();
  if (!config) return std::unexpected(config.error());
  auto indexes = load_indexes(*config);
  if (!indexes) return std::unexpected(indexes.error());
  for (const auto& [name, p] : lock->packages) {
    const IndexVersion* e = indexes->find(name, p.version);
    if (!e || e->manifest_sha256 != p.manifest_sha256)
      return fail("mirage.lock names " + name + " " + p.version.to_string() +
                      (e ? ", whose manifest has changed since," : ", which no index has any more,") +
                      " so the lock cannot be followed: run `mirage configure` to resolve again",
                  exit_status::not_satisfiable);
  }
  return Configured{std::move(*plan), std::move(*lock), std::move(*config), std::move(*indexes)};
}

solver::Solution solution_of(const LockFile& lock) {
  solver::Solution s;
  for (const auto& [n, p] : lock.packages) s.packages.emplace(n, p.version);
  return s;
}

}  // namespace

Result<int> cmd_configure(const Args& a) {
  auto started = std::chrono::steady_clock::now();
  auto u = load_unikernel(".");
  if (!u) return std::unexpected(u.error());
  auto choice = choice_from(a);
  if (!choice) return std::unexpected(choice.error());
  auto plan = make_plan(*u, *choice);
  if (!plan) return std::unexpected(plan.error());
  auto config = load_config();
  if (!config) return std::unexpected(config.error());
  auto indexes = load_indexes(*config);
  if (!indexes) return std::unexpected(indexes.error());
  ResolveOptions ro{choice->target, a.has("--prefer-oldest"), {}};
  if (auto old = load_lock("mirage.lock"); old && old->target == choice->target)
    for (const auto& [n, p] : old->packages) ro.preferred.emplace(n, p.version);
  auto roots = plan_requirements(*plan);
  auto solution = resolve(*indexes, *config, roots, ro);
  if (!solution)
    return fail("the packages " + u->name + " needs for target " + choice->target + " cannot be resolved:\n" +
                    solution.error().message,
                exit_status::not_satisfiable);
  auto lock = make_lock(*indexes, *solution, choice->target);
  std::filesystem::create_directories(kBuild);
  json saved = {{"target", choice->target}, {"net", choice->net}, {"kv-ro", choice->kv_ro}};
  for (auto [file, text] : {std::pair{std::filesystem::path("mirage.lock"), serialize_lock(lock)},
                            {kBuild / "main.cpp", generate_main(*plan)},
                            {kBuild / "CMakeLists.txt", generate_cmake(*plan, lock)},
                            {kBuild / "configure.json", saved.dump(2) + "\n"}}) {
    auto old = read_file(file);
    if (old && *old == text) continue;  // unchanged files keep their time stamps
    if (auto w = write_file_atomic(file, text); !w) return std::unexpected(w.error());
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  std::printf("configured %s for %s with %zu packages in %lld ms: wrote mirage.lock, _build/main.cpp, _build/CMakeLists.txt\n",
              term::bold(u->name).c_str(), choice->target.c_str(), lock.packages.size(), (long long)ms);
  std::printf("next: mirage build\n");
  return exit_status::ok;
}

Result<int> cmd_build(const Args&) {
  auto started = std::chrono::steady_clock::now();
  auto c = load_configured();
  if (!c) return std::unexpected(c.error());
  const auto root = std::filesystem::absolute(kBuild);
  if (auto i = install(c->indexes, solution_of(c->lock), c->lock, {root / "prefix", root / "packages", "Release", false, false}); !i)
    return std::unexpected(i.error());
  const auto cmake_dir = root / "cmake";
  std::string log;
  const std::string name = c->plan.unikernel.name;
  if (!std::filesystem::exists(cmake_dir / "CMakeCache.txt")) {
    term::progress("[" + name + "] configuring");
    if (run_program({"cmake", "-S", root.string(), "-B", cmake_dir.string(), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                     "-DCMAKE_PREFIX_PATH=" + (root / "prefix").string()},
                    ".", &log) != 0)
      return fail("CMake could not configure the unikernel:\n" + log, exit_status::build_failed);
  }
  term::progress("[" + name + "] compiling");
  log.clear();
  if (run_program({"cmake", "--build", cmake_dir.string()}, ".", &log) != 0) {
    (void)write_file_atomic(root / "build.log", log);
    std::string message = "the unikernel does not compile";
    auto devices = explain_concept_failures(c->plan, log);
    if (!devices.empty()) {
      message = "the devices do not fit the application template:\n  " + join(devices, "\n  ");
      message += "\n(check the order and kinds of \"devices\" in unikernel.json)";
    }
    // The compiler's first error, then where the whole log is.
    auto first = log.find("error:");
    if (first != std::string::npos) {
      auto start = log.rfind('\n', first);
      auto end = log.find('\n', first);
      message += "\ncompiler: " + log.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1));
    }
    message += "\nthe full compiler output is in _build/build.log";
    return fail(message, exit_status::build_failed);
  }
  std::filesystem::create_directories("dist");
  std::error_code ec;
  std::filesystem::copy_file(cmake_dir / name, std::filesystem::path("dist") / name,
                             std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) return fail("cannot copy the unikernel to dist/" + name + ": " + ec.message(), exit_status::io);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  std::printf("built dist/%s (target %s) in %.1f s\n", name.c_str(), c->lock.target.c_str(), double(ms) / 1000);
  return exit_status::ok;
}

Result<int> cmd_run(const Args& a) {
  auto u = load_unikernel(".");
  if (!u) return std::unexpected(u.error());
  auto exe = std::filesystem::path("dist") / u->name;
  if (!std::filesystem::exists(exe)) return fail("dist/" + u->name + " does not exist: run `mirage build` first", exit_status::usage);
  std::vector<std::string> argv = {exe.string()};
  for (const auto& r : a.rest) argv.push_back(r.starts_with("-") ? r : "--" + r);
  for (const auto& p : a.positional) argv.push_back(p.starts_with("-") ? p : "--" + p);
  std::vector<char*> cargs;
  for (auto& s : argv) cargs.push_back(s.data());
  cargs.push_back(nullptr);
  std::fflush(stdout);
  ::execv(cargs[0], cargs.data());
  return fail("cannot run " + exe.string() + ": " + std::strerror(errno), exit_status::io);
}

Result<int> cmd_clean(const Args&) {
  auto u = load_unikernel(".");
  if (!u) return std::unexpected(u.error());
  std::error_code ec;
  auto n = std::filesystem::remove_all(kBuild, ec) + std::filesystem::remove_all("dist", ec);
  if (ec) return fail("cannot remove _build: " + ec.message(), exit_status::io);
  std::printf("removed _build and dist (%ju files)\n", std::uintmax_t(n));
  return exit_status::ok;
}

Result<int> cmd_describe(const Args& a) {
  auto c = load_configured();
  if (!c) return std::unexpected(c.error());
  if (a.has("--json")) {
    json devices = json::array();
    for (std::size_t i = 0; i < c->plan.impls.size(); ++i)
      devices.push_back({{"name", c->plan.unikernel.devices[i].name}, {"kind", c->plan.unikernel.devices[i].kind},
                         {"type", c->plan.impls[i].type}, {"package", c->plan.impls[i].package}});
    json out = {{"name", c->plan.unikernel.name}, {"target", c->lock.target}, {"devices", devices}};
    if (c->plan.choice.target == "unix") {
      out["net"] = c->plan.choice.net;
      out["kv-ro"] = c->plan.choice.kv_ro;
    }
    std::printf("%s\n", out.dump(2).c_str());
    return exit_status::ok;
  }
  std::printf("%s", describe(c->plan, c->lock, a.has("--dot")).c_str());
  return exit_status::ok;
}

}  // namespace mirage_tool
