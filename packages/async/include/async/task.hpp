#pragma once
// async::Task<T>: a lazy, move-only coroutine returning T.
//
// A task does nothing until it is awaited (`co_await task`), run (`loop.run(task)`) or spawned
// (`loop.spawn(task)`). Awaiting one hands control to it and it hands control back when it
// finishes, through the loop's trampoline (Loop::transfer) rather than nested calls, so a
// chain of any depth uses constant stack in every build mode. (A compiler's symmetric
// transfer would do the same, but GCC 12 makes it a tail call only at -O2 without sanitizers.)
//
// Cancellation is destruction: destroying a Task that has not finished destroys its frame and,
// with it, the frames of the tasks it awaits and the awaiters they are suspended in; every
// awaiter in this package unlinks itself from the queue, heap or list it waits in. A
// cancelled task resumes nothing and returns nothing. (Destroying a deeply nested chain
// destroys the frames recursively: depth costs stack there, unlike in completion.)
#include <async/loop.hpp>
#include <async/waiter.hpp>

#include <cassert>
#include <coroutine>
#include <expected>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace async {

// T, or std::monostate for void: the value a finished Task<T> yields in tuples and variants.
template <class T>
using Value = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

// Reports a fatal error of this package (an exception escaping a Task) before it aborts; the
// package does no I/O itself, so the platform installs one that prints the message.
using PanicHandler = void (*)(const char* message);
// Installs `handler` (nullptr: none) and returns the previous one.
PanicHandler set_panic_handler(PanicHandler handler) noexcept;

namespace detail {

// Passes the message to the panic handler, then aborts.
[[noreturn]] void panic(const char* message) noexcept;

struct FinalAwaiter {
  bool await_ready() const noexcept { return false; }
  template <LoopPromise P>
  void await_suspend(std::coroutine_handle<P> h) const noexcept {
    PromiseBase& p = h.promise();
    Loop* loop = p.loop;  // on_done may destroy the frame
    const std::coroutine_handle<> next =
        p.on_done != nullptr ? p.on_done->complete() : p.continuation;
    if (next) loop->transfer(next);
  }
  void await_resume() const noexcept {}
};

struct TaskPromiseBase : PromiseBase {
  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  [[noreturn]] void unhandled_exception() const noexcept {
    panic("an exception escaped an async::Task");
  }
};

template <class T>
struct TaskPromise : TaskPromiseBase {
  Task<T> get_return_object() noexcept;
  template <class U = T>
  void return_value(U&& v) {
    value.emplace(std::forward<U>(v));
  }
  T take() {
    assert(value.has_value());
    return std::move(*value);
  }
  std::optional<T> value;
};

// A spawned task's membership of its loop: the loop owns the frame (and destroys it if the
// loop dies first); the frame destroys itself when the task finishes.
struct Spawned final : Link, Completion {
  std::coroutine_handle<> complete() noexcept override {
    const std::coroutine_handle<> self = start.handle;
    unlink();
    self.destroy();  // destroys *this too: touch nothing after
    return {};
  }
  Waiter start;  // queues the first resumption on the loop
};

template <>
struct TaskPromise<void> : TaskPromiseBase {
  Task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  std::monostate take() const noexcept { return {}; }
  Spawned spawned;
};

struct TaskAccess;

}  // namespace detail

template <class T>
class [[nodiscard]] Task {
  static_assert(!std::is_reference_v<T>, "Task<T&> is not supported: return a pointer");

 public:
  using promise_type = detail::TaskPromise<T>;

  // An empty task (as a moved-from one): it cannot be awaited.
  Task() noexcept = default;
  Task(Task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      h_ = std::exchange(other.h_, {});
    }
    return *this;
  }
  // Destroys the frame: cancels the task if it has not finished.
  ~Task() { reset(); }

  // Whether the task holds a coroutine.
  bool valid() const noexcept { return static_cast<bool>(h_); }
  // Whether the coroutine has finished (it then holds its value).
  bool done() const noexcept { return h_ && h_.done(); }

  class Awaiter {
   public:
    explicit Awaiter(std::coroutine_handle<promise_type> child) noexcept : child_(child) {
      assert(child_ && "awaiting an empty Task");
    }
    bool await_ready() const noexcept { return child_.done(); }
    template <LoopPromise P>
    void await_suspend(std::coroutine_handle<P> parent) const noexcept {
      promise_type& p = child_.promise();
      p.continuation = parent;
      p.loop = parent.promise().loop;
      assert(p.loop != nullptr && "awaited from a task that no Loop started");
      p.loop->transfer(child_);
    }
    T await_resume() const {
      if constexpr (!std::is_void_v<T>) return child_.promise().take();
    }

   private:
    std::coroutine_handle<promise_type> child_;
  };

  // Starts the task (or takes its value if it has finished) and yields its value. A task is
  // awaited once; the frame stays with this Task object.
  Awaiter operator co_await() const noexcept { return Awaiter{h_}; }

 private:
  friend struct detail::TaskAccess;
  friend promise_type;
  explicit Task(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  void reset() noexcept {
    if (h_) std::exchange(h_, {}).destroy();
  }

  std::coroutine_handle<promise_type> h_;
};

namespace detail {

template <class T>
Task<T> TaskPromise<T>::get_return_object() noexcept {
  return Task<T>{std::coroutine_handle<TaskPromise<T>>::from_promise(*this)};
}

inline Task<void> TaskPromise<void>::get_return_object() noexcept {
  return Task<void>{std::coroutine_handle<TaskPromise<void>>::from_promise(*this)};
}

// The package's own access to a Task's frame (the loop, when_all, with_timeout).
struct TaskAccess {
  template <class T>
  static std::coroutine_handle<TaskPromise<T>> handle(const Task<T>& t) noexcept {
    return t.h_;
  }
  template <class T>
  static std::coroutine_handle<TaskPromise<T>> release(Task<T>& t) noexcept {
    return std::exchange(t.h_, {});
  }
  // The value of a finished task, as Value<T>.
  template <class T>
  static Value<T> take(Task<T>& t) {
    assert(t.done());
    return t.h_.promise().take();
  }
};

}  // namespace detail

template <class T>
std::expected<T, RunError> Loop::run(Task<T> task) {
  const auto h = detail::TaskAccess::handle(task);
  assert(h && !h.done());
  h.promise().loop = this;
  if (const auto error = drive(h)) return std::unexpected(*error);
  if constexpr (std::is_void_v<T>) {
    return {};
  } else {
    return detail::TaskAccess::take(task);
  }
}

}  // namespace async
