#pragma once
// The tool's commands. Each takes its parsed arguments, prints, and returns an exit status
// (or an Error, which main prints).
#include <map>
#include <string>
#include <vector>

#include "util.hpp"

namespace mirage_tool {

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--json" -> "", "--prefix" -> "/tmp/p"
  std::vector<std::string> rest;               // after "--"
  bool has(const std::string& o) const { return options.contains(o); }
  std::string get(const std::string& o, std::string fallback = "") const {
    auto it = options.find(o);
    return it == options.end() ? fallback : it->second;
  }
};

using Command = Result<int> (*)(const Args&);

Result<int> cmd_search(const Args&);
Result<int> cmd_show(const Args&);
Result<int> cmd_deps(const Args&);
Result<int> cmd_resolve(const Args&);
Result<int> cmd_lint(const Args&);
Result<int> cmd_publish(const Args&);
Result<int> cmd_install(const Args&);
Result<int> cmd_pin(const Args&);
Result<int> cmd_index(const Args&);
Result<int> cmd_configure(const Args&);
Result<int> cmd_build(const Args&);
Result<int> cmd_run(const Args&);
Result<int> cmd_clean(const Args&);
Result<int> cmd_describe(const Args&);

}  // namespace mirage_tool
