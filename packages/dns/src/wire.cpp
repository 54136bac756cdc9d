#include <dns/wire.hpp>

#include <array>
#include <string>

namespace dns::wire {

Result<Name> read_name(cstruct::Reader& r, std::span<const std::uint8_t> message) {
  std::array<std::uint8_t, Name::kMaxWire> buf;
  std::size_t len = 0;
  // Labels before the first pointer come through r; after it, through `message`.
  std::size_t limit = 0;  // a pointer must point below this
  std::size_t pos = 0;    // next byte in message once a pointer has been followed
  bool jumped = false;
  while (true) {
    const std::size_t at = jumped ? pos : r.absolute_offset();
    std::uint8_t n;
    if (jumped) {
      if (pos >= message.size()) return std::unexpected(Error(Errc::Truncated, pos));
      n = message[pos++];
    } else {
      CSTRUCT_TRY(n, r.u8());
    }
    if (n >= 0xc0) {
      std::uint8_t low;
      if (jumped) {
        if (pos >= message.size()) return std::unexpected(Error(Errc::Truncated, pos));
        low = message[pos++];
      } else {
        CSTRUCT_TRY(low, r.u8());
      }
      const std::size_t target = static_cast<std::size_t>(n & 0x3f) << 8 | low;
      if (!jumped) limit = at;
      if (target >= limit || target >= message.size()) {
        return std::unexpected(Error(Errc::BadPointer, at));
      }
      limit = target;
      pos = target;
      jumped = true;
      continue;
    }
    if (n > Name::kMaxLabel) return std::unexpected(Error(Errc::BadLabelType, at));
    if (len + 1 + n > Name::kMaxWire) return std::unexpected(Error(Errc::NameTooLong, at));
    buf[len++] = n;
    if (n == 0) break;
    if (jumped) {
      if (message.size() - pos < n) return std::unexpected(Error(Errc::Truncated, pos));
      std::copy_n(message.data() + pos, n, buf.data() + len);
      pos += n;
    } else {
      CSTRUCT_TRY(auto bytes, r.bytes(n));
      std::copy(bytes.begin(), bytes.end(), buf.data() + len);
    }
    len += n;
  }
  return Name::from_wire(std::span<const std::uint8_t>(buf.data(), len));
}

namespace {

constexpr std::uint32_t kSeed = 2166136261u;

std::uint32_t mix_label(std::uint32_t h, const std::uint8_t* label) {
  for (std::size_t i = 0; i <= label[0]; ++i) h = (h ^ ascii_lower(label[i])) * 16777619u;
  return h;
}

// Whether the name at `off` in the message equals the labels of `wire` from `p` on.
bool matches(const std::uint8_t* message, std::size_t off, const std::uint8_t* p) {
  for (int hops = 0; hops < 128;) {
    std::uint8_t n = message[off];
    if (n >= 0xc0) {
      off = static_cast<std::size_t>(n & 0x3f) << 8 | message[off + 1];
      ++hops;
      continue;
    }
    if (n != *p) return false;
    if (n == 0) return true;
    for (std::size_t i = 1; i <= n; ++i) {
      if (ascii_lower(message[off + i]) != ascii_lower(p[i])) return false;
    }
    off += 1 + n;
    p += 1 + n;
  }
  return false;
}

}  // namespace

void Compressor::write(cstruct::Writer& w, const std::uint8_t* message, std::size_t at,
                       const Name& name, bool compress) {
  const std::uint8_t* wire = name.wire().data();
  std::array<std::uint8_t, 128> starts;
  std::size_t count = 0;
  for (std::size_t i = 0; wire[i] != 0; i += 1 + wire[i])
    starts[count++] = static_cast<std::uint8_t>(i);
  // Hash of the suffix beginning at each label, built from the right.
  std::array<std::uint32_t, 128> hashes;
  std::uint32_t h = kSeed;
  for (std::size_t k = count; k-- > 0;) hashes[k] = h = mix_label(h, wire + starts[k]);

  std::size_t literal = count;  // labels written out before the pointer (all: no pointer)
  std::size_t pointer = 0;
  if (compress) {
    for (std::size_t k = 0; k < count && literal == count; ++k) {
      for (const Entry& e : entries_) {
        if (e.hash == hashes[k] && matches(message, e.offset, wire + starts[k])) {
          literal = k;
          pointer = e.offset;
          break;
        }
      }
    }
  }
  const std::size_t literal_bytes = literal == count ? name.wire_size() - 1 : starts[literal];
  w.bytes(std::span<const std::uint8_t>(wire, literal_bytes));
  if (literal == count) {
    w.u8(0);
  } else {
    w.u16_be(static_cast<std::uint16_t>(0xc000 | pointer));
  }
  if (!w.status()) return;  // nothing was written to point at
  if (entries_.capacity() == 0) entries_.reserve(32);
  for (std::size_t k = 0; k < literal; ++k) {
    if (at + starts[k] < 0x4000) {
      entries_.push_back({hashes[k], static_cast<std::uint16_t>(at + starts[k])});
    }
  }
}

}  // namespace dns::wire
