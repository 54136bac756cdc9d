#include <asn1/decoder.hpp>

namespace asn1 {

std::expected<Element, Error> Decoder::read_at(ByteView in, std::size_t depth) const {
  const std::uint8_t* const start = in.data();
  const std::uint8_t* const end = start + in.size();
  const std::uint8_t* p = start;
  if (p == end) return fail(Code::Truncated, p, "expected an element, found the end");

  Element e;
  const std::uint8_t id = *p++;
  e.tag.cls = static_cast<Class>(id >> 6);
  e.constructed = (id & 0x20) != 0;
  std::uint32_t number = id & 0x1f;
  if (number == 0x1f) {
    const std::uint8_t* const first = p;
    if (p == end) return fail(Code::Truncated, p, "truncated tag");
    if (*p == 0x80) return fail(Code::BadTag, p, "tag number with a leading zero group");
    std::uint64_t n = 0;
    for (;;) {
      if (p == end) return fail(Code::Truncated, p, "truncated tag");
      const std::uint8_t c = *p++;
      n = (n << 7) | (c & 0x7f);
      if (n > 0xffffffffu) return fail(Code::TagTooLarge, first, "tag number above 2^32-1");
      if ((c & 0x80) == 0) break;
    }
    if (n < 31 && der()) return fail(Code::NonMinimalTag, start, "high-tag-number form for a tag below 31");
    number = static_cast<std::uint32_t>(n);
  }
  e.tag.number = number;

  const std::uint8_t* const length_at = p;
  if (p == end) return fail(Code::Truncated, p, "missing length");
  const std::uint8_t l = *p++;
  std::size_t length = 0;
  if (l < 0x80) {
    length = l;
  } else if (l == 0x80) {
    if (der()) return fail(Code::IndefiniteLength, length_at, "indefinite length in DER");
    if (!e.constructed) return fail(Code::BadLength, length_at, "indefinite length on a primitive element");
    if (depth + 1 > limits_.max_depth) return fail(Code::DepthLimit, start, "nesting deeper than the limit");
    auto eoc = find_end_of_contents(p, end, depth + 1);
    if (!eoc) return std::unexpected(std::move(eoc.error()));
    if (static_cast<std::size_t>(*eoc + 2 - start) > limits_.max_length)
      return fail(Code::LengthLimit, length_at, "element longer than the limit");
    e.indefinite = true;
    e.content = ByteView(p, static_cast<std::size_t>(*eoc - p));
    e.encoding = ByteView(start, static_cast<std::size_t>(*eoc + 2 - start));
    return e;
  } else if (l == 0xff) {
    return fail(Code::BadLength, length_at, "reserved length octet FF");
  } else {
    const std::size_t n = l & 0x7f;
    if (static_cast<std::size_t>(end - p) < n) return fail(Code::Truncated, length_at, "truncated length");
    if (der() && p[0] == 0) return fail(Code::NonMinimalLength, length_at, "length with a leading zero octet");
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (v >> 48) return fail(Code::LengthLimit, length_at, "element longer than the limit");
      v = (v << 8) | p[i];
    }
    if (der() && v < 0x80) return fail(Code::NonMinimalLength, length_at, "long form for a length below 128");
    if (v > limits_.max_length) return fail(Code::LengthLimit, length_at, "element longer than the limit");
    length = static_cast<std::size_t>(v);
    p += n;
  }
  if (length > limits_.max_length) return fail(Code::LengthLimit, length_at, "element longer than the limit");
  if (length > static_cast<std::size_t>(end - p))
    return fail(Code::Truncated, length_at, "length runs past the end of the input");
  e.content = ByteView(p, length);
  e.encoding = ByteView(start, static_cast<std::size_t>(p + length - start));
  return e;
}

std::expected<const std::uint8_t*, Error> Decoder::find_end_of_contents(const std::uint8_t* p,
                                                                        const std::uint8_t* end,
                                                                        std::size_t depth) const {
  for (;;) {
    if (end - p >= 2 && p[0] == 0 && p[1] == 0) return p;
    if (p == end) return fail(Code::Truncated, p, "missing end-of-contents");
    auto child = read_at(ByteView(p, static_cast<std::size_t>(end - p)), depth);
    if (!child) return std::unexpected(std::move(child.error()));
    p += child->encoding.size();  // never zero: an element has at least two octets
  }
}

int compare_der(ByteView a, ByteView b) {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  for (std::size_t i = n; i < a.size(); ++i)
    if (a[i] != 0) return 1;
  for (std::size_t i = n; i < b.size(); ++i)
    if (b[i] != 0) return -1;
  return 0;
}

}  // namespace asn1
