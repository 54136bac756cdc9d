#include "helpers.hpp"

#include <memory>

namespace async_test {
namespace {

template <class T>
async::Task<std::expected<T, async::BrokenPromise>> await_future(async::Future<T>& f) {
  co_return co_await f;
}

async::Task<void> resolve_later(async::Loop& loop, async::Promise<int>& p, int v) {
  co_await loop.sleep(1ms);
  p.set_value(v);
}

async::Task<void> drop_later(async::Loop& loop, std::unique_ptr<async::Promise<int>>& p) {
  co_await loop.sleep(1ms);
  p.reset();
}

async::Task<std::expected<int, async::BrokenPromise>> await_owned(
    std::unique_ptr<async::Future<int>>& f) {
  co_return co_await *f;
}

async::Task<void> drop_future_later(async::Loop& loop, std::unique_ptr<async::Future<int>>& f) {
  co_await loop.sleep(1ms);
  f.reset();
}

async::Task<int> await_held(async::Future<int>& f, Live live) {
  (void)live;
  auto v = co_await f;
  co_return v.value_or(-1);
}

TEST_F(LoopTest, SetValueWakesTheAwaitingTask) {
  async::Promise<int> p;
  auto f = p.get_future();
  loop.spawn(resolve_later(loop, p, 42));
  EXPECT_EQ(loop.run(await_future(f)).value(), 42);
  EXPECT_EQ(loop.now(), 1ms);
}

TEST_F(LoopTest, AValueSetBeforeTheAwaitIsReadyAtOnce) {
  async::Promise<std::string> p;
  auto f = p.get_future();
  EXPECT_FALSE(f.ready());
  EXPECT_TRUE(p.set_value("early"));
  EXPECT_TRUE(f.ready());
  EXPECT_FALSE(p.set_value("twice"));
  EXPECT_EQ(loop.run(await_future(f)).value(), "early");
}

TEST_F(LoopTest, ADroppedPromiseBreaksItsFuture) {
  auto p = std::make_unique<async::Promise<int>>();
  auto f = p->get_future();
  loop.spawn(drop_later(loop, p));
  EXPECT_EQ(loop.run(await_future(f)).value(), std::unexpected(async::BrokenPromise{}));
}

TEST_F(LoopTest, DestroyingAnAwaitedFutureWakesItsAwaiterBroken) {
  async::Promise<int> p;
  auto f = std::make_unique<async::Future<int>>(p.get_future());
  loop.spawn(drop_future_later(loop, f));
  EXPECT_EQ(loop.run(await_owned(f)).value(), std::unexpected(async::BrokenPromise{}));
  EXPECT_FALSE(p.set_value(1));
}

TEST(Promise, SetValueAfterTheFutureIsGoneReturnsFalse) {
  async::Promise<int> p;
  { auto f = p.get_future(); }
  EXPECT_FALSE(p.pending());
  EXPECT_FALSE(p.set_value(1));
}

TEST_F(LoopTest, MovedPromiseAndFutureStayPaired) {
  async::Promise<int> p1;
  async::Future<int> f1 = p1.get_future();
  async::Promise<int> p2 = std::move(p1);
  async::Future<int> f2;
  f2 = std::move(f1);
  EXPECT_FALSE(p1.pending());
  EXPECT_TRUE(p2.pending());
  loop.spawn(resolve_later(loop, p2, 3));
  EXPECT_EQ(loop.run(await_future(f2)).value(), 3);
}

TEST_F(LoopTest, VoidPromiseSignalsCompletion) {
  async::Promise<void> p;
  auto f = p.get_future();
  EXPECT_TRUE(p.set_value());
  EXPECT_TRUE(loop.run(await_future(f)).value().has_value());
}

TEST_F(LoopTest, CancelledAwaiterDetachesFromTheFuture) {
  async::Promise<int> p;
  auto f = p.get_future();
  int live = 0;
  loop.spawn(stop_after(loop, 1ms));
  EXPECT_EQ(loop.run(await_held(f, Live{live})), std::unexpected(async::RunError::Stopped));
  EXPECT_EQ(live, 0);
  EXPECT_TRUE(p.set_value(5));  // the future still exists, with nobody waiting
  EXPECT_TRUE(f.ready());
  EXPECT_FALSE(loop.has_work());
}

}  // namespace
}  // namespace async_test
