#pragma once
// The one error type of cstruct's fallible calls: what went wrong and where.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <utility>

namespace cstruct {

struct Error {
  enum class Kind : std::uint8_t {
    Truncated,       // a read needs more bytes than remain
    TrailingData,    // expect_end found bytes left over
    OutOfRange,      // a checked slice lies outside its buffer
    Overflow,        // a fixed-size Writer has no room for a write
    PrefixOverflow,  // nested contents are longer than their length prefix can say
    OddHexLength,    // of_hex was given an odd number of digits
    BadHexDigit,     // of_hex met a character that is not a hex digit
  };
  Kind kind;
  // Where it happened: for a Reader, the position in the outermost input at which the
  // failing read started; for a Writer, the output size when the failing write began; for
  // slices, the offset asked for; for of_hex, the index of the bad digit (or the length).
  std::size_t offset;

  friend bool operator==(const Error&, const Error&) = default;
};

// What every fallible cstruct call returns: a T, or the Error that stopped it.
template <class T>
using Result = std::expected<T, Error>;

// A short lowercase name for a kind, e.g. "truncated input"; never null.
const char* to_string(Error::Kind kind) noexcept;

// A whole sentence for logs and test failures, e.g. "truncated input at offset 12".
std::string describe(const Error& error);

}  // namespace cstruct

// CSTRUCT_TRY(decl, expr): evaluates expr, a std::expected; on error returns
// std::unexpected(its error) from the enclosing function, else runs `decl = *expr;`.
// CSTRUCT_TRY_VOID(expr) does the same for an expected whose value is not wanted.
//   CSTRUCT_TRY(auto version, reader.u16_be());
//   CSTRUCT_TRY_VOID(reader.expect_end());
// The enclosing function's error type must be constructible from expr's error type.
#define CSTRUCT_TRY(decl, expr) CSTRUCT_TRY_IMPL_(decl, expr, CSTRUCT_CAT_(cstruct_try_, __LINE__))
#define CSTRUCT_TRY_VOID(expr)                                     \
  do {                                                             \
    if (auto cstruct_try_ = (expr); !cstruct_try_.has_value())     \
      return ::std::unexpected(::std::move(cstruct_try_).error()); \
  } while (false)
#define CSTRUCT_CAT_(a, b) CSTRUCT_CAT2_(a, b)
#define CSTRUCT_CAT2_(a, b) a##b
#define CSTRUCT_TRY_IMPL_(decl, expr, tmp)                                  \
  auto tmp = (expr);                                                        \
  if (!tmp.has_value()) return ::std::unexpected(::std::move(tmp).error()); \
  decl = ::std::move(*tmp)
