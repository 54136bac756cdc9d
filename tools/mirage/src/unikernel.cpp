#include "unikernel.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace mirage_tool {

using json = nlohmann::json;

namespace {
bool identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}
bool key_name(const std::string& s) {
  return !s.empty() && std::islower(static_cast<unsigned char>(s[0])) && s.back() != '-' &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'; });
}
std::string list(const std::vector<std::string>& v) { return join(v, ", "); }
}  // namespace

Result<Unikernel> parse_unikernel(std::string_view text, const std::filesystem::path& dir) {
  const std::string where = (dir / "unikernel.json").string();
  auto bad = [&](const std::string& field, const std::string& what) {
    return fail(where + ": " + field + ": " + what, exit_status::bad_input);
  };
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(where + ": not a JSON object", exit_status::bad_input);
  static const std::set<std::string> known = {"name", "synopsis", "source", "template", "devices", "packages", "keys"};
  for (const auto& [k, _] : j.items())
    if (!known.contains(k))
      return bad(k, "unknown field (known: name, synopsis, source, template, devices, packages, keys)");
  Unikernel u;
  u.dir = dir;
  for (auto [field, out] : {std::pair{"name", &u.name}, {"source", &u.source}, {"template", &u.template_name}}) {
    if (!j.contains(field)) return bad(field, "missing (required)");
    if (!j[field].is_string() || j[field].get<std::string>().empty()) return bad(field, "expected a non-empty string");
    *out = j[field].get<std::string>();
  }
  u.synopsis = j.value("synopsis", "");
  if (!valid_package_name(u.name)) return bad("name", "'" + u.name + "' must be lower-case letters, digits and dashes");
  if (!identifier(u.template_name)) return bad("template", "'" + u.template_name + "' is not a C++ identifier");
  if (!std::filesystem::exists(dir / u.source)) return bad("source", (dir / u.source).string() + " does not exist");
  if (!j.contains("devices") || !j["devices"].is_array()) return bad("devices", "missing: list the devices in the order the template takes them");
  std::set<std::string> names;
  for (std::size_t i = 0; i < j["devices"].size(); ++i) {
    const json& d = j["devices"][i];
    std::string at = "devices[" + std::to_string(i) + "]";
    if (!d.is_object()) return bad(at, "expected an object with a kind");
    for (const auto& [k, _] : d.items())
      if (k != "name" && k != "kind" && k != "directory" && k != "file") return bad(at + "." + k, "unknown field (known: name, kind, directory, file)");
    if (!d.contains("kind") || !d["kind"].is_string()) return bad(at + ".kind", "missing (one of " + list(kDeviceKinds) + ")");
    DeviceSpec dev{d.value("name", d["kind"].get<std::string>()), d["kind"].get<std::string>(), d.value("directory", ""), d.value("file", "")};
    if (std::find(kDeviceKinds.begin(), kDeviceKinds.end(), dev.kind) == kDeviceKinds.end()) {
      std::string hint = closest(dev.kind, kDeviceKinds);
      return bad(at + ".kind", "unknown device '" + dev.kind + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                                   "; devices are " + list(kDeviceKinds));
    }
    if (!identifier(dev.name)) return bad(at + ".name", "'" + dev.name + "' is not a C++ identifier");
    if (!names.insert(dev.name).second) return bad(at + ".name", "two devices are named '" + dev.name + "'");
    if (dev.kind == "kv_ro" && dev.directory.empty()) return bad(at + ".directory", "a kv_ro device needs the directory it serves");
    if (dev.kind == "block" && dev.file.empty()) return bad(at + ".file", "a block device needs its file");
    if (!dev.directory.empty() && !std::filesystem::is_directory(dir / dev.directory))
      return bad(at + ".directory", (dir / dev.directory).string() + " is not a directory");
    u.devices.push_back(std::move(dev));
  }
  if (j.contains("packages")) {
    auto c = parse_constraints(j["packages"], where + ": packages");
    if (!c) return std::unexpected(c.error());
    u.packages = std::move(*c);
  }
  if (j.contains("keys")) {
    if (!j["keys"].is_array()) return bad("keys", "expected a list");
    std::set<std::string> keys;
    for (std::size_t i = 0; i < j["keys"].size(); ++i) {
      const json& k = j["keys"][i];
      std::string at = "keys[" + std::to_string(i) + "]";
      if (!k.is_object() || !k.contains("name") || !k["name"].is_string()) return bad(at + ".name", "missing");
      for (const auto& [f, _] : k.items())
        if (f != "name" && f != "type" && f != "default" && f != "help" && f != "required")
          return bad(at + "." + f, "unknown field (known: name, type, default, help, required)");
      KeySpec key{k["name"].get<std::string>(), k.value("type", "string"), "", k.value("required", false), k.value("help", "")};
      if (!key_name(key.name) || key.name == "help" || key.name == "logs")
        return bad(at + ".name", "'" + key.name + "' must be lower-case letters, digits and dashes, and not help or logs");
      if (!keys.insert(key.name).second) return bad(at + ".name", "two keys are named '" + key.name + "'");
      if (std::find(kKeyTypes.begin(), kKeyTypes.end(), key.type) == kKeyTypes.end())
        return bad(at + ".type", "unknown type '" + key.type + "' (one of " + list(kKeyTypes) + ")");
      if (k.contains("default")) {
        const json& dv = k["default"];
        if (key.type == "bool" && !dv.is_boolean()) return bad(at + ".default", "expected true or false");
        if ((key.type == "int" || key.type == "port") && !dv.is_number_integer()) return bad(at + ".default", "expected an integer");
        if (key.type == "port" && (dv.get<std::int64_t>() < 0 || dv.get<std::int64_t>() > 65535)) return bad(at + ".default", "a port is in 0..65535");
        if (key.type != "bool" && key.type != "int" && key.type != "port" && !dv.is_string()) return bad(at + ".default", "expected a string");
        key.default_value = dv.is_string() ? dv.get<std::string>() : dv.dump();
      } else if (!key.required) {
        return bad(at + ".default", "missing: give a default or \"required\": true");
      }
      u.keys.push_back(std::move(key));
    }
  }
  return u;
}

Result<Unikernel> load_unikernel(const std::filesystem::path& dir) {
  auto path = dir / "unikernel.json";
  auto text = read_file(path);
  if (!text)
    return fail("no unikernel.json in " + dir.string() + ": run mirage in a unikernel's directory (see examples/hello)",
                exit_status::usage);
  return parse_unikernel(*text, dir);
}

Result<DeviceImpl> implement(const DeviceSpec& d, const TargetChoice& c) {
  auto missing = [&](const std::string& why) {
    return fail("device '" + d.name + "' (" + d.kind + ") has no implementation for target " + c.target + ": " + why,
                exit_status::not_satisfiable);
  };
  if (c.target != "unix")
    return missing("the " + c.target + " target is not available in this version of mirage; use -t unix");
  const std::vector<std::string> unix_devices = {"mirage_unix/devices.hpp"};
  if (d.kind == "console") return DeviceImpl{"mirage_unix::Console", "mirage-unix", unix_devices, "stdout"};
  if (d.kind == "time") return DeviceImpl{"mirage_unix::Time", "mirage-unix", unix_devices, "the event loop's timers"};
  if (d.kind == "mclock") return DeviceImpl{"mirage_unix::Mclock", "mirage-unix", unix_devices, "CLOCK_MONOTONIC"};
  if (d.kind == "pclock") return DeviceImpl{"mirage_unix::Pclock", "mirage-unix", unix_devices, "CLOCK_REALTIME"};
  if (d.kind == "random") return DeviceImpl{"mirage_unix::Random", "mirage-unix", unix_devices, "getrandom(2)"};
  if (d.kind == "kv_ro") {
    if (c.kv_ro == "crunch")
      return DeviceImpl{"const crunch::Store", "crunch", {"crunch/store.hpp"}, d.directory + " embedded at build time"};
    return DeviceImpl{"kv_unix::Store", "kv-unix", {"kv_unix/store.hpp"}, d.directory + " read at run time (read-only)"};
  }
  if (d.kind == "kv_rw") {
    if (d.directory.empty()) return DeviceImpl{"kv_mem::Store", "kv-mem", {"kv_mem/store.hpp"}, "in memory"};
    return DeviceImpl{"kv_unix::Store", "kv-unix", {"kv_unix/store.hpp"}, d.directory + " on the host"};
  }
  if (d.kind == "stack") {
    if (c.net == "direct")
      return DeviceImpl{"tcpip_unix::Stack", "tcpip-unix", {"tcpip_unix/stack.hpp"},
                        "our own TCP/IP (tcpip) on a tap device, from the boot keys --" + dashed(d.name) + "-tap, --" +
                            dashed(d.name) + "-ipv4, --" + dashed(d.name) + "-ipv4-gateway and --" + dashed(d.name) +
                            "-ipv6 (--net direct)",
                        "^0.2"};
    return DeviceImpl{"tcpip_socket::Stack", "tcpip-socket", {"tcpip-socket/stack.hpp"},
                      "the host's TCP and UDP sockets on every address (--net socket)"};
  }
  if (d.kind == "net")
    return missing("a net device (raw Ethernet frames: a tap device on unix) is not offered to applications yet; "
                   "for TCP and UDP use a stack device (--net socket for the host's sockets, --net direct for our "
                   "TCP/IP on a tap device)");
  return missing("the unix block device arrives with the block-unix package");
}

}  // namespace mirage_tool
