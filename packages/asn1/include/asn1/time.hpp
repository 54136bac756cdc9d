#pragma once
// UTCTime and GeneralizedTime as a civil date and time in UTC.
#include <asn1/decoder.hpp>

#include <compare>
#include <cstdint>
#include <optional>

namespace asn1 {

struct DateTime {
  std::int32_t year = 1970;  // 0..9999
  std::uint8_t month = 1;    // 1..12
  std::uint8_t day = 1;      // 1..31, as the month allows
  std::uint8_t hour = 0;     // 0..23
  std::uint8_t minute = 0;   // 0..59
  std::uint8_t second = 0;   // 0..59
  std::uint32_t nanosecond = 0;

  // A real date and time within the ranges above.
  bool valid() const;
  // Seconds since 1970-01-01T00:00:00Z (nanoseconds dropped), and back.
  std::int64_t to_unix() const;
  static DateTime from_unix(std::int64_t seconds);

  friend auto operator<=>(const DateTime&, const DateTime&) = default;
};

// The contents octets of a UTCTime. DER: exactly YYMMDDhhmmssZ. BER also: no seconds, and
// +hhmm / -hhmm offsets (converted to UTC). Years 50..99 are 19xx, 00..49 are 20xx
// (RFC 5280 4.1.2.5.1).
std::optional<DateTime> parse_utc_time(ByteView text, Mode mode);
// GeneralizedTime. DER: YYYYMMDDhhmmss[.f]Z, fraction without trailing zeros, at most
// nine digits. BER also: no minutes or seconds, ',' as the decimal mark, longer fractions
// (truncated), offsets. Local times (no zone) are refused in both modes.
std::optional<DateTime> parse_generalized_time(ByteView text, Mode mode);
// The DER text; false when the time does not fit (UTCTime: 1950..2049, whole seconds).
bool format_utc_time(const DateTime& t, Bytes& out);
bool format_generalized_time(const DateTime& t, Bytes& out);

}  // namespace asn1
