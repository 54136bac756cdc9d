#pragma once
// async::Stream<T>: a bounded FIFO queue between coroutines, with close().
//
// push() waits while the queue is full; pop() waits while it is empty and, once the stream is
// closed and drained, yields nullopt. Values pass in FIFO order and blocked pushers are served
// in the order they blocked. With capacity 0 every push waits for a pop (a rendezvous).
// A value handed to a popper that is cancelled before it runs is dropped with it.
#include <async/detail/list.hpp>
#include <async/detail/ring.hpp>
#include <async/loop.hpp>
#include <async/waiter.hpp>

#include <coroutine>
#include <cstddef>
#include <optional>
#include <utility>

namespace async {

template <class T>
class Stream {
 public:
  // A stream that holds up to `capacity` values.
  explicit Stream(std::size_t capacity) noexcept : capacity_(capacity) {}
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  class [[nodiscard]] Push : Waiter {
   public:
    Push(Stream& s, T v) : s_(s), value_(std::move(v)) {}
    bool await_ready() {
      accepted_ = s_.offer(*value_);
      return accepted_ || s_.closed_;
    }
    template <LoopPromise P>
    void await_suspend(std::coroutine_handle<P> h) noexcept {
      bind(h);
      s_.pushers_.push_back(*this);
    }
    // True when the value was queued (or taken); false when the stream was closed.
    bool await_resume() const noexcept { return accepted_; }

   private:
    friend class Stream;
    Stream& s_;
    std::optional<T> value_;
    bool accepted_ = false;
  };

  class [[nodiscard]] Pop : Waiter {
   public:
    explicit Pop(Stream& s) noexcept : s_(s) {}
    bool await_ready() {
      value_ = s_.try_pop();
      return value_.has_value() || s_.closed_;
    }
    template <LoopPromise P>
    void await_suspend(std::coroutine_handle<P> h) noexcept {
      bind(h);
      s_.poppers_.push_back(*this);
    }
    // The next value; nullopt once the stream is closed and empty.
    std::optional<T> await_resume() noexcept { return std::move(value_); }

   private:
    friend class Stream;
    Stream& s_;
    std::optional<T> value_;
  };

  // An awaitable that queues `v`, waiting while the stream is full; it yields false (and
  // drops v) if the stream is or gets closed first.
  Push push(T v) { return Push{*this, std::move(v)}; }
  // An awaitable that yields the next value, waiting while the stream is empty.
  Pop pop() noexcept { return Pop{*this}; }

  // Queues `v` without waiting, for callback code. Moves from v only on success; false when
  // the stream is full or closed.
  bool try_push(T&& v) { return offer(v); }
  // Takes the next value without waiting; nullopt when there is none.
  std::optional<T> try_pop() {
    if (!pushers_.empty()) {
      Push& p = static_cast<Push&>(detail::pop_waiter(pushers_));
      items_.push_back(std::move(*p.value_));
      p.accepted_ = true;
      p.wake();
    }
    if (items_.empty()) return std::nullopt;
    return items_.pop_front();
  }

  // Refuses further values and wakes every waiter: poppers get nullopt (when nothing is
  // left), pushers false. Values already queued can still be popped.
  void close() noexcept {
    closed_ = true;
    while (!poppers_.empty()) detail::pop_waiter(poppers_).wake();
    while (!pushers_.empty()) detail::pop_waiter(pushers_).wake();
  }

  // Whether close() was called.
  bool closed() const noexcept { return closed_; }
  // Values queued (not counting blocked pushers').
  std::size_t size() const noexcept { return items_.size(); }
  // How many values the stream holds before push() waits.
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  // Hands v to a waiting popper or queues it; false (v untouched) when full or closed.
  bool offer(T& v) {
    if (closed_) return false;
    if (!poppers_.empty()) {
      Pop& p = static_cast<Pop&>(detail::pop_waiter(poppers_));
      p.value_.emplace(std::move(v));
      p.wake();
      return true;
    }
    if (items_.size() >= capacity_) return false;
    items_.push_back(std::move(v));
    return true;
  }

  std::size_t capacity_;
  bool closed_ = false;
  detail::Ring<T> items_;
  detail::List pushers_;
  detail::List poppers_;
};

}  // namespace async
