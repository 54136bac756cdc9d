#pragma once
#include <cstdint>
#include <span>
#include <string>
namespace cstruct {
std::string hexdump(std::span<const std::uint8_t> bytes);
}
