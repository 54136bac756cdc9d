#pragma once
// For tests: runs a task to completion on a fresh loop with a virtual clock
// (async::ManualPlatform), aborting with a message if it cannot finish.
#include <async/loop.hpp>
#include <async/manual_platform.hpp>

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace mirage::testing {

template <class T>
T run(async::Task<T> task) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  auto result = loop.run(std::move(task));
  if (!result) {
    std::fputs("mirage::testing::run: the task could not finish (deadlock or stop)\n", stderr);
    std::abort();
  }
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

}  // namespace mirage::testing
