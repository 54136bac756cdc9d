#pragma once
// Layered indexes (like opam repositories) and the user's configuration: indexes added with
// `mirage index add`, and pins. The configuration is a JSON file at $MIRAGE_CONFIG, else
// $XDG_CONFIG_HOME/mirage/config.json, else ~/.config/mirage/config.json.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "index.hpp"

namespace mirage_tool {

struct Pin {
  std::string version;  // a version of the index, or
  std::string path;     // a package directory whose package.json stands in for every version
};

struct Config {
  struct IndexEntry {
    std::string name;
    std::string location;  // a directory, a file, or a file:// or http:// URL
  };
  std::vector<IndexEntry> indexes;  // highest priority first; all above the repository's
  std::map<std::string, Pin> pins;
};

std::filesystem::path config_path();
Result<Config> load_config();
Result<void> save_config(const Config& config);

// The repository whose index.json is the base layer: $MIRAGE_ROOT, else the nearest
// directory above the current one holding index.json and packages/, else the source tree
// this tool was built from.
std::filesystem::path repository_root();

class IndexSet {
 public:
  // Layers in priority order (first wins when two define the same version).
  explicit IndexSet(std::vector<Index> layers) : layers_(std::move(layers)) {}
  const std::vector<Index>& layers() const { return layers_; }
  std::vector<std::string> package_names() const;
  // Every version of `name` across layers, each from the highest layer that has it.
  std::map<solver::Version, const IndexVersion*> versions(const std::string& name) const;
  const IndexVersion* find(const std::string& name, const solver::Version& v) const;
  // The package's metadata from the highest layer that lists it.
  const IndexPackage* package(const std::string& name) const;
  // Which layer the version comes from.
  const Index* origin(const std::string& name, const solver::Version& v) const;

 private:
  std::vector<Index> layers_;
};

// The configured indexes above the repository's own; path pins become a top layer named
// "pins" holding the pinned directories' manifests.
Result<IndexSet> load_indexes(const Config& config);

}  // namespace mirage_tool
