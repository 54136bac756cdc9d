#pragma once
// Errors of the dns package: wire errors are small values with the offset where the input
// went wrong; text errors (presentation form, zone files) carry a sentence.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>

#include <cstruct/error.hpp>

namespace dns {

enum class Errc : std::uint8_t {
  Truncated,     // the input ends inside a field
  TrailingData,  // bytes left after the message or inside an rdata
  LabelTooLong,  // a label of more than 63 bytes
  NameTooLong,   // a name of more than 255 bytes
  BadLabelType,  // label type 0b01 or 0b10 (extended or reserved)
  BadPointer,    // a compression pointer that does not point strictly backwards
  BadRdata,      // an rdata field with an impossible value (or rdlength that lies)
  BadOpt,        // a second OPT, OPT outside the additional section, or not at the root
  NoRoom,        // an encoding does not fit in the size allowed
  BadValue,      // a value that cannot be encoded (e.g. rcode > 15 without EDNS)
};

struct Error {
  Errc code;
  std::size_t offset = 0;  // position in the input (wire) where it was noticed

  constexpr Error(Errc c, std::size_t off = 0) noexcept : code(c), offset(off) {}
  // A cstruct reader or writer failure, at the same offset (so CSTRUCT_TRY works here).
  constexpr Error(const cstruct::Error& e) noexcept
      : code(e.kind == cstruct::Error::Kind::TrailingData ? Errc::TrailingData
             : e.kind == cstruct::Error::Kind::Overflow   ? Errc::NoRoom
                                                          : Errc::Truncated),
        offset(e.offset) {}
  friend bool operator==(const Error&, const Error&) = default;
};

template <class T>
using Result = std::expected<T, Error>;

// What a failed text parse says, e.g. "expected an IPv4 address, got '1.2.3'".
struct TextError {
  std::string message;
};
template <class T>
using TextResult = std::expected<T, TextError>;

// "truncated input", "compression pointer not backwards"...; never null.
const char* to_string(Errc code) noexcept;
// A whole sentence, e.g. "label longer than 63 bytes at offset 12".
std::string describe(const Error& error);

}  // namespace dns
