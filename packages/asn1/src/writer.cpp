#include <asn1/writer.hpp>

#include <algorithm>

namespace asn1 {

std::size_t Writer::open(Tag tag, bool constructed) {
  const auto cls = static_cast<std::uint8_t>(static_cast<std::uint8_t>(tag.cls) << 6);
  const std::uint8_t form = constructed ? 0x20 : 0;
  if (tag.number < 31) {
    out_.push_back(static_cast<std::uint8_t>(cls | form | tag.number));
  } else {
    out_.push_back(static_cast<std::uint8_t>(cls | form | 0x1f));
    int groups = 1;
    while (groups < 5 && (tag.number >> (7 * groups)) != 0) ++groups;
    for (int g = groups - 1; g >= 0; --g) {
      auto b = static_cast<std::uint8_t>((tag.number >> (7 * g)) & 0x7f);
      if (g != 0) b |= 0x80;
      out_.push_back(b);
    }
  }
  out_.push_back(0);
  return out_.size() - 1;
}

void Writer::close(std::size_t mark) {
  const std::size_t length = out_.size() - mark - 1;
  if (length < 0x80) {
    out_[mark] = static_cast<std::uint8_t>(length);
    return;
  }
  std::uint8_t n = 0;
  for (std::size_t v = length; v != 0; v >>= 8) ++n;
  out_[mark] = static_cast<std::uint8_t>(0x80 | n);
  std::uint8_t octets[sizeof(std::size_t)];
  for (std::uint8_t i = 0; i < n; ++i)
    octets[i] = static_cast<std::uint8_t>(length >> (8 * (n - 1 - i)));
  out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(mark + 1), octets, octets + n);
}

void Writer::sort_elements(std::span<const std::size_t> starts) {
  if (starts.size() < 2) return;
  std::vector<ByteView> parts;
  parts.reserve(starts.size());
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::size_t to = i + 1 < starts.size() ? starts[i + 1] : out_.size();
    parts.emplace_back(out_.data() + starts[i], to - starts[i]);
  }
  // Equal elements are identical bytes, so an unstable sort is enough.
  std::sort(parts.begin(), parts.end(),
                   [](ByteView a, ByteView b) { return compare_der(a, b) < 0; });
  Bytes sorted;
  sorted.reserve(out_.size() - starts[0]);
  for (ByteView p : parts) sorted.insert(sorted.end(), p.begin(), p.end());
  std::copy(sorted.begin(), sorted.end(), out_.begin() + static_cast<std::ptrdiff_t>(starts[0]));
}

}  // namespace asn1
