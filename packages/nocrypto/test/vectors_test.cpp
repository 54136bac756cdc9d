// Known answers from the vector files copied into test/vectors: a few NIST CAVP and RFC
// files (from python3-cryptography-vectors, see cavp/README.md) and Wycheproof's HMAC and
// HKDF files. Needs nothing installed; cavp_test.cpp runs the full CAVP set.
#include "kat.hpp"

#include <gtest/gtest.h>

namespace nocrypto_test {
namespace {

const std::string kCavp = std::string(NOCRYPTO_TEST_VECTORS) + "/cavp/";
const std::string kWycheproof = std::string(NOCRYPTO_TEST_VECTORS) + "/wycheproof/";

void run(const std::string& name, Counts counts) {
  report(name, counts);
}

// Each on both code paths: accelerated (as the CPU allows) and portable.
using LocalVectors = BothPaths;
INSTANTIATE_TEST_SUITE_P(Paths, LocalVectors, testing::Bool(), path_name);

TEST_P(LocalVectors, Sha1AndSha256MatchCavpShortMessagesAndMonte) {
  run("SHA1ShortMsg", check_digests(kCavp + "SHA1ShortMsg.rsp", *suite_named("SHA-1")));
  run("SHA256ShortMsg", check_digests(kCavp + "SHA256ShortMsg.rsp", *suite_named("SHA-256")));
  run("SHA256Monte", check_sha2_monte(kCavp + "SHA256Monte.rsp", *suite_named("SHA-256")));
  run("HMAC-SHA1 RFC 2202", check_hmac(kCavp + "rfc-2202-sha1.txt", *suite_named("SHA-1")));
  run("HMAC-SHA256 RFC 4231", check_hmac(kCavp + "rfc-4231-sha256.txt", *suite_named("SHA-256")));
  run("HKDF-SHA256 RFC 5869", check_hkdf(kCavp + "rfc-5869-HKDF-SHA256.txt"));
  run("PBKDF2-HMAC-SHA1 RFC 6070",
      check_pbkdf2(kCavp + "rfc-6070-PBKDF2-SHA1.txt", *suite_named("SHA-1"), 1, 100000));
}

TEST_P(LocalVectors, OtherHashesMatchTheirFiles) {
  run("SHA3_256ShortMsg", check_digests(kCavp + "SHA3_256ShortMsg.rsp", *suite_named("SHA3-256")));
  run("MD5 RFC 1321", check_digests(kCavp + "rfc-1321.txt", *suite_named("MD5")));
  run("BLAKE2b", check_digests(kCavp + "blake2b.txt", *suite_named("BLAKE2b512")));
  run("BLAKE2s", check_digests(kCavp + "blake2s.txt", *suite_named("BLAKE2s256")));
}

using Wycheproof = BothPaths;
INSTANTIATE_TEST_SUITE_P(Paths, Wycheproof, testing::Bool(), path_name);

TEST_P(Wycheproof, HmacAcceptsValidTagsAndRejectsModifiedOnes) {
  for (const char* hash : {"sha1", "sha256", "sha384", "sha512"}) {
    const std::string file = std::string("hmac_") + hash + "_test.json";
    run(file, check_wycheproof_mac(kWycheproof + file, *suite_named(hash)));
  }
}

TEST_P(Wycheproof, HkdfDerivesValidOutputsAndRefusesOversizedOnes) {
  for (const char* hash : {"sha256", "sha384", "sha512"}) {
    const std::string file = std::string("hkdf_") + hash + "_test.json";
    run(file, check_wycheproof_hkdf(kWycheproof + file, *suite_named(hash)));
  }
}

}  // namespace
}  // namespace nocrypto_test
