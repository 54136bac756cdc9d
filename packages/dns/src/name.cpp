#include <dns/name.hpp>

#include <algorithm>
#include <array>
#include <cassert>

namespace dns {

namespace {

// Offsets of the length bytes of every label (the root's zero byte not included).
struct Labels {
  std::array<std::uint8_t, 128> at;
  std::size_t count = 0;
  explicit Labels(const std::string& wire) {
    for (std::size_t i = 0; wire[i] != 0; i += 1 + static_cast<std::uint8_t>(wire[i])) {
      at[count++] = static_cast<std::uint8_t>(i);
    }
  }
};

bool needs_escape(std::uint8_t c) {
  switch (c) {
    case '.':
    case '\\':
    case '"':
    case '(':
    case ')':
    case ';':
    case '@':
    case '$':
      return true;
    default:
      return c <= 0x20 || c >= 0x7f;
  }
}

TextError text_error(std::string what, std::string_view text) {
  return {std::move(what) + " in name '" + std::string(text) + "'"};
}

}  // namespace

TextResult<Name> Name::parse(std::string_view text, const Name& origin) {
  if (text == "@") return origin;
  if (text == ".") return Name();
  if (text.empty()) return std::unexpected(TextError{"empty name"});
  std::string wire;
  wire.reserve(text.size() + 2);
  std::size_t label_at = 0;
  wire.push_back(0);
  bool absolute = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (wire.size() == label_at + 1) return std::unexpected(text_error("empty label", text));
      if (i + 1 == text.size()) absolute = true;
      label_at = wire.size();
      wire.push_back(0);
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= text.size()) return std::unexpected(text_error("dangling backslash", text));
      const auto digit = [&](std::size_t k) { return text[k] >= '0' && text[k] <= '9'; };
      if (digit(i + 1)) {
        if (i + 3 >= text.size() || !digit(i + 2) || !digit(i + 3)) {
          return std::unexpected(text_error("\\DDD escape needs three digits", text));
        }
        const int v = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
        if (v > 255) return std::unexpected(text_error("\\DDD escape above 255", text));
        c = static_cast<char>(v);
        i += 3;
      } else {
        c = text[++i];
      }
    }
    if (wire.size() - label_at > kMaxLabel) {
      return std::unexpected(text_error("label longer than 63 bytes", text));
    }
    wire.push_back(c);
    ++wire[label_at];
  }
  if (!absolute) {
    if (wire.size() == label_at + 1) return std::unexpected(text_error("empty label", text));
    wire.push_back(0);  // the root's byte, dropped again below when the origin is appended
    Name relative(std::move(wire));
    auto full = relative.append(origin);
    if (!full) return std::unexpected(text_error("name longer than 255 bytes", text));
    return std::move(*full);
  }
  wire.back() = 0;  // the trailing dot opened an empty label: it is the root
  if (wire.size() > kMaxWire)
    return std::unexpected(text_error("name longer than 255 bytes", text));
  return Name(std::move(wire));
}

Result<Name> Name::from_wire(std::span<const std::uint8_t> wire) {
  std::size_t i = 0;
  while (true) {
    if (i >= wire.size()) return std::unexpected(Error(Errc::Truncated, i));
    const std::uint8_t len = wire[i];
    if (len > kMaxLabel) {
      return std::unexpected(Error(len >= 0xc0   ? Errc::BadPointer
                                   : len >= 0x40 ? Errc::BadLabelType
                                                 : Errc::LabelTooLong,
                                   i));
    }
    if (i + 1 + len > kMaxWire) return std::unexpected(Error(Errc::NameTooLong, i));
    if (len == 0) break;
    i += 1 + len;
  }
  if (i + 1 != wire.size()) return std::unexpected(Error(Errc::TrailingData, i + 1));
  return Name(std::string(reinterpret_cast<const char*>(wire.data()), wire.size()));
}

std::size_t Name::label_count() const {
  return Labels(wire_).count;
}

std::string_view Name::label(std::size_t i) const {
  const Labels l(wire_);
  assert(i < l.count && "dns: Name::label index out of range");
  return std::string_view(wire_).substr(l.at[i] + 1, static_cast<std::uint8_t>(wire_[l.at[i]]));
}

Name Name::parent() const {
  if (is_root()) return *this;
  return Name(wire_.substr(1 + static_cast<std::uint8_t>(wire_[0])));
}

Name Name::suffix(std::size_t n) const {
  const Labels l(wire_);
  if (n >= l.count) return *this;
  if (n == 0) return Name();
  return Name(wire_.substr(l.at[l.count - n]));
}

bool Name::is_subdomain_of(const Name& ancestor) const {
  const std::size_t n = ancestor.wire_.size();
  if (n > wire_.size()) return false;
  const std::size_t start = wire_.size() - n;
  // The tail must begin on a label boundary, not inside a label.
  std::size_t i = 0;
  while (i < start) i += 1 + static_cast<std::uint8_t>(wire_[i]);
  if (i != start) return false;
  return std::equal(ancestor.wire_.begin(), ancestor.wire_.end(), wire_.begin() + start,
                    [](char a, char b) {
                      return ascii_lower(static_cast<std::uint8_t>(a)) ==
                             ascii_lower(static_cast<std::uint8_t>(b));
                    });
}

Result<Name> Name::prepend(std::string_view label) const {
  if (label.empty()) return std::unexpected(Error(Errc::BadValue));
  if (label.size() > kMaxLabel) return std::unexpected(Error(Errc::LabelTooLong));
  if (wire_.size() + 1 + label.size() > kMaxWire) return std::unexpected(Error(Errc::NameTooLong));
  std::string wire;
  wire.reserve(wire_.size() + 1 + label.size());
  wire.push_back(static_cast<char>(label.size()));
  wire.append(label);
  wire.append(wire_);
  return Name(std::move(wire));
}

Result<Name> Name::append(const Name& suffix) const {
  if (wire_.size() - 1 + suffix.wire_.size() > kMaxWire) {
    return std::unexpected(Error(Errc::NameTooLong));
  }
  std::string wire;
  wire.reserve(wire_.size() - 1 + suffix.wire_.size());
  wire.append(wire_, 0, wire_.size() - 1);
  wire.append(suffix.wire_);
  return Name(std::move(wire));
}

Result<Name> Name::replace_suffix(const Name& old_suffix, const Name& new_suffix) const {
  assert(is_subdomain_of(old_suffix) && "dns: replace_suffix of a name not below it");
  const std::size_t keep = wire_.size() - old_suffix.wire_.size();
  if (keep + new_suffix.wire_.size() > kMaxWire) return std::unexpected(Error(Errc::NameTooLong));
  std::string wire;
  wire.reserve(keep + new_suffix.wire_.size());
  wire.append(wire_, 0, keep);
  wire.append(new_suffix.wire_);
  return Name(std::move(wire));
}

Name Name::lowercase() const {
  std::string wire = wire_;
  for (char& c : wire) c = static_cast<char>(ascii_lower(static_cast<std::uint8_t>(c)));
  return Name(std::move(wire));
}

std::string Name::to_string() const {
  if (is_root()) return ".";
  std::string out;
  out.reserve(wire_.size() + 4);
  for (std::size_t i = 0; wire_[i] != 0;) {
    const std::size_t len = static_cast<std::uint8_t>(wire_[i]);
    for (std::size_t k = i + 1; k <= i + len; ++k) {
      const auto c = static_cast<std::uint8_t>(wire_[k]);
      if (!needs_escape(c)) {
        out.push_back(static_cast<char>(c));
      } else if (c > 0x20 && c < 0x7f) {
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
      } else {
        const char digits[] = {'\\', char('0' + c / 100), char('0' + c / 10 % 10),
                               char('0' + c % 10)};
        out.append(digits, 4);
      }
    }
    out.push_back('.');
    i += 1 + len;
  }
  return out;
}

std::size_t Name::hash() const noexcept {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the lowercased wire form
  for (char c : wire_) h = (h ^ ascii_lower(static_cast<std::uint8_t>(c))) * 1099511628211ull;
  return static_cast<std::size_t>(h);
}

bool operator==(const Name& a, const Name& b) noexcept {
  if (a.wire_.size() != b.wire_.size()) return false;
  for (std::size_t i = 0; i < a.wire_.size(); ++i) {
    if (a.wire_[i] != b.wire_[i] && ascii_lower(static_cast<std::uint8_t>(a.wire_[i])) !=
                                        ascii_lower(static_cast<std::uint8_t>(b.wire_[i]))) {
      return false;
    }
  }
  return true;
}

std::strong_ordering operator<=>(const Name& a, const Name& b) noexcept {
  const Labels la(a.wire_), lb(b.wire_);
  std::size_t i = la.count, j = lb.count;
  while (i > 0 && j > 0) {
    --i;
    --j;
    const std::size_t pa = la.at[i], pb = lb.at[j];
    const std::size_t na = static_cast<std::uint8_t>(a.wire_[pa]);
    const std::size_t nb = static_cast<std::uint8_t>(b.wire_[pb]);
    for (std::size_t k = 1; k <= std::min(na, nb); ++k) {
      const auto ca = ascii_lower(static_cast<std::uint8_t>(a.wire_[pa + k]));
      const auto cb = ascii_lower(static_cast<std::uint8_t>(b.wire_[pb + k]));
      if (ca != cb) return ca <=> cb;
    }
    if (na != nb) return na <=> nb;
  }
  return i == 0 && j == 0 ? (la.count <=> lb.count)
                          : (i == 0 ? std::strong_ordering::less : std::strong_ordering::greater);
}

}  // namespace dns
