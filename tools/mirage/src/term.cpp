#include "term.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace mirage_tool::term {
namespace {
bool g_color = ::isatty(1) && std::getenv("NO_COLOR") == nullptr;
bool g_color_err = ::isatty(2) && std::getenv("NO_COLOR") == nullptr;
std::string wrap(std::string_view code, std::string_view s, bool on) {
  if (!on) return std::string(s);
  return "\033[" + std::string(code) + "m" + std::string(s) + "\033[0m";
}
}  // namespace

void set_color(bool on) { g_color = g_color_err = on; }
bool color() { return g_color; }
std::string bold(std::string_view s) { return wrap("1", s, g_color); }
std::string green(std::string_view s) { return wrap("32", s, g_color); }
std::string red(std::string_view s) { return wrap("31", s, g_color); }
std::string yellow(std::string_view s) { return wrap("33", s, g_color); }
std::string dim(std::string_view s) { return wrap("2", s, g_color); }

void error(std::string_view message) {
  std::fprintf(stderr, "%s %.*s\n", wrap("1;31", "error:", g_color_err).c_str(), int(message.size()), message.data());
}

void progress(std::string_view message) {
  std::fprintf(stderr, "%s\n", wrap("2", message, g_color_err).c_str());
}

}  // namespace mirage_tool::term
