#pragma once
// What a fuzz target asserts beyond "no crash, no sanitizer report": an invariant of the parser
// under test. A broken one prints what and where and aborts, which libFuzzer records as a crash
// (and saves the input) and the corpus replay reports as a failed test.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                                   \
  do {                                                                                           \
    if (!(cond)) {                                                                               \
      std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s (%s)\n", __FILE__, __LINE__, what, \
                   #cond);                                                                       \
      std::abort();                                                                              \
    }                                                                                            \
  } while (0)
