#pragma once
// Building and installing resolved packages into a prefix, each on its own (the third way
// of packages/README.md), so that find_package then finds them.
#include <expected>
#include <filesystem>
#include <functional>
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

// One package's source tree built on its own against the packages already installed under
// `prefix_path`: configure (unless `build` is configured already), build, run the unit
// tests if asked, install into `install_prefix`. `lint` and `install` both do this.
struct BuildAlone {
  std::filesystem::path source;
  std::filesystem::path build;
  std::filesystem::path prefix_path;
  std::filesystem::path install_prefix;
  std::string build_type = "Release";
  bool tests = true;
  bool tests_required = false;  // no unit test at all is a failure too (lint)
};
// The step that failed ("configuring", "building", "running the unit tests", "installing")
// and what it printed.
struct BuildStepFailure {
  std::string step;
  std::string log;
};
// `progress`, when given, is told each step as it starts.
std::expected<void, BuildStepFailure> build_alone(
    const BuildAlone& b, const std::function<void(const std::string& step)>& progress = {});

// Configures, builds (and tests) and installs each package of `lock` in dependency order.
// A package already installed in the prefix with the same manifest checksum is skipped.
Result<void> install(const IndexSet& indexes, const solver::Solution& solution, const LockFile& lock,
                     const InstallOptions& options);

std::filesystem::path cache_dir();

}  // namespace mirage_tool
