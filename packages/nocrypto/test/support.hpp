#pragma once
// Helpers shared by nocrypto's tests: hex, the two code paths, every hash by name.
#include <nocrypto/nocrypto.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nocrypto_test {

using nocrypto::ByteView;
using Bytes = std::vector<std::uint8_t>;

// Bytes from hex digits (either case); a bad digit or odd length fails the test.
Bytes from_hex(std::string_view hex);
// Lowercase hex.
std::string to_hex(ByteView bytes);
// n pseudorandom bytes from a xorshift64 state (advanced): reproducible test inputs.
Bytes xorshift_bytes(std::size_t n, std::uint64_t& state);

// For the interop tests. What a shell command wrote to stdout (its stderr discarded);
// nothing when it could not run or exited with a failure.
std::optional<std::string> command_output(const std::string& command);

// A temporary file holding `bytes` (empty by default), removed when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(const Bytes& bytes = {});
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  // "/nonexistent" when the file could not be made or written, so a command using it fails.
  std::string path() const { return ok_ ? path_ : "/nonexistent"; }
  // What the file holds now (after a command wrote it).
  Bytes read() const;

 private:
  char path_[64] = "/tmp/nocrypto-test-XXXXXX";
  bool ok_ = false;
};

// Parameter of tests run on both code paths: true forces the portable fallbacks.
class BothPaths : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override { nocrypto::cpu::force_portable(GetParam()); }
  void TearDown() override { nocrypto::cpu::force_portable(false); }
};
inline std::string path_name(const testing::TestParamInfo<bool>& info) {
  return info.param ? "Portable" : "Accelerated";
}

// One hash and everything built on it, as plain functions on byte vectors.
struct Suite {
  std::string name;
  std::size_t digest_size;
  std::function<Bytes(ByteView)> hash;
  std::function<Bytes(ByteView key, ByteView msg)> hmac;
  std::function<bool(ByteView key, ByteView msg, ByteView tag)> hmac_verify;
  std::function<Bytes(ByteView salt, ByteView ikm)> hkdf_extract;
  // nullopt when the KDF refuses the request (e.g. an output that is too long)
  std::function<std::optional<Bytes>(ByteView salt, ByteView ikm, ByteView info, std::size_t)> hkdf;
  std::function<std::optional<Bytes>(ByteView pw, ByteView salt, std::uint32_t, std::size_t)>
      pbkdf2;
};

template <nocrypto::Hash H>
Suite suite_of(std::string name) {
  auto bytes = [](const auto& a) { return Bytes(a.begin(), a.end()); };
  Suite s;
  s.name = std::move(name);
  s.digest_size = H::digest_size;
  s.hash = [=](ByteView m) { return bytes(nocrypto::digest<H>(m)); };
  s.hmac = [=](ByteView k, ByteView m) { return bytes(nocrypto::hmac<H>(k, m)); };
  s.hmac_verify = [](ByteView k, ByteView m, ByteView t) {
    return nocrypto::hmac_verify<H>(k, m, t);
  };
  s.hkdf_extract = [=](ByteView salt, ByteView ikm) {
    return bytes(nocrypto::hkdf_extract<H>(salt, ikm));
  };
  s.hkdf = [](ByteView salt, ByteView ikm, ByteView info, std::size_t n) -> std::optional<Bytes> {
    Bytes out(n);
    if (!nocrypto::hkdf<H>(salt, ikm, info, out)) return std::nullopt;
    return out;
  };
  s.pbkdf2 = [](ByteView pw, ByteView salt, std::uint32_t it,
                std::size_t n) -> std::optional<Bytes> {
    Bytes out(n);
    if (!nocrypto::pbkdf2_hmac<H>(pw, salt, it, out)) return std::nullopt;
    return out;
  };
  return s;
}

// Every fixed-output hash, under the name `openssl dgst` and the vector files use.
const std::vector<Suite>& all_suites();
// The suite for a name as vector files spell it ("SHA-256", "SHA512_256", "sha3-224");
// fails the test and returns null when there is none.
const Suite* suite_named(std::string_view name);

// SHAKE128 / SHAKE256 by name ("SHAKE128"): n bytes of output.
std::function<Bytes(ByteView, std::size_t)> xof_named(std::string_view name);

}  // namespace nocrypto_test
