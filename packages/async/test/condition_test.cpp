#include "helpers.hpp"

namespace async_test {
namespace {

async::Task<void> wait_and_log(async::Condition& c, std::vector<std::string>& log, std::string id) {
  co_await c.wait();
  log.push_back(id);
}

async::Task<void> settle(async::Loop& loop) {
  for (int i = 0; i < 3; ++i) co_await loop.yield();
}

async::Task<std::size_t> signal_each(async::Loop& loop, async::Condition& c, int n) {
  co_await settle(loop);
  std::size_t woken = 0;
  for (int i = 0; i < n; ++i) {
    woken += c.signal() ? 1 : 0;
    co_await loop.yield();
  }
  co_return woken;
}

async::Task<std::size_t> broadcast_once(async::Loop& loop, async::Condition& c) {
  co_await settle(loop);
  const std::size_t n = c.broadcast();
  co_await settle(loop);
  co_return n;
}

async::Task<void> signal_then_stop(async::Loop& loop, async::Condition& c) {
  co_await settle(loop);
  c.signal();   // queues the waiter...
  loop.stop();  // ...which is cancelled before it runs
}

TEST_F(LoopTest, SignalWakesOneWaiterInArrivalOrder) {
  async::Condition c;
  std::vector<std::string> log;
  for (const char* id : {"a", "b", "c"}) loop.spawn(wait_and_log(c, log, id));
  EXPECT_EQ(loop.run(signal_each(loop, c, 2)), 2u);
  EXPECT_EQ(log, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(c.has_waiters());
}

TEST_F(LoopTest, BroadcastWakesEveryWaiter) {
  async::Condition c;
  std::vector<std::string> log;
  for (const char* id : {"a", "b", "c"}) loop.spawn(wait_and_log(c, log, id));
  EXPECT_EQ(loop.run(broadcast_once(loop, c)), 3u);
  EXPECT_EQ(log, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_FALSE(c.has_waiters());
}

TEST_F(LoopTest, SignalWithNoWaiterIsLost) {
  async::Condition c;
  EXPECT_FALSE(c.signal());
  EXPECT_EQ(c.broadcast(), 0u);
  std::vector<std::string> log;
  EXPECT_EQ(loop.run(wait_and_log(c, log, "a")), std::unexpected(async::RunError::Deadlocked));
  EXPECT_TRUE(log.empty());
}

TEST_F(LoopTest, CancelledWaiterLeavesTheCondition) {
  async::Condition c;
  int live = 0;
  EXPECT_EQ(loop.run(wait_forever(c, Live{live})), std::unexpected(async::RunError::Deadlocked));
  EXPECT_FALSE(c.has_waiters());
  EXPECT_FALSE(c.signal());
  EXPECT_EQ(live, 0);
}

TEST_F(LoopTest, WaiterCancelledAfterItsSignalIsNeverResumed) {
  async::Condition c;
  std::vector<std::string> log;
  auto waiter = wait_and_log(c, log, "woke");
  {
    // Run the waiter as the root; a spawned task signals it and stops the loop in one turn.
    loop.spawn(signal_then_stop(loop, c));
    EXPECT_EQ(loop.run(std::move(waiter)), std::unexpected(async::RunError::Stopped));
  }
  EXPECT_FALSE(loop.has_work());  // the queued wake-up left with the frame
  EXPECT_TRUE(log.empty());
}

}  // namespace
}  // namespace async_test
