#pragma once
// Readable GoogleTest failure messages for cstruct's types.
#include <cstruct/buffer.hpp>
#include <cstruct/error.hpp>
#include <cstruct/hexdump.hpp>

#include <ostream>

namespace cstruct {
inline void PrintTo(const Error& e, std::ostream* os) {
  *os << describe(e);
}
inline void PrintTo(const Buffer& b, std::ostream* os) {
  *os << "Buffer{" << to_hex(b) << "}";
}
}  // namespace cstruct
