#pragma once
// Helpers for the dns tests: hex in and out, and readable failures.
#include <dns/dns.hpp>

#include <cstruct/hexdump.hpp>

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace dns {
inline void PrintTo(const Name& n, std::ostream* os) {
  *os << n.to_string();
}
inline void PrintTo(const Error& e, std::ostream* os) {
  *os << describe(e);
}
inline void PrintTo(const Record& r, std::ostream* os) {
  *os << r.to_string();
}
}  // namespace dns

namespace dns_test {

inline std::vector<std::uint8_t> hex(std::string_view h) {
  auto b = cstruct::of_hex(h);
  EXPECT_TRUE(b.has_value()) << "bad hex in test: " << h;
  return b ? std::vector<std::uint8_t>(b->begin(), b->end()) : std::vector<std::uint8_t>{};
}

inline std::string hex_of(std::span<const std::uint8_t> b) {
  return cstruct::to_hex(b);
}

inline dns::Name name(std::string_view text) {
  auto n = dns::Name::parse(text);
  EXPECT_TRUE(n.has_value()) << text << ": " << (n ? "" : n.error().message);
  return n ? *n : dns::Name();
}

inline dns::Record record(std::string_view text) {
  auto r = dns::Record::parse(text);
  EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error().message);
  return r ? *r : dns::Record{};
}

}  // namespace dns_test
