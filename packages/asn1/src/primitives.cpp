#include <asn1/primitives.hpp>

namespace asn1 {

namespace {

// Appends the octets of the segments of a BER constructed string.
std::expected<void, Error> append_segments(Decoder& d, const Element& e, std::uint32_t number, Bytes& out) {
  Nesting nest(d);
  if (nest.too_deep()) return d.fail(Code::DepthLimit, e.encoding.data(), "nesting deeper than the limit");
  Children c(e.content);
  for (;;) {
    auto next = c.peek(d);
    if (!next) return std::unexpected(std::move(next.error()));
    if (*next == nullptr) return {};
    const Element& s = **next;
    if (s.tag != universal(number))
      return d.fail(Code::UnexpectedTag, s.encoding.data(), "string segment with another tag");
    if (s.constructed) {
      if (auto r = append_segments(d, s, number, out); !r) return r;
    } else {
      out.insert(out.end(), s.content.begin(), s.content.end());
    }
    c.consume();
  }
}

// Checks one primitive BIT STRING contents; returns its unused-bit count.
std::expected<std::uint8_t, Error> check_bits(const Decoder& d, ByteView c) {
  if (c.empty()) return d.fail(Code::BadBitString, c.data(), "BIT STRING without its unused-bits octet");
  const std::uint8_t unused = c[0];
  if (unused > 7) return d.fail(Code::BadBitString, c.data(), "BIT STRING with more than 7 unused bits");
  if (c.size() == 1 && unused != 0)
    return d.fail(Code::BadBitString, c.data(), "unused bits in an empty BIT STRING");
  if (d.der() && unused != 0 && (c.back() & ((1u << unused) - 1)) != 0)
    return d.fail(Code::NonZeroPadding, c.data() + c.size() - 1, "BIT STRING padding bits not zero in DER");
  return unused;
}

std::expected<void, Error> append_bits(Decoder& d, const Element& e, BitString& out, bool& closed) {
  Nesting nest(d);
  if (nest.too_deep()) return d.fail(Code::DepthLimit, e.encoding.data(), "nesting deeper than the limit");
  Children c(e.content);
  for (;;) {
    auto next = c.peek(d);
    if (!next) return std::unexpected(std::move(next.error()));
    if (*next == nullptr) return {};
    const Element& s = **next;
    if (s.tag != universal(tags::BitString))
      return d.fail(Code::UnexpectedTag, s.encoding.data(), "string segment with another tag");
    if (s.constructed) {
      if (auto r = append_bits(d, s, out, closed); !r) return r;
    } else {
      if (closed)
        return d.fail(Code::BadBitString, s.encoding.data(), "BIT STRING segment after one with unused bits");
      auto unused = check_bits(d, s.content);
      if (!unused) return std::unexpected(std::move(unused.error()));
      out.bytes.insert(out.bytes.end(), s.content.begin() + 1, s.content.end());
      out.unused = *unused;
      closed = *unused != 0;
    }
    c.consume();
  }
}

bool valid_utf8(ByteView s, std::size_t& bad) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::uint8_t b = s[i];
    bad = i;
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t n;
    std::uint8_t lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b == 0xe0) lo = 0xa0;
      if (b == 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b == 0xf0) lo = 0x90;
      if (b == 0xf4) hi = 0x8f;
    } else {
      return false;
    }
    if (s.size() - i <= n) return false;
    if (s[i + 1] < lo || s[i + 1] > hi) return false;
    for (std::size_t k = 2; k <= n; ++k)
      if ((s[i + k] & 0xc0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

bool printable(std::uint8_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case ' ': case '\'': case '(': case ')': case '+': case ',': case '-': case '.':
    case '/': case ':': case '=': case '?':
      return true;
    default:
      return false;
  }
}

// The index of the first character outside the set, or s.size() when all are in it.
std::size_t first_bad(Charset cs, ByteView s) {
  if (cs == Charset::Utf8) {
    std::size_t bad = 0;
    return valid_utf8(s, bad) ? s.size() : bad;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::uint8_t c = s[i];
    bool ok = true;
    switch (cs) {
      case Charset::Printable: ok = printable(c); break;
      case Charset::Ia5: ok = c < 0x80; break;
      case Charset::Numeric: ok = (c >= '0' && c <= '9') || c == ' '; break;
      case Charset::Visible: ok = c >= 0x20 && c <= 0x7e; break;
      case Charset::Utf8: case Charset::Teletex: break;
    }
    if (!ok) return i;
  }
  return s.size();
}

ByteView view(std::string_view s) { return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }

bool scalar(char32_t c) { return c <= 0x10ffff && !(c >= 0xd800 && c <= 0xdfff); }

}  // namespace

namespace detail {

bool valid_chars(Charset c, ByteView s) { return first_bad(c, s) == s.size(); }

std::expected<Bytes, Error> string_octets(Decoder& d, const Element& e, std::uint32_t number) {
  if (!e.constructed) return Bytes(e.content.begin(), e.content.end());
  Bytes out;
  if (auto r = append_segments(d, e, number, out); !r) return std::unexpected(std::move(r.error()));
  return out;
}

void encode_text(Charset c, std::string_view s, Writer& w) {
  if (!valid_chars(c, view(s))) w.fail(Code::InvalidValue, "character outside the string type");
  w.put(view(s));
}

std::expected<std::string, Error> decode_text(Charset c, Decoder& d, const Element& e) {
  auto octets = string_octets(d, e, charset_tag(c));
  if (!octets) return std::unexpected(std::move(octets.error()));
  const std::size_t bad = first_bad(c, *octets);
  if (bad != octets->size()) {
    const std::uint8_t* at = e.constructed ? e.content.data() : e.content.data() + bad;
    return d.fail(Code::BadString, at, c == Charset::Utf8 ? "malformed UTF-8" : "character outside the string type");
  }
  return std::string(octets->begin(), octets->end());
}

std::expected<void, Error> check_integer(const Decoder& d, const Element& e) {
  const ByteView c = e.content;
  if (c.empty()) return d.fail(Code::BadInteger, e.encoding.data(), "empty INTEGER");
  if (d.der() && c.size() > 1 && ((c[0] == 0 && !(c[1] & 0x80)) || (c[0] == 0xff && (c[1] & 0x80))))
    return d.fail(Code::NonMinimalInteger, c.data(), "INTEGER with a redundant leading octet in DER");
  return {};
}

}  // namespace detail

std::expected<bool, Error> BooleanType::decode_content(Decoder& d, const Element& e) const {
  if (e.content.size() != 1) return d.fail(Code::BadBoolean, e.encoding.data(), "BOOLEAN not one octet");
  const std::uint8_t b = e.content[0];
  if (d.der() && b != 0 && b != 0xff)
    return d.fail(Code::BadBoolean, e.content.data(), "BOOLEAN neither 00 nor FF in DER");
  return b != 0;
}

void IntegerType::encode_content(const Integer& v, Writer& w) const { w.put(Integer::normalized(v.bytes).bytes); }

std::expected<Integer, Error> IntegerType::decode_content(Decoder& d, const Element& e) const {
  if (auto ok = detail::check_integer(d, e); !ok) return std::unexpected(std::move(ok.error()));
  return Integer::normalized(e.content);
}

void BitStringType::encode_content(const BitString& v, Writer& w) const {
  if (v.unused > 7 || (v.bytes.empty() && v.unused != 0)) {
    w.fail(Code::InvalidValue, "BIT STRING with an impossible unused-bit count");
    return;
  }
  w.put(v.unused);
  if (v.bytes.empty()) return;
  w.put(ByteView(v.bytes).first(v.bytes.size() - 1));
  // DER: the padding bits are zero.
  w.put(static_cast<std::uint8_t>(v.bytes.back() & ~((1u << v.unused) - 1)));
}

std::expected<BitString, Error> BitStringType::decode_content(Decoder& d, const Element& e) const {
  BitString out;
  if (!e.constructed) {
    auto unused = check_bits(d, e.content);
    if (!unused) return std::unexpected(std::move(unused.error()));
    out.unused = *unused;
    out.bytes.assign(e.content.begin() + 1, e.content.end());
    return out;
  }
  bool closed = false;
  if (auto r = append_bits(d, e, out, closed); !r) return std::unexpected(std::move(r.error()));
  return out;
}

std::expected<Bytes, Error> OctetStringType::decode_content(Decoder& d, const Element& e) const {
  return detail::string_octets(d, e, tags::OctetString);
}

std::expected<Null, Error> NullType::decode_content(Decoder& d, const Element& e) const {
  if (!e.content.empty()) return d.fail(Code::BadNull, e.content.data(), "NULL with contents");
  return Null{};
}

void OidType::encode_content(const Oid& v, Writer& w) const {
  if (v.empty()) w.fail(Code::InvalidValue, "empty OBJECT IDENTIFIER");
  w.put(v.der());
}

std::expected<Oid, Error> OidType::decode_content(Decoder& d, const Element& e) const {
  auto o = Oid::from_der(e.content);
  if (!o) return d.fail(Code::BadOid, e.encoding.data(), "malformed OBJECT IDENTIFIER");
  return *o;
}

void UtcTimeType::encode_content(const DateTime& v, Writer& w) const {
  if (!format_utc_time(v, w.bytes())) w.fail(Code::InvalidValue, "time not representable as UTCTime");
}

std::expected<DateTime, Error> UtcTimeType::decode_content(Decoder& d, const Element& e) const {
  auto text = detail::string_octets(d, e, tags::UtcTime);
  if (!text) return std::unexpected(std::move(text.error()));
  auto t = parse_utc_time(*text, d.mode());
  if (!t) return d.fail(Code::BadTime, e.content.data(), "malformed UTCTime");
  return *t;
}

void GeneralizedTimeType::encode_content(const DateTime& v, Writer& w) const {
  if (!format_generalized_time(v, w.bytes())) w.fail(Code::InvalidValue, "invalid GeneralizedTime");
}

std::expected<DateTime, Error> GeneralizedTimeType::decode_content(Decoder& d, const Element& e) const {
  auto text = detail::string_octets(d, e, tags::GeneralizedTime);
  if (!text) return std::unexpected(std::move(text.error()));
  auto t = parse_generalized_time(*text, d.mode());
  if (!t) return d.fail(Code::BadTime, e.content.data(), "malformed GeneralizedTime");
  return *t;
}

void BmpStringType::encode_content(const std::u16string& v, Writer& w) const {
  for (char16_t c : v) {
    if (c >= 0xd800 && c <= 0xdfff) w.fail(Code::InvalidValue, "surrogate in a BMPString");
    w.put(static_cast<std::uint8_t>(c >> 8));
    w.put(static_cast<std::uint8_t>(c));
  }
}

std::expected<std::u16string, Error> BmpStringType::decode_content(Decoder& d, const Element& e) const {
  auto octets = detail::string_octets(d, e, tags::BmpString);
  if (!octets) return std::unexpected(std::move(octets.error()));
  if (octets->size() % 2 != 0) return d.fail(Code::BadString, e.content.data(), "BMPString of odd length");
  std::u16string s;
  s.reserve(octets->size() / 2);
  for (std::size_t i = 0; i < octets->size(); i += 2) {
    const auto c = static_cast<char16_t>(((*octets)[i] << 8) | (*octets)[i + 1]);
    if (c >= 0xd800 && c <= 0xdfff)
      return d.fail(Code::BadString, e.constructed ? e.content.data() : e.content.data() + i, "surrogate in a BMPString");
    s.push_back(c);
  }
  return s;
}

void UniversalStringType::encode_content(const std::u32string& v, Writer& w) const {
  for (char32_t c : v) {
    if (!scalar(c)) w.fail(Code::InvalidValue, "UniversalString character not a Unicode scalar value");
    for (int k = 3; k >= 0; --k) w.put(static_cast<std::uint8_t>(c >> (8 * k)));
  }
}

std::expected<std::u32string, Error> UniversalStringType::decode_content(Decoder& d, const Element& e) const {
  auto octets = detail::string_octets(d, e, tags::UniversalString);
  if (!octets) return std::unexpected(std::move(octets.error()));
  if (octets->size() % 4 != 0) return d.fail(Code::BadString, e.content.data(), "UniversalString length not a multiple of 4");
  std::u32string s;
  s.reserve(octets->size() / 4);
  for (std::size_t i = 0; i < octets->size(); i += 4) {
    const char32_t c = (char32_t{(*octets)[i]} << 24) | (char32_t{(*octets)[i + 1]} << 16) |
                       (char32_t{(*octets)[i + 2]} << 8) | (*octets)[i + 3];
    if (!scalar(c))
      return d.fail(Code::BadString, e.constructed ? e.content.data() : e.content.data() + i,
                    "UniversalString character not a Unicode scalar value");
    s.push_back(c);
  }
  return s;
}

}  // namespace asn1
