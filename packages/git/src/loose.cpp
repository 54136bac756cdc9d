#include <git/loose.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include <git/zlib.hpp>

#include "zstream.hpp"

namespace git {

Result<std::vector<std::uint8_t>> encode_loose(ObjectType type, std::span<const std::uint8_t> body, int level) {
  const std::string header = object_header(type, body.size());
  std::vector<std::uint8_t> whole;
  whole.reserve(header.size() + body.size());
  whole.insert(whole.end(), header.begin(), header.end());
  whole.insert(whole.end(), body.begin(), body.end());
  return zlib_compress(whole, level);
}

Result<RawObject> decode_loose(std::span<const std::uint8_t> file, std::size_t max_size) {
  detail::Inflater in(file);
  // "commit " plus a 20-digit size and NUL fit in 32 bytes.
  std::array<std::uint8_t, 32> head{};
  GIT_TRY(const std::size_t got, in.read(head));
  GIT_TRY(const auto header, parse_object_header(std::span(head).first(got), max_size));
  RawObject object{header.type, std::vector<std::uint8_t>(header.size)};
  const std::size_t early = got - header.header_size;  // body bytes already inflated
  if (early > header.size) return fail(Errc::Zlib, "loose object: the body is longer than its header says");
  if (early > 0) std::memcpy(object.data.data(), head.data() + header.header_size, early);
  GIT_TRY(const std::size_t rest, in.read(std::span(object.data).subspan(early)));
  if (early + rest != header.size)
    return fail(Errc::Zlib, "loose object: the body is " + std::to_string(early + rest) + " bytes, its header says " +
                                std::to_string(header.size));
  std::uint8_t extra = 0;
  GIT_TRY(const std::size_t more, in.read({&extra, 1}));
  if (more != 0 || !in.finished()) return fail(Errc::Zlib, "loose object: the body is longer than its header says");
  if (in.consumed() != file.size()) return fail(Errc::Zlib, "loose object: bytes after the zlib stream");
  return object;
}

}  // namespace git
