#pragma once
// `mirage lint`: checks a package against the convention (packages/README.md).
#include <filesystem>
#include <string>
#include <vector>

#include "indexes.hpp"

namespace mirage_tool {

struct LintReport {
  std::vector<std::string> problems;  // each a sentence naming the file and what to do
  std::vector<std::string> checked;   // what passed, for the report
  bool ok() const { return problems.empty(); }
};

struct LintOptions {
  bool build = true;  // also build it alone, run its unit tests, install it and check the config
};

Result<LintReport> lint_package(const std::filesystem::path& dir, const IndexSet& indexes, const Config& config,
                                const LintOptions& options);

// Headers that portable code may not include (ARCHITECTURE.md §3), for lint and for tests.
const std::vector<std::string>& host_only_headers();

}  // namespace mirage_tool
