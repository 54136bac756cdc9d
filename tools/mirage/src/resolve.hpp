#pragma once
// Resolution over the layered indexes, and the lock file that fixes its result.
#include <filesystem>
#include <map>
#include <optional>
#include <solver/pubgrub.hpp>
#include <string>
#include <vector>

#include "indexes.hpp"

namespace mirage_tool {

// The solver's view of the indexes: versions that do not support `target` (when one is
// given) are unavailable, with that reason; build-depends count as depends.
class IndexProvider final : public solver::Provider {
 public:
  IndexProvider(const IndexSet& indexes, std::optional<std::string> target)
      : indexes_(indexes), target_(std::move(target)) {}
  std::vector<solver::Version> versions(std::string_view package) override;
  std::expected<solver::PackageVersionInfo, solver::Unavailable> info(std::string_view package,
                                                                      const solver::Version& v) override;

 private:
  const IndexSet& indexes_;
  std::optional<std::string> target_;
};

// "tls", "tls>=1.2", "tls@1.2.0", "tls ^1.0": a root requirement from the command line.
Result<solver::Dependency> parse_requirement(std::string_view text);

struct ResolveOptions {
  std::optional<std::string> target;
  bool prefer_oldest = false;
  std::map<std::string, solver::Version> preferred;  // from a lock file
};

// Resolves `roots` with the configured pins; the explanation of a failure is the error.
Result<solver::Solution> resolve(const IndexSet& indexes, const Config& config,
                                 const std::vector<solver::Dependency>& roots, const ResolveOptions& options);

// mirage.lock: the resolved versions with where each came from, so a later build uses
// exactly them.
struct LockedPackage {
  solver::Version version;
  std::string index;
  Source source;
  std::string manifest_sha256;
};
struct LockFile {
  std::string target;
  std::map<std::string, LockedPackage> packages;
};
LockFile make_lock(const IndexSet& indexes, const solver::Solution& solution, const std::string& target);
// Where a version's source is, made absolute: a directory, or a file:// or http:// URL
// (a relative archive URL is taken relative to its index's location).
Source absolute_source(const IndexSet& indexes, const std::string& name, const solver::Version& version);
std::string serialize_lock(const LockFile& lock);
Result<LockFile> load_lock(const std::filesystem::path& path);

// Packages in dependency order (dependencies first), as CMake must add them.
std::vector<std::string> dependency_order(const IndexSet& indexes, const solver::Solution& solution);

}  // namespace mirage_tool
