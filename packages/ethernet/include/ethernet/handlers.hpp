#pragma once
// ethernet::Handlers<Key, Input>: the table through which a layer hands input up, one
// handler per key (an EtherType here; an IP protocol number in ipv4).
#include <algorithm>
#include <async/task.hpp>
#include <functional>
#include <list>
#include <utility>

namespace ethernet {

template <class Key, class Input>
class Handlers {
 public:
  // Called with each input for its key; the input stays valid until the task finishes.
  // Prefer a lambda that returns a member coroutine's task: a lambda that is itself a
  // coroutine runs inside the table's copy, so it must not be replaced while it runs.
  using Handler = std::function<async::Task<void>(const Input&)>;

  // Routes `key` to `handler`, replacing any; an empty handler unregisters the key.
  void set(Key key, Handler handler) {
    auto it = std::ranges::find(routes_, key, &Route::key);
    if (it != routes_.end()) routes_.erase(it);
    if (handler) routes_.push_back({key, std::move(handler)});
  }
  // The handler for `key`, or null.
  const Handler* find(Key key) const {
    auto it = std::ranges::find(routes_, key, &Route::key);
    return it == routes_.end() ? nullptr : &it->handler;
  }

 private:
  struct Route {
    Key key;
    Handler handler;
  };
  std::list<Route> routes_;  // nodes stay put: a running handler is never moved
};

}  // namespace ethernet
