#pragma once
// For tests: runs a task to completion on a given loop (mirage::testing::run makes its
// own), aborting with a message if it cannot finish.
#include <async/loop.hpp>
#include <async/task.hpp>
#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <utility>

namespace ethernet::testing {

template <class T>
T run(async::Loop& loop, async::Task<T> task) {
  auto r = loop.run(std::move(task));
  if (!r) {
    std::fputs("ethernet::testing::run: the task could not finish (deadlock or stop)\n", stderr);
    std::abort();
  }
  if constexpr (!std::is_void_v<T>) return std::move(*r);
}

}  // namespace ethernet::testing
