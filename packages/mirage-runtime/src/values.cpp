#include <mirage-runtime/values.hpp>

namespace mirage_runtime {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t nanoseconds;
};
constexpr Unit units[] = {{"h", 3'600'000'000'000}, {"m", 60'000'000'000}, {"s", 1'000'000'000},
                          {"ms", 1'000'000},        {"us", 1'000},         {"ns", 1}};

}  // namespace

std::optional<bool> KeyType<bool>::parse(std::string_view text) {
  if (text == "true") return true;
  if (text == "false") return false;
  return std::nullopt;
}

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  while (!text.empty()) {
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    std::size_t letters = digits;
    while (letters < text.size() && text[letters] >= 'a' && text[letters] <= 'z') ++letters;
    auto count = KeyType<std::int64_t>::parse(text.substr(0, digits));
    const std::string_view name = text.substr(digits, letters - digits);
    const Unit* unit = nullptr;
    for (const Unit& u : units) unit = u.name == name ? &u : unit;
    if (!count || unit == nullptr) return std::nullopt;
    if (*count > (std::numeric_limits<std::int64_t>::max() - total) / unit->nanoseconds) {
      return std::nullopt;
    }
    total += *count * unit->nanoseconds;
    text.remove_prefix(letters);
  }
  return Duration(total);
}

std::string to_string(Duration duration) {
  const std::int64_t count = duration.count();
  // The magnitude as unsigned, so that the most negative duration prints too.
  std::uint64_t rest = count < 0 ? 0 - static_cast<std::uint64_t>(count) : count;
  if (rest == 0) return "0s";
  std::string text = count < 0 ? "-" : "";
  for (const Unit& u : units) {
    const auto size = static_cast<std::uint64_t>(u.nanoseconds);
    if (rest >= size) {
      text.append(KeyType<std::uint64_t>::print(rest / size)).append(u.name);
      rest %= size;
    }
  }
  return text;
}

}  // namespace mirage_runtime
