#pragma once
// The building block of every awaitable in this package, public so that platform code can
// write its own (an fd-readiness awaiter, an interrupt awaiter) with the same guarantees.
#include <async/detail/list.hpp>

#include <cassert>
#include <concepts>
#include <coroutine>

namespace async {

class Loop;

namespace detail {

// What a finished coroutine does instead of resuming an awaiting parent (when_all branches,
// spawned tasks). Returns the coroutine to hand control to, or a null handle.
struct Completion {
  virtual std::coroutine_handle<> complete() noexcept = 0;

 protected:
  ~Completion() = default;
};

// State every Task promise carries: the loop it runs on, inherited from whoever starts it.
struct PromiseBase {
  Loop* loop = nullptr;
  std::coroutine_handle<> continuation;  // the awaiting parent, if any
  Completion* on_done = nullptr;         // overrides continuation when set
};

}  // namespace detail

// A coroutine promise that knows its loop: the awaitables here can only be awaited from
// such coroutines (async::Task).
template <class P>
concept LoopPromise = std::derived_from<P, detail::PromiseBase>;

// A suspended coroutine queued on something: a wait list, the timer heap or the loop's ready
// queue. It is in at most one list at a time and leaves it when destroyed, so an awaiter
// derived from Waiter is cancellation-safe for free. Wake one with `waiter.wake()`.
class Waiter : public detail::Link {
 public:
  std::coroutine_handle<> handle;  // the coroutine to resume
  Loop* loop = nullptr;            // the loop whose ready queue it goes to when woken

  // Records the suspending coroutine and the loop it runs on (it must run on one).
  template <LoopPromise P>
  void bind(std::coroutine_handle<P> h) noexcept {
    handle = h;
    loop = h.promise().loop;
    assert(loop != nullptr && "awaited from a task that no Loop started");
  }
  // Queues the (suspended, unqueued) coroutine on its loop's ready queue. In loop.hpp.
  void wake() noexcept;
};

namespace detail {
// Removes and returns the oldest waiter of a list that holds only waiters.
inline Waiter& pop_waiter(List& l) noexcept {
  return static_cast<Waiter&>(l.pop_front());
}
}  // namespace detail

}  // namespace async
