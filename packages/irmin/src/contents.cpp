#include <irmin/contents.hpp>
#include <irmin/merge.hpp>

#include <limits>
#include <string>

namespace irmin {

MergeResult<std::int64_t> merge::counter(const std::optional<std::int64_t>& old, std::int64_t ours,
                                         std::int64_t theirs) {
  // old + (ours - old) + (theirs - old) = ours + theirs - old, exact in 128 bits.
  __extension__ typedef __int128 wide;  // a GCC and Clang extension, on every target we build
  const wide out = static_cast<wide>(ours) + theirs - old.value_or(0);
  if (out > std::numeric_limits<std::int64_t>::max() ||
      out < std::numeric_limits<std::int64_t>::min())
    return conflict("counter merge overflows 64 bits");
  return static_cast<std::int64_t>(out);
}

namespace contents {

std::vector<std::uint8_t> Counter::encode() const {
  const std::string text = std::to_string(value);
  return {text.begin(), text.end()};
}

Result<Counter> Counter::decode(std::span<const std::uint8_t> bytes) {
  std::size_t i = 0;
  const bool negative = !bytes.empty() && bytes[0] == '-';
  if (negative) i = 1;
  if (i == bytes.size()) return fail(Errc::BadContents, "counter has no digits");
  if (bytes[i] == '0' && (bytes.size() > i + 1 || negative))
    return fail(Errc::BadContents, "counter has a leading zero or is -0");
  // Accumulate negatively so that INT64_MIN is reachable.
  std::int64_t v = 0;
  for (; i < bytes.size(); ++i) {
    if (bytes[i] < '0' || bytes[i] > '9')
      return fail(Errc::BadContents, "counter holds a non-digit");
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, bytes[i] - '0', &v))
      return fail(Errc::BadContents, "counter does not fit 64 bits");
  }
  if (!negative) {
    if (v == std::numeric_limits<std::int64_t>::min())
      return fail(Errc::BadContents, "counter does not fit 64 bits");
    v = -v;
  }
  return Counter{v};
}

MergeResult<Counter> Counter::merge(const std::optional<Counter>& old, const Counter& ours,
                                    const Counter& theirs) {
  std::optional<std::int64_t> base;
  if (old) base = old->value;
  auto merged = merge::counter(base, ours.value, theirs.value);
  if (!merged) return std::unexpected(std::move(merged).error());
  return Counter{*merged};
}

}  // namespace contents
}  // namespace irmin
