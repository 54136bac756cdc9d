#include "helpers.hpp"

namespace async_test {
namespace {

async::Task<int> after(async::Loop& loop, async::Duration d, int v) {
  co_await loop.sleep(d);
  co_return v;
}

async::Task<int> held_after(async::Loop& loop, async::Duration d, int v, Live live) {
  (void)live;
  co_await loop.sleep(d);
  co_return v;
}

async::Task<std::string> now_string(std::string s) {
  co_return s;
}

async::Task<void> nap(async::Loop& loop, async::Duration d) {
  co_await loop.sleep(d);
}

async::Task<void> flag_when_started(bool& started) {
  started = true;
  co_return;
}

async::Task<std::tuple<int, std::string, std::monostate>> all_three(async::Loop& loop) {
  co_return co_await async::when_all(after(loop, 3ms, 1), now_string("s"), nap(loop, 2ms));
}

TEST_F(LoopTest, WhenAllYieldsEveryValueAfterTheSlowest) {
  const auto r = loop.run(all_three(loop));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(std::get<0>(*r), 1);
  EXPECT_EQ(std::get<1>(*r), "s");
  EXPECT_EQ(loop.now(), 3ms);  // concurrently, not 3 + 2
}

TEST_F(LoopTest, WhenAllOfAVectorKeepsArgumentOrder) {
  std::vector<async::Task<int>> tasks;
  for (int i = 0; i < 5; ++i) tasks.push_back(after(loop, (5 - i) * 1ms, i));
  EXPECT_EQ(loop.run(async::when_all(std::move(tasks))), (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(loop.now(), 5ms);
}

TEST_F(LoopTest, WhenAllOfNoTaskFinishesAtOnce) {
  EXPECT_EQ(loop.run(async::when_all(std::vector<async::Task<int>>{})), std::vector<int>{});
  EXPECT_TRUE(loop.run(async::when_all(std::vector<async::Task<void>>{})).has_value());
}

TEST_F(LoopTest, WhenAllOfVoidTasksWaitsForAll) {
  std::vector<async::Task<void>> tasks;
  for (int i = 1; i <= 3; ++i) tasks.push_back(nap(loop, i * 1ms));
  EXPECT_TRUE(loop.run(async::when_all(std::move(tasks))).has_value());
  EXPECT_EQ(loop.now(), 3ms);
}

TEST_F(LoopTest, WhenAnyYieldsTheFirstAndCancelsTheLosers) {
  int live = 0;
  const auto r = loop.run(async::when_any(held_after(loop, 3ms, 30, Live{live}),
                                          held_after(loop, 1ms, 10, Live{live}),
                                          held_after(loop, 2ms, 20, Live{live})));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->index(), 1u);
  EXPECT_EQ(std::get<1>(*r), 10);
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(loop.has_work());  // the losers' timers are gone
  EXPECT_EQ(loop.now(), 1ms);
}

TEST_F(LoopTest, WhenAnyNeverStartsTasksAfterOneThatFinishesAtOnce) {
  bool started = false;
  const auto r =
      loop.run(async::when_any(after(loop, 1ms, 1), now_string("now"), flag_when_started(started)));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->index(), 1u);
  EXPECT_FALSE(started);
  EXPECT_FALSE(loop.has_work());
}

TEST_F(LoopTest, WhenAnyOfAVectorYieldsIndexAndValue) {
  std::vector<async::Task<int>> tasks;
  for (int i = 0; i < 4; ++i) tasks.push_back(after(loop, (i == 2 ? 1 : 9) * 1ms, i * 100));
  const auto r = loop.run(async::when_any(std::move(tasks)));
  EXPECT_EQ(r, (std::pair<std::size_t, int>{2, 200}));
  EXPECT_FALSE(loop.has_work());
}

TEST_F(LoopTest, DestroyingWhenAllCancelsItsTasks) {
  int live = 0;
  loop.spawn(stop_after(loop, 1ms));
  const auto r = loop.run(
      async::when_all(held_after(loop, 5ms, 1, Live{live}), held_after(loop, 6ms, 2, Live{live})));
  EXPECT_EQ(r.error(), async::RunError::Stopped);
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(loop.has_work());
}

TEST_F(LoopTest, WithTimeoutYieldsTheValueInTime) {
  const auto r = loop.run(async::with_timeout(loop, 5ms, after(loop, 2ms, 7)));
  EXPECT_EQ(r.value(), 7);
  EXPECT_EQ(loop.now(), 2ms);
  EXPECT_FALSE(loop.has_work());  // the timer is disarmed
}

TEST_F(LoopTest, WithTimeoutCancelsASlowTask) {
  int live = 0;
  const auto r = loop.run(async::with_timeout(loop, 5ms, held_after(loop, 1h, 7, Live{live})));
  EXPECT_EQ(r.value(), std::unexpected(async::Timeout{}));
  EXPECT_EQ(loop.now(), 5ms);
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(loop.has_work());
}

TEST_F(LoopTest, WithTimeoutOfAVoidTask) {
  EXPECT_TRUE(loop.run(async::with_timeout(loop, 5ms, nap(loop, 1ms)))->has_value());
  EXPECT_FALSE(loop.run(async::with_timeout(loop, 5ms, nap(loop, 9ms)))->has_value());
}

TEST_F(LoopTest, WithTimeoutResumesOnceWhenTaskAndTimerFireTogether) {
  // The clock jumps past both deadlines at once: the task (due first) resumes the parent while
  // the parent's own timer wake-up is still queued behind it; that wake-up must vanish.
  auto jump = [](async::ManualPlatform& p) -> async::Task<void> {
    p.advance(6ms);
    co_return;
  };
  loop.spawn(jump(platform));
  const auto r = loop.run(async::with_timeout(loop, 5ms, after(loop, 4ms, 1)));
  EXPECT_EQ(r.value(), 1);
  EXPECT_FALSE(loop.has_work());
}

}  // namespace
}  // namespace async_test
