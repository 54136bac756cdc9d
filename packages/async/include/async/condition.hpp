#pragma once
// async::Condition: coroutines wait until someone signals. As in Lwt_condition, a signal
// with no waiter is lost: wait for a state change in a loop that checks the state.
#include <async/detail/list.hpp>
#include <async/loop.hpp>
#include <async/waiter.hpp>

#include <coroutine>
#include <cstddef>

namespace async {

class Condition {
 public:
  Condition() noexcept = default;
  Condition(const Condition&) = delete;
  Condition& operator=(const Condition&) = delete;
  // Waiters still waiting stay suspended (until their owners destroy them).
  ~Condition() = default;

  class [[nodiscard]] Wait : Waiter {
   public:
    explicit Wait(Condition& c) noexcept : c_(c) {}
    bool await_ready() const noexcept { return false; }
    template <LoopPromise P>
    void await_suspend(std::coroutine_handle<P> h) noexcept {
      bind(h);
      c_.waiters_.push_back(*this);
    }
    void await_resume() const noexcept {}

   private:
    Condition& c_;
  };

  // An awaitable that suspends until the next signal() or broadcast().
  Wait wait() noexcept { return Wait{*this}; }

  // Wakes the longest-waiting coroutine; false when none waits.
  bool signal() noexcept {
    if (waiters_.empty()) return false;
    detail::pop_waiter(waiters_).wake();
    return true;
  }
  // Wakes every waiting coroutine, in the order they began to wait; returns how many.
  std::size_t broadcast() noexcept {
    std::size_t n = 0;
    for (; !waiters_.empty(); ++n) detail::pop_waiter(waiters_).wake();
    return n;
  }
  // Whether some coroutine waits.
  bool has_waiters() const noexcept { return !waiters_.empty(); }

 private:
  detail::List waiters_;
};

}  // namespace async
