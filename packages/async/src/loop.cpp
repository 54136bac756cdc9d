#include <async/loop.hpp>

#include <cstdlib>

namespace async {
namespace {
PanicHandler panic_handler = nullptr;
}  // namespace

PanicHandler set_panic_handler(PanicHandler handler) noexcept {
  return std::exchange(panic_handler, handler);
}

namespace detail {

void panic(const char* message) noexcept {
  if (panic_handler != nullptr) panic_handler(message);
  std::abort();
}

namespace {
bool earlier(const TimerNode& a, const TimerNode& b) noexcept {
  return a.deadline < b.deadline || (a.deadline == b.deadline && a.seq < b.seq);
}
}  // namespace

void TimerHeap::place(TimerNode& t, std::size_t i) noexcept {
  heap_[i] = &t;
  t.index = i;
}

void TimerHeap::sift_up(std::size_t i) noexcept {
  TimerNode& t = *heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!earlier(t, *heap_[parent])) break;
    place(*heap_[parent], i);
    i = parent;
  }
  place(t, i);
}

void TimerHeap::sift_down(std::size_t i) noexcept {
  TimerNode& t = *heap_[i];
  const std::size_t n = heap_.size();
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && earlier(*heap_[child + 1], *heap_[child])) ++child;
    if (!earlier(*heap_[child], t)) break;
    place(*heap_[child], i);
    i = child;
  }
  place(t, i);
}

void TimerHeap::push(TimerNode& t) {
  assert(!t.armed());
  heap_.push_back(&t);
  sift_up(heap_.size() - 1);
}

void TimerHeap::remove(TimerNode& t) noexcept {
  assert(t.armed() && heap_[t.index] == &t);
  const std::size_t i = t.index;
  TimerNode& last = *heap_.back();
  heap_.pop_back();
  t.index = npos;
  if (&last == &t) return;
  place(last, i);
  sift_down(i);
  sift_up(last.index);
}

void TimerHeap::clear() noexcept {
  for (TimerNode* t : heap_) t->index = npos;
  heap_.clear();
}

}  // namespace detail

Loop::~Loop() {
  while (!spawned_.empty()) {
    static_cast<detail::Spawned&>(spawned_.pop_front()).start.handle.destroy();
  }
  timers_.clear();
  ready_.clear();
}

void Loop::spawn(Task<void> task) {
  const auto h = detail::TaskAccess::release(task);
  assert(h && !h.done());
  auto& p = h.promise();
  p.loop = this;
  p.on_done = &p.spawned;
  p.spawned.start.handle = h;
  p.spawned.start.loop = this;
  spawned_.push_back(p.spawned);
  wake(p.spawned.start);
}

std::optional<RunError> Loop::drive(std::coroutine_handle<> root) {
  assert(!running_ && "Loop::run is not reentrant");
  running_ = true;
  stop_ = false;
  std::optional<RunError> error;
  resume(root);
  while (!root.done()) {
    if (stop_) {
      error = RunError::Stopped;
      break;
    }
    if (!turn()) {
      error = RunError::Deadlocked;
      break;
    }
  }
  stop_ = false;
  running_ = false;
  return error;
}

// One turn; false when nothing can ever run again.
bool Loop::turn() {
  if (!ready_.empty() || !handles_.empty()) {
    run_ready();
    if ((++turns_ & 63) == 0) {
      const TimePoint t = now();
      platform_.wait(t);
      fire_timers(now());
    }
    return true;
  }
  fire_timers(now());
  if (!ready_.empty()) return true;
  if (timers_.empty()) {
    if (!platform_.has_event_sources()) return false;
    platform_.wait(std::nullopt);
  } else {
    platform_.wait(timers_.top().deadline);
  }
  fire_timers(now());
  return true;
}

// Resumes what was ready when the turn began; what becomes ready meanwhile waits a turn.
void Loop::run_ready() {
  detail::List batch;
  batch.splice_back(ready_);
  for (std::size_t n = handles_.size(); n != 0; --n) resume(handles_.pop_front());
  while (!batch.empty()) resume(static_cast<Waiter&>(batch.pop_front()).handle);
}

void Loop::fire_timers(TimePoint now) noexcept {
  while (!timers_.empty() && timers_.top().deadline <= now) {
    detail::TimerNode& t = timers_.top();
    timers_.remove(t);
    wake(t);
  }
}

}  // namespace async
