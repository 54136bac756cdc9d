#include "helpers.hpp"

#include <cstdio>
#include <memory>

namespace async_test {
namespace {

async::Task<int> value(int v) {
  co_return v;
}

async::Task<int> sum_of_children(int n) {
  int sum = 0;
  for (int i = 1; i <= n; ++i) sum += co_await value(i);
  co_return sum;
}

async::Task<void> set_flag(bool& flag) {
  flag = true;
  co_return;
}

async::Task<int> depth(int n) {
  if (n == 0) co_return 0;
  co_return 1 + co_await depth(n - 1);
}

async::Task<std::unique_ptr<int>> boxed(int v) {
  co_return std::make_unique<int>(v);
}

async::Task<void> hold(Live live) {
  (void)live;
  co_return;
}

async::Task<int> await_stored(async::Task<int> t) {
  const int first = co_await t;
  co_return first;
}

TEST_F(LoopTest, ReturnsTaskValue) {
  EXPECT_EQ(loop.run(value(42)), 42);
}

TEST_F(LoopTest, RunsVoidTask) {
  bool flag = false;
  EXPECT_TRUE(loop.run(set_flag(flag)).has_value());
  EXPECT_TRUE(flag);
}

TEST_F(LoopTest, AwaitsChildTasksInSequence) {
  EXPECT_EQ(loop.run(sum_of_children(1000)), 500500);
}

TEST_F(LoopTest, NestsOneHundredThousandDeepWithoutStackOverflow) {
  EXPECT_EQ(loop.run(depth(100000)), 100000);
}

TEST_F(LoopTest, CarriesMoveOnlyValues) {
  auto r = loop.run(boxed(7));
  ASSERT_TRUE(r.has_value());
  ASSERT_NE(*r, nullptr);
  EXPECT_EQ(**r, 7);
}

TEST(Task, IsLazy) {
  bool flag = false;
  auto t = set_flag(flag);
  EXPECT_FALSE(flag);
  EXPECT_TRUE(t.valid());
  EXPECT_FALSE(t.done());
}

TEST(Task, DestroyingAnUnstartedTaskFreesItsFrame) {
  int live = 0;
  {
    auto t = hold(Live{live});
    EXPECT_EQ(live, 1);
  }
  EXPECT_EQ(live, 0);
}

TEST(Task, MoveAssignmentDestroysTheReplacedFrame) {
  int a = 0;
  int b = 0;
  auto t = hold(Live{a});
  t = hold(Live{b});
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 1);
  async::Task<void> moved = std::move(t);
  EXPECT_FALSE(t.valid());
  EXPECT_TRUE(moved.valid());
}

TEST_F(LoopTest, AwaitsATaskHeldInAVariable) {
  EXPECT_EQ(loop.run(await_stored(value(9))), 9);
}

TEST_F(LoopTest, FreesChildFramesOnCompletion) {
  int live = 0;
  auto parent = [](int& n) -> async::Task<void> {
    for (int i = 0; i < 10; ++i) co_await hold(Live{n});
  };
  EXPECT_TRUE(loop.run(parent(live)).has_value());
  EXPECT_EQ(live, 0);
}

void print_panic(const char* message) {
  std::fprintf(stderr, "panic: %s\n", message);
}

TEST(Panic, ReportsThroughTheInstalledHandlerThenAborts) {
  EXPECT_DEATH(
      {
        async::set_panic_handler(print_panic);
        async::detail::panic("reached");
      },
      "panic: reached");
  EXPECT_EQ(async::set_panic_handler(nullptr), nullptr);  // the death happened in a child
}

}  // namespace
}  // namespace async_test
