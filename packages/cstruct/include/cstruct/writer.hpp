#pragma once
// cstruct::Writer: appends wire integers and bytes to a growable buffer or into a fixed
// span (BoringSSL's CBB in spirit), with length-prefixed nesting.
#include <cassert>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <expected>
#include <span>
#include <type_traits>
#include <utility>

#include <cstruct/buffer.hpp>
#include <cstruct/endian.hpp>
#include <cstruct/error.hpp>

namespace cstruct {

// Writes do not return a status: the first failure (a fixed writer out of room, contents
// too long for their prefix) is kept, every later write does nothing, and status() and
// finish() report it. So an encoder writes straight through and checks once at the end.
class Writer {
 public:
  // A growable writer that owns its storage, growing it as needed.
  Writer() noexcept = default;
  // A growable writer with room for `capacity` bytes before it first grows.
  static Writer with_capacity(std::size_t capacity);
  // A fixed writer into `out` (borrowed: it must outlive the writer); a write that does
  // not fit fails with Error::Kind::Overflow and leaves the bytes after it untouched.
  explicit Writer(std::span<std::uint8_t> out) noexcept : out_(out), growable_(false) {}
  // A fixed writer into `out`, which it keeps alive; finish() then returns a slice of it.
  explicit Writer(Buffer out) noexcept
      : owned_(std::move(out)), out_(owned_.span()), growable_(false) {}
  // A moved-from writer is an empty growable one.
  Writer(Writer&& other) noexcept { *this = std::move(other); }
  Writer& operator=(Writer&& other) noexcept {
    if (this != &other) {
      owned_ = std::move(other.owned_);
      out_ = std::exchange(other.out_, {});
      len_ = std::exchange(other.len_, 0);
      depth_ = std::exchange(other.depth_, 0);
      growable_ = std::exchange(other.growable_, true);
      failed_ = std::exchange(other.failed_, false);
      error_ = other.error_;
    }
    return *this;
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Appends an integer, most significant byte first (_be) or last (_le). A value of 2^24 or
  // more for the 24-bit forms is a bug (an assertion).
  void u8(std::uint8_t v) noexcept { put<1, true>(v); }
  void u16_be(std::uint16_t v) noexcept { put<2, true>(v); }
  void u24_be(std::uint32_t v) noexcept { put<3, true>(v); }
  void u32_be(std::uint32_t v) noexcept { put<4, true>(v); }
  void u64_be(std::uint64_t v) noexcept { put<8, true>(v); }
  void u16_le(std::uint16_t v) noexcept { put<2, false>(v); }
  void u24_le(std::uint32_t v) noexcept { put<3, false>(v); }
  void u32_le(std::uint32_t v) noexcept { put<4, false>(v); }
  void u64_le(std::uint64_t v) noexcept { put<8, false>(v); }
  // Appends a copy of `b` (which must not point into this writer's own output).
  void bytes(std::span<const std::uint8_t> b) noexcept {
    if (b.empty()) return;
    if (std::uint8_t* p = claim(b.size())) std::memcpy(p, b.data(), b.size());
  }

  // Appends a big-endian length of 1, 2, 3 or 4 bytes, then whatever body(*this) writes,
  // and fills the length in afterwards. Fails with PrefixOverflow (at the prefix) when the
  // body wrote more than the prefix can count. Prefixes nest: call one inside a body.
  template <std::invocable<Writer&> F>
  void u8_prefixed(F&& body) {
    prefixed<1>(body);
  }
  template <std::invocable<Writer&> F>
  void u16_prefixed(F&& body) {
    prefixed<2>(body);
  }
  template <std::invocable<Writer&> F>
  void u24_prefixed(F&& body) {
    prefixed<3>(body);
  }
  template <std::invocable<Writer&> F>
  void u32_prefixed(F&& body) {
    prefixed<4>(body);
  }

  // Bytes written so far.
  std::size_t size() const noexcept { return len_; }
  // The bytes written so far, e.g. to patch a checksum in; growing the writer moves them.
  std::span<std::uint8_t> written() const noexcept { return out_.first(len_); }
  // Nothing, or the first failure.
  Result<void> status() const noexcept {
    if (failed_) return std::unexpected(error_);
    return {};
  }
  // The bytes written, or the first failure. A growable writer, or one made on a Buffer,
  // returns a slice of its storage (no copy); one made on a span returns a copy, since a
  // Buffer owns its bytes. Later writes leave the returned Buffer as it is. Calling finish
  // inside a prefix's body is a bug.
  Result<Buffer> finish();
  // The bytes written, borrowed from the writer's storage, or the first failure.
  Result<std::span<std::uint8_t>> finish_span() const noexcept {
    assert(depth_ == 0 && "cstruct: Writer finished inside a prefix");
    if (failed_) return std::unexpected(error_);
    return written();
  }

 private:
  // Room for n more bytes: their first byte, or null once the writer has failed.
  std::uint8_t* claim(std::size_t n) noexcept {
    if (out_.size() - len_ >= n) [[likely]] {
      std::uint8_t* p = out_.data() + len_;
      len_ += n;
      return p;
    }
    return claim_slow(n);
  }
  std::uint8_t* claim_slow(std::size_t n) noexcept;  // grows, or fails with Overflow
  void fail(Error::Kind kind, std::size_t at) noexcept;

  template <std::size_t N, bool BigEndian>
  void put(detail::uint_for<N> v) noexcept {
    if (std::uint8_t* p = claim(N)) detail::store<N, BigEndian>(p, v);
  }

  template <std::size_t N, class F>
  void prefixed(F& body) {
    const std::size_t at = len_;
    if (claim(N) == nullptr) return;
    ++depth_;
    body(*this);
    --depth_;
    if (failed_) return;
    const std::size_t n = len_ - at - N;
    if constexpr (8 * N < 8 * sizeof(std::size_t)) {
      if (n >> (8 * N) != 0) return fail(Error::Kind::PrefixOverflow, at);
    }
    // Not the pointer claim() gave: the body may have grown (moved) the storage.
    detail::store<N, true>(out_.data() + at, static_cast<detail::uint_for<N>>(n));
  }

  Buffer owned_;                 // a growable writer's storage, or a fixed one's Buffer
  std::span<std::uint8_t> out_;  // where bytes go; its size is the capacity
  std::size_t len_ = 0;          // bytes written
  std::size_t depth_ = 0;        // prefixes open
  bool growable_ = true;
  bool failed_ = false;
  Error error_{};
};

}  // namespace cstruct
