#include "indexes.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>

namespace mirage_tool {

using json = nlohmann::json;

std::filesystem::path config_path() {
  if (const char* c = std::getenv("MIRAGE_CONFIG"); c && *c) return c;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::filesystem::path(x) / "mirage/config.json";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home ? home : ".") / ".config/mirage/config.json";
}

Result<Config> load_config() {
  Config config;
  auto path = config_path();
  if (!std::filesystem::exists(path)) return config;
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  json j = json::parse(*text, nullptr, false);
  auto bad = [&](const std::string& what) {
    return fail(path.string() + ": " + what + " (fix or delete the file)", exit_status::bad_input);
  };
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  for (const auto& [key, _] : j.items())
    if (key != "indexes" && key != "pins") return bad("unknown field '" + key + "'");
  if (j.contains("indexes")) {
    if (!j["indexes"].is_array()) return bad("'indexes' must be a list");
    for (const auto& e : j["indexes"]) {
      if (!e.is_object() || !e.contains("name") || !e.contains("location") || !e["name"].is_string() ||
          !e["location"].is_string())
        return bad("each index needs a name and a location");
      config.indexes.push_back({e["name"].get<std::string>(), e["location"].get<std::string>()});
    }
  }
  if (j.contains("pins")) {
    if (!j["pins"].is_object()) return bad("'pins' must be an object");
    for (const auto& [name, p] : j["pins"].items()) {
      if (!p.is_object()) return bad("pin '" + name + "' must be an object");
      config.pins[name] = Pin{p.value("version", ""), p.value("path", "")};
    }
  }
  return config;
}

Result<void> save_config(const Config& config) {
  json indexes = json::array();
  for (const auto& e : config.indexes) indexes.push_back({{"name", e.name}, {"location", e.location}});
  json pins = json::object();
  for (const auto& [name, p] : config.pins) {
    if (!p.path.empty()) pins[name] = {{"path", p.path}};
    else pins[name] = {{"version", p.version}};
  }
  auto path = config_path();
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  return write_file_atomic(path, json{{"indexes", indexes}, {"pins", pins}}.dump(2) + "\n");
}

std::filesystem::path repository_root() {
  if (const char* r = std::getenv("MIRAGE_ROOT"); r && *r) return r;
  std::error_code ec;
  for (auto dir = std::filesystem::current_path(ec); !dir.empty(); dir = dir.parent_path()) {
    if (std::filesystem::exists(dir / "index.json") && std::filesystem::is_directory(dir / "packages"))
      return dir;
    if (dir == dir.root_path()) break;
  }
  return MIRAGE_SOURCE_ROOT;
}

std::vector<std::string> IndexSet::package_names() const {
  std::set<std::string> names;
  for (const auto& l : layers_)
    for (const auto& [n, _] : l.packages) names.insert(n);
  return {names.begin(), names.end()};
}

std::map<solver::Version, const IndexVersion*> IndexSet::versions(const std::string& name) const {
  std::map<solver::Version, const IndexVersion*> out;
  for (const auto& l : layers_) {
    auto it = l.packages.find(name);
    if (it == l.packages.end()) continue;
    for (const auto& [v, e] : it->second.versions) out.emplace(v, &e);  // emplace keeps the first
  }
  return out;
}

const IndexVersion* IndexSet::find(const std::string& name, const solver::Version& v) const {
  auto all = versions(name);
  auto it = all.find(v);
  return it == all.end() ? nullptr : it->second;
}

const IndexPackage* IndexSet::package(const std::string& name) const {
  for (const auto& l : layers_)
    if (auto it = l.packages.find(name); it != l.packages.end()) return &it->second;
  return nullptr;
}

const Index* IndexSet::origin(const std::string& name, const solver::Version& v) const {
  for (const auto& l : layers_)
    if (auto it = l.packages.find(name); it != l.packages.end() && it->second.versions.contains(v)) return &l;
  return nullptr;
}

Result<IndexSet> load_indexes(const Config& config) {
  std::vector<Index> layers;
  Index pins{"pins", "mirage pin", "/", {}};
  for (const auto& [name, pin] : config.pins) {
    if (pin.path.empty()) continue;
    auto m = load_manifest(pin.path);
    if (!m) return fail("the pin of " + name + " to " + pin.path + " is broken: " + m.error().message +
                            " (run `mirage pin --remove " + name + "`)", m.error().status);
    if (m->name != name)
      return fail("the pin of " + name + " points at " + pin.path + ", which holds package " + m->name, exit_status::bad_input);
    IndexPackage p{m->name, m->synopsis, m->license, {}};
    p.versions.emplace(m->version, entry_for(*m, Source{std::filesystem::absolute(pin.path).relative_path().string(), "", ""}));
    pins.packages.emplace(name, std::move(p));
  }
  if (!pins.packages.empty()) layers.push_back(std::move(pins));
  for (const auto& e : config.indexes) {
    auto idx = load_index(e.name, e.location);
    if (!idx) return std::unexpected(idx.error());
    layers.push_back(std::move(*idx));
  }
  auto main = load_index("main", (repository_root() / "index.json").string());
  if (!main) return std::unexpected(main.error());
  layers.push_back(std::move(*main));
  return IndexSet(std::move(layers));
}

}  // namespace mirage_tool
