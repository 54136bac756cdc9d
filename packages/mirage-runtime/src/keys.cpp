#include <mirage-runtime/command_line.hpp>
#include <mirage-runtime/keys.hpp>
#include <mirage-runtime/suggest.hpp>

#include <logs/logs.hpp>

#include <algorithm>
#include <cassert>

namespace mirage_runtime {
namespace {

// The built-in --logs: a spec checked while parsing, applied once everything parsed.
struct LogsSlot final : detail::Slot {
  std::optional<logs::LevelSpec> spec;
  bool set(std::string_view text) override {
    auto parsed = logs::parse_levels(text);
    if (parsed) spec = std::move(*parsed);
    return parsed.has_value();
  }
  void reset() override {
    spec.reset();
    seen = false;
  }
};

std::unexpected<KeyError> fail(KeyError::Kind kind, std::string_view key, std::string message) {
  return std::unexpected(KeyError{kind, std::string(key), std::move(message)});
}

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

[[maybe_unused]] bool valid_name(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

Keys::Keys(std::string_view name, std::string_view synopsis) : name_(name), synopsis_(synopsis) {
  auto logs_slot = std::make_unique<LogsSlot>();
  logs_slot->name = "logs";
  logs_slot->docv = "SPEC";
  logs_slot->expected =
      "a comma-separated list of LEVEL or SOURCE:LEVEL, LEVEL one of quiet, app, error, "
      "warning, info, debug";
  logs_slot->help =
      "Be more or less verbose. SPEC is a comma-separated list of LEVEL or SOURCE:LEVEL, "
      "where LEVEL is one of quiet, app, error, warning, info, debug; a bare LEVEL or *:LEVEL "
      "sets every source and SOURCE:LEVEL one source, whatever the order. For example "
      "*:info,tcp:debug.";
  slots_.push_back(std::move(logs_slot));
}

void Keys::register_slot(std::string_view name, std::string_view help, bool required,
                         std::unique_ptr<detail::Slot> slot) {
  // Declaring keys is the program's own doing: a clash is a bug, not a boot error.
  assert(valid_name(name) && name != "help" && find(name) == nullptr);
  assert(!slot->flag || find("no-" + std::string(name)) == nullptr);
  assert(!name.starts_with("no-") || find(name.substr(3)) == nullptr ||
         !find(name.substr(3))->flag);
  slot->name = name;
  slot->help = help;
  slot->required = required;
  slots_.push_back(std::move(slot));
}

detail::Slot* Keys::find(std::string_view name) const {
  for (const auto& slot : slots_) {
    if (slot->name == name) return slot.get();
  }
  return nullptr;
}

std::expected<Outcome, KeyError> Keys::parse(std::span<const std::string_view> args) {
  for (auto& slot : slots_) slot->reset();
  if (std::find(args.begin(), args.end(), "--help") != args.end()) return Outcome::HelpRequested;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg.size() <= 2 || !arg.starts_with("--")) {
      return fail(KeyError::Kind::UnexpectedArgument, "",
                  "unexpected argument " + quoted(arg) + ": boot parameters are --key=value");
    }
    const std::string_view body = arg.substr(2);
    const std::size_t equals = body.find('=');
    const std::string_view name = body.substr(0, equals);
    std::optional<std::string_view> value;
    if (equals != body.npos) value = body.substr(equals + 1);

    detail::Slot* slot = find(name);
    const bool negated = slot == nullptr && name.starts_with("no-") &&
                         find(name.substr(3)) != nullptr && find(name.substr(3))->flag;
    if (negated) slot = find(name.substr(3));
    if (slot == nullptr) {
      std::string message = "unknown key --" + std::string(name);
      std::vector<std::string_view> names{"help"};
      for (const auto& s : slots_) names.emplace_back(s->name);
      const std::string_view best = closest_name(name, names);
      if (!best.empty()) message += ": did you mean --" + std::string(best) + "?";
      return fail(KeyError::Kind::UnknownKey, name, std::move(message));
    }
    if (slot->seen) {
      return fail(KeyError::Kind::DuplicateKey, slot->name,
                  "duplicate key --" + slot->name + ": given more than once");
    }
    slot->seen = true;
    auto invalid = [&](std::string_view text, std::string_view expected) {
      return fail(KeyError::Kind::InvalidValue, slot->name,
                  "invalid value " + quoted(text) + " for --" + std::string(name) + ": expected " +
                      std::string(expected));
    };
    if (negated) {
      if (value) return invalid(*value, "no value");
      value = "false";
    } else if (!value && slot->flag) {
      value = "true";
    } else if (!value) {
      if (i + 1 == args.size() || args[i + 1].starts_with("--")) {
        return fail(KeyError::Kind::MissingValue, slot->name,
                    "missing value for --" + slot->name + ": expected " + slot->expected);
      }
      value = args[++i];
    }
    if (!slot->set(*value)) return invalid(*value, slot->expected);
  }
  for (const auto& slot : slots_) {
    if (slot->required && !slot->seen) {
      return fail(KeyError::Kind::MissingRequired, slot->name,
                  "missing required key --" + slot->name + ": expected " + slot->expected);
    }
  }
  if (const auto& spec = static_cast<const LogsSlot&>(*slots_[0]).spec) logs::apply_levels(*spec);
  return Outcome::Run;
}

std::expected<Outcome, KeyError> Keys::parse_argv(int argc, const char* const* argv) {
  std::vector<std::string_view> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return parse(args);
}

std::expected<Outcome, KeyError> Keys::parse_command_line(std::string_view line) {
  auto words = split_command_line(line);
  if (!words) return std::unexpected(std::move(words.error()));
  const std::vector<std::string_view> args(words->begin(), words->end());
  return parse(args);
}

}  // namespace mirage_runtime
