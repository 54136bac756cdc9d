#pragma once
// Terminal output: colour only when stdout is a terminal and NO_COLOR is unset.
#include <string>
#include <string_view>

namespace mirage_tool::term {

void set_color(bool on);
bool color();
std::string bold(std::string_view s);
std::string green(std::string_view s);
std::string red(std::string_view s);
std::string yellow(std::string_view s);
std::string dim(std::string_view s);
// Writes "error: MESSAGE" to stderr (red "error:" on a terminal).
void error(std::string_view message);
// A progress line on stderr ("[3/12] building tls").
void progress(std::string_view message);

}  // namespace mirage_tool::term
