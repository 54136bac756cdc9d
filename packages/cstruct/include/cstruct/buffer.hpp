#pragma once
// cstruct::Buffer: a shared, owning slice of bytes, after MirageOS's Cstruct.t.
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <cstruct/endian.hpp>
#include <cstruct/error.hpp>

namespace cstruct {

class Writer;

// Refcounted storage plus an offset and a length. Copying a Buffer shares the storage and
// copies no bytes; the storage is freed when the last Buffer on it goes. Like std::span,
// const is shallow: a const Buffer still writes through. The count is not atomic: a
// Buffer and its copies stay on one thread. Buffer is a contiguous range of std::uint8_t,
// so it converts to std::span<const std::uint8_t> (and, as an lvalue, std::span<std::uint8_t>).
// An out-of-range offset is a bug and fails an assertion; try_sub/try_shift check instead.
class Buffer {
 public:
  // An empty buffer with no storage.
  Buffer() noexcept = default;
  Buffer(const Buffer& other) noexcept
      : storage_(other.storage_), data_(other.data_), len_(other.len_) {
    retain();
  }
  Buffer(Buffer&& other) noexcept
      : storage_(std::exchange(other.storage_, nullptr)),
        data_(std::exchange(other.data_, nullptr)),
        len_(std::exchange(other.len_, 0)) {}
  Buffer& operator=(const Buffer& other) noexcept {
    other.retain();
    release();
    storage_ = other.storage_;
    data_ = other.data_;
    len_ = other.len_;
    return *this;
  }
  Buffer& operator=(Buffer&& other) noexcept {
    if (this != &other) {
      release();
      storage_ = std::exchange(other.storage_, nullptr);
      data_ = std::exchange(other.data_, nullptr);
      len_ = std::exchange(other.len_, 0);
    }
    return *this;
  }
  ~Buffer() { release(); }

  // n zero bytes in new storage (n == 0 gives an empty buffer and allocates nothing).
  static Buffer create(std::size_t n);
  // n zero bytes whose first byte is aligned to `align` (a power of two), e.g. for DMA.
  static Buffer create_aligned(std::size_t n, std::size_t align = 4096);
  // A new buffer holding a copy of `bytes`.
  static Buffer copy_of(std::span<const std::uint8_t> bytes);
  // A new buffer holding a copy of the characters of `s`.
  static Buffer of_string(std::string_view s);
  // A new buffer holding the parts one after another (a copy, even of a single part).
  static Buffer concat(std::span<const Buffer> parts);

  std::size_t size() const noexcept { return len_; }
  bool empty() const noexcept { return len_ == 0; }
  // The first byte (null when the buffer has no storage).
  std::uint8_t* data() const noexcept { return data_; }
  std::span<std::uint8_t> span() const noexcept { return {data_, len_}; }
  std::uint8_t* begin() const noexcept { return data_; }
  std::uint8_t* end() const noexcept { return data_ + len_; }
  std::uint8_t& operator[](std::size_t i) const noexcept {
    assert(i < len_ && "cstruct: Buffer index out of range");
    return data_[i];
  }
  // How many Buffers share this one's storage (0 when it has none).
  std::size_t use_count() const noexcept { return storage_ ? storage_->refs : 0; }

  // The len bytes from off, sharing storage (no copy): writes show through both.
  [[nodiscard]] Buffer sub(std::size_t off, std::size_t len) const noexcept {
    assert(detail::fits(len_, off, len) && "cstruct: Buffer::sub out of range");
    return Buffer(storage_, data_ + off, len);
  }
  // All but the first n bytes, sharing storage.
  [[nodiscard]] Buffer shift(std::size_t n) const noexcept {
    assert(n <= len_ && "cstruct: Buffer::shift past the end");
    return Buffer(storage_, data_ + n, len_ - n);
  }
  // sub and shift for untrusted offsets: Error::Kind::OutOfRange (at off) instead of a crash.
  [[nodiscard]] Result<Buffer> try_sub(std::size_t off, std::size_t len) const noexcept {
    if (!detail::fits(len_, off, len)) return std::unexpected(Error{Error::Kind::OutOfRange, off});
    return sub(off, len);
  }
  [[nodiscard]] Result<Buffer> try_shift(std::size_t n) const noexcept {
    return try_sub(n, n <= len_ ? len_ - n : 0);
  }

  // The bytes as a std::string (a copy).
  std::string to_string() const { return std::string(data_, data_ + len_); }
  // Whether the bytes are equal to `other`'s (contents, not identity).
  bool equal(std::span<const std::uint8_t> other) const noexcept;
  friend bool operator==(const Buffer& a, const Buffer& b) noexcept { return a.equal(b); }

  // Copies `src` into this buffer starting at `off`; src may overlap this buffer.
  void blit(std::span<const std::uint8_t> src, std::size_t off) const noexcept;
  // Sets every byte to `byte`.
  void fill(std::uint8_t byte) const noexcept;

  // Integers at byte offset off (see endian.hpp): get_X reads, set_X writes.
  std::uint8_t get_u8(std::size_t off) const noexcept { return load_u8(span(), off); }
  std::uint16_t get_be16(std::size_t off) const noexcept { return load_be16(span(), off); }
  std::uint32_t get_be24(std::size_t off) const noexcept { return load_be24(span(), off); }
  std::uint32_t get_be32(std::size_t off) const noexcept { return load_be32(span(), off); }
  std::uint64_t get_be64(std::size_t off) const noexcept { return load_be64(span(), off); }
  std::uint16_t get_le16(std::size_t off) const noexcept { return load_le16(span(), off); }
  std::uint32_t get_le24(std::size_t off) const noexcept { return load_le24(span(), off); }
  std::uint32_t get_le32(std::size_t off) const noexcept { return load_le32(span(), off); }
  std::uint64_t get_le64(std::size_t off) const noexcept { return load_le64(span(), off); }
  void set_u8(std::size_t off, std::uint8_t v) const noexcept { store_u8(span(), off, v); }
  void set_be16(std::size_t off, std::uint16_t v) const noexcept { store_be16(span(), off, v); }
  void set_be24(std::size_t off, std::uint32_t v) const noexcept { store_be24(span(), off, v); }
  void set_be32(std::size_t off, std::uint32_t v) const noexcept { store_be32(span(), off, v); }
  void set_be64(std::size_t off, std::uint64_t v) const noexcept { store_be64(span(), off, v); }
  void set_le16(std::size_t off, std::uint16_t v) const noexcept { store_le16(span(), off, v); }
  void set_le24(std::size_t off, std::uint32_t v) const noexcept { store_le24(span(), off, v); }
  void set_le32(std::size_t off, std::uint32_t v) const noexcept { store_le32(span(), off, v); }
  void set_le64(std::size_t off, std::uint64_t v) const noexcept { store_le64(span(), off, v); }

 private:
  friend class Writer;
  // Aligned like malloc's result, so that bytes placed right after it are too.
  struct alignas(std::max_align_t) Storage {
    std::size_t refs;
    std::size_t align;      // 0: the bytes follow this header in the same allocation
    std::uint8_t* aligned;  // else: the bytes, allocated apart with this alignment
  };
  Buffer(Storage* storage, std::uint8_t* data, std::size_t len) noexcept
      : storage_(storage), data_(data), len_(len) {
    retain();
  }
  // n uninitialised bytes in new storage; align == 0 means the default alignment.
  static Buffer allocate(std::size_t n, std::size_t align);
  static void destroy(Storage* storage) noexcept;
  void retain() const noexcept {
    if (storage_ != nullptr) ++storage_->refs;
  }
  void release() noexcept {
    if (storage_ != nullptr && --storage_->refs == 0) destroy(storage_);
  }

  Storage* storage_ = nullptr;
  std::uint8_t* data_ = nullptr;
  std::size_t len_ = 0;
};

}  // namespace cstruct
