#pragma once
// An inflating zlib stream over one input span, read in pieces (internal).
#include <zlib.h>

#include <cstdint>
#include <span>

#include <git/error.hpp>

namespace git::detail {

class Inflater {
 public:
  explicit Inflater(std::span<const std::uint8_t> input);
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Fills `out` as far as the stream goes; returns how many bytes it wrote. Zlib if the
  // stream is corrupt or the input ends before the stream does.
  Result<std::size_t> read(std::span<std::uint8_t> out);
  // True once the stream's end (and its checksum) has been read.
  bool finished() const noexcept { return finished_; }
  // Input bytes consumed so far.
  std::size_t consumed() const noexcept { return input_size_ - stream_.avail_in; }

 private:
  z_stream stream_{};
  std::size_t input_size_;
  bool ok_ = false;
  bool finished_ = false;
};

}  // namespace git::detail
