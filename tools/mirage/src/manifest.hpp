#pragma once
// package.json: a package's manifest (packages/README.md), parsed strictly: an unknown
// field, a bad name, version, constraint or target is an error naming the file and field.
#include <filesystem>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <solver/version.hpp>
#include <solver/version_set.hpp>
#include <string>
#include <vector>

#include "util.hpp"

namespace mirage_tool {

inline const std::vector<std::string> kTargets = {"unix", "virtio", "xen"};

// A constraint as written ("^1.0") and as the set of versions it admits.
struct Constraint {
  std::string text;
  solver::VersionSet versions;
};

using Constraints = std::map<std::string, Constraint>;

struct Manifest {
  std::string name;
  solver::Version version;
  std::string synopsis;
  std::string license;
  Constraints depends;        // linked: find_package + target_link_libraries
  Constraints build_depends;  // needed to build it (mirage-cmake)
  Constraints optional;       // used when present, in range
  Constraints conflicts;      // must not be present in range
  std::vector<std::string> targets;
  std::string raw;            // the file's bytes, for its checksum
};

// A package name: lower-case letters, digits and inner dashes, starting with a letter.
bool valid_package_name(std::string_view name);
// Parses a constraints object {"name": "constraint"}; `where` prefixes error messages.
Result<Constraints> parse_constraints(const nlohmann::json& object, const std::string& where);

Result<Manifest> parse_manifest(std::string_view text, const std::string& where);
Result<Manifest> load_manifest(const std::filesystem::path& package_dir);

}  // namespace mirage_tool
