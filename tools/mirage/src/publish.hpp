#pragma once
// `mirage publish`: lint a package, then add its version to a local index.
#include <filesystem>
#include <string>

#include "indexes.hpp"
#include "lint.hpp"

namespace mirage_tool {

struct PublishOptions {
  std::string index;       // a configured index's name, or "" for the repository's
  bool backport = false;   // allow a version lower than the newest
  LintOptions lint;
};

struct Published {
  std::string package, version, index_file;
  bool unchanged = false;  // that exact version was already there
};

// Nothing is written unless every check passes. A package inside the index's directory is
// published by path; one outside it as a .tar.gz archive written beside the index
// (archives/NAME-VERSION.tar.gz), recorded with its sha256.
Result<Published> publish(const std::filesystem::path& dir, const IndexSet& indexes, const Config& config,
                          const PublishOptions& options);

}  // namespace mirage_tool
