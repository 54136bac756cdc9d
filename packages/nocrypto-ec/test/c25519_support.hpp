#pragma once
// Helpers shared by the X25519 and Ed25519 tests: hex, a deterministic random source,
// Wycheproof files.
#include <cstruct/hexdump.hpp>
#include <nocrypto/bytes.hpp>
#include <nocrypto/sha2.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace c25519_test {

using Bytes = std::vector<std::uint8_t>;

// Bytes from hex; a bad string fails the test and gives no bytes.
inline Bytes hex(std::string_view h) {
  auto b = cstruct::of_hex(h);
  EXPECT_TRUE(b.has_value()) << "bad hex: " << h;
  if (!b) return {};
  return Bytes(b->data(), b->data() + b->size());
}

inline std::string to_hex(nocrypto::ByteView b) {
  return cstruct::to_hex(b);
}

template <std::size_t N>
std::array<std::uint8_t, N> array_of(std::string_view h) {
  std::array<std::uint8_t, N> a{};
  const Bytes b = hex(h);
  EXPECT_EQ(b.size(), N) << h;
  for (std::size_t i = 0; i < N && i < b.size(); ++i) a[i] = b[i];
  return a;
}

// A RandomSource that is not random: SHA-512 of a seed and a counter, block after block.
// `refuse` makes it fail, as an unseeded generator would.
class TestRng {
 public:
  explicit TestRng(std::uint64_t seed, bool refuse = false) : seed_(seed), refuse_(refuse) {}
  bool generate(std::span<std::uint8_t> out) {
    if (refuse_) return false;
    std::size_t done = 0;
    while (done < out.size()) {
      std::uint8_t block[16];
      for (int i = 0; i < 8; ++i) {
        block[i] = static_cast<std::uint8_t>(seed_ >> (8 * i));
        block[8 + i] = static_cast<std::uint8_t>(counter_ >> (8 * i));
      }
      ++counter_;
      const auto d = nocrypto::sha512(block);
      for (std::size_t i = 0; i < d.size() && done < out.size(); ++i) out[done++] = d[i];
    }
    return true;
  }
  Bytes bytes(std::size_t n) {
    Bytes b(n);
    generate(b);
    return b;
  }

 private:
  std::uint64_t seed_;
  std::uint64_t counter_ = 0;
  bool refuse_;
};

// A Wycheproof file from test/vectors/wycheproof; fails the test when unreadable.
inline nlohmann::json wycheproof(const std::string& name) {
  const std::string path = std::string(NOCRYPTO_EC_TEST_VECTORS) + "/wycheproof/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  if (!in) return nlohmann::json::object();
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

struct Counts {
  int valid = 0;
  int invalid = 0;
  int acceptable_accepted = 0;
  int acceptable_rejected = 0;
};

// Prints the counts, and fails the test when nothing was checked.
inline void report(const std::string& what, const Counts& c) {
  std::printf("%s: %d valid, %d invalid, %d acceptable (%d accepted, %d rejected)\n",
              what.c_str(), c.valid, c.invalid, c.acceptable_accepted + c.acceptable_rejected,
              c.acceptable_accepted, c.acceptable_rejected);
  EXPECT_GT(c.valid + c.invalid + c.acceptable_accepted + c.acceptable_rejected, 0) << what;
}

}  // namespace c25519_test
