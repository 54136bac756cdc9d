#include <cstruct/hexdump.hpp>

#include <algorithm>
#include <cstring>

namespace cstruct {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

void append_byte(std::string& out, std::uint8_t b) {
  out += kDigits[b >> 4];
  out += kDigits[b & 15];
}

// At least eight digits, like hexdump's "%08.8_Ax".
void append_offset(std::string& out, std::size_t off) {
  int digits = 8;
  while (digits < 16 && (off >> (4 * digits)) != 0) ++digits;
  for (int i = digits - 1; i >= 0; --i) out += kDigits[(off >> (4 * i)) & 15];
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string hexdump(std::span<const std::uint8_t> bytes) {
  constexpr std::size_t kWidth = 16;
  std::string out;
  if (bytes.empty()) return out;
  out.reserve((bytes.size() / kWidth + 2) * 80);
  std::span<const std::uint8_t> previous;
  bool squeezing = false;
  for (std::size_t off = 0; off < bytes.size(); off += kWidth) {
    const auto line = bytes.subspan(off, std::min(kWidth, bytes.size() - off));
    if (line.size() == kWidth && previous.size() == kWidth &&
        std::memcmp(line.data(), previous.data(), kWidth) == 0) {
      if (!squeezing) out += "*\n";
      squeezing = true;
      continue;
    }
    squeezing = false;
    previous = line;
    append_offset(out, off);
    out += "  ";
    for (std::size_t i = 0; i < kWidth; ++i) {
      if (i < line.size()) {
        append_byte(out, line[i]);
        out += ' ';
      } else {
        out += "   ";
      }
      if (i == kWidth / 2 - 1) out += ' ';
    }
    out += " |";
    for (std::uint8_t b : line) out += (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '.';
    out += "|\n";
  }
  append_offset(out, bytes.size());
  out += '\n';
  return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(2 * bytes.size());
  for (std::uint8_t b : bytes) append_byte(out, b);
  return out;
}

Result<Buffer> of_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::unexpected(Error{Error::Kind::OddHexLength, hex.size()});
  Buffer out = Buffer::create(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_value(hex[i]);
    const int lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      return std::unexpected(Error{Error::Kind::BadHexDigit, hi < 0 ? i : i + 1});
    }
    out[i / 2] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return out;
}

}  // namespace cstruct
