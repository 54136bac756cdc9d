#pragma once
// RFC 1035 §5 master files ("zone files"): $ORIGIN, $TTL (RFC 2308), $INCLUDE through a
// loader the caller supplies, BIND's $GENERATE, relative names and "@", blank owners,
// parentheses, comments, quoted strings, escapes, TTL and class in either order, and
// RFC 3597's "\#" rdata. Errors say file:line and what was expected.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dns/error.hpp>
#include <dns/name.hpp>
#include <dns/rdata.hpp>

namespace dns {

struct ZoneError {
  std::string file;
  std::size_t line = 0;
  std::string message;
  // "file:line: message".
  std::string describe() const;
};

// The text of the file an $INCLUDE names, or why it cannot be had. The package does no
// I/O: the caller reads files (from disk, a KvRo, memory...).
using IncludeLoader = std::function<std::expected<std::string, std::string>(std::string_view)>;

// Receives each record in file order; an error stops the parse, reported at the record's
// file and line (e.g. a zone refusing a record).
using RecordSink = std::function<TextResult<void>(Record&&)>;

struct ZoneFileOptions {
  Name origin;                               // the $ORIGIN until the file sets one
  std::string file_name = "<zone>";          // for error messages
  std::optional<std::uint32_t> default_ttl;  // for records before any TTL is known
  Class rclass = Class::IN;                  // the class until a record names one
  IncludeLoader include;                     // without it, $INCLUDE is an error
  std::size_t max_include_depth = 8;
  std::size_t max_generate = 65536;  // records one $GENERATE may make
};

// Parses zone-file text, handing each record to `sink`. A record without a TTL takes
// $TTL, else the last TTL given, else default_ttl, else (for a SOA) its MINIMUM.
std::expected<void, ZoneError> parse_zone_file(std::string_view text,
                                               const ZoneFileOptions& options,
                                               const RecordSink& sink);
// The same, collecting every record.
std::expected<std::vector<Record>, ZoneError> parse_zone_file(std::string_view text,
                                                              const ZoneFileOptions& options = {});

}  // namespace dns
