#pragma once
// Helpers of the P-256/P-384/P-521 tests: hex, vector files, a deterministic random source.
#include <nocrypto-ec/ecdh.hpp>
#include <nocrypto-ec/ecdsa.hpp>
#include <nocrypto-ec/nist.hpp>

#include <cstruct/hexdump.hpp>
#include <nocrypto/sha2.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nist_test {

using Bytes = std::vector<std::uint8_t>;
using nocrypto::ByteView;
using nocrypto::ec::Curve;
using nocrypto::ec::HashAlgorithm;

inline Bytes hex(std::string_view s) {
  auto b = cstruct::of_hex(s);
  EXPECT_TRUE(b.has_value()) << "bad hex: " << s;
  if (!b) return {};
  return Bytes(b->data(), b->data() + b->size());
}
inline std::string to_hex(ByteView b) {
  return cstruct::to_hex(b);
}
// Hex of an integer, left-padded with zeros to `bytes` bytes.
inline Bytes hex_padded(std::string_view s, std::size_t bytes) {
  std::string padded(s);
  if (padded.size() % 2) padded.insert(padded.begin(), '0');
  while (padded.size() < 2 * bytes) padded.insert(0, "00");
  while (padded.size() > 2 * bytes && padded.compare(0, 2, "00") == 0) padded.erase(0, 2);
  return hex(padded);
}

inline nlohmann::json read_json(const std::string& name) {
  std::ifstream in(std::string(NOCRYPTO_EC_TEST_VECTORS) + "/" + name);
  EXPECT_TRUE(in.good()) << "cannot read " << name;
  if (!in.good()) return {};
  return nlohmann::json::parse(in);
}

struct Counts {
  int valid = 0;
  int invalid = 0;
  int acceptable = 0;
};
inline void report(const std::string& what, const Counts& c) {
  std::printf("%s: %d valid, %d invalid, %d acceptable\n", what.c_str(), c.valid, c.invalid,
              c.acceptable);
  EXPECT_GT(c.valid + c.invalid, 0) << what << ": nothing checked";
}

// A deterministic RandomSource: SHA-256 of a counter and a seed.
struct CounterRandom {
  std::uint64_t counter = 0;
  std::uint8_t seed = 0;
  bool fail = false;
  bool generate(std::span<std::uint8_t> out) {
    if (fail) return false;
    std::size_t done = 0;
    while (done < out.size()) {
      std::uint8_t block[9] = {seed};
      for (int i = 0; i < 8; ++i) block[1 + i] = static_cast<std::uint8_t>(counter >> (8 * i));
      ++counter;
      const auto d = nocrypto::digest<nocrypto::Sha256>(block);
      for (std::size_t i = 0; i < d.size() && done < out.size(); ++i) out[done++] = d[i];
    }
    return true;
  }
};

inline Curve curve_named(std::string_view name) {
  if (name == "secp384r1" || name == "P-384") return Curve::P384;
  if (name == "secp521r1" || name == "P-521") return Curve::P521;
  EXPECT_TRUE(name == "secp256r1" || name == "P-256") << name;
  return Curve::P256;
}

inline std::optional<HashAlgorithm> hash_named(std::string_view name) {
  if (name == "SHA-1" || name == "SHA1") return HashAlgorithm::Sha1;
  if (name == "SHA-224" || name == "SHA224") return HashAlgorithm::Sha224;
  if (name == "SHA-256" || name == "SHA256") return HashAlgorithm::Sha256;
  if (name == "SHA-384" || name == "SHA384") return HashAlgorithm::Sha384;
  if (name == "SHA-512" || name == "SHA512") return HashAlgorithm::Sha512;
  return std::nullopt;
}

// The BIT STRING of a DER SubjectPublicKeyInfo (test-only: reads SEQUENCE { SEQUENCE {...},
// BIT STRING } and returns the point bytes after the unused-bits octet). nullopt when the
// shape is wrong or the AlgorithmIdentifier is not id-ecPublicKey with the named curve.
inline std::optional<Bytes> spki_point(ByteView der, Curve curve) {
  const Bytes expected_alg = hex(std::string("06072a8648ce3d0201") +
                                 (curve == Curve::P256   ? "06082a8648ce3d030107"
                                  : curve == Curve::P384 ? "06052b81040022"
                                                         : "06052b81040023"));
  std::size_t pos = 0;
  auto read_tlv = [&](std::uint8_t tag, ByteView& body) -> bool {
    if (pos + 2 > der.size() || der[pos] != tag) return false;
    std::size_t len = der[pos + 1];
    pos += 2;
    if (len & 0x80) {
      const std::size_t n = len & 0x7f;
      if (n == 0 || n > 2 || pos + n > der.size()) return false;
      len = 0;
      for (std::size_t i = 0; i < n; ++i) len = len << 8 | der[pos++];
    }
    if (pos + len > der.size()) return false;
    body = der.subspan(pos, len);
    return true;
  };
  ByteView outer, alg, bits;
  if (!read_tlv(0x30, outer) || pos + outer.size() != der.size()) return std::nullopt;
  der = outer;
  pos = 0;
  if (!read_tlv(0x30, alg)) return std::nullopt;
  if (!std::equal(alg.begin(), alg.end(), expected_alg.begin(), expected_alg.end()))
    return std::nullopt;
  pos += alg.size();
  if (!read_tlv(0x03, bits) || pos + bits.size() != der.size()) return std::nullopt;
  if (bits.empty() || bits[0] != 0) return std::nullopt;
  return Bytes(bits.begin() + 1, bits.end());
}

}  // namespace nist_test
