#pragma once
#include <async/task.hpp>
#include <async/time.hpp>
#include <concepts>
#include <cstdint>
#include <optional>

namespace mirage {

// Mclock: a monotonic clock. elapsed_ns() never decreases; its origin is arbitrary (boot).
// period_ns() is the clock's resolution when known.
template <class C>
concept Mclock = requires(C& c) {
  { c.elapsed_ns() } -> std::same_as<std::uint64_t>;
  { c.period_ns() } -> std::same_as<std::optional<std::uint64_t>>;
};

// A point in POSIX time: seconds since 1970-01-01T00:00:00Z and nanoseconds (< 10^9).
struct Ptime {
  std::int64_t seconds = 0;
  std::uint32_t nanoseconds = 0;
  auto operator<=>(const Ptime&) const = default;
};

// Pclock: the wall clock (POSIX time). It may jump; use Mclock to measure intervals.
// current_tz_offset_s() is the local offset from UTC when the platform knows it.
template <class C>
concept Pclock = requires(C& c) {
  { c.now() } -> std::same_as<Ptime>;
  { c.current_tz_offset_s() } -> std::same_as<std::optional<int>>;
};

// Time: suspends the calling task. sleep(d) resumes no earlier than d after the call
// (on the monotonic clock); sleep(0) yields to other ready tasks. Destroying the waiting
// task cancels the sleep.
template <class T>
concept Time = requires(T& t, async::Duration d) {
  { t.sleep(d) } -> std::same_as<async::Task<void>>;
};

}  // namespace mirage
