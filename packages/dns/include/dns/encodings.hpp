#pragma once
// Binary data as DNS presentation form writes it: hex (DS digests, TLSA), base64 (DNSKEY,
// RRSIG, TSIG secrets as `dig -y` and key files give them) and base32hex (NSEC3 hashes).
// Decoding ignores nothing: whitespace and bad digits are refused (nothing returned).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dns::text {

std::string to_hex(std::span<const std::uint8_t> b);
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view s);
std::string to_base64(std::span<const std::uint8_t> b);
std::optional<std::vector<std::uint8_t>> from_base64(std::string_view s);
std::string to_base32hex(std::span<const std::uint8_t> b);
std::optional<std::vector<std::uint8_t>> from_base32hex(std::string_view s);

}  // namespace dns::text
