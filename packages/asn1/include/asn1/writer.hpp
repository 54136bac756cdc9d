#pragma once
// The DER writer: elements are opened, filled and closed, and the length is written
// (minimally) when an element closes. The first encoding error is kept and the rest of
// the work is wasted harmlessly, so encoders need no error plumbing.
#include <asn1/decoder.hpp>

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <vector>

namespace asn1 {

class Writer {
 public:
  // Writes the identifier octets and a length placeholder; returns a mark for close().
  std::size_t open(Tag tag, bool constructed);
  // Fills in the length of the element opened at `mark`.
  void close(std::size_t mark);
  void put(std::uint8_t b) { out_.push_back(b); }
  void put(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }
  // Records an encoding error (the first one wins).
  void fail(Code code, const char* message) {
    if (!error_) error_ = Error::at(code, 0, message);
  }
  bool failed() const { return error_.has_value(); }
  std::size_t size() const { return out_.size(); }
  Bytes& bytes() { return out_; }
  // Reorders the elements starting at `starts` (ascending; the last one runs to the end)
  // into DER SET order.
  void sort_elements(std::span<const std::size_t> starts);
  // The encoding, or the first error.
  std::expected<Bytes, Error> finish() && {
    if (error_) return std::unexpected(std::move(*error_));
    return std::move(out_);
  }

 private:
  Bytes out_;
  std::optional<Error> error_;
};

}  // namespace asn1
