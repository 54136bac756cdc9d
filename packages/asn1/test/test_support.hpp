#pragma once
#include <asn1/asn1.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace asn1_test {

inline asn1::Bytes hex(std::string_view h) {
  asn1::Bytes out;
  int nibble = -1;
  for (char c : h) {
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else continue;  // spaces separate octets for reading
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(nibble * 16 + v));
      nibble = -1;
    }
  }
  return out;
}

inline std::string to_hex(const asn1::Bytes& b) {
  static const char* digits = "0123456789ABCDEF";
  std::string s;
  for (auto x : b) {
    s += digits[x >> 4];
    s += digits[x & 15];
  }
  return s;
}

template <class G>
std::string der_hex(const G& g, const asn1::value_of<G>& v) {
  auto r = asn1::encode_der(g, v);
  EXPECT_TRUE(r.has_value()) << r.error().to_string();
  return r ? to_hex(*r) : "<error>";
}

// The error decoding `h` in `mode` (a failure of the test when it decodes).
template <class G>
asn1::Error error_of(const G& g, std::string_view h, asn1::Mode mode = asn1::Mode::Der, asn1::Limits limits = {}) {
  auto r = asn1::decode(g, hex(h), mode, limits);
  EXPECT_FALSE(r.has_value()) << "decoded " << h << " but expected an error";
  return r ? asn1::Error{} : r.error();
}

template <class G>
asn1::value_of<G> value_of_hex(const G& g, std::string_view h, asn1::Mode mode = asn1::Mode::Der) {
  auto r = asn1::decode(g, hex(h), mode);
  EXPECT_TRUE(r.has_value()) << h << ": " << (r ? "" : r.error().to_string());
  return r ? std::move(*r) : asn1::value_of<G>{};
}

}  // namespace asn1_test
