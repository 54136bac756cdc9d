#pragma once
// unikernel.json: what a user writes beside unikernel.hpp (tools/mirage/README.md has the
// schema), and the device implementations each target offers.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest.hpp"

namespace mirage_tool {

struct DeviceSpec {
  std::string name;       // a C++ identifier, unique in the unikernel ("console", "files")
  std::string kind;       // console, time, mclock, pclock, random, stack, kv_ro, kv_rw, block, net
  std::string directory;  // kv_ro / kv_rw: the directory, relative to unikernel.json
  std::string file;       // block: the file
};

struct KeySpec {
  std::string name;
  std::string type;           // string, int, bool, port, ipv4, ipv4-interface, ip, duration
  std::string default_value;  // as text, empty with required
  bool required = false;
  std::string help;
};

struct Unikernel {
  std::filesystem::path dir;  // where unikernel.json is
  std::string name;
  std::string synopsis;
  std::string source;         // the header with the application template
  std::string template_name;  // "Unikernel"
  std::vector<DeviceSpec> devices;
  Constraints packages;
  std::vector<KeySpec> keys;
};

inline const std::vector<std::string> kDeviceKinds = {"console", "time", "mclock", "pclock", "random",
                                                      "stack", "kv_ro", "kv_rw", "block", "net"};
inline const std::vector<std::string> kKeyTypes = {"string", "int", "bool", "port", "ipv4",
                                                   "ipv4-interface", "ip", "duration"};

Result<Unikernel> parse_unikernel(std::string_view text, const std::filesystem::path& dir);
Result<Unikernel> load_unikernel(const std::filesystem::path& dir);

// How configure was asked to build: the target and its options.
struct TargetChoice {
  std::string target = "unix";  // unix, virtio, xen
  std::string net = "socket";   // unix: socket (the host's sockets) or direct (our TCP/IP on a tap device)
  std::string kv_ro = "crunch"; // unix: crunch (in the binary) or direct (read the directory)
};

// One device as the target implements it.
struct DeviceImpl {
  std::string type;                    // the C++ type, "mirage_unix::Console"
  std::string package;                 // the package providing it
  std::vector<std::string> headers;    // to include in main.cpp
  std::string describe;                // one line for `mirage describe`
  std::string constraint = "^1.0";     // the versions of `package` that provide it
};


// A device name as it appears in a boot key: "my_stack" -> "my-stack".
std::string dashed(std::string name);

// The implementation of `device` on the target, or an error naming the device and saying
// what is missing.
Result<DeviceImpl> implement(const DeviceSpec& device, const TargetChoice& choice);

}  // namespace mirage_tool
