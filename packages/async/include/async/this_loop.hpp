#pragma once
// async::this_loop(): the loop the awaiting task runs on, for code that receives devices
// but not the loop and needs it (to spawn a task per connection, say):
//
//   async::Loop& loop = co_await async::this_loop();
//   loop.spawn(serve(std::move(flow)));
//
// It never suspends.
#include <async/loop.hpp>
#include <async/waiter.hpp>

#include <coroutine>

namespace async {

class [[nodiscard]] ThisLoop {
 public:
  bool await_ready() const noexcept { return false; }
  template <LoopPromise P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    loop_ = h.promise().loop;
    return false;  // carry on at once
  }
  Loop& await_resume() const noexcept { return *loop_; }

 private:
  Loop* loop_ = nullptr;
};

inline ThisLoop this_loop() noexcept { return {}; }

}  // namespace async
