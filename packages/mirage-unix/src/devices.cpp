#include <mirage_unix/devices.hpp>

#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace mirage_unix {

async::Task<std::expected<void, mirage::ConsoleError>> Console::write(std::string_view text) {
  if (closed_) co_return std::unexpected(mirage::ConsoleError::Closed);
  while (!text.empty()) {
    ssize_t n = ::write(fd_, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      co_return std::unexpected(mirage::ConsoleError::Io);
    }
    text.remove_prefix(std::size_t(n));
  }
  co_return std::expected<void, mirage::ConsoleError>{};
}

async::Task<void> Console::close() {
  closed_ = true;
  co_return;
}

async::Task<void> Time::sleep(async::Duration d) { co_await loop_.sleep(d); }

std::uint64_t Mclock::elapsed_ns() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::uint64_t(ts.tv_sec) * 1'000'000'000u + std::uint64_t(ts.tv_nsec);
}

std::optional<std::uint64_t> Mclock::period_ns() {
  timespec ts;
  if (::clock_getres(CLOCK_MONOTONIC, &ts) != 0) return std::nullopt;
  return std::uint64_t(ts.tv_sec) * 1'000'000'000u + std::uint64_t(ts.tv_nsec);
}

mirage::Ptime Pclock::now() {
  timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return {std::int64_t(ts.tv_sec), std::uint32_t(ts.tv_nsec)};
}

std::optional<int> Pclock::current_tz_offset_s() {
  std::time_t t = std::time(nullptr);
  std::tm local;
  if (::localtime_r(&t, &local) == nullptr) return std::nullopt;
  return int(local.tm_gmtoff);
}

void Random::fill(std::span<std::uint8_t> out) {
  while (!out.empty()) {
    ssize_t n = ::getrandom(out.data(), out.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::perror("mirage-unix: getrandom");
      std::abort();  // no entropy is not something to continue without
    }
    out = out.subspan(std::size_t(n));
  }
}

}  // namespace mirage_unix

#include <mirage_unix/log_reporter.hpp>

namespace mirage_unix {

void LogReporter::report(logs::Level level, std::string_view source, std::string_view message) {
  std::string line = logs::format_line(level, source, message);
  if (line.empty() || line.back() != '\n') line += '\n';
  std::string_view rest = line;
  while (!rest.empty()) {
    ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to report that logging failed
    rest.remove_prefix(std::size_t(n));
  }
}

}  // namespace mirage_unix
