// What the solver knows of the index: packages by id, their versions, and what each
// version needs, each fetched from the Provider once, on first use.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pubgrub_detail.hpp"

namespace solver::detail {

// One constraint of one package version, with the other package interned.
struct Edge {
  Kind kind;  // Dependency, Conflict or Optional
  PackageId package;
  VersionSet written;
  bool operator==(const Edge&) const = default;
};

// What the provider said about one version.
struct VersionData {
  bool loaded = false;
  bool processed = false;  // the solver has added its incompatibilities
  std::optional<std::string> unavailable;
  std::vector<Edge> edges;  // empty when unavailable
};

class Catalog {
 public:
  // Package 0 is the root: one version, 0.0.0, and no data of its own.
  Catalog(Provider& provider, bool prefer_oldest);

  PackageId intern(std::string_view name);
  std::size_t size() const { return entries_.size(); }
  const std::string& name(PackageId p) const { return entries_[p].name; }

  // The versions of p, ascending and distinct (listed on first use).
  const std::vector<Version>& versions(PackageId p) { return listed(p).versions; }
  // Indices into versions(p) in the order to try them: releases before pre-releases, then
  // newest first (oldest first with prefer_oldest).
  const std::vector<std::uint32_t>& order(PackageId p) { return listed(p).order; }
  // What version i of p needs (loaded on first use). A constraint of p on itself is folded
  // in: it either always holds for that version or makes it unavailable.
  VersionData& version(PackageId p, std::size_t i);

  // The versions of p that `set` admits.
  Bits bits_of(PackageId p, const VersionSet& set);

  // Every package's name and versions (as listed so far), for the explanation.
  void describe(ExplainInput& input) const;

 private:
  struct Entry {
    std::string name;
    bool listed = false;
    std::vector<Version> versions;
    std::vector<std::uint32_t> order;
    std::vector<VersionData> data;  // by version index
  };

  Entry& listed(PackageId p);

  Provider& provider_;
  bool prefer_oldest_;
  std::deque<Entry> entries_;  // a deque: references survive interning new packages
  std::unordered_map<std::string, PackageId> ids_;
};

}  // namespace solver::detail
