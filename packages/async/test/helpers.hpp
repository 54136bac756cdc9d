#pragma once
#include <async/async.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace async_test {

using namespace std::chrono_literals;

// Counts live copies of itself: a Live parameter lives exactly as long as its coroutine frame.
struct Live {
  explicit Live(int& n) : count(&n) { ++*count; }
  Live(const Live& o) : count(o.count) { ++*count; }
  Live& operator=(const Live&) = delete;
  ~Live() { --*count; }
  int* count;
};

// A loop on a virtual clock.
class LoopTest : public ::testing::Test {
 protected:
  async::ManualPlatform platform;
  async::Loop loop{platform};
};

// Appends `what` to `log` after `delay`.
inline async::Task<void> log_after(async::Loop& loop, async::Duration delay,
                                   std::vector<std::string>& log, std::string what) {
  co_await loop.sleep(delay);
  log.push_back(what);
}

// Stops the loop after `d`: run() then returns RunError::Stopped, cancelling its task.
inline async::Task<void> stop_after(async::Loop& loop, async::Duration d) {
  co_await loop.sleep(d);
  loop.stop();
}

// Waits on `c` forever, holding `live`.
inline async::Task<void> wait_forever(async::Condition& c, Live live) {
  (void)live;
  for (;;) co_await c.wait();
}

}  // namespace async_test
