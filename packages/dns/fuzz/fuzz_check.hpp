#pragma once
// FUZZ_CHECK(cond): aborts with the file, line and condition when cond is false, so that
// libFuzzer (and the corpus replay in unit builds) reports it.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                            \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (false)
