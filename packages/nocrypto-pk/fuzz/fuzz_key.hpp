#pragma once
// The fixed key the fuzz targets decrypt and verify with: the 1024-bit key of RSA
// Laboratories' PKCS #1 v2.1 OAEP Example 1, small so each run is quick.
#include <nocrypto-pk/rsa.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace pk_fuzz {

inline std::vector<std::uint8_t> hex(std::string_view h) {
  std::vector<std::uint8_t> out;
  auto digit = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(digit(h[i]) * 16 + digit(h[i + 1])));
  }
  return out;
}

inline const nocrypto::pk::RsaPrivateKey& key() {
  static const nocrypto::pk::RsaPrivateKey k = [] {
    auto r = nocrypto::pk::RsaPrivateKey::from_exponents(
        hex("a8b3b284af8eb50b387034a860f146c4919f318763cd6c5598c8ae4811a1e0abc4c7e0b082d693a5e7"
            "fced675cf4668512772c0cbc64a742c6c630f533c8cc72f62ae833c40bf25842e984bb78bdbf97c010"
            "7d55bdb662f5c4e0fab9845cb5148ef7392dd3aaff93ae1e6b667bb3d4247616d4f5ba10d4cfd226de"
            "88d39f16fb"),
        hex("010001"),
        hex("53339cfdb79fc8466a655c7316aca85c55fd8f6dd898fdaf119517ef4f52e8fd8e258df93fee180fa0"
            "e4ab29693cd83b152a553d4ac4d1812b8b9fa5af0e7f55fe7304df41570926f3311f15c4d65a732c48"
            "3116ee3d3d2d0af3549ad9bf7cbfb78ad884f84d5beb04724dc7369b31def37d0cf539e9cfcdd3de65"
            "3729ead5d1"));
    if (!r) std::abort();
    return *r;
  }();
  return k;
}

// A deterministic RandomSource for blinding and seeds inside the targets.
struct CounterRng {
  std::uint8_t next = 1;
  bool generate(std::span<std::uint8_t> out) {
    for (auto& b : out) b = next = static_cast<std::uint8_t>(next * 37 + 11);
    return true;
  }
};

// `data` as exactly k bytes: cut, or left-padded with zeros.
inline std::vector<std::uint8_t> fit(const std::uint8_t* data, std::size_t size, std::size_t k) {
  std::vector<std::uint8_t> out(k, 0);
  const std::size_t n = size < k ? size : k;
  for (std::size_t i = 0; i < n; ++i) out[k - n + i] = data[i];
  return out;
}

}  // namespace pk_fuzz
