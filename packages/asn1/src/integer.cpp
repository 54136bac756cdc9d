#include <asn1/values.hpp>

namespace asn1 {

namespace detail {

std::optional<std::int64_t> to_int64(ByteView c) {
  if (c.empty()) return std::nullopt;
  std::size_t i = 0;
  // Skip redundant sign octets (only BER leaves them in).
  while (c.size() - i > 1 && ((c[i] == 0 && !(c[i + 1] & 0x80)) || (c[i] == 0xff && (c[i + 1] & 0x80)))) ++i;
  if (c.size() - i > 8) return std::nullopt;
  std::uint64_t v = (c[i] & 0x80) ? ~std::uint64_t{0} : 0;
  for (; i < c.size(); ++i) v = (v << 8) | c[i];
  return static_cast<std::int64_t>(v);
}

std::optional<std::uint64_t> to_uint64(ByteView c) {
  if (c.empty() || (c[0] & 0x80)) return std::nullopt;
  std::size_t i = 0;
  while (c.size() - i > 1 && c[i] == 0) ++i;
  if (c.size() - i > 8) return std::nullopt;
  std::uint64_t v = 0;
  for (; i < c.size(); ++i) v = (v << 8) | c[i];
  return v;
}

void put_int64(std::int64_t v, Bytes& out) {
  int n = 8;
  // Drop octets while the next one carries the same sign.
  while (n > 1) {
    const auto top = static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (8 * (n - 1)));
    const auto next = static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (8 * (n - 2)));
    if ((top == 0 && !(next & 0x80)) || (top == 0xff && (next & 0x80))) --n;
    else break;
  }
  for (int i = n - 1; i >= 0; --i)
    out.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (8 * i)));
}

void put_uint64(std::uint64_t v, Bytes& out) {
  int n = 1;
  while (n < 8 && (v >> (8 * n)) != 0) ++n;
  if ((v >> (8 * (n - 1))) & 0x80) out.push_back(0);
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace detail

Integer Integer::from_int64(std::int64_t v) {
  Integer r;
  r.bytes.clear();
  detail::put_int64(v, r.bytes);
  return r;
}

Integer Integer::from_unsigned(ByteView magnitude) {
  std::size_t i = 0;
  while (i < magnitude.size() && magnitude[i] == 0) ++i;
  Integer r;
  r.bytes.clear();
  if (i == magnitude.size() || (magnitude[i] & 0x80)) r.bytes.push_back(0);
  r.bytes.insert(r.bytes.end(), magnitude.begin() + static_cast<std::ptrdiff_t>(i), magnitude.end());
  return r;
}

Integer Integer::normalized(ByteView c) {
  Integer r;
  if (c.empty()) return r;
  std::size_t i = 0;
  while (c.size() - i > 1 && ((c[i] == 0 && !(c[i + 1] & 0x80)) || (c[i] == 0xff && (c[i + 1] & 0x80)))) ++i;
  r.bytes.assign(c.begin() + static_cast<std::ptrdiff_t>(i), c.end());
  return r;
}

std::optional<std::int64_t> Integer::to_int64() const { return detail::to_int64(bytes); }
std::optional<std::uint64_t> Integer::to_uint64() const { return detail::to_uint64(bytes); }

}  // namespace asn1
