// Parses arbitrary bytes as a log level spec; a spec that parses must apply cleanly and
// name only the levels that exist.
#include <logs/logs.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto spec = logs::parse_levels(text);
  if (!spec) return 0;
  for (const auto& [name, level] : spec->sources) {
    if (name.empty() || name == "*" || level > logs::Level::Debug) std::abort();
  }
  logs::apply_levels(*spec);
  return 0;
}
