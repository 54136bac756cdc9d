#include <cstruct/hexdump.hpp>
namespace cstruct {
std::string hexdump(std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) { out += digits[b >> 4]; out += digits[b & 15]; }
  return out;
}
}
