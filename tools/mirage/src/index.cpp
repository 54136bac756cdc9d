#include "index.hpp"

#include <nlohmann/json.hpp>

#include <set>

#include "http.hpp"

namespace mirage_tool {

using json = nlohmann::json;

namespace {

bool is_hex_digest(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Result<void> check_fields(const json& j, const std::set<std::string>& known, const std::string& where) {
  if (!j.is_object()) return fail(where + ": expected an object", exit_status::bad_input);
  for (const auto& [key, _] : j.items())
    if (!known.contains(key)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return fail(where + ": unknown field '" + key + "' (known: " + list + ")", exit_status::bad_input);
    }
  return {};
}

Result<IndexVersion> parse_version_entry(const json& j, const std::string& vtext, const std::string& where,
                                         const std::filesystem::path& root, const std::string& package) {
  if (auto r = check_fields(j, {"depends", "build-depends", "optional", "conflicts", "targets", "source",
                                "manifest-sha256"}, where);
      !r)
    return std::unexpected(r.error());
  IndexVersion e;
  auto v = solver::Version::parse(vtext);
  if (!v) return fail(where + ": '" + vtext + "' is not a version: " + v.error(), exit_status::bad_input);
  e.version = *v;
  for (auto [field, out] : {std::pair{"depends", &e.depends}, {"build-depends", &e.build_depends},
                            {"optional", &e.optional}, {"conflicts", &e.conflicts}}) {
    if (!j.contains(field)) continue;
    auto c = parse_constraints(j[field], where + "." + field);
    if (!c) return std::unexpected(c.error());
    *out = std::move(*c);
  }
  if (!j.contains("targets") || !j["targets"].is_array())
    return fail(where + ".targets: missing or not a list", exit_status::bad_input);
  for (const auto& t : j["targets"]) {
    if (!t.is_string() || std::find(kTargets.begin(), kTargets.end(), t.get<std::string>()) == kTargets.end())
      return fail(where + ".targets: " + t.dump() + " is not a target (unix, virtio, xen)", exit_status::bad_input);
    e.targets.push_back(t.get<std::string>());
  }
  if (!j.contains("source")) return fail(where + ": missing field 'source'", exit_status::bad_input);
  const json& s = j["source"];
  if (auto r = check_fields(s, {"path", "url", "sha256"}, where + ".source"); !r) return std::unexpected(r.error());
  if (s.contains("path") == s.contains("url"))
    return fail(where + ".source: give either a path or a url with its sha256", exit_status::bad_input);
  if (s.contains("path")) {
    if (!s["path"].is_string()) return fail(where + ".source.path: expected a string", exit_status::bad_input);
    e.source.path = s["path"].get<std::string>();
    if (e.source.path.empty() || e.source.path.front() == '/' || e.source.path.find("..") != std::string::npos)
      return fail(where + ".source.path: '" + e.source.path + "' must be a relative path inside the index's directory", exit_status::bad_input);
  } else {
    if (!s["url"].is_string() || !s.contains("sha256") || !s["sha256"].is_string() ||
        !is_hex_digest(s["sha256"].get<std::string>()))
      return fail(where + ".source: a url needs a sha256 of 64 lower-case hex digits", exit_status::bad_input);
    e.source.url = s["url"].get<std::string>();
    e.source.sha256 = s["sha256"].get<std::string>();
  }
  if (!j.contains("manifest-sha256") || !j["manifest-sha256"].is_string() ||
      !is_hex_digest(j["manifest-sha256"].get<std::string>()))
    return fail(where + ".manifest-sha256: expected 64 lower-case hex digits", exit_status::bad_input);
  e.manifest_sha256 = j["manifest-sha256"].get<std::string>();
  if (!e.source.path.empty() && !root.empty()) {
    auto dir = root / e.source.path;
    auto text = read_file(dir / "package.json");
    if (!text)
      return fail(where + ".source.path: " + (dir / "package.json").string() + " does not exist", exit_status::bad_input);
    if (sha256_hex(*text) != e.manifest_sha256)
      return fail(where + ".manifest-sha256: checksum mismatch: " + (dir / "package.json").string() +
                      " has changed since it was published; run `mirage publish " + e.source.path + "`",
                  exit_status::bad_input);
    auto m = parse_manifest(*text, (dir / "package.json").string());
    if (!m) return std::unexpected(m.error());
    if (m->name != package || m->version != e.version)
      return fail(where + ".source.path: " + e.source.path + " holds " + m->name + " " + m->version.to_string(),
                  exit_status::bad_input);
  }
  return e;
}

json constraints_json(const Constraints& c) {
  json j = json::object();
  for (const auto& [name, con] : c) j[name] = con.text;
  return j;
}

}  // namespace

Result<Index> parse_index(std::string_view text, const std::string& name, const std::string& location,
                          const std::filesystem::path& root) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return fail(location + ": not valid JSON", exit_status::bad_input);
  if (auto r = check_fields(j, {"index-version", "packages"}, location); !r) return std::unexpected(r.error());
  if (!j.contains("index-version") || j["index-version"] != 1)
    return fail(location + ": index-version must be 1", exit_status::bad_input);
  Index index{name, location, root, {}};
  if (!j.contains("packages") || !j["packages"].is_object())
    return fail(location + ": missing the 'packages' object", exit_status::bad_input);
  for (const auto& [pname, pj] : j["packages"].items()) {
    std::string where = location + ": package '" + pname + "'";
    if (!valid_package_name(pname)) return fail(where + ": not a package name", exit_status::bad_input);
    if (auto r = check_fields(pj, {"synopsis", "license", "versions"}, where); !r) return std::unexpected(r.error());
    IndexPackage p{pname, pj.value("synopsis", ""), pj.value("license", ""), {}};
    if (!pj.contains("versions") || !pj["versions"].is_object() || pj["versions"].empty())
      return fail(where + ": 'versions' must be an object with at least one version", exit_status::bad_input);
    for (const auto& [vtext, vj] : pj["versions"].items()) {
      auto e = parse_version_entry(vj, vtext, where + " version '" + vtext + "'", root, pname);
      if (!e) return std::unexpected(e.error());
      p.versions.emplace(e->version, std::move(*e));
    }
    index.packages.emplace(pname, std::move(p));
  }
  return index;
}

Result<Index> load_index(const std::string& name, const std::string& where) {
  if (where.starts_with("http://") || where.starts_with("https://")) {
    std::string url = where.ends_with(".json") ? where : where + (where.ends_with("/") ? "" : "/") + "index.json";
    auto body = http_get(url);
    if (!body) return std::unexpected(body.error());
    return parse_index(*body, name, url, {});
  }
  std::filesystem::path path = where.starts_with("file://") ? where.substr(7) : where;
  if (std::filesystem::is_directory(path)) path /= "index.json";
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse_index(*text, name, path.string(), path.parent_path());
}

IndexVersion entry_for(const Manifest& m, Source source) {
  return IndexVersion{m.version, m.depends, m.build_depends, m.optional, m.conflicts, m.targets,
                      std::move(source), sha256_hex(m.raw)};
}

bool same_entry(const IndexVersion& a, const IndexVersion& b) {
  auto texts = [](const Constraints& c) {
    std::map<std::string, std::string> out;
    for (const auto& [n, con] : c) out[n] = con.text;
    return out;
  };
  return a.version == b.version && texts(a.depends) == texts(b.depends) &&
         texts(a.build_depends) == texts(b.build_depends) && texts(a.optional) == texts(b.optional) &&
         texts(a.conflicts) == texts(b.conflicts) && a.targets == b.targets &&
         a.source.path == b.source.path && a.source.url == b.source.url && a.source.sha256 == b.source.sha256 &&
         a.manifest_sha256 == b.manifest_sha256;
}

std::string serialize_index(const Index& index) {
  json packages = json::object();
  for (const auto& [name, p] : index.packages) {
    json versions = json::object();
    for (const auto& [v, e] : p.versions) {
      json entry = {{"depends", constraints_json(e.depends)},
                    {"build-depends", constraints_json(e.build_depends)},
                    {"targets", e.targets},
                    {"manifest-sha256", e.manifest_sha256}};
      if (!e.optional.empty()) entry["optional"] = constraints_json(e.optional);
      if (!e.conflicts.empty()) entry["conflicts"] = constraints_json(e.conflicts);
      if (!e.source.path.empty()) entry["source"] = {{"path", e.source.path}};
      else entry["source"] = {{"url", e.source.url}, {"sha256", e.source.sha256}};
      versions[v.to_string()] = entry;
    }
    packages[name] = {{"synopsis", p.synopsis}, {"license", p.license}, {"versions", versions}};
  }
  json j = {{"index-version", 1}, {"packages", packages}};
  return j.dump(2) + "\n";
}

}  // namespace mirage_tool
