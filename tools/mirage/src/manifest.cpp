#include "manifest.hpp"

#include <nlohmann/json.hpp>
#include <solver/constraint.hpp>

#include <algorithm>
#include <set>

namespace mirage_tool {

using json = nlohmann::json;

bool valid_package_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  if (name.back() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

Result<Constraints> parse_constraints(const json& j, const std::string& where) {
  if (!j.is_object()) return fail(where + ": expected an object of package names to constraints", exit_status::bad_input);
  Constraints out;
  for (const auto& [name, value] : j.items()) {
    if (!valid_package_name(name))
      return fail(where + ": '" + name + "' is not a package name (lower-case letters, digits, dashes)", exit_status::bad_input);
    if (!value.is_string())
      return fail(where + "." + name + ": expected a constraint string like \"^1.0\"", exit_status::bad_input);
    auto text = value.get<std::string>();
    auto set = solver::parse_constraint(text);
    if (!set)
      return fail(where + "." + name + ": bad constraint \"" + text + "\": " + set.error().message, exit_status::bad_input);
    out.emplace(name, Constraint{text, *set});
  }
  return out;
}

Result<Manifest> parse_manifest(std::string_view text, const std::string& where) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail(where + ": not a JSON object (check for a missing comma or brace)", exit_status::bad_input);
  static const std::set<std::string> known = {"name", "version", "synopsis", "license", "depends",
                                              "build-depends", "optional", "conflicts", "targets"};
  for (const auto& [key, _] : j.items())
    if (!known.contains(key))
      return fail(where + ": unknown field '" + key + "' (known: name, version, synopsis, license, depends, build-depends, optional, conflicts, targets)", exit_status::bad_input);
  Manifest m;
  m.raw = std::string(text);
  auto string_field = [&](const char* field, std::string& out) -> Result<void> {
    if (!j.contains(field)) return fail(where + ": missing field '" + field + "'", exit_status::bad_input);
    if (!j[field].is_string()) return fail(where + "." + field + ": expected a string", exit_status::bad_input);
    out = j[field].get<std::string>();
    return {};
  };
  std::string version_text;
  for (auto [field, out] : {std::pair{"name", &m.name}, {"version", &version_text},
                            {"synopsis", &m.synopsis}, {"license", &m.license}})
    if (auto r = string_field(field, *out); !r) return std::unexpected(r.error());
  if (!valid_package_name(m.name))
    return fail(where + ".name: '" + m.name + "' is not a package name (lower-case letters, digits, dashes)", exit_status::bad_input);
  auto v = solver::Version::parse(version_text);
  if (!v) return fail(where + ".version: " + v.error(), exit_status::bad_input);
  m.version = *v;
  for (auto [field, out] : {std::pair{"depends", &m.depends}, {"build-depends", &m.build_depends},
                            {"optional", &m.optional}, {"conflicts", &m.conflicts}}) {
    if (!j.contains(field)) continue;
    auto c = parse_constraints(j[field], where + "." + field);
    if (!c) return std::unexpected(c.error());
    *out = std::move(*c);
  }
  if (!j.contains("targets") || !j["targets"].is_array() || j["targets"].empty())
    return fail(where + ".targets: expected a non-empty list drawn from unix, virtio, xen", exit_status::bad_input);
  for (const auto& t : j["targets"]) {
    if (!t.is_string() || std::find(kTargets.begin(), kTargets.end(), t.get<std::string>()) == kTargets.end())
      return fail(where + ".targets: " + t.dump() + " is not a target (unix, virtio, xen)", exit_status::bad_input);
    m.targets.push_back(t.get<std::string>());
  }
  return m;
}

Result<Manifest> load_manifest(const std::filesystem::path& package_dir) {
  auto path = package_dir / "package.json";
  auto text = read_file(path);
  if (!text) return fail(path.string() + " not found: a package directory holds a package.json (see packages/README.md)", exit_status::bad_input);
  return parse_manifest(*text, path.string());
}

}  // namespace mirage_tool
