#include "helpers.hpp"

namespace async_test {
namespace {

async::Task<void> produce(async::Stream<int>& s, int n, std::vector<int>& pushed) {
  for (int i = 0; i < n; ++i) {
    if (!co_await s.push(i)) co_return;
    pushed.push_back(i);
  }
}

async::Task<std::vector<int>> consume(async::Stream<int>& s) {
  std::vector<int> got;
  while (auto v = co_await s.pop()) got.push_back(*v);
  co_return got;
}

async::Task<std::vector<int>> consume_later(async::Loop& loop, async::Stream<int>& s,
                                            std::vector<int>& pushed, std::size_t& seen) {
  co_await loop.sleep(1ms);
  seen = pushed.size();  // how far the producer got while nobody popped
  std::vector<int> got;
  for (int i = 0; i < 5; ++i) got.push_back(*co_await s.pop());
  co_return got;
}

async::Task<void> close_later(async::Loop& loop, async::Stream<int>& s) {
  co_await loop.sleep(1ms);
  s.close();
}

async::Task<bool> push_one(async::Stream<int>& s, int v) {
  co_return co_await s.push(v);
}

async::Task<std::optional<int>> pop_one(async::Stream<int>& s) {
  co_return co_await s.pop();
}

async::Task<void> push_held(async::Stream<int>& s, int v, Live live) {
  (void)live;
  co_await s.push(v);
}

TEST_F(LoopTest, StreamDeliversValuesInOrderAndEndsAfterClose) {
  async::Stream<int> s{4};
  std::vector<int> pushed;
  loop.spawn(produce(s, 10, pushed));
  loop.spawn(close_later(loop, s));
  const auto got = loop.run(consume(s));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, pushed);
  EXPECT_EQ(got->size(), 10u);
}

TEST_F(LoopTest, PushWaitsWhileTheStreamIsFull) {
  async::Stream<int> s{2};
  std::vector<int> pushed;
  std::size_t seen = 0;
  loop.spawn(produce(s, 5, pushed));
  const auto got = loop.run(consume_later(loop, s, pushed, seen));
  EXPECT_EQ(seen, 2u);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(pushed.size(), 5u);
}

TEST_F(LoopTest, CloseWakesPoppersWithNothing) {
  async::Stream<int> s{1};
  loop.spawn(close_later(loop, s));
  EXPECT_EQ(loop.run(pop_one(s)).value(), std::nullopt);
}

TEST_F(LoopTest, CloseWakesBlockedPushersWithFalse) {
  async::Stream<int> s{1};
  EXPECT_TRUE(s.try_push(1));
  loop.spawn(close_later(loop, s));
  EXPECT_EQ(loop.run(push_one(s, 2)), false);
  EXPECT_EQ(loop.run(push_one(s, 3)), false);  // and refuses values after
}

TEST_F(LoopTest, QueuedValuesDrainAfterClose) {
  async::Stream<int> s{3};
  EXPECT_TRUE(s.try_push(7));
  EXPECT_TRUE(s.try_push(8));
  s.close();
  EXPECT_EQ(loop.run(consume(s)), (std::vector<int>{7, 8}));
}

TEST_F(LoopTest, CapacityZeroStreamHandsValuesOver) {
  async::Stream<int> s{0};
  int x = 1;
  EXPECT_FALSE(s.try_push(std::move(x)));  // nobody pops
  std::vector<int> pushed;
  loop.spawn(produce(s, 3, pushed));
  loop.spawn(close_later(loop, s));
  EXPECT_EQ(loop.run(consume(s)), (std::vector<int>{0, 1, 2}));
}

TEST(Stream, TryPushAndTryPopNeverWait) {
  async::Stream<int> s{2};
  EXPECT_TRUE(s.try_push(1));
  EXPECT_TRUE(s.try_push(2));
  int three = 3;
  EXPECT_FALSE(s.try_push(std::move(three)));
  EXPECT_EQ(three, 3);  // not moved from
  EXPECT_EQ(s.size(), 2u);
  EXPECT_EQ(s.try_pop(), 1);
  EXPECT_EQ(s.try_pop(), 2);
  EXPECT_EQ(s.try_pop(), std::nullopt);
}

TEST_F(LoopTest, CancelledPusherLeavesTheQueueWithItsValue) {
  async::Stream<int> s{1};
  EXPECT_TRUE(s.try_push(1));
  int live = 0;
  loop.spawn(stop_after(loop, 1ms));
  EXPECT_EQ(loop.run(push_held(s, 2, Live{live})), std::unexpected(async::RunError::Stopped));
  EXPECT_EQ(live, 0);
  EXPECT_EQ(s.try_pop(), 1);
  EXPECT_EQ(s.try_pop(), std::nullopt);
}

async::Task<void> put_all(async::Mailbox<std::string>& m, std::vector<std::string> values) {
  for (auto& v : values) co_await m.put(v);
}

async::Task<std::vector<std::string>> take_n(async::Loop& loop, async::Mailbox<std::string>& m,
                                             int n, bool& was_full) {
  co_await loop.sleep(1ms);
  was_full = m.full();
  std::vector<std::string> got;
  for (int i = 0; i < n; ++i) got.push_back(co_await m.take());
  co_return got;
}

TEST_F(LoopTest, MailboxPutWaitsWhileFullAndTakesInOrder) {
  async::Mailbox<std::string> m;
  bool was_full = false;
  loop.spawn(put_all(m, {"x", "y"}));
  loop.spawn(put_all(m, {"z"}));
  EXPECT_EQ(loop.run(take_n(loop, m, 3, was_full)), (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_TRUE(was_full);
  EXPECT_FALSE(m.full());
}

TEST_F(LoopTest, MailboxTakeWaitsWhileEmpty) {
  async::Mailbox<std::string> m;
  auto take_one = [](async::Mailbox<std::string>& box) -> async::Task<std::string> {
    co_return co_await box.take();
  };
  EXPECT_EQ(loop.run(take_one(m)), std::unexpected(async::RunError::Deadlocked));
  EXPECT_TRUE(m.try_put("v"));
  EXPECT_FALSE(m.try_put("w"));
  EXPECT_EQ(loop.run(take_one(m)), "v");
}

}  // namespace
}  // namespace async_test
