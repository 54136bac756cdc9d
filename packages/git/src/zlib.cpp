#include <git/zlib.hpp>

#include <algorithm>
#include <climits>
#include <string>

#include "zstream.hpp"

namespace git {

namespace detail {

Inflater::Inflater(std::span<const std::uint8_t> input) : input_size_(input.size()) {
  stream_.next_in = const_cast<Bytef*>(input.data());  // zlib's API is not const-correct
  stream_.avail_in = static_cast<uInt>(std::min<std::size_t>(input.size(), UINT_MAX));
  input_size_ = stream_.avail_in;
  ok_ = inflateInit(&stream_) == Z_OK;
}

Inflater::~Inflater() {
  if (ok_) inflateEnd(&stream_);
}

Result<std::size_t> Inflater::read(std::span<std::uint8_t> out) {
  if (!ok_) return fail(Errc::Zlib, "zlib: cannot start inflating (out of memory)");
  std::size_t produced = 0;
  while (produced < out.size() && !finished_) {
    stream_.next_out = out.data() + produced;
    const auto room = static_cast<uInt>(std::min<std::size_t>(out.size() - produced, UINT_MAX));
    stream_.avail_out = room;
    const int rc = ::inflate(&stream_, Z_NO_FLUSH);
    produced += room - stream_.avail_out;
    if (rc == Z_STREAM_END) {
      finished_ = true;
    } else if (rc == Z_BUF_ERROR) {
      // No progress with room to write: the input is used up before the stream ends.
      return fail(Errc::Zlib, "zlib: the stream is cut short");
    } else if (rc != Z_OK) {
      return fail(Errc::Zlib, std::string("zlib: ") + (stream_.msg ? stream_.msg : "corrupt stream"));
    }
  }
  return produced;
}

}  // namespace detail

Result<std::vector<std::uint8_t>> zlib_compress(std::span<const std::uint8_t> input, int level) {
  z_stream s{};
  if (deflateInit(&s, level) != Z_OK) return fail(Errc::Zlib, "zlib: cannot start deflating");
  std::vector<std::uint8_t> out(deflateBound(&s, static_cast<uLong>(input.size())));
  s.next_in = const_cast<Bytef*>(input.data());
  s.avail_in = static_cast<uInt>(input.size());
  s.next_out = out.data();
  s.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&s, Z_FINISH);
  const std::size_t n = s.total_out;
  deflateEnd(&s);
  if (rc != Z_STREAM_END) return fail(Errc::Zlib, "zlib: deflate did not finish");
  out.resize(n);
  return out;
}

Result<Inflated> zlib_inflate(std::span<const std::uint8_t> input, std::size_t size) {
  detail::Inflater in(input);
  Inflated result{std::vector<std::uint8_t>(size), 0};
  GIT_TRY(const std::size_t got, in.read(result.data));
  if (got != size || !in.finished()) {
    // Either it ended early, or it has more to give than it should.
    if (got < size) return fail(Errc::Zlib, "zlib: inflated " + std::to_string(got) + " bytes, expected " + std::to_string(size));
    std::uint8_t extra = 0;
    GIT_TRY(const std::size_t more, in.read({&extra, 1}));
    if (more != 0 || !in.finished())
      return fail(Errc::Zlib, "zlib: the stream holds more than the " + std::to_string(size) + " bytes expected");
  }
  result.consumed = in.consumed();
  return result;
}

}  // namespace git
