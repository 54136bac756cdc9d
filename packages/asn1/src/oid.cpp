#include <asn1/oid.hpp>

#include <algorithm>

namespace asn1 {

namespace detail {
void invalid_oid_literal() {}
}  // namespace detail

namespace {
std::string decimal(detail::uint128 v) {
  char buf[48];
  std::size_t n = 0;
  do {
    buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  std::reverse(buf, buf + n);
  return std::string(buf, n);
}
}  // namespace

std::optional<Oid> Oid::from_der(ByteView content) {
  if (content.empty() || content.size() > capacity) return std::nullopt;
  if (content.back() & 0x80) return std::nullopt;  // the last subidentifier does not end
  bool at_start = true;
  detail::uint128 v = 0;
  for (std::uint8_t b : content) {
    if (at_start && b == 0x80) return std::nullopt;  // leading zero group
    if (v >> 121) return std::nullopt;               // an arc above 128 bits
    v = (v << 7) | (b & 0x7f);
    at_start = (b & 0x80) == 0;
    if (at_start) v = 0;
  }
  Oid o;
  std::copy(content.begin(), content.end(), o.bytes_.begin());
  o.size_ = static_cast<std::uint8_t>(content.size());
  return o;
}

std::string Oid::to_string() const {
  std::string s;
  detail::uint128 v = 0;
  bool first = true;
  for (std::size_t i = 0; i < size_; ++i) {
    v = (v << 7) | (bytes_[i] & 0x7f);
    if (bytes_[i] & 0x80) continue;
    if (first) {
      const unsigned x = v < 40 ? 0 : v < 80 ? 1 : 2;
      s += static_cast<char>('0' + x);
      s += '.';
      s += decimal(v - 40 * static_cast<detail::uint128>(x));
      first = false;
    } else {
      s += '.';
      s += decimal(v);
    }
    v = 0;
  }
  return s;
}

}  // namespace asn1
