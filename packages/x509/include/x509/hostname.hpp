#pragma once
// Server identity (RFC 6125): does a certificate name this host?
#include <x509/certificate.hpp>

#include <optional>
#include <string_view>

namespace x509 {

// Whether `host` is named by the certificate's subjectAltName: an IP address literal
// (dotted IPv4 or RFC 4291 IPv6 text) against iPAddress entries byte for byte; any
// other host against dNSName entries, ASCII case-insensitively, one trailing dot ignored.
// A wildcard matches only as the whole leftmost label ("*.example.com" matches
// "a.example.com", not "example.com" nor "a.b.example.com") and only with at least two
// labels after it; "f*.example.com", "*.*.com" or "www.*.com" never match. The subject's
// commonName is not consulted (RFC 6125 6.4.4 permits it; browsers no longer do).
bool matches_hostname(const Certificate& cert, std::string_view host);

// The bytes of an IPv4 (4) or IPv6 (16) address literal, or nothing.
std::optional<Bytes> parse_ip_address(std::string_view text);

}  // namespace x509
