#pragma once
// Helpers for tests of packages that log: capture what is reported, and raise a source's
// level for one test. Header-only; installs and restores process-wide state, so use them
// as locals of a test body.
#include <logs/logs.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace logs::testing {

// One reported message, copied.
struct Record {
  Level level;
  std::string source;
  std::string message;
};

// Installs itself as the reporter while it lives and keeps every message reported.
class CapturingReporter final : public Reporter {
 public:
  CapturingReporter() : previous_(set_reporter(*this)) {}
  ~CapturingReporter() override { set_reporter(previous_); }
  CapturingReporter(const CapturingReporter&) = delete;
  CapturingReporter& operator=(const CapturingReporter&) = delete;

  void report(Level level, std::string_view source, std::string_view message) override {
    records_.push_back({level, std::string(source), std::string(message)});
  }

  const std::vector<Record>& records() const { return records_; }
  std::size_t count() const { return records_.size(); }
  // How many messages were reported at level.
  std::size_t count(Level level) const {
    std::size_t n = 0;
    for (const auto& r : records_) n += r.level == level ? 1 : 0;
    return n;
  }
  // Whether some reported message contains text.
  bool contains(std::string_view text) const {
    for (const auto& r : records_) {
      if (r.message.find(text) != std::string::npos) return true;
    }
    return false;
  }
  void clear() { records_.clear(); }

 private:
  Reporter& previous_;
  std::vector<Record> records_;
};

// Sets a source's level while it lives, then restores the level it had.
class ScopedLevel {
 public:
  ScopedLevel(Source& source, Level level) : source_(source), previous_(source.level()) {
    source.set_level(level);
  }
  ~ScopedLevel() { source_.set_level(previous_); }
  ScopedLevel(const ScopedLevel&) = delete;
  ScopedLevel& operator=(const ScopedLevel&) = delete;

 private:
  Source& source_;
  Level previous_;
};

}  // namespace logs::testing
