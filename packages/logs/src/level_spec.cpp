#include <logs/logs.hpp>

namespace logs {
namespace {

std::unexpected<Error> fail(std::string_view what, std::string_view quoted,
                            std::string_view rest = {}) {
  std::string message(what);
  message.append(" '").append(quoted).append("'").append(rest);
  return std::unexpected(Error{std::move(message)});
}

}  // namespace

std::expected<LevelSpec, Error> parse_levels(std::string_view spec) {
  LevelSpec parsed;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = spec.find(',', start);
    const std::string_view entry = spec.substr(start, comma - start);
    if (entry.empty()) return fail("empty entry in log level spec", spec);
    const std::size_t colon = entry.find(':');
    const std::string_view source = colon == entry.npos ? "*" : entry.substr(0, colon);
    const std::string_view name = colon == entry.npos ? entry : entry.substr(colon + 1);
    if (source.empty()) return fail("missing source name in", entry);
    const std::optional<Level> level = parse_level(name);
    if (!level) {
      std::string rest = colon == entry.npos ? "" : " for " + std::string(source);
      rest += ": expected one of quiet, app, error, warning, info, debug";
      return fail("unknown log level", name, rest);
    }
    if (source == "*") {
      parsed.all = *level;
    } else {
      std::erase_if(parsed.sources, [&](const auto& e) { return e.first == source; });
      parsed.sources.emplace_back(source, *level);
    }
    if (comma == spec.npos) return parsed;
    start = comma + 1;
  }
}

}  // namespace logs
