#pragma once
// FUZZ_CHECK(cond): a property every accepted input must have. On failure it names the
// property and aborts, which libFuzzer (and the corpus replay of unit builds) reports.
#include <cstdio>
#include <cstdlib>

namespace git_fuzz {

[[noreturn]] inline void property_failed(const char* file, int line, const char* property) {
  std::fprintf(stderr, "%s:%d: property does not hold: %s\n", file, line, property);
  std::abort();
}

}  // namespace git_fuzz

#define FUZZ_CHECK(cond) ((cond) ? (void)0 : ::git_fuzz::property_failed(__FILE__, __LINE__, #cond))
