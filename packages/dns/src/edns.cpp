#include <dns/edns.hpp>

#include <algorithm>

namespace dns {

const EdnsOption* Edns::find(std::uint16_t code) const {
  for (const auto& o : options) {
    if (o.code == code) return &o;
  }
  return nullptr;
}

EdnsOption make_option(const Cookie& cookie) {
  EdnsOption o{option::kCookie, Bytes(cookie.client.begin(), cookie.client.end())};
  o.data.insert(o.data.end(), cookie.server.begin(), cookie.server.end());
  return o;
}

Result<Cookie> parse_cookie(const EdnsOption& option) {
  const std::size_t n = option.data.size();
  if (n != 8 && (n < 16 || n > 40)) return std::unexpected(Error(Errc::BadRdata));
  Cookie c;
  std::copy_n(option.data.begin(), 8, c.client.begin());
  c.server.assign(option.data.begin() + 8, option.data.end());
  return c;
}

EdnsOption make_option(const ExtendedError& error) {
  EdnsOption o{option::kExtendedError, Bytes(2 + error.extra_text.size())};
  o.data[0] = static_cast<std::uint8_t>(error.info_code >> 8);
  o.data[1] = static_cast<std::uint8_t>(error.info_code);
  std::copy(error.extra_text.begin(), error.extra_text.end(), o.data.begin() + 2);
  return o;
}

Result<ExtendedError> parse_extended_error(const EdnsOption& option) {
  if (option.data.size() < 2) return std::unexpected(Error(Errc::Truncated));
  ExtendedError e;
  e.info_code = static_cast<std::uint16_t>(option.data[0] << 8 | option.data[1]);
  e.extra_text.assign(option.data.begin() + 2, option.data.end());
  // RFC 8914 §2: the text need not be NUL-terminated, but some senders terminate it.
  if (!e.extra_text.empty() && e.extra_text.back() == '\0') e.extra_text.pop_back();
  return e;
}

EdnsOption make_nsid(Bytes id) {
  return {option::kNsid, std::move(id)};
}

EdnsOption make_padding(std::size_t n) {
  return {option::kPadding, Bytes(n, 0)};
}

EdnsOption make_keepalive(std::optional<std::uint16_t> timeout) {
  EdnsOption o{option::kKeepalive, {}};
  if (timeout)
    o.data = {static_cast<std::uint8_t>(*timeout >> 8), static_cast<std::uint8_t>(*timeout)};
  return o;
}

Result<std::optional<std::uint16_t>> parse_keepalive(const EdnsOption& option) {
  if (option.data.empty()) return std::nullopt;
  if (option.data.size() != 2) return std::unexpected(Error(Errc::BadRdata));
  return static_cast<std::uint16_t>(option.data[0] << 8 | option.data[1]);
}

}  // namespace dns
