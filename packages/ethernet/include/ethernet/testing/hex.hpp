#pragma once
// For tests: a Buffer from hex text, aborting on a typo (test data is not untrusted input).
#include <cstdlib>
#include <cstruct/buffer.hpp>
#include <cstruct/hexdump.hpp>
#include <string_view>

namespace ethernet::testing {

inline cstruct::Buffer hex(std::string_view text) {
  auto b = cstruct::of_hex(text);
  if (!b) std::abort();
  return *b;
}

}  // namespace ethernet::testing
