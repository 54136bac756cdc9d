#pragma once
// The unix target's devices (ARCHITECTURE.md §7): a console on stdout, the loop's timers,
// CLOCK_MONOTONIC and CLOCK_REALTIME, and getrandom(2) entropy. Each satisfies its
// mirage-types concept (checked below).
#include <async/loop.hpp>
#include <mirage/clock.hpp>
#include <mirage/console.hpp>
#include <mirage/random.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mirage_unix {

// Writes to a file descriptor (stdout by default), whole lines at a time.
class Console {
 public:
  explicit Console(int fd = 1) : fd_(fd) {}
  // Writes all of `text`; ConsoleError::Closed after close(), Io if the descriptor fails.
  async::Task<std::expected<void, mirage::ConsoleError>> write(std::string_view text);
  async::Task<void> close();

 private:
  int fd_;
  bool closed_ = false;
};

// Sleeps on the loop's timers.
class Time {
 public:
  explicit Time(async::Loop& loop) : loop_(loop) {}
  async::Task<void> sleep(async::Duration d);

 private:
  async::Loop& loop_;
};

class Mclock {
 public:
  std::uint64_t elapsed_ns();
  std::optional<std::uint64_t> period_ns();
};

class Pclock {
 public:
  mirage::Ptime now();
  // From the C library's idea of local time (TZ), as seconds east of UTC.
  std::optional<int> current_tz_offset_s();
};

// getrandom(2) from the kernel's pool; blocks only until the pool is first initialised.
class Random {
 public:
  void fill(std::span<std::uint8_t> out);
};

static_assert(mirage::Console<Console>);
static_assert(mirage::Time<Time>);
static_assert(mirage::Mclock<Mclock>);
static_assert(mirage::Pclock<Pclock>);
static_assert(mirage::Random<Random>);

}  // namespace mirage_unix
