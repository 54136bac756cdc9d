#include "install.hpp"

#include <cstdlib>

#include "http.hpp"
#include "term.hpp"

namespace mirage_tool {

std::filesystem::path cache_dir() {
  if (const char* c = std::getenv("MIRAGE_CACHE"); c && *c) return c;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::filesystem::path(x) / "mirage";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home ? home : "/tmp") / ".cache/mirage";
}

Result<std::filesystem::path> fetch_source(const LockedPackage& p, const std::string& name,
                                           const std::filesystem::path& work) {
  if (!p.source.path.empty()) {
    if (!std::filesystem::exists(std::filesystem::path(p.source.path) / "package.json"))
      return fail(name + " " + p.version.to_string() + ": source directory " + p.source.path + " has no package.json",
                  exit_status::io);
    return std::filesystem::path(p.source.path);
  }
  auto dir = work / "src" / (name + "-" + p.version.to_string() + "-" + p.source.sha256.substr(0, 12));
  if (std::filesystem::exists(dir / "package.json")) return dir;
  std::string bytes;
  if (p.source.url.starts_with("file://")) {
    auto r = read_file(p.source.url.substr(7));
    if (!r) return std::unexpected(r.error());
    bytes = std::move(*r);
  } else {
    auto r = http_get(p.source.url);
    if (!r) return std::unexpected(r.error());
    bytes = std::move(*r);
  }
  if (auto sum = sha256_hex(bytes); sum != p.source.sha256)
    return fail(name + " " + p.version.to_string() + ": the archive " + p.source.url + " has sha256 " + sum +
                    " but the index says " + p.source.sha256 + "; refusing to build it",
                exit_status::bad_input);
  std::filesystem::create_directories(dir);
  auto archive = dir.string() + ".tar.gz";
  if (auto w = write_file_atomic(archive, bytes); !w) return std::unexpected(w.error());
  std::string out;
  if (run_program({"cmake", "-E", "tar", "xzf", archive}, dir, &out) != 0)
    return fail(name + ": cannot unpack " + p.source.url + ":\n" + out, exit_status::io);
  // An archive may hold the package at its top or inside one directory.
  if (!std::filesystem::exists(dir / "package.json")) {
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.is_directory() && std::filesystem::exists(e.path() / "package.json")) return e.path();
    return fail(name + ": the archive " + p.source.url + " holds no package.json", exit_status::bad_input);
  }
  return dir;
}

std::expected<void, BuildStepFailure> build_alone(const BuildAlone& b,
                                                  const std::function<void(const std::string&)>& progress) {
  std::string log;
  auto step = [&](const char* what, const std::vector<std::string>& argv) -> std::expected<void, BuildStepFailure> {
    if (progress) progress(what);
    log.clear();
    if (run_program(argv, b.source, &log) != 0) return std::unexpected(BuildStepFailure{what, log});
    return {};
  };
  if (!std::filesystem::exists(b.build / "CMakeCache.txt")) {
    if (auto r = step("configuring", {"cmake", "-S", b.source.string(), "-B", b.build.string(), "-G", "Ninja",
                                      "-DCMAKE_BUILD_TYPE=" + b.build_type,
                                      "-DCMAKE_PREFIX_PATH=" + b.prefix_path.string(),
                                      "-DCMAKE_INSTALL_PREFIX=" + b.install_prefix.string(), "-DMIRAGE_BENCH=OFF",
                                      std::string("-DBUILD_TESTING=") + (b.tests ? "ON" : "OFF")});
        !r)
      return r;
  }
  if (auto r = step("building", {"cmake", "--build", b.build.string()}); !r) return r;
  if (b.tests)
    if (auto r = step("running the unit tests",
                      {"ctest", "--test-dir", b.build.string(), "-L", "unit", "--output-on-failure",
                       std::string("--no-tests=") + (b.tests_required ? "error" : "ignore")});
        !r)
      return r;
  return step("installing", {"cmake", "--install", b.build.string()});
}

Result<void> install(const IndexSet& indexes, const solver::Solution& solution, const LockFile& lock,
                     const InstallOptions& o) {
  auto order = dependency_order(indexes, solution);
  auto work = o.work.empty() ? cache_dir() : o.work;
  auto prefix = std::filesystem::absolute(o.prefix);
  std::filesystem::create_directories(prefix / "share/mirage/installed");
  std::size_t i = 0;
  for (const auto& name : order) {
    ++i;
    const LockedPackage& p = lock.packages.at(name);
    std::string label = "[" + std::to_string(i) + "/" + std::to_string(order.size()) + "] " + name + " " +
                        p.version.to_string();
    auto stamp = prefix / "share/mirage/installed" / name;
    // An archive's contents never change once published: installed is installed. A path
    // source is a working tree: build it again (incrementally) so edits are picked up.
    const bool from_path = !p.source.path.empty();
    if (auto have = read_file(stamp); !from_path && have && *have == p.manifest_sha256 + "\n") {
      if (!o.quiet) term::progress(label + ": already installed");
      continue;
    }
    LockedPackage where = p;
    where.source = absolute_source(indexes, name, p.version);
    auto src = fetch_source(where, name, work);
    if (!src) return std::unexpected(src.error());
    auto build = work / "build" / (name + "-" + p.version.to_string() + "-" + p.manifest_sha256.substr(0, 12));
    if (!o.quiet) term::progress(label);
    auto built = build_alone({*src, build, prefix, prefix, o.build_type, o.tests});
    if (!built)
      return fail(name + " " + p.version.to_string() + ": " + built.error().step + " failed:\n" + built.error().log,
                  exit_status::build_failed);
    if (auto w = write_file_atomic(stamp, p.manifest_sha256 + "\n"); !w) return w;
  }
  return {};
}

}  // namespace mirage_tool
