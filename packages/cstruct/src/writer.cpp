#include <cstruct/writer.hpp>

#include <algorithm>
#include <cstring>

namespace cstruct {

Writer Writer::with_capacity(std::size_t capacity) {
  Writer w;
  w.owned_ = Buffer::allocate(capacity, 0);
  w.out_ = w.owned_.span();
  return w;
}

std::uint8_t* Writer::claim_slow(std::size_t n) noexcept {
  if (failed_) return nullptr;
  if (!growable_ || n > SIZE_MAX / 2 - len_) {
    fail(Error::Kind::Overflow, len_);
    return nullptr;
  }
  // Doubling keeps appends amortised O(1).
  const std::size_t capacity = std::max({len_ + n, 2 * out_.size(), std::size_t{64}});
  Buffer bigger = Buffer::allocate(capacity, 0);
  if (len_ != 0) std::memcpy(bigger.data(), out_.data(), len_);
  owned_ = std::move(bigger);
  out_ = owned_.span();
  std::uint8_t* p = out_.data() + len_;
  len_ += n;
  return p;
}

void Writer::fail(Error::Kind kind, std::size_t at) noexcept {
  if (failed_) return;
  failed_ = true;
  error_ = Error{kind, at};
  out_ = out_.first(len_);  // no room left: every later claim() takes the slow path
}

Result<Buffer> Writer::finish() {
  CSTRUCT_TRY(auto bytes, finish_span());
  if (owned_.data() == bytes.data()) return owned_.sub(0, bytes.size());
  return Buffer::copy_of(bytes);
}

}  // namespace cstruct
