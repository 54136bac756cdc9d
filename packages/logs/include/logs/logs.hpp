#pragma once
// Levelled logging per source, in the spirit of OCaml's Logs.
//
//   inline logs::Source tcp_log{"tcp"};
//   LOGS_INFO(tcp_log, "accepted %s:%u", addr, port);          // printf-style, checked by -Wformat
//   tcp_log.debug([&](auto& m) { m("window %zu", expensive_window()); });
//
// A message whose level the source does not let through costs one compare: the macros and
// the callback form neither evaluate the arguments nor format. Everything here runs on the
// single thread of the event loop; nothing is synchronised.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace logs {

// Message levels, most important first. A source reports the messages at its level and at
// the levels before it; a source at Quiet reports nothing.
enum class Level : std::uint8_t { Quiet, App, Error, Warning, Info, Debug };

// The lowercase name of a level: "quiet", "app", "error", "warning", "info" or "debug".
std::string_view level_name(Level level);

// The level a lowercase name from level_name denotes; nullopt for any other text.
std::optional<Level> parse_level(std::string_view name);

// Receives every message a source lets through, already formatted. The platform installs
// one that writes to its console; tests install logs::testing::CapturingReporter.
class Reporter {
 public:
  virtual ~Reporter() = default;
  // Reports one message. The views are only valid during the call.
  virtual void report(Level level, std::string_view source, std::string_view message) = 0;
};

// Installs reporter (borrowed: it must outlive its installation); returns the one replaced.
Reporter& set_reporter(Reporter& reporter);

// The installed reporter; before any set_reporter, one that discards every message.
Reporter& reporter();

// One console line without timestamp or newline, e.g. "INF [tcp] accepted 10.0.0.1:80"
// (tags APP, ERR, WRN, INF, DBG), for platforms' reporters.
std::string format_line(Level level, std::string_view source, std::string_view message);

class Source;
namespace detail {
class Registry;
}

// The printf-style callable handed to Source::msg callbacks; reports one message per call.
class Message {
 public:
  Message(const Source& source, Level level) : source_(source), level_(level) {}
  // Formats printf-style and reports at the message's level.
  void operator()(const char* format, ...) const __attribute__((format(printf, 2, 3)));

 private:
  const Source& source_;
  Level level_;
};

// A named source of messages with its own level, registered in a process-wide list for
// set_levels while it lives. Neither copyable nor movable: the list holds its address.
class Source {
 public:
  // Registers a source; its level is the one the last applied spec gave this name, else
  // the level every source got last (Warning at start, as in OCaml's Logs).
  explicit Source(std::string_view name);
  ~Source();
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  // The name given at construction, and the least important level reported.
  std::string_view name() const { return name_; }
  Level level() const { return level_; }
  // Changes this source alone, until the next set_level or apply_levels that covers it.
  void set_level(Level level) { level_ = level; }

  // Whether a message at level would be reported (level is not Quiet): one compare.
  bool enabled(Level level) const { return level <= level_; }

  // Calls f(Message&) only when level is enabled, so nothing is computed or formatted else.
  template <class F>
  void msg(Level level, F&& f) const {
    if (enabled(level)) {
      Message m(*this, level);
      f(m);
    }
  }
  // msg at one level: src.info([&](auto& m) { m("up after %d tries", n); }).
  template <class F>
  void app(F&& f) const {
    msg(Level::App, f);
  }
  template <class F>
  void err(F&& f) const {
    msg(Level::Error, f);
  }
  template <class F>
  void warn(F&& f) const {
    msg(Level::Warning, f);
  }
  template <class F>
  void info(F&& f) const {
    msg(Level::Info, f);
  }
  template <class F>
  void debug(F&& f) const {
    msg(Level::Debug, f);
  }

 private:
  friend class detail::Registry;
  std::string name_;
  Level level_;
  Source* next_ = nullptr;
};

// Sets every live source and every source registered later to level (OCaml's Logs.set_level).
void set_level(Level level);

// A parsed level spec such as "*:info,tcp:debug": entries separated by commas, each
// "LEVEL" or "*:LEVEL" (every source) or "SOURCE:LEVEL". Named entries win over "*"
// whatever their order; of two entries for the same name the last wins.
struct LevelSpec {
  std::optional<Level> all;
  std::vector<std::pair<std::string, Level>> sources;
};

// Why a spec was rejected, in one line naming the culprit.
struct Error {
  std::string message;
};

// Parses a spec without applying it. Fails, naming the culprit, on an unknown level, an
// empty entry or an empty source name.
std::expected<LevelSpec, Error> parse_levels(std::string_view spec);

// Applies a spec to the live sources and remembers it for sources registered later, so a
// source always has the level a fresh source of its name would get. A spec with "*"
// replaces the remembered names; one without adds to them.
void apply_levels(const LevelSpec& spec);

// parse_levels then apply_levels; on error nothing changes.
std::expected<void, Error> set_levels(std::string_view spec);

namespace detail {
// Formats and hands one message to the reporter; the macros call it once enabled.
void emit(const Source& source, Level level, const char* format, ...)
    __attribute__((format(printf, 3, 4)));
}  // namespace detail

}  // namespace logs

// printf-style logging that evaluates and formats its arguments only when src lets level
// through. Named LOGS_* because <syslog.h> already defines LOG_INFO and friends.
#define LOGS_MSG(src, level, ...)                        \
  do {                                                   \
    if ((src).enabled(level)) {                          \
      ::logs::detail::emit((src), (level), __VA_ARGS__); \
    }                                                    \
  } while (0)
#define LOGS_APP(src, ...) LOGS_MSG(src, ::logs::Level::App, __VA_ARGS__)
#define LOGS_ERR(src, ...) LOGS_MSG(src, ::logs::Level::Error, __VA_ARGS__)
#define LOGS_WARN(src, ...) LOGS_MSG(src, ::logs::Level::Warning, __VA_ARGS__)
#define LOGS_INFO(src, ...) LOGS_MSG(src, ::logs::Level::Info, __VA_ARGS__)
#define LOGS_DEBUG(src, ...) LOGS_MSG(src, ::logs::Level::Debug, __VA_ARGS__)
