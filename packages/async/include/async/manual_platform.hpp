#pragma once
// async::ManualPlatform: a Platform with a virtual clock, for tests. Blocking until a deadline
// jumps the clock to it, so timer code runs instantly and deterministically; it has no event
// source, so a task blocked on nothing a test can still trigger makes run() return
// RunError::Deadlocked instead of hanging.
#include <async/loop.hpp>

#include <cstddef>
#include <optional>

namespace async {

class ManualPlatform final : public Platform {
 public:
  explicit ManualPlatform(TimePoint start = TimePoint{}) noexcept : now_(start) {}

  TimePoint now() override { return now_; }
  void wait(std::optional<TimePoint> deadline) override {
    ++waits_;
    if (deadline && *deadline > now_) now_ = *deadline;
  }
  bool has_event_sources() override { return false; }

  // Moves the clock forward by `d` (timers fire at the loop's next turn).
  void advance(Duration d) noexcept { now_ += d; }
  // How many times the loop has blocked or polled.
  std::size_t waits() const noexcept { return waits_; }

 private:
  TimePoint now_;
  std::size_t waits_ = 0;
};

}  // namespace async
