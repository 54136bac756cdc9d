// Every rdata type is described once, as a list of fields, each a member and a codec; the
// wire decoder and encoder and the text parser and printer are derived from that list.
#include <dns/rdata.hpp>

#include <algorithm>
#include <tuple>

#include "rdata_codec.hpp"
#include "text.hpp"

namespace dns {

namespace {

using detail::WireOut;
using text::Token;
using text::Tokens;

struct WireIn {
  cstruct::Reader& r;
  std::span<const std::uint8_t> message;
};
struct TextIn {
  Tokens& t;
  const Name& origin;
};

Error bad_rdata(const cstruct::Reader& r) {
  return Error(Errc::BadRdata, r.absolute_offset());
}

std::string_view as_chars(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// ---- Codecs: read (wire), write (wire), parse (text), print (text) for one field. ----

// Reads one token with `parse` (text -> optional value) into v, or says what was expected.
template <class T, class P>
TextResult<void> parse_token(TextIn& in, T& v, P parse, std::string_view what) {
  const Token* t = in.t.next();
  auto value = t ? parse(t->text) : std::nullopt;
  if (!value) return std::unexpected(text::expected(what, t));
  v = static_cast<T>(*value);
  return {};
}

template <class T>
struct Int {
  static Result<void> read(WireIn& in, T& v) {
    if constexpr (sizeof(T) == 1) {
      CSTRUCT_TRY(v, in.r.u8());
    } else if constexpr (sizeof(T) == 2) {
      CSTRUCT_TRY(v, in.r.u16_be());
    } else {
      CSTRUCT_TRY(v, in.r.u32_be());
    }
    return {};
  }
  static void write(WireOut& out, T v) {
    if constexpr (sizeof(T) == 1) {
      out.w.u8(v);
    } else if constexpr (sizeof(T) == 2) {
      out.w.u16_be(v);
    } else {
      out.w.u32_be(v);
    }
  }
  static TextResult<void> parse(TextIn& in, T& v) {
    constexpr auto kMax = static_cast<T>(~T{0});
    return parse_token(
        in, v, [](std::string_view s) { return text::parse_uint(s, kMax); },
        "a number from 0 to " + std::to_string(kMax));
  }
  static void print(std::string& out, T v) { out += std::to_string(v); }
};
using U8 = Int<std::uint8_t>;
using U16 = Int<std::uint16_t>;
using U32 = Int<std::uint32_t>;

// A 32-bit count of seconds that text may write with units ("1h"), as SOA's timers.
struct Seconds : U32 {
  static TextResult<void> parse(TextIn& in, std::uint32_t& v) {
    return parse_token(in, v, text::parse_ttl, "a time in seconds");
  }
};

struct TypeCodec {
  static Result<void> read(WireIn& in, Type& v) {
    CSTRUCT_TRY(auto n, in.r.u16_be());
    v = Type{n};
    return {};
  }
  static void write(WireOut& out, Type v) { out.w.u16_be(static_cast<std::uint16_t>(v)); }
  static TextResult<void> parse(TextIn& in, Type& v) {
    return parse_token(in, v, parse_type, "a record type");
  }
  static void print(std::string& out, Type v) { out += to_string(v); }
};

struct Time : U32 {
  static TextResult<void> parse(TextIn& in, std::uint32_t& v) {
    return parse_token(in, v, text::parse_time, "a time as YYYYMMDDHHmmSS");
  }
  static void print(std::string& out, std::uint32_t v) { out += text::format_time(v); }
};

// A domain name; Compress: may be compressed on the wire (RFC 1035 types); Lower: lowered
// in canonical form (RFC 4034 §6.2).
template <bool Compress, bool Lower>
struct NameCodec {
  static Result<void> read(WireIn& in, Name& v) {
    CSTRUCT_TRY(v, wire::read_name(in.r, in.message));
    return {};
  }
  static void write(WireOut& out, const Name& v) {
    if (Lower && out.canonical) {
      out.w.bytes(v.lowercase().wire());
    } else if (out.comp != nullptr) {
      out.comp->write(out.w, out.message, out.at(), v, Compress);
    } else {
      out.w.bytes(v.wire());
    }
  }
  static TextResult<void> parse(TextIn& in, Name& v) {
    const Token* t = in.t.next();
    if (t == nullptr) return std::unexpected(text::expected("a domain name", t));
    auto name = Name::parse(t->text, in.origin);
    if (!name) return std::unexpected(TextError{"expected a domain name: " + name.error().message});
    v = std::move(*name);
    return {};
  }
  static void print(std::string& out, const Name& v) { out += v.to_string(); }
};
using CompressedName = NameCodec<true, true>;
using PlainName = NameCodec<false, true>;
using CaseName = NameCodec<false, false>;  // kept as is even in canonical form

template <class Addr, std::size_t N>
struct Ip {
  static Result<void> read(WireIn& in, Addr& v) {
    CSTRUCT_TRY(auto b, in.r.bytes(N));
    std::array<std::uint8_t, N> a;
    std::copy(b.begin(), b.end(), a.begin());
    if constexpr (N == 4) {
      v = Addr::of_bytes(a);
    } else {
      v.bytes = a;
    }
    return {};
  }
  static void write(WireOut& out, const Addr& v) {
    if constexpr (N == 4) {
      out.w.bytes(v.to_bytes());
    } else {
      out.w.bytes(v.bytes);
    }
  }
  static TextResult<void> parse(TextIn& in, Addr& v) {
    const Token* t = in.t.next();
    auto a = t ? Addr::parse(t->text) : std::unexpected(ipaddr::AddressParseError{});
    if (!a)
      return std::unexpected(text::expected(N == 4 ? "an IPv4 address" : "an IPv6 address", t));
    v = *a;
    return {};
  }
  static void print(std::string& out, const Addr& v) { out += v.to_string(); }
};
using Ip4 = Ip<ipaddr::Ipv4Address, 4>;
using Ip6 = Ip<ipaddr::Ipv6Address, 16>;

TextResult<std::string> parse_string(const Token* t, std::size_t max) {
  if (t == nullptr) return std::unexpected(text::expected("a character string", t));
  auto s = text::unescape(t->text);
  if (!s) return std::unexpected(TextError{"bad character string: " + s.error().message});
  if (s->size() > max) return std::unexpected(TextError{"character string longer than 255 bytes"});
  return s;
}

// RFC 1035 <character-string>: a length byte and up to 255 bytes.
struct CharString {
  static Result<void> read(WireIn& in, std::string& v) {
    CSTRUCT_TRY(auto r, in.r.u8_prefixed());
    v.assign(as_chars(r.rest()));
    return {};
  }
  static void write(WireOut& out, const std::string& v) {
    out.w.u8_prefixed([&](cstruct::Writer& w) { w.bytes(as_bytes(v)); });
  }
  static TextResult<void> parse(TextIn& in, std::string& v) {
    CSTRUCT_TRY(v, parse_string(in.t.next(), 255));
    return {};
  }
  static void print(std::string& out, const std::string& v) { text::append_quoted(out, v); }
};

// One or more character strings filling the rest of the rdata (TXT).
struct CharStrings {
  static Result<void> read(WireIn& in, std::vector<std::string>& v) {
    if (in.r.empty()) return std::unexpected(bad_rdata(in.r));
    while (!in.r.empty()) {
      CSTRUCT_TRY_VOID(CharString::read(in, v.emplace_back()));
    }
    return {};
  }
  static void write(WireOut& out, const std::vector<std::string>& v) {
    for (const auto& s : v) CharString::write(out, s);
  }
  static TextResult<void> parse(TextIn& in, std::vector<std::string>& v) {
    if (in.t.empty()) return std::unexpected(text::expected("a character string", nullptr));
    while (!in.t.empty()) {
      CSTRUCT_TRY_VOID(CharString::parse(in, v.emplace_back()));
    }
    return {};
  }
  static void print(std::string& out, const std::vector<std::string>& v) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i != 0) out.push_back(' ');
      text::append_quoted(out, v[i]);
    }
  }
};

bool is_caa_tag(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

// CAA's tag: a length byte and letters and digits; bare in text.
struct CaaTag {
  static Result<void> read(WireIn& in, std::string& v) {
    const std::size_t at = in.r.absolute_offset();
    CSTRUCT_TRY_VOID(CharString::read(in, v));
    if (!is_caa_tag(v)) return std::unexpected(Error(Errc::BadRdata, at));
    return {};
  }
  static void write(WireOut& out, const std::string& v) { CharString::write(out, v); }
  static TextResult<void> parse(TextIn& in, std::string& v) {
    const Token* t = in.t.next();
    if (t == nullptr || !is_caa_tag(t->text) || t->text.size() > 255) {
      return std::unexpected(text::expected("a CAA tag (letters and digits)", t));
    }
    v = t->text;
    return {};
  }
  static void print(std::string& out, const std::string& v) { out += v; }
};

// The rest of the rdata as one string, quoted in text (CAA's value).
struct RestString {
  static Result<void> read(WireIn& in, std::string& v) {
    v.assign(as_chars(in.r.rest()));
    CSTRUCT_TRY_VOID(in.r.skip(in.r.remaining()));
    return {};
  }
  static void write(WireOut& out, const std::string& v) { out.w.bytes(as_bytes(v)); }
  static TextResult<void> parse(TextIn& in, std::string& v) {
    CSTRUCT_TRY(v, parse_string(in.t.next(), 65535));
    return {};
  }
  static void print(std::string& out, const std::string& v) { text::append_quoted(out, v); }
};

Result<void> read_rest(WireIn& in, Bytes& v) {
  v.assign(in.r.rest().begin(), in.r.rest().end());
  CSTRUCT_TRY_VOID(in.r.skip(in.r.remaining()));
  return {};
}

// The rest of the rdata as bytes: hex or base64 in text, which may be split by spaces.
template <bool Base64>
struct RestBytes {
  // Empty is refused: no key, digest or signature is empty, and text could not say it.
  static Result<void> read(WireIn& in, Bytes& v) {
    if (in.r.empty()) return std::unexpected(bad_rdata(in.r));
    return read_rest(in, v);
  }
  static void write(WireOut& out, const Bytes& v) { out.w.bytes(v); }
  static TextResult<void> parse(TextIn& in, Bytes& v) {
    const Token* first = in.t.peek();
    auto b = Base64 ? text::from_base64(in.t.rest_joined()) : text::from_hex(in.t.rest_joined());
    if (first == nullptr || !b)
      return std::unexpected(text::expected(Base64 ? "base64" : "hex", first));
    v = std::move(*b);
    return {};
  }
  static void print(std::string& out, const Bytes& v) {
    out += Base64 ? text::to_base64(v) : text::to_hex(v);
  }
};
using HexRest = RestBytes<false>;
using Base64Rest = RestBytes<true>;

// NSEC3's salt: a length byte, hex in text, "-" when empty.
struct Salt {
  static Result<void> read(WireIn& in, Bytes& v) {
    CSTRUCT_TRY(auto r, in.r.u8_prefixed());
    v.assign(r.rest().begin(), r.rest().end());
    return {};
  }
  static void write(WireOut& out, const Bytes& v) {
    out.w.u8_prefixed([&](cstruct::Writer& w) { w.bytes(v); });
  }
  static TextResult<void> parse(TextIn& in, Bytes& v) {
    const Token* t = in.t.next();
    if (t != nullptr && t->text == "-") {
      v.clear();
      return {};
    }
    auto b = t ? text::from_hex(t->text) : std::nullopt;
    if (!b || b->size() > 255) return std::unexpected(text::expected("a salt in hex or '-'", t));
    v = std::move(*b);
    return {};
  }
  static void print(std::string& out, const Bytes& v) { out += v.empty() ? "-" : text::to_hex(v); }
};

// NSEC3's next hashed owner: a length byte, base32hex in text.
struct HashedName : Salt {
  static Result<void> read(WireIn& in, Bytes& v) {
    const std::size_t at = in.r.absolute_offset();
    CSTRUCT_TRY_VOID(Salt::read(in, v));
    if (v.empty()) return std::unexpected(Error(Errc::BadRdata, at));
    return {};
  }
  static TextResult<void> parse(TextIn& in, Bytes& v) {
    const Token* t = in.t.next();
    auto b = t ? text::from_base32hex(t->text) : std::nullopt;
    if (!b || b->empty() || b->size() > 255) {
      return std::unexpected(text::expected("a hashed name in base32hex", t));
    }
    v = std::move(*b);
    return {};
  }
  static void print(std::string& out, const Bytes& v) { out += text::to_base32hex(v); }
};

// NSEC and NSEC3 type bitmaps (RFC 4034 §4.1.2): windows in increasing order.
struct Bitmap {
  static Result<void> read(WireIn& in, TypeBitmap& v) {
    int last = -1;
    while (!in.r.empty()) {
      const std::size_t at = in.r.absolute_offset();
      CSTRUCT_TRY(auto window, in.r.u8());
      CSTRUCT_TRY(auto len, in.r.u8());
      if (window <= last || len == 0 || len > 32) return std::unexpected(Error(Errc::BadRdata, at));
      CSTRUCT_TRY(auto bits, in.r.bytes(len));
      for (std::size_t i = 0; i < len; ++i) {
        for (int b = 0; b < 8; ++b) {
          if (bits[i] & (0x80 >> b)) v.push_back(Type(window << 8 | (i * 8 + b)));
        }
      }
      last = window;
    }
    return {};
  }
  static void write(WireOut& out, const TypeBitmap& types) {
    TypeBitmap sorted;
    const TypeBitmap* v = &types;
    if (!std::is_sorted(types.begin(), types.end())) {
      sorted = types;
      std::sort(sorted.begin(), sorted.end());
      v = &sorted;
    }
    for (std::size_t i = 0; i < v->size();) {
      const unsigned window = static_cast<std::uint16_t>((*v)[i]) >> 8;
      std::array<std::uint8_t, 32> bits{};
      std::size_t len = 0;
      for (; i < v->size() && static_cast<std::uint16_t>((*v)[i]) >> 8 == window; ++i) {
        const unsigned low = static_cast<std::uint16_t>((*v)[i]) & 0xff;
        bits[low / 8] |= static_cast<std::uint8_t>(0x80 >> (low % 8));
        len = low / 8 + 1;
      }
      out.w.u8(static_cast<std::uint8_t>(window));
      out.w.u8(static_cast<std::uint8_t>(len));
      out.w.bytes(std::span<const std::uint8_t>(bits.data(), len));
    }
  }
  static TextResult<void> parse(TextIn& in, TypeBitmap& v) {
    while (const Token* t = in.t.next()) {
      auto type = parse_type(t->text);
      if (!type) return std::unexpected(text::expected("a record type", t));
      v.push_back(*type);
    }
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return {};
  }
  static void print(std::string& out, const TypeBitmap& v) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i != 0) out.push_back(' ');
      out += to_string(v[i]);
    }
  }
};

// The rest of the rdata as bytes that have no text form but RFC 3597's (NULL).
struct Opaque {
  static Result<void> read(WireIn& in, Bytes& v) { return read_rest(in, v); }
  static void write(WireOut& out, const Bytes& v) { out.w.bytes(v); }
};

// OPT's options: code, length, data, to the end.
struct Options {
  static Result<void> read(WireIn& in, std::vector<EdnsOption>& v) {
    while (!in.r.empty()) {
      auto& o = v.emplace_back();
      CSTRUCT_TRY(o.code, in.r.u16_be());
      CSTRUCT_TRY(auto data, in.r.u16_prefixed());
      o.data.assign(data.rest().begin(), data.rest().end());
    }
    return {};
  }
  static void write(WireOut& out, const std::vector<EdnsOption>& v) {
    for (const auto& o : v) {
      out.w.u16_be(o.code);
      out.w.u16_prefixed([&](cstruct::Writer& w) { w.bytes(o.data); });
    }
  }
};

// ---- SVCB parameters (RFC 9460). ----

constexpr std::string_view kSvcKeys[] = {"mandatory", "alpn", "no-default-alpn", "port",
                                         "ipv4hint",  "ech",  "ipv6hint"};

std::string svc_key_name(std::uint16_t key) {
  return key < std::size(kSvcKeys) ? std::string(kSvcKeys[key]) : "key" + std::to_string(key);
}
std::optional<std::uint16_t> parse_svc_key(std::string_view s) {
  for (std::uint16_t k = 0; k < std::size(kSvcKeys); ++k) {
    if (s == kSvcKeys[k]) return k;
  }
  if (s.starts_with("key")) {
    if (auto n = text::parse_uint(s.substr(3), 65535); n && (s.size() == 4 || s[3] != '0')) {
      return static_cast<std::uint16_t>(*n);
    }
  }
  return std::nullopt;
}

// Whether a known key's value has its wire shape.
bool svc_value_ok(std::uint16_t key, std::span<const std::uint8_t> v) {
  switch (key) {
    case 0: {
      if (v.empty() || v.size() % 2 != 0) return false;
      for (std::size_t i = 2; i < v.size(); i += 2) {  // keys in increasing order
        if ((v[i - 2] << 8 | v[i - 1]) >= (v[i] << 8 | v[i + 1])) return false;
      }
      return true;
    }
    case 1: {
      if (v.empty()) return false;
      for (std::size_t i = 0; i < v.size(); i += 1 + v[i]) {
        if (v[i] == 0 || i + 1 + v[i] > v.size()) return false;
      }
      return true;
    }
    case 2:
      return v.empty();
    case 3:
      return v.size() == 2;
    case 4:
      return !v.empty() && v.size() % 4 == 0;
    case 6:
      return !v.empty() && v.size() % 16 == 0;
    default:
      return true;
  }
}

// Splits a comma-separated value list; "\," and "\\" stand for themselves.
std::vector<std::string> split_values(std::string_view s) {
  std::vector<std::string> items(1);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      items.back().push_back(s[++i]);
    } else if (s[i] == ',') {
      items.emplace_back();
    } else {
      items.back().push_back(s[i]);
    }
  }
  return items;
}

TextResult<Bytes> parse_svc_value(std::uint16_t key, std::string_view value) {
  Bytes out;
  const auto fail = [&] {
    return std::unexpected(TextError{"bad value for SvcParam " + svc_key_name(key) + ": '" +
                                     std::string(value) + "'"});
  };
  switch (key) {
    case 0: {
      std::vector<std::uint16_t> keys;
      for (const auto& item : split_values(value)) {
        auto k = parse_svc_key(item);
        if (!k) return fail();
        keys.push_back(*k);
      }
      std::sort(keys.begin(), keys.end());  // RFC 9460 §8: in increasing order
      if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) return fail();
      for (auto k : keys) {
        out.push_back(static_cast<std::uint8_t>(k >> 8));
        out.push_back(static_cast<std::uint8_t>(k));
      }
      break;
    }
    case 1:
      for (const auto& item : split_values(value)) {
        if (item.empty() || item.size() > 255) return fail();
        out.push_back(static_cast<std::uint8_t>(item.size()));
        out.insert(out.end(), item.begin(), item.end());
      }
      break;
    case 2:
      if (!value.empty()) return fail();
      break;
    case 3: {
      auto n = text::parse_uint(value, 65535);
      if (!n) return fail();
      out = {static_cast<std::uint8_t>(*n >> 8), static_cast<std::uint8_t>(*n)};
      break;
    }
    case 4:
    case 6:
      for (const auto& item : split_values(value)) {
        if (key == 4) {
          auto a = ipaddr::Ipv4Address::parse(item);
          if (!a) return fail();
          const auto b = a->to_bytes();
          out.insert(out.end(), b.begin(), b.end());
        } else {
          auto a = ipaddr::Ipv6Address::parse(item);
          if (!a) return fail();
          out.insert(out.end(), a->bytes.begin(), a->bytes.end());
        }
      }
      break;
    case 5: {
      auto b = text::from_base64(value);
      if (!b) return fail();
      out = std::move(*b);
      break;
    }
    default:
      out.assign(value.begin(), value.end());
  }
  return out;
}

void print_svc_value(std::string& out, std::uint16_t key, std::span<const std::uint8_t> v) {
  switch (key) {
    case 0:
      for (std::size_t i = 0; i + 1 < v.size(); i += 2) {
        if (i != 0) out.push_back(',');
        out += svc_key_name(static_cast<std::uint16_t>(v[i] << 8 | v[i + 1]));
      }
      return;
    case 1: {
      std::string list;
      for (std::size_t i = 0; i < v.size(); i += 1 + v[i]) {
        if (i != 0) list.push_back(',');
        for (char c : as_chars(v.subspan(i + 1, v[i]))) {
          if (c == ',' || c == '\\') list.push_back('\\');
          list.push_back(c);
        }
      }
      text::append_quoted(out, list);
      return;
    }
    case 3:
      out += std::to_string(v[0] << 8 | v[1]);
      return;
    case 4:
    case 6: {
      const std::size_t n = key == 4 ? 4 : 16;
      for (std::size_t i = 0; i < v.size(); i += n) {
        if (i != 0) out.push_back(',');
        if (key == 4) {
          out += ipaddr::Ipv4Address::of_bytes({v[i], v[i + 1], v[i + 2], v[i + 3]}).to_string();
        } else {
          ipaddr::Ipv6Address a;
          std::copy_n(v.data() + i, 16, a.bytes.begin());
          out += a.to_string();
        }
      }
      return;
    }
    case 5:
      out += text::to_base64(v);
      return;
    default:
      text::append_quoted(out, as_chars(v));
  }
}

struct SvcParams {
  static Result<void> read(WireIn& in, std::vector<SvcParam>& v) {
    int last = -1;
    while (!in.r.empty()) {
      const std::size_t at = in.r.absolute_offset();
      auto& p = v.emplace_back();
      CSTRUCT_TRY(p.key, in.r.u16_be());
      CSTRUCT_TRY(auto value, in.r.u16_prefixed());
      p.value.assign(value.rest().begin(), value.rest().end());
      if (p.key <= last || !svc_value_ok(p.key, p.value)) {
        return std::unexpected(Error(Errc::BadRdata, at));
      }
      last = p.key;
    }
    return {};
  }
  static void write(WireOut& out, const std::vector<SvcParam>& v) {
    for (const auto& p : v) {
      out.w.u16_be(p.key);
      out.w.u16_prefixed([&](cstruct::Writer& w) { w.bytes(p.value); });
    }
  }
  static TextResult<void> parse(TextIn& in, std::vector<SvcParam>& v) {
    while (const Token* t = in.t.next()) {
      const std::size_t eq = t->text.find('=');
      auto key = parse_svc_key(t->text.substr(0, eq));
      if (!key) return std::unexpected(text::expected("a SvcParam key", t));
      std::string_view raw;
      if (eq != std::string_view::npos) {
        raw = t->text.substr(eq + 1);
        if (raw.empty() && in.t.peek() != nullptr && in.t.peek()->quoted) raw = in.t.next()->text;
      }
      auto value = text::unescape(raw);
      if (!value) return std::unexpected(value.error());
      CSTRUCT_TRY(auto bytes, parse_svc_value(*key, *value));
      if (*key != 2 && eq == std::string_view::npos) {
        return std::unexpected(TextError{"SvcParam " + svc_key_name(*key) + " needs a value"});
      }
      v.push_back({*key, std::move(bytes)});
    }
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    for (std::size_t i = 1; i < v.size(); ++i) {
      if (v[i].key == v[i - 1].key) {
        return std::unexpected(TextError{"SvcParam " + svc_key_name(v[i].key) + " given twice"});
      }
    }
    return {};
  }
  static void print(std::string& out, const std::vector<SvcParam>& v) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i != 0) out.push_back(' ');
      out += svc_key_name(v[i].key);
      if (v[i].key == 2 && v[i].value.empty()) continue;
      out.push_back('=');
      print_svc_value(out, v[i].key, v[i].value);
    }
  }
};

// ---- The field lists. ----

template <auto Member, class Codec>
struct F {
  template <class T>
  static Result<void> read(WireIn& in, T& v) {
    return Codec::read(in, v.*Member);
  }
  template <class T>
  static void write(WireOut& out, const T& v) {
    Codec::write(out, v.*Member);
  }
  template <class T>
  static TextResult<void> parse(TextIn& in, T& v) {
    return Codec::parse(in, v.*Member);
  }
  template <class T>
  static void print(std::string& out, const T& v) {
    Codec::print(out, v.*Member);
  }
};

template <class T>
constexpr auto kFields = nullptr;
template <>
constexpr auto kFields<A> = std::tuple<F<&A::address, Ip4>>{};
template <>
constexpr auto kFields<Aaaa> = std::tuple<F<&Aaaa::address, Ip6>>{};
template <Type T>
constexpr auto kFields<NameRdata<T>> =
    std::tuple<F<&NameRdata<T>::target, NameCodec<T != Type::DNAME, true>>>{};
template <>
constexpr auto kFields<Soa> =
    std::tuple<F<&Soa::mname, CompressedName>, F<&Soa::rname, CompressedName>, F<&Soa::serial, U32>,
               F<&Soa::refresh, Seconds>, F<&Soa::retry, Seconds>, F<&Soa::expire, Seconds>,
               F<&Soa::minimum, Seconds>>{};
template <>
constexpr auto kFields<Mx> =
    std::tuple<F<&Mx::preference, U16>, F<&Mx::exchange, CompressedName>>{};
template <>
constexpr auto kFields<Txt> = std::tuple<F<&Txt::strings, CharStrings>>{};
template <>
constexpr auto kFields<Hinfo> = std::tuple<F<&Hinfo::cpu, CharString>, F<&Hinfo::os, CharString>>{};
template <>
constexpr auto kFields<Srv> = std::tuple<F<&Srv::priority, U16>, F<&Srv::weight, U16>,
                                         F<&Srv::port, U16>, F<&Srv::target, PlainName>>{};
template <>
constexpr auto kFields<Caa> =
    std::tuple<F<&Caa::flags, U8>, F<&Caa::tag, CaaTag>, F<&Caa::value, RestString>>{};
template <>
constexpr auto kFields<Tlsa> = std::tuple<F<&Tlsa::usage, U8>, F<&Tlsa::selector, U8>,
                                          F<&Tlsa::matching_type, U8>, F<&Tlsa::data, HexRest>>{};
template <>
constexpr auto kFields<Sshfp> =
    std::tuple<F<&Sshfp::algorithm, U8>, F<&Sshfp::fingerprint_type, U8>,
               F<&Sshfp::fingerprint, HexRest>>{};
template <>
constexpr auto kFields<Ds> = std::tuple<F<&Ds::key_tag, U16>, F<&Ds::algorithm, U8>,
                                        F<&Ds::digest_type, U8>, F<&Ds::digest, HexRest>>{};
template <>
constexpr auto kFields<Dnskey> =
    std::tuple<F<&Dnskey::flags, U16>, F<&Dnskey::protocol, U8>, F<&Dnskey::algorithm, U8>,
               F<&Dnskey::public_key, Base64Rest>>{};
template <>
constexpr auto kFields<Rrsig> =
    std::tuple<F<&Rrsig::type_covered, TypeCodec>, F<&Rrsig::algorithm, U8>, F<&Rrsig::labels, U8>,
               F<&Rrsig::original_ttl, U32>, F<&Rrsig::expiration, Time>,
               F<&Rrsig::inception, Time>, F<&Rrsig::key_tag, U16>, F<&Rrsig::signer, PlainName>,
               F<&Rrsig::signature, Base64Rest>>{};
template <>
constexpr auto kFields<Nsec> = std::tuple<F<&Nsec::next, CaseName>, F<&Nsec::types, Bitmap>>{};
template <>
constexpr auto kFields<Nsec3> =
    std::tuple<F<&Nsec3::hash_algorithm, U8>, F<&Nsec3::flags, U8>, F<&Nsec3::iterations, U16>,
               F<&Nsec3::salt, Salt>, F<&Nsec3::next_hashed, HashedName>,
               F<&Nsec3::types, Bitmap>>{};
template <>
constexpr auto kFields<Nsec3param> =
    std::tuple<F<&Nsec3param::hash_algorithm, U8>, F<&Nsec3param::flags, U8>,
               F<&Nsec3param::iterations, U16>, F<&Nsec3param::salt, Salt>>{};
template <Type T>
constexpr auto kFields<SvcbRdata<T>> =
    std::tuple<F<&SvcbRdata<T>::priority, U16>, F<&SvcbRdata<T>::target, CaseName>,
               F<&SvcbRdata<T>::params, SvcParams>>{};
template <>
constexpr auto kFields<Loc> =
    std::tuple<F<&Loc::version, U8>, F<&Loc::size, U8>, F<&Loc::horizontal_precision, U8>,
               F<&Loc::vertical_precision, U8>, F<&Loc::latitude, U32>, F<&Loc::longitude, U32>,
               F<&Loc::altitude, U32>>{};
template <>
constexpr auto kFields<Null> = std::tuple<F<&Null::data, Opaque>>{};
template <>
constexpr auto kFields<Opt> = std::tuple<F<&Opt::options, Options>>{};
template <>
constexpr auto kFields<Unknown> = std::tuple<F<&Unknown::data, Opaque>>{};

// Types whose only text form is RFC 3597's.
template <class T>
constexpr bool kGenericOnly =
    std::is_same_v<T, Null> || std::is_same_v<T, Opt> || std::is_same_v<T, Unknown>;

// ---- LOC's text form (RFC 1876). ----

// A size or precision byte (mantissa << 4 | exponent, in centimetres) is valid when both
// digits are at most 9.
bool loc_size_ok(std::uint8_t b) {
  return (b >> 4) <= 9 && (b & 15) <= 9;
}

void append_centimetres(std::string& out, std::int64_t cm) {
  if (cm < 0) {
    out.push_back('-');
    cm = -cm;
  }
  out += std::to_string(cm / 100);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + cm / 10 % 10));
  out.push_back(static_cast<char>('0' + cm % 10));
  out.push_back('m');
}

std::int64_t loc_size_cm(std::uint8_t b) {
  std::int64_t v = b >> 4;
  for (int e = 0; e < (b & 15); ++e) v *= 10;
  return v;
}

void print_loc(std::string& out, const Loc& v) {
  const auto angle = [&](std::uint32_t raw, char pos, char neg) {
    const std::int64_t signed_ms = static_cast<std::int64_t>(raw) - (std::int64_t{1} << 31);
    const std::int64_t ms = signed_ms < 0 ? -signed_ms : signed_ms;
    out += std::to_string(ms / 3600000) + ' ' + std::to_string(ms / 60000 % 60) + ' ' +
           std::to_string(ms / 1000 % 60) + '.';
    const auto frac = std::to_string(1000 + ms % 1000);
    out += frac.substr(1);
    out.push_back(' ');
    out.push_back(signed_ms < 0 ? neg : pos);
    out.push_back(' ');
  };
  angle(v.latitude, 'N', 'S');
  angle(v.longitude, 'E', 'W');
  append_centimetres(out, static_cast<std::int64_t>(v.altitude) - 10000000);
  for (std::uint8_t b : {v.size, v.horizontal_precision, v.vertical_precision}) {
    out.push_back(' ');
    append_centimetres(out, loc_size_cm(b));
  }
}

// A decimal with up to `places` fractional digits, scaled by 10^places; nothing if bad.
std::optional<std::int64_t> parse_fixed(std::string_view s, int places, std::int64_t max) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  const std::size_t dot = s.find('.');
  auto whole = text::parse_uint(s.substr(0, dot), static_cast<std::uint64_t>(max));
  if (!whole) return std::nullopt;
  std::int64_t v = static_cast<std::int64_t>(*whole);
  std::string_view frac = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  if (dot != std::string_view::npos &&
      (frac.empty() || frac.size() > static_cast<std::size_t>(places))) {
    return std::nullopt;
  }
  for (int i = 0; i < places; ++i) {
    const char c = static_cast<std::size_t>(i) < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return neg ? -v : v;
}

TextResult<void> parse_loc(TextIn& in, Loc& v) {
  const auto angle = [&](std::int64_t max_deg, char pos, char neg,
                         std::uint32_t& raw) -> TextResult<void> {
    std::int64_t parts[3] = {0, 0, 0};
    const Token* t = in.t.next();
    for (int i = 0; i < 3 && t != nullptr && t->text != std::string_view(&pos, 1) &&
                    t->text != std::string_view(&neg, 1);
         ++i, t = in.t.next()) {
      auto n =
          i == 2 ? parse_fixed(t->text, 3, 59) : parse_fixed(t->text, 0, i == 0 ? max_deg : 59);
      if (!n || *n < 0) return std::unexpected(text::expected("degrees, minutes or seconds", t));
      parts[i] = *n;
    }
    if (t == nullptr ||
        (t->text != std::string_view(&pos, 1) && t->text != std::string_view(&neg, 1))) {
      return std::unexpected(text::expected(std::string("'") + pos + "' or '" + neg + "'", t));
    }
    std::int64_t ms = (parts[0] * 60 + parts[1]) * 60000 + parts[2];
    if (ms > max_deg * 3600000) return std::unexpected(TextError{"LOC angle out of range"});
    if (t->text[0] == neg) ms = -ms;
    raw = static_cast<std::uint32_t>((std::int64_t{1} << 31) + ms);
    return {};
  };
  CSTRUCT_TRY_VOID(angle(90, 'N', 'S', v.latitude));
  CSTRUCT_TRY_VOID(angle(180, 'E', 'W', v.longitude));
  const auto metres = [](const Token* t, std::int64_t max) {
    std::string_view s = t->text;
    if (s.ends_with('m')) s.remove_suffix(1);
    return parse_fixed(s, 2, max);
  };
  const Token* t = in.t.next();
  auto alt = t ? metres(t, 42849672) : std::nullopt;
  if (!alt || *alt < -10000000 || *alt > 4284967295) {
    return std::unexpected(text::expected("an altitude in metres", t));
  }
  v.altitude = static_cast<std::uint32_t>(*alt + 10000000);
  for (std::uint8_t* field : {&v.size, &v.horizontal_precision, &v.vertical_precision}) {
    if ((t = in.t.next()) == nullptr) break;
    auto cm = metres(t, 90000000);
    if (!cm || *cm < 0) return std::unexpected(text::expected("a size in metres", t));
    int e = 0;
    std::int64_t m = *cm;
    while (m >= 10) {
      m /= 10;
      ++e;
    }
    *field = static_cast<std::uint8_t>(m << 4 | e);
  }
  return {};
}

// ---- Generic operations over the field lists. ----

template <class T>
Result<T> decode_as(WireIn& in) {
  T v{};
  Result<void> ok;
  std::apply([&](auto... f) { (void)(... && (ok = decltype(f)::read(in, v)).has_value()); },
             kFields<T>);
  if (!ok) return std::unexpected(ok.error());
  if constexpr (std::is_same_v<T, Loc>) {
    constexpr std::uint32_t kEquator = 1u << 31;
    const auto within = [&](std::uint32_t raw, std::uint32_t degrees) {
      return raw >= kEquator - degrees * 3600000u && raw <= kEquator + degrees * 3600000u;
    };
    if (v.version != 0 || !loc_size_ok(v.size) || !loc_size_ok(v.horizontal_precision) ||
        !loc_size_ok(v.vertical_precision) || !within(v.latitude, 90) ||
        !within(v.longitude, 180)) {
      return std::unexpected(Error(Errc::BadRdata, in.r.absolute_offset()));
    }
  }
  CSTRUCT_TRY_VOID(in.r.expect_end());
  return v;
}

template <std::size_t I = 0>
Result<Rdata> decode_known(Type type, WireIn& in) {
  using T = std::variant_alternative_t<I, Rdata>;
  if constexpr (std::is_same_v<T, Unknown>) {
    Unknown u{type, {}};
    CSTRUCT_TRY_VOID(read_rest(in, u.data));
    return u;
  } else {
    if (type == T::kType) {
      CSTRUCT_TRY(auto v, decode_as<T>(in));
      return Rdata(std::in_place_type<T>, std::move(v));
    }
    return decode_known<I + 1>(type, in);
  }
}

void print_generic(std::string& out, const Rdata& rdata) {
  cstruct::Writer w;
  encode_rdata(w, rdata);
  const auto bytes = *w.finish_span();
  out += "\\# " + std::to_string(bytes.size());
  if (!bytes.empty()) out += " " + text::to_hex(bytes);
}

template <class T>
TextResult<T> parse_as(TextIn& in) {
  T v{};
  if constexpr (std::is_same_v<T, Loc>) {
    CSTRUCT_TRY_VOID(parse_loc(in, v));
  } else {
    TextResult<void> ok;
    std::apply([&](auto... f) { (void)(... && (ok = decltype(f)::parse(in, v)).has_value()); },
               kFields<T>);
    if (!ok) return std::unexpected(ok.error());
  }
  if (const Token* extra = in.t.next())
    return std::unexpected(text::expected("end of rdata", extra));
  return v;
}

template <std::size_t I = 0>
TextResult<Rdata> parse_known(Type type, TextIn& in) {
  using T = std::variant_alternative_t<I, Rdata>;
  if constexpr (kGenericOnly<T>) {
    if constexpr (I + 1 < std::variant_size_v<Rdata>) return parse_known<I + 1>(type, in);
    return std::unexpected(
        text::expected("\\# and generic rdata for type " + to_string(type), in.t.peek()));
  } else {
    if (type == T::kType) {
      CSTRUCT_TRY(auto v, parse_as<T>(in));
      return Rdata(std::in_place_type<T>, std::move(v));
    }
    return parse_known<I + 1>(type, in);
  }
}

}  // namespace

Type type_of(const Rdata& rdata) {
  return std::visit(
      [](const auto& v) {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, Unknown>) {
          return v.type;
        } else {
          return std::decay_t<decltype(v)>::kType;
        }
      },
      rdata);
}

std::uint16_t Dnskey::key_tag() const {
  std::uint32_t ac = (static_cast<std::uint32_t>(flags >> 8) << 8 | (flags & 0xff)) +
                     (static_cast<std::uint32_t>(protocol) << 8) + algorithm;
  for (std::size_t i = 0; i < public_key.size(); ++i) {
    ac += (i & 1) ? public_key[i] : static_cast<std::uint32_t>(public_key[i]) << 8;
  }
  ac += ac >> 16 & 0xffff;
  return static_cast<std::uint16_t>(ac & 0xffff);
}

namespace detail {

Result<Rdata> decode_rdata(Type type, cstruct::Reader r, std::span<const std::uint8_t> message) {
  WireIn in{r, message};
  return decode_known(type, in);
}

void encode_rdata(WireOut& out, const Rdata& rdata) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        std::apply([&](auto... f) { (decltype(f)::write(out, v), ...); }, kFields<T>);
      },
      rdata);
}

}  // namespace detail

void encode_rdata(cstruct::Writer& w, const Rdata& rdata, bool canonical) {
  WireOut out{w};
  out.canonical = canonical;
  detail::encode_rdata(out, rdata);
}

Result<Rdata> decode_rdata(Type type, std::span<const std::uint8_t> bytes) {
  return detail::decode_rdata(type, cstruct::Reader(bytes), {});
}

std::string to_string(const Rdata& rdata) {
  std::string out;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (kGenericOnly<T>) {
          print_generic(out, rdata);
        } else if constexpr (std::is_same_v<T, Loc>) {
          print_loc(out, v);
        } else {
          std::apply(
              [&](auto... f) {
                ((out.empty() ? void() : out.push_back(' '), decltype(f)::print(out, v)), ...);
              },
              kFields<T>);
          if (!out.empty() && out.back() == ' ') out.pop_back();  // an empty last field
        }
      },
      rdata);
  return out;
}

namespace detail {

// Parses rdata tokens (see text.hpp); shared by parse_rdata and the zone-file parser.
TextResult<Rdata> parse_rdata_tokens(Type type, std::span<const Token> tokens, const Name& origin) {
  Tokens t(tokens);
  if (!tokens.empty() && !tokens[0].quoted && tokens[0].text == "\\#") {
    t.next();
    const Token* len_token = t.next();
    auto len = len_token ? text::parse_uint(len_token->text, 65535) : std::nullopt;
    if (!len) return std::unexpected(text::expected("the rdata length after \\#", len_token));
    const Token* first = t.peek();
    auto bytes = text::from_hex(t.rest_joined());
    if (!bytes) return std::unexpected(text::expected("rdata in hex", first));
    if (bytes->size() != *len) {
      return std::unexpected(TextError{"\\# says " + std::to_string(*len) + " bytes but has " +
                                       std::to_string(bytes->size())});
    }
    auto rdata = dns::decode_rdata(type, *bytes);
    if (!rdata) {
      return std::unexpected(
          TextError{"bad \\# rdata for " + to_string(type) + ": " + describe(rdata.error())});
    }
    return std::move(*rdata);
  }
  TextIn in{t, origin};
  return parse_known(type, in);
}

}  // namespace detail

TextResult<Rdata> parse_rdata(Type type, std::string_view line, const Name& origin) {
  text::Lexer lexer(line);
  text::Entry entry;
  CSTRUCT_TRY_VOID(lexer.next(entry));
  text::Entry more;
  auto again = lexer.next(more);
  if (!again || *again) return std::unexpected(TextError{"rdata spans more than one line"});
  return detail::parse_rdata_tokens(type, entry.tokens, origin);
}

std::string Record::to_string() const {
  return name.to_string() + '\t' + std::to_string(ttl) + '\t' + dns::to_string(rclass) + '\t' +
         dns::to_string(type()) + '\t' + dns::to_string(data);
}

}  // namespace dns
