#include <cstruct/error.hpp>

namespace cstruct {

const char* to_string(Error::Kind kind) noexcept {
  switch (kind) {
    case Error::Kind::Truncated:
      return "truncated input";
    case Error::Kind::TrailingData:
      return "unexpected trailing data";
    case Error::Kind::OutOfRange:
      return "slice out of range";
    case Error::Kind::Overflow:
      return "no room left in the output";
    case Error::Kind::PrefixOverflow:
      return "contents too long for their length prefix";
    case Error::Kind::OddHexLength:
      return "odd number of hex digits";
    case Error::Kind::BadHexDigit:
      return "invalid hex digit";
  }
  return "unknown cstruct error";
}

std::string describe(const Error& error) {
  return std::string(to_string(error.kind)) + " at offset " + std::to_string(error.offset);
}

}  // namespace cstruct
