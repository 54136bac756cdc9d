#pragma once
// Helpers for nocrypto-pk's tests: hex, a deterministic RandomSource, vector files.
#include <nocrypto-pk/nocrypto_pk.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nocrypto_pk_test {

using nocrypto::ByteView;
using nocrypto::pk::Bytes;
using nocrypto::pk::DigestAlgorithm;

// Bytes from hex digits (cstruct::of_hex; spaces are dropped first); bad hex fails the test.
Bytes from_hex(std::string_view hex);
std::string to_hex(ByteView bytes);

// A deterministic RandomSource: SHA-256(seed || counter) blocks. Never use outside tests.
class TestRng {
 public:
  explicit TestRng(std::string_view seed = "nocrypto-pk") : seed_(seed) {}
  bool generate(std::span<std::uint8_t> out);

 private:
  std::string seed_;
  std::uint64_t counter_ = 0;
};

// A RandomSource that gives `bytes` first, then TestRng output.
class ReplayRng {
 public:
  explicit ReplayRng(Bytes bytes) : bytes_(std::move(bytes)) {}
  bool generate(std::span<std::uint8_t> out);

 private:
  Bytes bytes_;
  std::size_t used_ = 0;
  TestRng rest_;
};

// A RandomSource that always refuses.
struct RefusingRng {
  bool generate(std::span<std::uint8_t>) { return false; }
};

// "SHA-256", "SHA256", "sha-256", "SHA1"... to the algorithm; fails the test otherwise.
DigestAlgorithm digest_named(std::string_view name);

struct Counts {
  int valid = 0;
  int invalid = 0;
  int acceptable = 0;
};
// Prints "<what>: N valid, M invalid[, K acceptable]"; fails the test when nothing ran.
void report(const std::string& what, const Counts& counts);

// The whole of a text file; fails the test when it cannot be read.
std::string read_file(const std::string& path);

// NIST .rsp / pyca .txt: calls `record` with the fields seen so far (section "[k = v]"
// settings included) each time a line with key `trigger` is read, with its line number.
void for_each_record(const std::string& path, const std::string& trigger,
                     const std::function<void(const std::map<std::string, std::string>&, int)>&
                         record);

// pkcs-1v2-1d2-vec files: the "# Label:" blocks of hex in order, and "# ... Example"
// headings as blocks with empty bytes and the heading as label.
std::vector<std::pair<std::string, Bytes>> read_labelled_hex(const std::string& path);

std::string vector_path(const std::string& name);  // under test/vectors
std::string cavp_path(const std::string& name);    // under cryptography_vectors

// The test key the fuzz targets and several tests use: 2048 bits from TestRng("key").
const nocrypto::pk::RsaPrivateKey& test_key_2048();

}  // namespace nocrypto_pk_test
