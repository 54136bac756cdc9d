#include <cstruct/buffer.hpp>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace cstruct {

Buffer Buffer::allocate(std::size_t n, std::size_t align) {
  if (n == 0) return Buffer();
  if (align == 0) {
    // One allocation: the header, then the bytes.
    if (n > SIZE_MAX - sizeof(Storage)) std::abort();  // as if the allocation failed
    void* block = ::operator new(sizeof(Storage) + n);
    auto* storage = new (block) Storage{0, 0, nullptr};
    return Buffer(storage, reinterpret_cast<std::uint8_t*>(storage + 1), n);
  }
  auto* bytes = static_cast<std::uint8_t*>(::operator new (n, std::align_val_t{align}));
  auto* storage = new (::operator new(sizeof(Storage))) Storage{0, align, bytes};
  return Buffer(storage, bytes, n);
}

void Buffer::destroy(Storage* storage) noexcept {
  if (storage->align != 0) ::operator delete (storage->aligned, std::align_val_t{storage->align});
  ::operator delete(storage);
}

Buffer Buffer::create(std::size_t n) {
  Buffer b = allocate(n, 0);
  b.fill(0);
  return b;
}

Buffer Buffer::create_aligned(std::size_t n, std::size_t align) {
  assert(std::has_single_bit(align) && "cstruct: alignment must be a power of two");
  Buffer b = allocate(n, align);
  b.fill(0);
  return b;
}

Buffer Buffer::copy_of(std::span<const std::uint8_t> bytes) {
  Buffer b = allocate(bytes.size(), 0);
  b.blit(bytes, 0);
  return b;
}

Buffer Buffer::of_string(std::string_view s) {
  return copy_of({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

Buffer Buffer::concat(std::span<const Buffer> parts) {
  std::size_t total = 0;
  for (const Buffer& part : parts) total += part.size();
  Buffer b = allocate(total, 0);
  std::size_t off = 0;
  for (const Buffer& part : parts) {
    b.blit(part, off);
    off += part.size();
  }
  return b;
}

bool Buffer::equal(std::span<const std::uint8_t> other) const noexcept {
  return len_ == other.size() && (len_ == 0 || std::memcmp(data_, other.data(), len_) == 0);
}

void Buffer::blit(std::span<const std::uint8_t> src, std::size_t off) const noexcept {
  assert(detail::fits(len_, off, src.size()) && "cstruct: Buffer::blit past the end");
  if (!src.empty()) std::memmove(data_ + off, src.data(), src.size());
}

void Buffer::fill(std::uint8_t byte) const noexcept {
  if (len_ != 0) std::memset(data_, byte, len_);
}

}  // namespace cstruct
