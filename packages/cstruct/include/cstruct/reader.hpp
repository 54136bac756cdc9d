#pragma once
// cstruct::Reader: a cursor over untrusted bytes that cannot read past their end
// (BoringSSL's CBS in spirit). Every read checks the length that remains and returns
// std::expected; a failed read leaves the reader as it was.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>

#include <cstruct/endian.hpp>
#include <cstruct/error.hpp>

namespace cstruct {

// A Reader borrows its bytes: they must outlive it and every span it returns. Readers
// made by sub() and the *_prefixed() calls remember the outermost input, so an Error's
// offset is always a position in that input, however deep the nesting.
class Reader {
  // The templates come first: Clang evaluates a constexpr call only to a member template
  // defined before its caller.
  constexpr Error error(Error::Kind kind) const noexcept { return {kind, absolute_offset()}; }

  template <std::size_t N, bool BigEndian>
  constexpr Result<detail::uint_for<N>> read() noexcept {
    if (remaining() < N) return std::unexpected(error(Error::Kind::Truncated));
    const auto v = detail::load<N, BigEndian>(pos_);
    pos_ += N;
    return v;
  }

  template <std::size_t N>
  constexpr Result<Reader> prefixed() noexcept {
    if (remaining() < N) return std::unexpected(error(Error::Kind::Truncated));
    const std::size_t len = detail::load<N, true>(pos_);
    if (remaining() - N < len) return std::unexpected(error(Error::Kind::Truncated));
    pos_ += N;
    return sub(len);
  }

 public:
  constexpr Reader() noexcept = default;
  constexpr explicit Reader(std::span<const std::uint8_t> bytes) noexcept
      : root_(bytes.data()), begin_(root_), pos_(root_), end_(root_ + bytes.size()) {}

  // The next integer, most significant byte first (_be) or last (_le); Truncated when
  // fewer bytes remain than its width. 24-bit values come in a std::uint32_t.
  [[nodiscard]] constexpr Result<std::uint8_t> u8() noexcept { return read<1, true>(); }
  [[nodiscard]] constexpr Result<std::uint16_t> u16_be() noexcept { return read<2, true>(); }
  [[nodiscard]] constexpr Result<std::uint32_t> u24_be() noexcept { return read<3, true>(); }
  [[nodiscard]] constexpr Result<std::uint32_t> u32_be() noexcept { return read<4, true>(); }
  [[nodiscard]] constexpr Result<std::uint64_t> u64_be() noexcept { return read<8, true>(); }
  [[nodiscard]] constexpr Result<std::uint16_t> u16_le() noexcept { return read<2, false>(); }
  [[nodiscard]] constexpr Result<std::uint32_t> u24_le() noexcept { return read<3, false>(); }
  [[nodiscard]] constexpr Result<std::uint32_t> u32_le() noexcept { return read<4, false>(); }
  [[nodiscard]] constexpr Result<std::uint64_t> u64_le() noexcept { return read<8, false>(); }

  // The next n bytes, borrowed from the input (no copy); Truncated when fewer remain.
  [[nodiscard]] constexpr Result<std::span<const std::uint8_t>> bytes(std::size_t n) noexcept {
    if (remaining() < n) return std::unexpected(error(Error::Kind::Truncated));
    const std::uint8_t* p = pos_;
    pos_ += n;
    return std::span<const std::uint8_t>(p, n);
  }
  // Steps over the next n bytes; Truncated when fewer remain.
  [[nodiscard]] constexpr Result<void> skip(std::size_t n) noexcept {
    if (remaining() < n) return std::unexpected(error(Error::Kind::Truncated));
    pos_ += n;
    return {};
  }
  // A Reader over the next n bytes, which this one steps over; Truncated when fewer remain.
  [[nodiscard]] constexpr Result<Reader> sub(std::size_t n) noexcept {
    if (remaining() < n) return std::unexpected(error(Error::Kind::Truncated));
    Reader inner = *this;
    inner.begin_ = pos_;
    inner.end_ = pos_ + n;
    pos_ += n;
    return inner;
  }
  // A Reader over a value preceded by its length as a big-endian integer of 1, 2, 3 or 4
  // bytes (as in TLS); this reader steps over both. Truncated, with nothing consumed, when
  // the length or the value is cut short.
  [[nodiscard]] constexpr Result<Reader> u8_prefixed() noexcept { return prefixed<1>(); }
  [[nodiscard]] constexpr Result<Reader> u16_prefixed() noexcept { return prefixed<2>(); }
  [[nodiscard]] constexpr Result<Reader> u24_prefixed() noexcept { return prefixed<3>(); }
  [[nodiscard]] constexpr Result<Reader> u32_prefixed() noexcept { return prefixed<4>(); }

  // The next byte without consuming it; Truncated at the end.
  [[nodiscard]] constexpr Result<std::uint8_t> peek_u8() const noexcept {
    if (empty()) return std::unexpected(error(Error::Kind::Truncated));
    return *pos_;
  }
  // Succeeds when every byte has been read; TrailingData (at the first unread byte) if not.
  [[nodiscard]] constexpr Result<void> expect_end() const noexcept {
    if (!empty()) return std::unexpected(error(Error::Kind::TrailingData));
    return {};
  }

  // Bytes not yet read.
  constexpr std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - pos_); }
  constexpr bool empty() const noexcept { return pos_ == end_; }
  // Bytes this reader has consumed so far.
  constexpr std::size_t offset() const noexcept { return static_cast<std::size_t>(pos_ - begin_); }
  // Where the next byte sits in the outermost input (what an Error from here would say).
  constexpr std::size_t absolute_offset() const noexcept {
    return static_cast<std::size_t>(pos_ - root_);
  }
  // The bytes not yet read, borrowed; the reader does not move.
  constexpr std::span<const std::uint8_t> rest() const noexcept { return {pos_, remaining()}; }

 private:
  const std::uint8_t* root_ = nullptr;   // the outermost input
  const std::uint8_t* begin_ = nullptr;  // this reader's first byte
  const std::uint8_t* pos_ = nullptr;    // the next byte to read
  const std::uint8_t* end_ = nullptr;    // one past this reader's last byte
};

}  // namespace cstruct
