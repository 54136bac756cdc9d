#pragma once
// Combinators: run tasks concurrently on the caller's loop.
//
//   auto [a, b] = co_await async::when_all(fetch(x), fetch(y));   // both values
//   auto first = co_await async::when_any(query(server1), query(server2));  // variant
//   auto r = co_await async::with_timeout(loop, 5s, connect(peer));  // expected<T, Timeout>
//
// The tasks start in argument order, each running until it first suspends. when_any destroys
// (cancels) the losers as soon as one task finishes; tasks not yet started when one finishes
// are never started. Destroying a combinator's task cancels every task it holds.
#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/time.hpp>
#include <async/waiter.hpp>

#include <array>
#include <cassert>
#include <coroutine>
#include <cstddef>
#include <expected>
#include <optional>
#include <span>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace async {

// What with_timeout yields when the time ran out first.
struct Timeout {
  friend bool operator==(Timeout, Timeout) = default;
};

namespace detail {

// The shared state of one when_all or when_any.
struct Join {
  std::coroutine_handle<> parent;
  std::size_t pending = 0;    // when_all: branches still running, +1 while starting them
  std::size_t winner = npos;  // when_any: the index of the first to finish
  bool any = false;
  bool waiting = false;  // when_any: the parent has suspended
};

// One task of a when_all/when_any: it completes into the Join instead of a parent.
class Branch final : public Completion {
 public:
  template <class T>
  Branch(Task<T>& t, Join& join) noexcept
      : handle_(TaskAccess::handle(t)), promise_(&TaskAccess::handle(t).promise()), join_(&join) {
    assert(handle_ && !handle_.done());
  }
  // Runs the task until it first suspends (or finishes).
  void start(Loop* loop, std::size_t index) {
    index_ = index;
    promise_->loop = loop;
    promise_->on_done = this;
    loop->resume(handle_);
  }
  std::coroutine_handle<> complete() noexcept override {
    Join& j = *join_;
    if (j.any) {
      if (j.winner != npos) return {};
      j.winner = index_;
      return j.waiting ? j.parent : std::coroutine_handle<>{};
    }
    return --j.pending == 0 ? j.parent : std::coroutine_handle<>{};
  }

 private:
  std::coroutine_handle<> handle_;
  PromiseBase* promise_;
  Join* join_;
  std::size_t index_ = 0;
};

// Starts the branches and suspends the parent until they are done (or one is, for any).
class JoinAwaiter {
 public:
  JoinAwaiter(std::span<Branch> branches, Join& join) noexcept : branches_(branches), join_(join) {}
  bool await_ready() const noexcept { return branches_.empty(); }
  template <LoopPromise P>
  bool await_suspend(std::coroutine_handle<P> parent) {
    join_.parent = parent;
    join_.pending = branches_.size() + 1;
    for (std::size_t i = 0; i < branches_.size(); ++i) {
      if (join_.any && join_.winner != npos) break;
      branches_[i].start(parent.promise().loop, i);
    }
    if (join_.any) {
      join_.waiting = join_.winner == npos;
      return join_.waiting;
    }
    return --join_.pending != 0;
  }
  void await_resume() const noexcept {}

 private:
  std::span<Branch> branches_;
  Join& join_;
};

template <class V, class... T, std::size_t... I>
V take_winner(std::size_t winner, std::index_sequence<I...>, Task<T>&... tasks) {
  std::optional<V> v;
  ((I == winner ? (v.emplace(std::in_place_index<I>, TaskAccess::take(tasks)), 0) : 0), ...);
  return std::move(*v);
}

// The awaitable of with_timeout: starts the child with a timer armed; resumes the parent at
// whichever comes first. Yields whether the child finished.
class Deadline final : TimerNode, public Completion {
 public:
  template <class T>
  Deadline(Loop& loop, TimePoint deadline, Task<T>& child) noexcept
      : child_(TaskAccess::handle(child)), child_promise_(&TaskAccess::handle(child).promise()) {
    assert(child_ && !child_.done());
    this->loop = &loop;
    this->deadline = deadline;
  }
  ~Deadline() { stop(); }
  bool await_ready() const noexcept { return false; }
  template <LoopPromise P>
  void await_suspend(std::coroutine_handle<P> parent) {
    handle = parent;
    loop->arm(*this);
    child_promise_->loop = parent.promise().loop;
    child_promise_->on_done = this;
    loop->transfer(child_);
  }
  std::coroutine_handle<> complete() noexcept override { return handle; }
  bool await_resume() noexcept {
    stop();
    return child_.done();
  }

 private:
  // The parent may be resumed by the child while the fired timer still queues it.
  void stop() noexcept {
    if (armed()) loop->disarm(*this);
    unlink();
  }
  std::coroutine_handle<> child_;
  PromiseBase* child_promise_;
};

}  // namespace detail

// Runs the tasks concurrently; yields all their values (std::monostate for void) once all
// have finished.
template <class... T>
Task<std::tuple<Value<T>...>> when_all(Task<T>... tasks) {
  detail::Join join;
  std::array<detail::Branch, sizeof...(T)> branches{detail::Branch(tasks, join)...};
  co_await detail::JoinAwaiter(branches, join);
  co_return std::tuple<Value<T>...>(detail::TaskAccess::take(tasks)...);
}

// Runs the tasks concurrently; yields their values in the order given once all have finished
// (for Task<void>, nothing).
template <class T>
Task<std::conditional_t<std::is_void_v<T>, void, std::vector<Value<T>>>> when_all(
    std::vector<Task<T>> tasks) {
  detail::Join join;
  std::vector<detail::Branch> branches;
  branches.reserve(tasks.size());
  for (Task<T>& t : tasks) branches.emplace_back(t, join);
  co_await detail::JoinAwaiter(branches, join);
  if constexpr (!std::is_void_v<T>) {
    std::vector<T> values;
    values.reserve(tasks.size());
    for (Task<T>& t : tasks) values.push_back(detail::TaskAccess::take(t));
    co_return values;
  }
}

// Runs the tasks concurrently until the first finishes; cancels the others and yields the
// winner's index (variant::index()) and value.
template <class... T>
Task<std::variant<Value<T>...>> when_any(Task<T>... tasks) {
  static_assert(sizeof...(T) > 0, "when_any of no task would never finish");
  detail::Join join{.any = true};
  std::array<detail::Branch, sizeof...(T)> branches{detail::Branch(tasks, join)...};
  co_await detail::JoinAwaiter(branches, join);
  auto winner = detail::take_winner<std::variant<Value<T>...>>(
      join.winner, std::index_sequence_for<T...>{}, tasks...);
  ((tasks = Task<T>{}), ...);
  co_return winner;
}

// Runs the tasks (at least one) concurrently until the first finishes; cancels the others and
// yields the winner's index and value.
template <class T>
Task<std::pair<std::size_t, Value<T>>> when_any(std::vector<Task<T>> tasks) {
  assert(!tasks.empty() && "when_any of no task would never finish");
  detail::Join join{.any = true};
  std::vector<detail::Branch> branches;
  branches.reserve(tasks.size());
  for (Task<T>& t : tasks) branches.emplace_back(t, join);
  co_await detail::JoinAwaiter(branches, join);
  std::pair<std::size_t, Value<T>> winner{join.winner,
                                          detail::TaskAccess::take(tasks[join.winner])};
  tasks.clear();
  co_return winner;
}

// Runs `task` on `loop` for at most `limit`: yields its value, or Timeout after destroying
// (cancelling) it. Costs one coroutine frame; the timer is part of it.
template <class T>
Task<std::expected<T, Timeout>> with_timeout(Loop& loop, Duration limit, Task<T> task) {
  const bool finished = co_await detail::Deadline(loop, loop.now() + limit, task);
  if (!finished) {
    task = Task<T>{};
    co_return std::unexpected(Timeout{});
  }
  if constexpr (std::is_void_v<T>) {
    co_return {};
  } else {
    co_return detail::TaskAccess::take(task);
  }
}

}  // namespace async
