#pragma once
// Building and installing resolved packages into a prefix, each on its own (the third way
// of packages/README.md), so that find_package then finds them.
#include <filesystem>
#include <string>

#include "resolve.hpp"

namespace mirage_tool {

struct InstallOptions {
  std::filesystem::path prefix;
  std::filesystem::path work;  // build trees and unpacked archives (default: a cache dir)
  std::string build_type = "Release";
  bool tests = false;          // build and run each package's unit tests too
  bool quiet = false;
};

// The package's source directory: a path source as is, an archive downloaded, checked
// against its sha256 and unpacked under `work`.
Result<std::filesystem::path> fetch_source(const LockedPackage& p, const std::string& name,
                                           const std::filesystem::path& work);

// Configures, builds (and tests) and installs each package of `lock` in dependency order.
// A package already installed in the prefix with the same manifest checksum is skipped.
Result<void> install(const IndexSet& indexes, const solver::Solution& solution, const LockFile& lock,
                     const InstallOptions& options);

std::filesystem::path cache_dir();

}  // namespace mirage_tool
