#include <asn1/time.hpp>

namespace asn1 {

namespace {

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (the usual era arithmetic).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

bool digits(ByteView t, std::size_t at, std::size_t n, unsigned& out) {
  if (at + n > t.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (t[i] < '0' || t[i] > '9') return false;
    out = out * 10 + (t[i] - '0');
  }
  return true;
}

// Reads Z or +hhmm/-hhmm at `at` to the end; the offset in minutes east of UTC.
bool zone(ByteView t, std::size_t at, Mode mode, std::int32_t& minutes) {
  if (at >= t.size()) return false;
  if (t[at] == 'Z') {
    minutes = 0;
    return at + 1 == t.size();
  }
  if (mode == Mode::Der || (t[at] != '+' && t[at] != '-') || at + 5 != t.size()) return false;
  unsigned hh, mm;
  if (!digits(t, at + 1, 2, hh) || !digits(t, at + 3, 2, mm) || hh > 23 || mm > 59) return false;
  minutes = static_cast<std::int32_t>(hh * 60 + mm) * (t[at] == '-' ? -1 : 1);
  return true;
}

std::optional<DateTime> finish(DateTime t, std::int32_t offset_minutes) {
  if (!t.valid()) return std::nullopt;
  if (offset_minutes != 0) {
    const std::uint32_t ns = t.nanosecond;
    t = DateTime::from_unix(t.to_unix() - std::int64_t{offset_minutes} * 60);
    t.nanosecond = ns;
    if (t.year < 0 || t.year > 9999) return std::nullopt;
  }
  return t;
}

void put2(Bytes& out, unsigned v) {
  out.push_back(static_cast<std::uint8_t>('0' + v / 10 % 10));
  out.push_back(static_cast<std::uint8_t>('0' + v % 10));
}

}  // namespace

bool DateTime::valid() const {
  return year >= 0 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month) && hour <= 23 && minute <= 59 && second <= 59 &&
         nanosecond < 1'000'000'000u;
}

std::int64_t DateTime::to_unix() const {
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

DateTime DateTime::from_unix(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  DateTime t;
  t.year = static_cast<std::int32_t>(y);
  t.month = static_cast<std::uint8_t>(m);
  t.day = static_cast<std::uint8_t>(d);
  t.hour = static_cast<std::uint8_t>(rest / 3600);
  t.minute = static_cast<std::uint8_t>(rest / 60 % 60);
  t.second = static_cast<std::uint8_t>(rest % 60);
  return t;
}

std::optional<DateTime> parse_utc_time(ByteView t, Mode mode) {
  unsigned yy, mo, dd, hh, mi, ss = 0;
  if (!digits(t, 0, 2, yy) || !digits(t, 2, 2, mo) || !digits(t, 4, 2, dd) ||
      !digits(t, 6, 2, hh) || !digits(t, 8, 2, mi))
    return std::nullopt;
  std::size_t at = 10;
  if (at < t.size() && t[at] >= '0' && t[at] <= '9') {
    if (!digits(t, at, 2, ss)) return std::nullopt;
    at += 2;
  } else if (mode == Mode::Der) {
    return std::nullopt;
  }
  std::int32_t offset;
  if (!zone(t, at, mode, offset)) return std::nullopt;
  DateTime r;
  r.year = static_cast<std::int32_t>(yy >= 50 ? 1900 + yy : 2000 + yy);
  r.month = static_cast<std::uint8_t>(mo);
  r.day = static_cast<std::uint8_t>(dd);
  r.hour = static_cast<std::uint8_t>(hh);
  r.minute = static_cast<std::uint8_t>(mi);
  r.second = static_cast<std::uint8_t>(ss);
  return finish(r, offset);
}

std::optional<DateTime> parse_generalized_time(ByteView t, Mode mode) {
  const bool der = mode == Mode::Der;
  unsigned yyyy, mo, dd, hh, mi = 0, ss = 0;
  if (!digits(t, 0, 4, yyyy) || !digits(t, 4, 2, mo) || !digits(t, 6, 2, dd) || !digits(t, 8, 2, hh))
    return std::nullopt;
  std::size_t at = 10;
  auto digit_at = [&](std::size_t i) { return i < t.size() && t[i] >= '0' && t[i] <= '9'; };
  if (digit_at(at)) {
    if (!digits(t, at, 2, mi)) return std::nullopt;
    at += 2;
    if (digit_at(at)) {
      if (!digits(t, at, 2, ss)) return std::nullopt;
      at += 2;
    } else if (der) {
      return std::nullopt;
    }
  } else if (der) {
    return std::nullopt;
  }
  std::uint32_t ns = 0;
  if (at < t.size() && (t[at] == '.' || t[at] == ',')) {
    if (at != 14) return std::nullopt;  // fractions of hours or minutes are not supported
    if (der && t[at] != '.') return std::nullopt;
    ++at;
    std::size_t n = 0;
    std::uint32_t scale = 100'000'000;
    while (digit_at(at)) {
      if (n < 9) {
        ns += static_cast<std::uint32_t>(t[at] - '0') * scale;
        scale /= 10;
      } else if (der) {
        return std::nullopt;
      }
      ++n;
      ++at;
    }
    if (n == 0) return std::nullopt;
    if (der && t[at - 1] == '0') return std::nullopt;  // trailing zero in the fraction
  }
  std::int32_t offset;
  if (!zone(t, at, mode, offset)) return std::nullopt;
  DateTime r;
  r.year = static_cast<std::int32_t>(yyyy);
  r.month = static_cast<std::uint8_t>(mo);
  r.day = static_cast<std::uint8_t>(dd);
  r.hour = static_cast<std::uint8_t>(hh);
  r.minute = static_cast<std::uint8_t>(mi);
  r.second = static_cast<std::uint8_t>(ss);
  r.nanosecond = ns;
  return finish(r, offset);
}

bool format_utc_time(const DateTime& t, Bytes& out) {
  if (!t.valid() || t.year < 1950 || t.year > 2049 || t.nanosecond != 0) return false;
  put2(out, static_cast<unsigned>(t.year % 100));
  put2(out, t.month);
  put2(out, t.day);
  put2(out, t.hour);
  put2(out, t.minute);
  put2(out, t.second);
  out.push_back('Z');
  return true;
}

bool format_generalized_time(const DateTime& t, Bytes& out) {
  if (!t.valid()) return false;
  put2(out, static_cast<unsigned>(t.year / 100));
  put2(out, static_cast<unsigned>(t.year % 100));
  put2(out, t.month);
  put2(out, t.day);
  put2(out, t.hour);
  put2(out, t.minute);
  put2(out, t.second);
  if (t.nanosecond != 0) {
    out.push_back('.');
    std::uint32_t ns = t.nanosecond;
    std::uint32_t scale = 100'000'000;
    while (ns != 0) {
      out.push_back(static_cast<std::uint8_t>('0' + ns / scale));
      ns %= scale;
      scale /= 10;
    }
  }
  out.push_back('Z');
  return true;
}

}  // namespace asn1
