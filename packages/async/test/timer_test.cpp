#include "helpers.hpp"

#include <algorithm>
#include <array>

namespace async_test {
namespace {

async::Task<void> sleep_for(async::Loop& loop, async::Duration d) {
  co_await loop.sleep(d);
}

async::Task<void> sleep_until(async::Loop& loop, async::TimePoint t, std::vector<int>& order,
                              int id) {
  co_await loop.sleep_until(t);
  order.push_back(id);
}

async::Task<void> record(std::vector<std::string>& log, std::string what) {
  log.push_back(what);
  co_return;
}

async::Task<void> sleep_zero_then_log(async::Loop& loop, std::vector<std::string>& log) {
  loop.spawn(record(log, "other"));
  co_await loop.sleep(0ns);
  log.push_back("slept");
}

async::Task<void> sleep_held(async::Loop& loop, async::Duration d, Live live) {
  (void)live;
  co_await loop.sleep(d);
}

TEST_F(LoopTest, SleepAdvancesTheVirtualClockByItsDuration) {
  const auto start = loop.now();
  EXPECT_TRUE(loop.run(sleep_for(loop, 5ms)).has_value());
  EXPECT_EQ(loop.now() - start, 5ms);
}

TEST_F(LoopTest, TimersFireInDeadlineOrder) {
  std::vector<int> order;
  for (int id : {3, 1, 4, 5, 9, 2, 6, 8, 7}) {
    loop.spawn(sleep_until(loop, id * 1ms, order, id));
  }
  EXPECT_TRUE(loop.run(sleep_for(loop, 10ms)).has_value());
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST_F(LoopTest, EqualDeadlinesFireInArmingOrder) {
  std::vector<int> order;
  for (int id = 0; id < 8; ++id) loop.spawn(sleep_until(loop, 1ms, order, id));
  EXPECT_TRUE(loop.run(sleep_for(loop, 2ms)).has_value());
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST_F(LoopTest, SleepZeroYieldsWithoutAdvancingTime) {
  std::vector<std::string> log;
  const auto start = loop.now();
  EXPECT_TRUE(loop.run(sleep_zero_then_log(loop, log)).has_value());
  EXPECT_EQ(log, (std::vector<std::string>{"other", "slept"}));
  EXPECT_EQ(loop.now(), start);
}

TEST_F(LoopTest, SleepUntilAPastTimeResumesAtOnce) {
  platform.advance(1s);
  std::vector<int> order;
  EXPECT_TRUE(loop.run(sleep_until(loop, 1ms, order, 1)).has_value());
  EXPECT_EQ(order, std::vector<int>{1});
  EXPECT_EQ(loop.now(), 1s);
}

TEST_F(LoopTest, CancellingASleeperDisarmsItsTimer) {
  int live = 0;
  loop.spawn(stop_after(loop, 1ms));
  EXPECT_EQ(loop.run(sleep_held(loop, 1h, Live{live})), std::unexpected(async::RunError::Stopped));
  EXPECT_EQ(live, 0);
  EXPECT_FALSE(loop.has_work());
}

TEST(TimerHeap, RemovesFromTheMiddleAndKeepsOrder) {
  constexpr std::array<int, 12> deadlines{50, 10, 40, 10, 90, 30, 70, 20, 60, 10, 80, 0};
  std::array<async::detail::TimerNode, deadlines.size()> nodes;
  async::detail::TimerHeap heap;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].deadline = async::Duration{deadlines[i]};
    nodes[i].seq = i;
    heap.push(nodes[i]);
  }
  heap.remove(nodes[2]);  // 40
  heap.remove(nodes[9]);  // the third 10
  heap.remove(nodes[4]);  // 90
  EXPECT_FALSE(nodes[2].armed());
  std::vector<std::pair<long, std::uint64_t>> popped;
  while (!heap.empty()) {
    auto& t = heap.top();
    popped.emplace_back(t.deadline.count(), t.seq);
    heap.remove(t);
  }
  std::vector<std::pair<long, std::uint64_t>> expected;
  for (std::size_t i = 0; i < deadlines.size(); ++i) {
    if (i != 2 && i != 9 && i != 4) expected.emplace_back(deadlines[i], i);
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(popped, expected);
}

}  // namespace
}  // namespace async_test
