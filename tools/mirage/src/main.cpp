// mirage: the package index, the resolver, and unikernel assembly (tools/mirage/README.md).
#include <cstdio>
#include <cstring>
#include <set>
#include <string>

#include "commands.hpp"
#include "term.hpp"

using namespace mirage_tool;

namespace {

struct CommandInfo {
  const char* name;
  Command run;
  const char* usage;
  std::set<std::string> value_options;  // options that take a value
  std::set<std::string> flags;          // options that do not
};

const CommandInfo kCommands[] = {
    {"search", cmd_search, "search WORD [--json]", {}, {"--json"}},
    {"show", cmd_show, "show NAME[.VERSION] [--json]", {}, {"--json"}},
    {"deps", cmd_deps, "deps NAME [--tree|--dot] [-t TARGET] [--json]", {"-t", "--target"}, {"--tree", "--dot", "--json", "--prefer-oldest"}},
    {"resolve", cmd_resolve, "resolve REQUIREMENT... [-t TARGET] [--prefer-oldest] [--json]", {"-t", "--target"}, {"--json", "--prefer-oldest"}},
    {"lint", cmd_lint, "lint [PATH] [--quick]", {}, {"--quick", "--json"}},
    {"publish", cmd_publish, "publish PATH [--index NAME] [--backport] [--quick]", {"--index"}, {"--backport", "--quick"}},
    {"install", cmd_install, "install REQUIREMENT... --prefix DIR [-t TARGET] [--tests]", {"--prefix", "-t", "--target"}, {"--tests", "--prefer-oldest"}},
    {"pin", cmd_pin, "pin [NAME VERSION|PATH] | pin --remove NAME", {"--remove"}, {"--json"}},
    {"index", cmd_index, "index list | index add NAME PATH-OR-URL | index remove NAME", {}, {"--json"}},
    {"configure", cmd_configure, "configure -t unix [--net socket|direct] [--kv-ro crunch|direct] [--prefer-oldest]",
     {"-t", "--target", "--net", "--kv-ro"}, {"--prefer-oldest"}},
    {"build", cmd_build, "build", {}, {}},
    {"run", cmd_run, "run [-- KEY=VALUE ...]", {}, {}},
    {"clean", cmd_clean, "clean", {}, {}},
    {"describe", cmd_describe, "describe [--dot] [--json]", {}, {"--dot", "--json"}},
};

void usage(FILE* to) {
  std::fprintf(to, "usage: mirage COMMAND [ARGS]\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(to, "  mirage %s\n", c.usage);
  std::fprintf(to,
               "\nglobal options: --color / --no-color\n"
               "exit status: 0 ok, 1 no solution or check failed, 2 usage, 3 malformed input,\n"
               "             4 build failed, 5 I/O error\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  std::vector<std::string> filtered;
  for (const auto& w : words) {
    if (w == "--no-color") term::set_color(false);
    else if (w == "--color") term::set_color(true);
    else filtered.push_back(w);
  }
  if (filtered.empty() || filtered[0] == "--help" || filtered[0] == "help" || filtered[0] == "-h") {
    usage(filtered.empty() ? stderr : stdout);
    return filtered.empty() ? exit_status::usage : exit_status::ok;
  }
  const CommandInfo* cmd = nullptr;
  for (const auto& c : kCommands)
    if (filtered[0] == c.name) cmd = &c;
  if (!cmd) {
    std::vector<std::string> names;
    for (const auto& c : kCommands) names.push_back(c.name);
    auto hint = closest(filtered[0], names);
    term::error("unknown command '" + filtered[0] + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
                " (mirage --help lists the commands)");
    return exit_status::usage;
  }
  Args args;
  for (std::size_t i = 1; i < filtered.size(); ++i) {
    const std::string& w = filtered[i];
    if (w == "--") {
      args.rest.assign(filtered.begin() + long(i) + 1, filtered.end());
      break;
    }
    if (w == "--help" || w == "-h") {
      std::printf("usage: mirage %s\n", cmd->usage);
      return exit_status::ok;
    }
    if (w.starts_with("-") && w.size() > 1) {
      auto eq = w.find('=');
      std::string name = w.substr(0, eq);
      if (cmd->value_options.contains(name)) {
        if (eq != std::string::npos) args.options[name] = w.substr(eq + 1);
        else if (i + 1 < filtered.size()) args.options[name] = filtered[++i];
        else {
          term::error("option " + name + " needs a value (usage: mirage " + cmd->usage + ")");
          return exit_status::usage;
        }
      } else if (cmd->flags.contains(name) && eq == std::string::npos) {
        args.options[name] = "";
      } else {
        term::error("unknown option " + w + " for mirage " + cmd->name + " (usage: mirage " + cmd->usage + ")");
        return exit_status::usage;
      }
      continue;
    }
    args.positional.push_back(w);
  }
  auto result = cmd->run(args);
  if (!result) {
    term::error(result.error().message);
    return result.error().status;
  }
  return *result;
}
