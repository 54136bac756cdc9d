#pragma once
// A logs::Reporter that writes each message as one line on a file descriptor (stderr by
// default), in logs::format_line's layout. Install it with logs::set_reporter.
#include <logs/logs.hpp>

namespace mirage_unix {

class LogReporter final : public logs::Reporter {
 public:
  explicit LogReporter(int fd = 2) : fd_(fd) {}
  void report(logs::Level level, std::string_view source, std::string_view message) override;

 private:
  int fd_;
};

}  // namespace mirage_unix
