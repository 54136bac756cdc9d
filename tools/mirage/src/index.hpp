#pragma once
// index.json: every published version of every package (tools/mirage/README.md has the
// schema). Loading validates everything: JSON, field names and types, names, versions,
// constraints, targets, sources, and the checksum of each in-repository manifest.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "manifest.hpp"

namespace mirage_tool {

struct Source {
  std::string path;    // a directory relative to the index's root, or
  std::string url;     // an archive (.tar.gz) ...
  std::string sha256;  // ... and its checksum
};

struct IndexVersion {
  solver::Version version;
  Constraints depends, build_depends, optional, conflicts;
  std::vector<std::string> targets;
  Source source;
  std::string manifest_sha256;
};

struct IndexPackage {
  std::string name;
  std::string synopsis;
  std::string license;
  std::map<solver::Version, IndexVersion> versions;
};

struct Index {
  std::string name;              // "main", or the name given to `mirage index add`
  std::string location;          // the file or URL it was read from, for messages
  std::filesystem::path root;    // what source paths are relative to ("" for a URL)
  std::map<std::string, IndexPackage> packages;
};

// Parses index text. `location` names it in errors; path sources are checked against the
// manifests under `root` when `root` is not empty.
Result<Index> parse_index(std::string_view text, const std::string& name, const std::string& location,
                          const std::filesystem::path& root);
// Reads an index from a file, a directory holding index.json, or a file:// or http:// URL.
Result<Index> load_index(const std::string& name, const std::string& where);
// The index as JSON text, sorted, two-space indented, ending in a newline.
std::string serialize_index(const Index& index);
// The entry a manifest publishes, with its source.
IndexVersion entry_for(const Manifest& manifest, Source source);
// Whether two entries say the same thing (the manifest checksum included).
bool same_entry(const IndexVersion& a, const IndexVersion& b);

}  // namespace mirage_tool
