#include <nocrypto-rng/default.hpp>

#include <optional>

namespace nocrypto::rng {
namespace {

std::function<std::uint64_t()>& default_clock() {
  static std::function<std::uint64_t()> clock = [] { return std::uint64_t{0}; };
  return clock;
}

}  // namespace

void set_default_clock(std::function<std::uint64_t()> now_ns) noexcept {
  default_clock() = std::move(now_ns);
}

Fortuna& default_generator() noexcept {
  static Fortuna fortuna([] { return default_clock()(); });
  return fortuna;
}

}  // namespace nocrypto::rng
