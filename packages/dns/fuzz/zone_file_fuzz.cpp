// Fuzzes the zone-file parser. Every record it yields must print to a line that parses to
// an equal record, its rdata must survive the wire both ways, and a zone built from the
// records must answer lookups of their names without crashing.
#include <dns/zone.hpp>
#include <dns/zone_file.hpp>

#include <cstdio>
#include <string>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  dns::ZoneFileOptions options;
  options.origin = *dns::Name::parse("example.");
  options.max_generate = 64;
  options.max_include_depth = 3;
  // $INCLUDE of any name gives the input itself again: nesting without I/O.
  options.include = [&](std::string_view) -> std::expected<std::string, std::string> {
    return std::string(text);
  };
  auto records = dns::parse_zone_file(text, options);
  if (!records) {
    FUZZ_CHECK(records.error().line >= 1);
    return 0;
  }
  dns::Zone zone(options.origin);
  for (const auto& r : *records) {
    const std::string line = r.to_string();
    auto back = dns::Record::parse(line);
    if (!back) std::fprintf(stderr, "%s: %s\n", line.c_str(), back.error().message.c_str());
    FUZZ_CHECK(back.has_value());
    if (r.type() != dns::Type::LOC) FUZZ_CHECK(*back == r);
    cstruct::Writer w;
    dns::encode_rdata(w, r.data);
    if (auto bytes = w.finish_span()) {
      auto decoded = dns::decode_rdata(r.type(), *bytes);
      FUZZ_CHECK(decoded.has_value());
      FUZZ_CHECK(*decoded == r.data);
    }
    (void)zone.add(r);
  }
  for (const auto& r : *records) {
    for (dns::Type t : {r.type(), dns::Type::A, dns::Type::ANY}) (void)zone.lookup(r.name, t);
  }
  return 0;
}
