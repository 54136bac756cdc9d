#pragma once
// async::Promise<T> / async::Future<T>: a one-shot value handed from callback code to a
// coroutine. The two halves point at each other (no shared allocation) and keep those pointers
// right when moved. Drop the Future and set_value() reports nobody listens; drop the Promise
// unset and the Future yields BrokenPromise.
//
//   async::Promise<int> p;
//   async::Future<int> f = p.get_future();
//   device.on_reply([&](int v) { p.set_value(v); });
//   std::expected<int, async::BrokenPromise> v = co_await f;
#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/waiter.hpp>

#include <cassert>
#include <coroutine>
#include <expected>
#include <optional>
#include <utility>

namespace async {

// What awaiting a Future yields when its Promise was destroyed without a value.
struct BrokenPromise {
  friend bool operator==(BrokenPromise, BrokenPromise) = default;
};

template <class T>
class Promise;

template <class T>
class Future {
 public:
  // A future with no promise: awaiting it yields BrokenPromise at once.
  Future() noexcept = default;
  Future(Future&& other) noexcept { take_from(other); }
  Future& operator=(Future&& other) noexcept {
    if (this != &other) {
      release();
      take_from(other);
    }
    return *this;
  }
  // Detaches from the promise, whose set_value() then returns false; a coroutine awaiting
  // this future is woken with BrokenPromise.
  ~Future() { release(); }

  // Whether awaiting would not suspend: a value arrived or the promise is gone.
  bool ready() const noexcept { return value_.has_value() || promise_ == nullptr; }

  class [[nodiscard]] Awaiter : Waiter {
   public:
    explicit Awaiter(Future& f) noexcept : f_(&f) {}
    ~Awaiter() {
      if (f_ != nullptr && f_->waiter_ == this) f_->waiter_ = nullptr;
    }
    bool await_ready() const noexcept { return f_->ready(); }
    template <LoopPromise P>
    void await_suspend(std::coroutine_handle<P> h) noexcept {
      assert(f_->waiter_ == nullptr && "a Future is awaited by one coroutine at a time");
      bind(h);
      f_->waiter_ = this;
    }
    // The value, moved out of the future, or BrokenPromise.
    std::expected<T, BrokenPromise> await_resume() {
      if (f_ == nullptr) return std::unexpected(BrokenPromise{});
      f_->waiter_ = nullptr;
      if (!f_->value_) return std::unexpected(BrokenPromise{});
      if constexpr (std::is_void_v<T>) {
        return {};
      } else {
        return std::move(*f_->value_);
      }
    }

   private:
    friend class Future;
    Future* f_;
  };

  // Suspends until the promise is kept or dropped. Awaited by one coroutine at a time.
  Awaiter operator co_await() noexcept { return Awaiter{*this}; }

 private:
  friend class Promise<T>;
  void take_from(Future& other) noexcept {
    promise_ = std::exchange(other.promise_, nullptr);
    waiter_ = std::exchange(other.waiter_, nullptr);
    value_ = std::move(other.value_);
    other.value_.reset();
    if (promise_ != nullptr) promise_->future_ = this;
    if (waiter_ != nullptr) waiter_->f_ = this;
  }
  void release() noexcept {
    if (promise_ != nullptr) std::exchange(promise_, nullptr)->future_ = nullptr;
    if (waiter_ != nullptr) {
      Awaiter* w = std::exchange(waiter_, nullptr);
      w->f_ = nullptr;
      if (!w->linked()) w->wake();  // unless the promise already woke it
    }
    value_.reset();
  }
  // Called by the promise when it resolves (with value_ set) or dies. The awaiter stays
  // registered until it resumes, so that destroying the future meanwhile reaches it.
  void resolve() noexcept {
    promise_ = nullptr;
    if (waiter_ != nullptr) waiter_->wake();
  }

  Promise<T>* promise_ = nullptr;
  Awaiter* waiter_ = nullptr;
  std::optional<Value<T>> value_;
};

template <class T>
class Promise {
 public:
  Promise() noexcept = default;
  Promise(Promise&& other) noexcept : future_(std::exchange(other.future_, nullptr)) {
    if (future_ != nullptr) future_->promise_ = this;
  }
  Promise& operator=(Promise&& other) noexcept {
    if (this != &other) {
      abandon();
      future_ = std::exchange(other.future_, nullptr);
      if (future_ != nullptr) future_->promise_ = this;
    }
    return *this;
  }
  // An unkept promise breaks: its future yields BrokenPromise.
  ~Promise() { abandon(); }

  // The future this promise resolves. Call it once, before set_value.
  Future<T> get_future() noexcept {
    assert(future_ == nullptr && !used_ && "get_future called twice");
    used_ = true;
    Future<T> f;
    f.promise_ = this;
    future_ = &f;
    return f;
  }

  // Resolves the future with a T made of `args` and wakes its awaiter (at the loop's next
  // turn). Returns false, dropping the value, when the future is gone or already resolved.
  template <class... Args>
  bool set_value(Args&&... args) {
    if (future_ == nullptr) return false;
    future_->value_.emplace(std::forward<Args>(args)...);
    std::exchange(future_, nullptr)->resolve();
    return true;
  }

  // Whether a future still waits for this promise.
  bool pending() const noexcept { return future_ != nullptr; }

 private:
  friend class Future<T>;
  void abandon() noexcept {
    if (future_ != nullptr) std::exchange(future_, nullptr)->resolve();
  }
  Future<T>* future_ = nullptr;
  bool used_ = false;
};

}  // namespace async
