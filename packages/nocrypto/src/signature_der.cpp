#include <nocrypto/signature_der.hpp>

#include <cstddef>

namespace nocrypto {
namespace {

constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kSequence = 0x30;

ByteView strip_leading_zeros(ByteView v) {
  std::size_t i = 0;
  while (i < v.size() && v[i] == 0) ++i;
  return v.subspan(i);
}

void put_length(std::vector<std::uint8_t>& out, std::size_t n) {
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
    return;
  }
  std::uint8_t digits[sizeof(std::size_t)];
  int count = 0;
  for (std::size_t v = n; v != 0; v >>= 8) digits[count++] = static_cast<std::uint8_t>(v);
  out.push_back(static_cast<std::uint8_t>(0x80 | count));
  while (count > 0) out.push_back(digits[--count]);
}

// An INTEGER's content: a 0x00 in front when the top bit would make it negative.
std::size_t integer_content_size(ByteView magnitude) {
  return magnitude.size() + ((magnitude[0] & 0x80) != 0 ? 1 : 0);
}

std::size_t length_size(std::size_t n) {
  std::size_t size = 1;
  if (n >= 0x80)
    for (std::size_t v = n; v != 0; v >>= 8) ++size;
  return size;
}

void put_integer(std::vector<std::uint8_t>& out, ByteView magnitude) {
  out.push_back(kInteger);
  put_length(out, integer_content_size(magnitude));
  if ((magnitude[0] & 0x80) != 0) out.push_back(0);
  out.insert(out.end(), magnitude.begin(), magnitude.end());
}

// Reads one tag-length header at `in[pos]`; on success `pos` is at the content and the
// content length is returned. DER: definite, minimal lengths only.
Result<std::size_t> read_header(ByteView in, std::size_t& pos, std::uint8_t tag) {
  if (pos >= in.size() || in[pos] != tag) return std::unexpected(Error::InvalidEncoding);
  ++pos;
  if (pos >= in.size()) return std::unexpected(Error::InvalidEncoding);
  const std::uint8_t first = in[pos++];
  std::size_t length = first;
  if (first >= 0x80) {
    const std::size_t count = first & 0x7f;
    // 0x80 is BER's indefinite length; more than four length bytes cannot fit any input.
    if (count == 0 || count > 4 || in.size() - pos < count) return std::unexpected(Error::InvalidEncoding);
    if (in[pos] == 0) return std::unexpected(Error::InvalidEncoding);  // leading zero: not minimal
    length = 0;
    for (std::size_t i = 0; i < count; ++i) length = length << 8 | in[pos++];
    if (length < 0x80) return std::unexpected(Error::InvalidEncoding);  // fits the short form
  }
  if (length > in.size() - pos) return std::unexpected(Error::InvalidEncoding);
  return length;
}

Result<std::vector<std::uint8_t>> read_positive_integer(ByteView in, std::size_t& pos) {
  auto length = read_header(in, pos, kInteger);
  if (!length) return std::unexpected(length.error());
  const ByteView content = in.subspan(pos, *length);
  pos += *length;
  if (content.empty()) return std::unexpected(Error::InvalidEncoding);
  if ((content[0] & 0x80) != 0) return std::unexpected(Error::InvalidEncoding);  // negative
  // A leading 0x00 is only there to keep the next byte's top bit from reading as a sign.
  if (content.size() > 1 && content[0] == 0 && (content[1] & 0x80) == 0)
    return std::unexpected(Error::InvalidEncoding);
  const ByteView magnitude = strip_leading_zeros(content);
  if (magnitude.empty()) return std::unexpected(Error::InvalidEncoding);  // zero
  return std::vector<std::uint8_t>(magnitude.begin(), magnitude.end());
}

}  // namespace

Result<std::vector<std::uint8_t>> encode_der_signature(ByteView r, ByteView s) {
  r = strip_leading_zeros(r);
  s = strip_leading_zeros(s);
  if (r.empty() || s.empty()) return std::unexpected(Error::InvalidParameter);
  const std::size_t r_size = integer_content_size(r), s_size = integer_content_size(s);
  const std::size_t body = 1 + length_size(r_size) + r_size + 1 + length_size(s_size) + s_size;
  std::vector<std::uint8_t> out;
  out.reserve(1 + length_size(body) + body);
  out.push_back(kSequence);
  put_length(out, body);
  put_integer(out, r);
  put_integer(out, s);
  return out;
}

Result<SignatureScalars> decode_der_signature(ByteView der) {
  std::size_t pos = 0;
  auto body = read_header(der, pos, kSequence);
  if (!body) return std::unexpected(body.error());
  if (pos + *body != der.size()) return std::unexpected(Error::InvalidEncoding);  // trailing bytes
  SignatureScalars out;
  auto r = read_positive_integer(der, pos);
  if (!r) return std::unexpected(r.error());
  auto s = read_positive_integer(der, pos);
  if (!s) return std::unexpected(s.error());
  if (pos != der.size()) return std::unexpected(Error::InvalidEncoding);  // more inside the SEQUENCE
  out.r = std::move(*r);
  out.s = std::move(*s);
  return out;
}

}  // namespace nocrypto
