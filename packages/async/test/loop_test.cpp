#include "helpers.hpp"

namespace async_test {
namespace {

async::Task<int> wait_then_return(async::Condition& c, Live live) {
  (void)live;
  co_await c.wait();
  co_return 1;
}

async::Task<void> stop_loop(async::Loop& loop) {
  loop.stop();
  co_await loop.yield();
}

async::Task<void> sleep_then_count(async::Loop& loop, async::Duration d, int& done, Live live) {
  (void)live;
  co_await loop.sleep(d);
  ++done;
}

async::Task<void> take_turns(async::Loop& loop, std::vector<std::string>& log, std::string name) {
  for (int i = 0; i < 3; ++i) {
    log.push_back(name + std::to_string(i));
    co_await loop.yield();
  }
}

async::Task<void> spin(async::Loop& loop, async::ManualPlatform& platform, bool& quit) {
  while (!quit) {
    platform.advance(1us);
    co_await loop.yield();
  }
}

async::Task<void> sleep_then_quit(async::Loop& loop, bool& quit) {
  co_await loop.sleep(100us);
  quit = true;
}

async::Task<void> yield_once(async::Loop& loop) {
  co_await loop.yield();
}

// Suspends and asks the loop to resume the raw handle.
struct Rescheduled {
  async::Loop& loop;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { loop.schedule(h); }
  void await_resume() const noexcept {}
};

async::Task<int> via_schedule(async::Loop& loop) {
  co_await Rescheduled{loop};
  co_return 5;
}

TEST_F(LoopTest, ReturnsDeadlockedWhenTheTaskCanNeverFinish) {
  async::Condition never;
  int live = 0;
  const auto r = loop.run(wait_then_return(never, Live{live}));
  EXPECT_EQ(r, std::unexpected(async::RunError::Deadlocked));
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(never.has_waiters());
}

TEST_F(LoopTest, StopMakesRunReturnStopped) {
  EXPECT_EQ(loop.run(stop_loop(loop)), std::unexpected(async::RunError::Stopped));
  // The loop runs again afterwards.
  bool flag = false;
  auto set = [](bool& f) -> async::Task<void> {
    f = true;
    co_return;
  };
  EXPECT_TRUE(loop.run(set(flag)).has_value());
  EXPECT_TRUE(flag);
}

TEST_F(LoopTest, SpawnedTasksRunAndFreeTheirFrames) {
  int live = 0;
  int done = 0;
  for (int i = 1; i <= 10; ++i) loop.spawn(sleep_then_count(loop, i * 1ms, done, Live{live}));
  EXPECT_EQ(live, 10);
  EXPECT_EQ(done, 0);  // spawned tasks start at the loop's next turn
  EXPECT_TRUE(loop.run(sleep_then_count(loop, 20ms, done, Live{live})).has_value());
  EXPECT_EQ(done, 11);
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(loop.has_work());
}

TEST_F(LoopTest, ThisLoopIsTheLoopATaskRunsOnWithoutSuspending) {
  auto body = [](std::size_t* turns_seen, async::Loop* expected) -> async::Task<bool> {
    async::Loop& l = co_await async::this_loop();
    async::Loop& again = co_await async::this_loop();
    *turns_seen = 1;
    co_return &l == expected && &again == expected;
  };
  std::size_t seen = 0;
  auto r = loop.run(body(&seen, &loop));
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(*r);
  EXPECT_EQ(seen, 1u);
}

TEST(Loop, DestroyingTheLoopCancelsSpawnedTasks) {
  async::ManualPlatform platform;
  async::Condition never;
  int live = 0;
  {
    async::Loop loop{platform};
    loop.spawn(wait_forever(never, Live{live}));
    int done = 0;
    loop.spawn(sleep_then_count(loop, 1s, done, Live{live}));
    EXPECT_TRUE(loop.run(yield_once(loop)).has_value());
    EXPECT_EQ(live, 2);
    EXPECT_TRUE(never.has_waiters());
  }
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(never.has_waiters());
}

TEST_F(LoopTest, YieldLetsOtherReadyTasksRun) {
  std::vector<std::string> log;
  loop.spawn(take_turns(loop, log, "a"));
  EXPECT_TRUE(loop.run(take_turns(loop, log, "b")).has_value());
  EXPECT_EQ(log, (std::vector<std::string>{"b0", "a0", "b1", "a1", "b2", "a2"}));
}

TEST_F(LoopTest, ScheduleResumesARawHandle) {
  EXPECT_EQ(loop.run(via_schedule(loop)), 5);
}

TEST_F(LoopTest, KeepsFiringTimersWhileTasksStayReady) {
  bool quit = false;
  loop.spawn(spin(loop, platform, quit));
  const std::size_t waits = platform.waits();
  EXPECT_TRUE(loop.run(sleep_then_quit(loop, quit)).has_value());
  EXPECT_GT(platform.waits(), waits);  // polled although a task was always ready
  EXPECT_GE(loop.now(), 100us);
  EXPECT_LT(loop.now(), 200us);
}

TEST_F(LoopTest, HasWorkWhileATimerIsArmed) {
  EXPECT_FALSE(loop.has_work());
  int done = 0;
  int live = 0;
  loop.spawn(sleep_then_count(loop, 1ms, done, Live{live}));
  EXPECT_TRUE(loop.has_work());  // it is ready to start
  EXPECT_TRUE(loop.run(yield_once(loop)).has_value());
  EXPECT_TRUE(loop.has_work());  // it sleeps
  EXPECT_EQ(done, 0);
  EXPECT_TRUE(loop.run(sleep_then_count(loop, 2ms, done, Live{live})).has_value());
  EXPECT_EQ(done, 2);
  EXPECT_FALSE(loop.has_work());
}

}  // namespace
}  // namespace async_test
