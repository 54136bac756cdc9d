#pragma once
// async::Loop: the single-threaded, cooperative event loop, and async::Platform, what it
// needs from the machine below (the time, and a way to block until an event or a deadline).
//
// Each turn the loop resumes every coroutine that was ready when the turn began (in the order
// they became ready), then fires the timers that are due. When nothing is ready it blocks in
// Platform::wait until the earliest timer; when there is no timer either and the platform
// has no event source left, nothing can ever happen again and run() says so.
// While coroutines stay ready, the loop still polls the platform every 64 turns so that
// events and timers are not starved.
#include <async/detail/list.hpp>
#include <async/detail/ring.hpp>
#include <async/time.hpp>
#include <async/waiter.hpp>

#include <cassert>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <utility>
#include <vector>

namespace async {

template <class T = void>
class Task;

// What the loop needs from the machine (epoll on unix, hlt on virtio, SCHEDOP_block on Xen).
struct Platform {
  // Monotonic time.
  virtual TimePoint now() = 0;
  // Blocks until an event the platform knows of happens (having woken the waiters, signalled
  // the Conditions... it concerns), or until `deadline` (nullopt: no deadline; a deadline at
  // or before now: only poll). Returning early is allowed.
  virtual void wait(std::optional<TimePoint> deadline) = 0;
  // Whether an event may still arrive (an fd registered, an interrupt armed). Asked only
  // before blocking with no timer armed; false lets run() report a deadlock instead of hang.
  virtual bool has_event_sources() { return true; }
  virtual ~Platform() = default;
};

// Why run() returned before its task finished.
enum class RunError : std::uint8_t {
  Stopped,     // stop() was called
  Deadlocked,  // the task waits for something that can no longer happen
};

class Sleep;
class Yield;

namespace detail {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

// A waiter with a deadline; its place in the heap is kept in it so it can leave in O(log n).
struct TimerNode : Waiter {
  bool armed() const noexcept { return index != npos; }
  TimePoint deadline{};
  std::uint64_t seq = 0;  // arming order: equal deadlines fire first armed, first fired
  std::size_t index = npos;
};

// A binary min-heap of timers by (deadline, seq). It allocates only when it grows.
class TimerHeap {
 public:
  bool empty() const noexcept { return heap_.empty(); }
  std::size_t size() const noexcept { return heap_.size(); }
  TimerNode& top() const noexcept { return *heap_.front(); }
  void push(TimerNode& t);
  void remove(TimerNode& t) noexcept;
  // Forgets every timer (they stay suspended, unarmed).
  void clear() noexcept;

 private:
  void place(TimerNode& t, std::size_t i) noexcept;
  void sift_up(std::size_t i) noexcept;
  void sift_down(std::size_t i) noexcept;
  std::vector<TimerNode*> heap_;
};

}  // namespace detail

class Loop {
 public:
  // The loop runs on `platform`, which must outlive it.
  explicit Loop(Platform& platform) noexcept : platform_(platform) {}
  // Destroys (cancels) the spawned tasks still alive and detaches every waiter left.
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // The platform's current time.
  TimePoint now() { return platform_.now(); }

  // Runs the loop until `task` finishes and returns its value; or returns RunError::Stopped
  // after stop(), or RunError::Deadlocked when the task can never finish. An unfinished task
  // is destroyed (cancelled) on return; spawned tasks stay with the loop. Not reentrant.
  template <class T>
  std::expected<T, RunError> run(Task<T> task);

  // Starts `task` detached: the loop owns it, frees it when it finishes and cancels it if
  // the loop is destroyed first. It first runs at the loop's next turn.
  void spawn(Task<void> task);

  // An awaitable that resumes once `d` (or no time: sleep(0) still yields) has passed.
  Sleep sleep(Duration d);
  // An awaitable that resumes once the platform's time reaches `t`.
  Sleep sleep_until(TimePoint t) noexcept;
  // An awaitable that lets every other ready coroutine run before resuming.
  Yield yield() noexcept;

  // Resumes `h` at the next turn. For platform code; `h` must stay alive until then (prefer
  // a Waiter, which unlinks itself if destroyed first).
  void schedule(std::coroutine_handle<> h) { handles_.push_back(h); }
  // Queues a suspended waiter (in no list) to resume at the next turn.
  void wake(Waiter& w) noexcept { ready_.push_back(w); }

  // Whether anything is ready to run or a timer is armed.
  bool has_work() const noexcept {
    return !ready_.empty() || !handles_.empty() || !timers_.empty();
  }
  // Makes the current run() return RunError::Stopped at the end of this turn.
  void stop() noexcept { stop_ = true; }

  // Puts `t` (its deadline and handle set, not armed) in the timer heap / takes it out.
  void arm(detail::TimerNode& t);
  void disarm(detail::TimerNode& t) noexcept { timers_.remove(t); }

  // For awaiters: called from await_suspend, makes `h` the next coroutine to run once the
  // suspending one has returned to the loop (what symmetric transfer does, without the stack).
  void transfer(std::coroutine_handle<> h) noexcept {
    assert(!next_);
    next_ = h;
  }
  // Resumes `h`, then whatever it transfers to, until one suspends without a transfer.
  void resume(std::coroutine_handle<> h) {
    for (;;) {
      h.resume();
      if (!next_) return;
      h = std::exchange(next_, {});
    }
  }

 private:
  std::optional<RunError> drive(std::coroutine_handle<> root);
  bool turn();
  void run_ready();
  void fire_timers(TimePoint now) noexcept;

  Platform& platform_;
  std::coroutine_handle<> next_;
  detail::List ready_;
  detail::Ring<std::coroutine_handle<>> handles_;
  detail::TimerHeap timers_;
  detail::List spawned_;
  std::uint64_t timer_seq_ = 0;
  std::uint32_t turns_ = 0;
  bool stop_ = false;
  bool running_ = false;
};

// The awaitable of Loop::sleep and Loop::sleep_until. Costs no allocation: it is itself the
// timer-heap node, and leaves the heap if the sleeping coroutine is destroyed.
class [[nodiscard]] Sleep : detail::TimerNode {
 public:
  Sleep(Loop& loop, TimePoint deadline) noexcept {
    this->loop = &loop;
    this->deadline = deadline;
  }
  ~Sleep() {
    if (armed()) loop->disarm(*this);
  }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    handle = h;
    loop->arm(*this);
  }
  void await_resume() const noexcept {}
};

// The awaitable of Loop::yield.
class [[nodiscard]] Yield : Waiter {
 public:
  explicit Yield(Loop& loop) noexcept { this->loop = &loop; }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    handle = h;
    loop->wake(*this);
  }
  void await_resume() const noexcept {}
};

inline void Waiter::wake() noexcept {
  loop->wake(*this);
}

inline Sleep Loop::sleep(Duration d) {
  return Sleep{*this, now() + d};
}
inline Sleep Loop::sleep_until(TimePoint t) noexcept {
  return Sleep{*this, t};
}
inline Yield Loop::yield() noexcept {
  return Yield{*this};
}

inline void Loop::arm(detail::TimerNode& t) {
  t.seq = timer_seq_++;
  timers_.push(t);
}

}  // namespace async

// Loop::run is defined with Task.
#include <async/task.hpp>
