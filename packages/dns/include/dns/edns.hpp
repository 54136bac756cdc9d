#pragma once
// EDNS(0) (RFC 6891): the OPT pseudo-record's fields and options, with helpers for the
// options a server and a client use: cookies (RFC 7873), NSID (RFC 5001), padding
// (RFC 7830), extended errors (RFC 8914) and TCP keepalive (RFC 7828).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <dns/error.hpp>

namespace dns {

using Bytes = std::vector<std::uint8_t>;

struct EdnsOption {
  std::uint16_t code = 0;
  Bytes data;
  friend bool operator==(const EdnsOption&, const EdnsOption&) = default;
};

namespace option {
inline constexpr std::uint16_t kNsid = 3;
inline constexpr std::uint16_t kCookie = 10;
inline constexpr std::uint16_t kKeepalive = 11;
inline constexpr std::uint16_t kPadding = 12;
inline constexpr std::uint16_t kExtendedError = 15;
}  // namespace option

struct Edns {
  std::uint16_t udp_payload_size = 1232;  // the OPT record's CLASS
  std::uint8_t version = 0;
  bool dnssec_ok = false;   // the DO bit
  std::uint16_t flags = 0;  // the other 15 flag bits (zero today)
  std::vector<EdnsOption> options;

  // The first option with this code, or null.
  const EdnsOption* find(std::uint16_t code) const;
  friend bool operator==(const Edns&, const Edns&) = default;
};

// A client cookie (8 bytes) and an optional server cookie (8 to 32 bytes).
struct Cookie {
  std::array<std::uint8_t, 8> client{};
  Bytes server;
  friend bool operator==(const Cookie&, const Cookie&) = default;
};
// The COOKIE option holding `cookie`.
EdnsOption make_option(const Cookie& cookie);
// The cookie in an option; BadRdata when its length is not 8 or 16..40.
Result<Cookie> parse_cookie(const EdnsOption& option);

// RFC 8914 extended DNS error: an info code and optional UTF-8 text.
struct ExtendedError {
  std::uint16_t info_code = 0;
  std::string extra_text;
  friend bool operator==(const ExtendedError&, const ExtendedError&) = default;
};
// The extended-error option holding `error`.
EdnsOption make_option(const ExtendedError& error);
// The error in an option; Truncated when it is shorter than 2 bytes.
Result<ExtendedError> parse_extended_error(const EdnsOption& option);

// NSID: empty in a query (asking for it), the server's identifier in a response.
EdnsOption make_nsid(Bytes id = {});
// Padding of n zero bytes.
EdnsOption make_padding(std::size_t n);
// TCP keepalive: no timeout in a query; a timeout in units of 100 ms in a response.
EdnsOption make_keepalive(std::optional<std::uint16_t> timeout = std::nullopt);
// The timeout of a keepalive option (nothing when absent); BadRdata when its length is
// neither 0 nor 2.
Result<std::optional<std::uint16_t>> parse_keepalive(const EdnsOption& option);

}  // namespace dns
