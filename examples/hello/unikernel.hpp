#pragma once
// hello: prints the `hello` boot key four times, one second apart, then exits 0.
// An application is a class template over the devices it needs (unikernel.json lists them
// in the same order); `mirage configure` generates the main that instantiates it with the
// target's devices and passes the boot keys last.
#include <async/task.hpp>
#include <mirage/clock.hpp>
#include <mirage/console.hpp>

#include <chrono>
#include <string>

template <mirage::Console C, mirage::Time T>
struct Unikernel {
  template <class Keys>
  static async::Task<int> start(C& console, T& time, const Keys& keys) {
    using namespace std::chrono_literals;
    for (int i = 0; i < 4; ++i) {
      if (i > 0) co_await time.sleep(1s);
      auto written = co_await console.write(keys.hello + "\n");
      if (!written) co_return 1;
    }
    co_return 0;
  }
};
