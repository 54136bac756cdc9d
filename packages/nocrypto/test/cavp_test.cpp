// The full NIST CAVP hash sets and the RFC vectors that Debian's
// python3-cryptography-vectors installs (ci/deps.sh), read from where it installs them.
// Fails when the package is missing: install it rather than skip.
#include "kat.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace nocrypto_test {
namespace {

const std::string kDir = NOCRYPTO_CAVP_DIR;

// Every file is checked on both code paths: the accelerated one (SHA-NI, AVX2, BMI2 as
// the CPU has them) and the portable one.
class Cavp : public BothPaths {
 protected:
  void SetUp() override {
    struct stat st;
    ASSERT_EQ(stat(kDir.c_str(), &st), 0)
        << kDir << " is missing: apt-get install python3-cryptography-vectors (ci/deps.sh)";
    BothPaths::SetUp();
  }
  static void run(const std::string& name, Counts counts) { report(name, counts); }
};
INSTANTIATE_TEST_SUITE_P(Paths, Cavp, testing::Bool(), path_name);

// SHA-1 and SHA-2 files: ShortMsg, LongMsg and Monte for each.
void check_sha2_family(const std::string& dir, const std::string& file_prefix,
                       const std::string& hash) {
  const Suite& suite = *suite_named(hash);
  const std::string base = kDir + "/hashes/" + dir + "/" + file_prefix;
  report(file_prefix + "ShortMsg", check_digests(base + "ShortMsg.rsp", suite));
  report(file_prefix + "LongMsg", check_digests(base + "LongMsg.rsp", suite));
  report(file_prefix + "Monte", check_sha2_monte(base + "Monte.rsp", suite));
}

TEST_P(Cavp, Sha1Sha224Sha256MatchShortLongAndMonte) {
  check_sha2_family("SHA1", "SHA1", "SHA-1");
  check_sha2_family("SHA2", "SHA224", "SHA-224");
  check_sha2_family("SHA2", "SHA256", "SHA-256");
}

TEST_P(Cavp, Sha384Sha512AndTruncationsMatchShortLongAndMonte) {
  check_sha2_family("SHA2", "SHA384", "SHA-384");
  check_sha2_family("SHA2", "SHA512", "SHA-512");
  check_sha2_family("SHA2", "SHA512_224", "SHA-512/224");
  check_sha2_family("SHA2", "SHA512_256", "SHA-512/256");
}

TEST_P(Cavp, Sha3MatchesShortLongAndMonte) {
  for (const char* bits : {"224", "256", "384", "512"}) {
    const Suite& suite = *suite_named(std::string("SHA3-") + bits);
    const std::string base = kDir + "/hashes/SHA3/SHA3_" + bits;
    run(std::string("SHA3_") + bits + "ShortMsg", check_digests(base + "ShortMsg.rsp", suite));
    run(std::string("SHA3_") + bits + "LongMsg", check_digests(base + "LongMsg.rsp", suite));
    run(std::string("SHA3_") + bits + "Monte", check_sha3_monte(base + "Monte.rsp", suite));
  }
}

TEST_P(Cavp, ShakeMatchesShortLongVariableOutAndMonte) {
  for (const char* xof : {"SHAKE128", "SHAKE256"}) {
    const std::string base = kDir + "/hashes/SHAKE/" + xof;
    for (const char* kind : {"ShortMsg", "LongMsg", "VariableOut"}) {
      run(std::string(xof) + kind, check_xof(base + kind + ".rsp", xof));
    }
    run(std::string(xof) + "Monte", check_xof_monte(base + "Monte.rsp", xof));
  }
}

TEST_P(Cavp, Md5AndBlake2MatchTheirVectors) {
  run("MD5 RFC 1321", check_digests(kDir + "/hashes/MD5/rfc-1321.txt", *suite_named("MD5")));
  run("BLAKE2b", check_digests(kDir + "/hashes/blake2/blake2b.txt", *suite_named("BLAKE2b512")));
  run("BLAKE2s", check_digests(kDir + "/hashes/blake2/blake2s.txt", *suite_named("BLAKE2s256")));
}

TEST_P(Cavp, HmacMatchesRfc2202And4231) {
  run("HMAC-MD5 RFC 2202", check_hmac(kDir + "/HMAC/rfc-2202-md5.txt", *suite_named("MD5")));
  run("HMAC-SHA1 RFC 2202", check_hmac(kDir + "/HMAC/rfc-2202-sha1.txt", *suite_named("SHA-1")));
  for (const char* bits : {"224", "256", "384", "512"}) {
    run(std::string("HMAC-SHA") + bits + " RFC 4231",
        check_hmac(kDir + "/HMAC/rfc-4231-sha" + bits + ".txt",
                   *suite_named(std::string("SHA-") + bits)));
  }
}

TEST_P(Cavp, HkdfMatchesRfc5869AndLongOutput) {
  run("HKDF-SHA1 RFC 5869", check_hkdf(kDir + "/KDF/rfc-5869-HKDF-SHA1.txt"));
  run("HKDF-SHA256 RFC 5869", check_hkdf(kDir + "/KDF/rfc-5869-HKDF-SHA256.txt"));
  run("HKDF generated 1200 bytes", check_hkdf(kDir + "/KDF/hkdf-generated.txt"));
}

TEST_P(Cavp, Pbkdf2MatchesRfc6070) {
  run("PBKDF2-HMAC-SHA1 RFC 6070",
      check_pbkdf2(kDir + "/KDF/rfc-6070-PBKDF2-SHA1.txt", *suite_named("SHA-1"), 1, 100000));
}

// The 2^24-iteration case takes seconds: run by the ctest nocrypto_cavp_slow (label slow).
TEST_P(Cavp, DISABLED_Pbkdf2MatchesRfc6070SixteenMillionIterations) {
  run("PBKDF2-HMAC-SHA1 RFC 6070, 2^24 iterations",
      check_pbkdf2(kDir + "/KDF/rfc-6070-PBKDF2-SHA1.txt", *suite_named("SHA-1"), 100001,
                   1u << 24));
}

}  // namespace
}  // namespace nocrypto_test
