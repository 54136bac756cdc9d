#include <git/delta.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>

namespace git {

namespace {

Result<std::size_t> read_varint(std::span<const std::uint8_t> in, std::size_t& p) {
  std::uint64_t value = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (p >= in.size()) return fail(Errc::BadDelta, "delta: a size is cut short");
    const std::uint8_t b = in[p++];
    if (shift > 63 || (shift > 0 && (static_cast<std::uint64_t>(b & 0x7f) >> (64 - shift)) != 0))
      return fail(Errc::BadDelta, "delta: a size overflows 64 bits");
    value |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  if (value > SIZE_MAX) return fail(Errc::BadDelta, "delta: a size does not fit in memory");
  return static_cast<std::size_t>(value);
}

void write_varint(std::vector<std::uint8_t>& out, std::uint64_t v) {
  do {
    std::uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
}

constexpr std::size_t block = 16;
constexpr std::size_t max_copy = 0x10000;  // what the oldest readers take in one copy
constexpr std::size_t max_insert = 0x7f;

std::uint32_t block_hash(const std::uint8_t* p) noexcept {
  std::uint32_t h = 2166136261u;
  for (std::size_t i = 0; i < block; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

void emit_inserts(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes) {
  while (!bytes.empty()) {
    const std::size_t n = std::min(bytes.size(), max_insert);
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    bytes = bytes.subspan(n);
  }
}

void emit_copy(std::vector<std::uint8_t>& out, std::size_t offset, std::size_t size) {
  while (size > 0) {
    const std::size_t n = std::min(size, max_copy);
    std::uint8_t op = 0x80;
    std::uint8_t args[7];
    std::size_t nargs = 0;
    for (unsigned i = 0; i < 4; ++i)
      if (const auto byte = static_cast<std::uint8_t>(offset >> (8 * i))) {
        op |= static_cast<std::uint8_t>(1u << i);
        args[nargs++] = byte;
      }
    const std::size_t encoded = n == max_copy ? 0 : n;  // size 0 means 0x10000
    for (unsigned i = 0; i < 3; ++i)
      if (const auto byte = static_cast<std::uint8_t>(encoded >> (8 * i))) {
        op |= static_cast<std::uint8_t>(0x10u << i);
        args[nargs++] = byte;
      }
    out.push_back(op);
    out.insert(out.end(), args, args + nargs);
    offset += n;
    size -= n;
  }
}

}  // namespace

Result<DeltaSizes> read_delta_sizes(std::span<const std::uint8_t> delta) {
  std::size_t p = 0;
  GIT_TRY(const std::size_t base, read_varint(delta, p));
  GIT_TRY(const std::size_t result, read_varint(delta, p));
  return DeltaSizes{base, result, p};
}

Result<std::vector<std::uint8_t>> apply_delta(std::span<const std::uint8_t> base, std::span<const std::uint8_t> delta,
                                              std::size_t max_size) {
  GIT_TRY(const auto sizes, read_delta_sizes(delta));
  if (sizes.base_size != base.size())
    return fail(Errc::BadDelta, "delta: made for a base of " + std::to_string(sizes.base_size) + " bytes, given " +
                                    std::to_string(base.size()));
  if (sizes.result_size > max_size)
    return fail(Errc::TooLarge, "delta: a result of " + std::to_string(sizes.result_size) + " bytes is above the limit");
  std::vector<std::uint8_t> out(sizes.result_size);
  std::size_t w = 0;
  std::size_t p = sizes.header_size;
  while (p < delta.size()) {
    const std::uint8_t op = delta[p++];
    if (op & 0x80) {
      std::size_t offset = 0, size = 0;
      for (unsigned i = 0; i < 4; ++i)
        if (op & (1u << i)) {
          if (p >= delta.size()) return fail(Errc::BadDelta, "delta: a copy instruction is cut short");
          offset |= static_cast<std::size_t>(delta[p++]) << (8 * i);
        }
      for (unsigned i = 0; i < 3; ++i)
        if (op & (0x10u << i)) {
          if (p >= delta.size()) return fail(Errc::BadDelta, "delta: a copy instruction is cut short");
          size |= static_cast<std::size_t>(delta[p++]) << (8 * i);
        }
      if (size == 0) size = 0x10000;
      if (offset > base.size() || size > base.size() - offset)
        return fail(Errc::BadDelta, "delta: a copy reads outside the base");
      if (size > out.size() - w) return fail(Errc::BadDelta, "delta: a copy writes past the result size");
      std::memcpy(out.data() + w, base.data() + offset, size);
      w += size;
    } else if (op != 0) {
      const std::size_t size = op;
      if (size > delta.size() - p) return fail(Errc::BadDelta, "delta: an insert is cut short");
      if (size > out.size() - w) return fail(Errc::BadDelta, "delta: an insert writes past the result size");
      std::memcpy(out.data() + w, delta.data() + p, size);
      w += size;
      p += size;
    } else {
      return fail(Errc::BadDelta, "delta: the reserved instruction 0");
    }
  }
  if (w != out.size())
    return fail(Errc::BadDelta, "delta: wrote " + std::to_string(w) + " bytes of the " + std::to_string(out.size()) + " stated");
  return out;
}

std::vector<std::uint8_t> make_delta(std::span<const std::uint8_t> base, std::span<const std::uint8_t> target) {
  std::vector<std::uint8_t> out;
  write_varint(out, base.size());
  write_varint(out, target.size());
  // Index the base's aligned blocks; the first occurrence of a block wins.
  std::unordered_map<std::uint32_t, std::size_t> index;
  if (base.size() >= block && base.size() < (std::uint64_t{1} << 32)) {
    index.reserve(base.size() / block);
    for (std::size_t i = 0; i + block <= base.size(); i += block) index.try_emplace(block_hash(base.data() + i), i);
  }
  std::size_t pending = 0;  // start of bytes not yet emitted
  std::size_t i = 0;
  while (i + block <= target.size() && !index.empty()) {
    const auto hit = index.find(block_hash(target.data() + i));
    if (hit == index.end() || std::memcmp(base.data() + hit->second, target.data() + i, block) != 0) {
      ++i;
      continue;
    }
    std::size_t b = hit->second, t = i;
    // Extend backwards over bytes not yet emitted, then forwards.
    while (b > 0 && t > pending && base[b - 1] == target[t - 1]) --b, --t;
    std::size_t len = i - t + block;
    while (b + len < base.size() && t + len < target.size() && base[b + len] == target[t + len]) ++len;
    emit_inserts(out, target.subspan(pending, t - pending));
    emit_copy(out, b, len);
    i = pending = t + len;
  }
  emit_inserts(out, target.subspan(pending));
  return out;
}

}  // namespace git
