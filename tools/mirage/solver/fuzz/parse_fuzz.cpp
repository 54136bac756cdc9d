// libFuzzer target for the two parsers that read index text: parse_constraint and
// Version::parse. Checks that they never crash, that errors point inside the text, and that
// what parses round-trips (versions through text, sets through complement).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "solver/constraint.hpp"
#include "solver/version.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto set = solver::parse_constraint(text)) {
    if (set->to_string().empty() || set->complement().complement() != *set) __builtin_trap();
  } else if (set.error().offset > size) {
    __builtin_trap();
  }
  if (auto v = solver::Version::parse(text)) {
    auto again = solver::Version::parse(v->to_string());
    if (!again || *again != *v || again->to_string() != text) __builtin_trap();
  }
  return 0;
}
