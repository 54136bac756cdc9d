#pragma once
// async::Mailbox<T>: a one-slot box between coroutines (Lwt_mvar). put() waits while the box
// is full, take() while it is empty; waiters are served first come, first served.
#include <async/stream.hpp>

#include <coroutine>
#include <optional>
#include <utility>

namespace async {

template <class T>
class Mailbox {
 public:
  Mailbox() noexcept = default;

  class [[nodiscard]] Put : public Stream<T>::Push {
   public:
    using Stream<T>::Push::Push;
    void await_resume() const noexcept {}
  };
  class [[nodiscard]] Take : public Stream<T>::Pop {
   public:
    using Stream<T>::Pop::Pop;
    T await_resume() noexcept { return std::move(*Stream<T>::Pop::await_resume()); }
  };

  // An awaitable that puts `v` in the box, waiting while it is full.
  Put put(T v) { return Put{slot_, std::move(v)}; }
  // An awaitable that takes the value out of the box, waiting while it is empty.
  Take take() noexcept { return Take{slot_}; }

  // Puts `v` without waiting; moves from v only on success, false when the box is full.
  bool try_put(T&& v) { return slot_.try_push(std::move(v)); }
  // Takes the value without waiting; nullopt when the box is empty.
  std::optional<T> try_take() { return slot_.try_pop(); }
  // Whether the box holds a value.
  bool full() const noexcept { return slot_.size() != 0; }

 private:
  Stream<T> slot_{1};
};

}  // namespace async
