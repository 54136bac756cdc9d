#include <logs/logs.hpp>

#include <array>
#include <cassert>
#include <cstdarg>
#include <cstdio>

namespace logs {
namespace {

constexpr std::array<std::string_view, 6> level_names = {"quiet",   "app",  "error",
                                                         "warning", "info", "debug"};

class DiscardingReporter final : public Reporter {
 public:
  void report(Level, std::string_view, std::string_view) override {}
};

constinit DiscardingReporter discarding;
constinit Reporter* installed = &discarding;

void report_formatted(const Source& source, Level level, const char* format, va_list args) {
  assert(level != Level::Quiet);
  // Most messages fit on the stack; only longer ones allocate, formatting a second time.
  char small[256];
  va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(small, sizeof small, format, args);
  if (n < 0) {
    installed->report(level, source.name(), format);  // an encoding error: show the format
  } else if (static_cast<std::size_t>(n) < sizeof small) {
    installed->report(level, source.name(), std::string_view(small, static_cast<std::size_t>(n)));
  } else {
    std::string large(static_cast<std::size_t>(n), '\0');
    std::vsnprintf(large.data(), large.size() + 1, format, again);
    installed->report(level, source.name(), large);
  }
  va_end(again);
}

}  // namespace

namespace detail {

// The live sources, and the levels a source gets when it registers. The list is intrusive
// so that registering, which usually happens during static initialisation, never allocates.
class Registry {
 public:
  static void add(Source& source) {
    source.level_ = level_for(source.name_);
    source.next_ = head;
    head = &source;
  }
  static void remove(Source& source) {
    for (Source** link = &head; *link != nullptr; link = &(*link)->next_) {
      if (*link == &source) {
        *link = source.next_;
        return;
      }
    }
  }
  static void apply(const LevelSpec& spec) {
    auto& names = named();
    if (spec.all) {
      every = *spec.all;
      names.clear();
    }
    for (const auto& [name, level] : spec.sources) {
      std::erase_if(names, [&](const auto& entry) { return entry.first == name; });
      names.emplace_back(name, level);
    }
    for (Source* s = head; s != nullptr; s = s->next_) s->level_ = level_for(s->name_);
  }

 private:
  static Level level_for(std::string_view name) {
    for (const auto& [n, level] : named()) {
      if (n == name) return level;
    }
    return every;
  }
  // A function-local static, so sources registering before main find it constructed.
  static std::vector<std::pair<std::string, Level>>& named() {
    static std::vector<std::pair<std::string, Level>> names;
    return names;
  }
  static inline constinit Source* head = nullptr;
  static inline constinit Level every = Level::Warning;
};

void emit(const Source& source, Level level, const char* format, ...) {
  va_list args;
  va_start(args, format);
  report_formatted(source, level, format, args);
  va_end(args);
}

}  // namespace detail

std::string_view level_name(Level level) {
  return level_names.at(static_cast<std::size_t>(level));
}

std::optional<Level> parse_level(std::string_view name) {
  for (std::size_t i = 0; i < level_names.size(); ++i) {
    if (level_names[i] == name) return static_cast<Level>(i);
  }
  return std::nullopt;
}

Reporter& set_reporter(Reporter& reporter) {
  Reporter& previous = *installed;
  installed = &reporter;
  return previous;
}

Reporter& reporter() {
  return *installed;
}

std::string format_line(Level level, std::string_view source, std::string_view message) {
  static constexpr std::array<std::string_view, 6> tags = {"???", "APP", "ERR",
                                                           "WRN", "INF", "DBG"};
  std::string line;
  line.reserve(8 + source.size() + message.size());
  line.append(tags.at(static_cast<std::size_t>(level))).append(" [").append(source);
  line.append("] ").append(message);
  return line;
}

void Message::operator()(const char* format, ...) const {
  va_list args;
  va_start(args, format);
  report_formatted(source_, level_, format, args);
  va_end(args);
}

Source::Source(std::string_view name) : name_(name) {
  detail::Registry::add(*this);
}

Source::~Source() {
  detail::Registry::remove(*this);
}

void set_level(Level level) {
  detail::Registry::apply(LevelSpec{level, {}});
}

void apply_levels(const LevelSpec& spec) {
  detail::Registry::apply(spec);
}

std::expected<void, Error> set_levels(std::string_view spec) {
  auto parsed = parse_levels(spec);
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  apply_levels(*parsed);
  return {};
}

}  // namespace logs
