#pragma once
// Idents: the "name <email> seconds +hhmm" of an author, committer or tagger.
#include <cstdint>
#include <string>
#include <string_view>

#include <git/error.hpp>

namespace git {

struct Signature {
  std::string name;   // no '<', '>' or newline
  std::string email;  // no '<', '>' or newline
  std::uint64_t time = 0;  // seconds since the epoch, UTC
  // The zone as written: sign and four digits, "+hhmm". Kept as written (even "-0000",
  // or minutes above 59) so that an object re-encodes to the same bytes.
  bool tz_negative = false;
  std::uint16_t tz_hhmm = 0;

  // A signature at `time` in the zone `offset_minutes` east of UTC (-720..840).
  static Signature make(std::string name, std::string email, std::uint64_t time, int offset_minutes);
  // The zone's offset east of UTC, in minutes.
  int offset_minutes() const noexcept;

  friend bool operator==(const Signature&, const Signature&) = default;
};

// Reads "name <email> time tz" with the checks of git fsck: a name before the email and a
// space between them, no stray '<' or '>', a decimal time without leading zeros that fits
// 64 bits, a zone of a sign and exactly four digits, nothing after it. BadIdent if not.
Result<Signature> parse_signature(std::string_view text);
// The text parse_signature reads.
std::string format_signature(const Signature& sig);

}  // namespace git
