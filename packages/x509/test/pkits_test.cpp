// NIST PKITS (the 2011 certificates in Debian's python3-cryptography-vectors): every
// "Valid...EE" and "Invalid...EE" end-entity certificate is validated from the whole set
// of PKITS certificates as the untrusted pool, every PKITS CRL, and the trust anchor,
// with revocation required (as PKITS assumes); every one must give PKITS's answer.
#include "pkits_cases.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>

namespace {

namespace fs = std::filesystem;


struct Pkits {
  std::vector<x509::Certificate> pool;
  std::map<std::string, std::size_t> index;
  std::vector<x509::Crl> crls;
  std::vector<x509::Certificate> roots;
  x509::ValidationOptions options;

  // Loads every PKITS certificate and CRL (each must re-encode to its own bytes).
  void load() {
    for (const auto& e : fs::directory_iterator(fs::path(x509_test::kPkits) / "certs")) {
      auto c = x509::parse_certificate(x509_test::read_bytes(e.path().string()));
      ASSERT_TRUE(c) << e.path() << ": " << c.error().to_string();
      // Re-encoded from the decoded values (policy mappings and constraints included).
      EXPECT_EQ(*x509::encode_certificate(*c), x509_test::read_bytes(e.path().string())) << e.path();
      index[e.path().filename().string()] = pool.size();
      pool.push_back(std::move(*c));
    }
    for (const auto& e : fs::directory_iterator(fs::path(x509_test::kPkits) / "crls")) {
      auto c = x509::parse_crl(x509_test::read_bytes(e.path().string()));
      ASSERT_TRUE(c) << e.path() << ": " << c.error().to_string();
      EXPECT_EQ(*x509::encode_crl(*c), x509_test::read_bytes(e.path().string())) << e.path();
      crls.push_back(std::move(*c));
    }
    ASSERT_TRUE(index.contains("TrustAnchorRootCertificate.crt"));
    roots = {pool[index["TrustAnchorRootCertificate.crt"]]};
    options.time = asn1::DateTime::from_unix(1'577'836'800);  // 2020-01-01
    options.verify.allow_sha1 = true;  // PKITS is signed with SHA-256, some CRLs with SHA-1
    options.crls = crls;
    options.require_revocation_check = true;  // as PKITS assumes
  }
};

TEST(Pkits, PathValidation) {
  if (!fs::exists(x509_test::kPkits)) GTEST_SKIP() << x509_test::kPkits << " missing: apt-get install python3-cryptography-vectors";
  Pkits k;
  ASSERT_NO_FATAL_FAILURE(k.load());
  const auto& pool = k.pool;
  const auto& index = k.index;
  const auto& roots = k.roots;
  const auto& o = k.options;

  const std::regex ee("^(Valid|Invalid).*Test[0-9]+EE\\.crt$");
  int passed = 0, total = 0;
  for (const auto& [name, i] : index) {
    if (!std::regex_match(name, ee)) continue;
    const bool expect_valid = name.starts_with("Valid");
    auto path = x509::build_path(pool[i], pool, roots, o);
    const bool ok = static_cast<bool>(path) == expect_valid;
    ++total;
    passed += ok;
    EXPECT_TRUE(ok) << name << ": expected " << (expect_valid ? "valid" : "invalid") << ", got "
                    << (path ? "valid" : path.error().to_string());
  }
  std::printf("PKITS: %d of %d path validation tests give the expected answer\n", passed, total);
  EXPECT_GT(total, 200);
}

// The policy tests PKITS runs with other initial settings (pkits_cases.hpp).
TEST(Pkits, PolicySettings) {
  if (!fs::exists(x509_test::kPkits)) GTEST_SKIP() << x509_test::kPkits << " missing: apt-get install python3-cryptography-vectors";
  Pkits k;
  ASSERT_NO_FATAL_FAILURE(k.load());
  const auto cases = x509_test::pkits_policy_cases();
  int agreed = 0;
  for (const auto& c : cases) {
    ASSERT_TRUE(k.index.contains(c.ee)) << c.ee;
    auto o = k.options;
    o.policies = c.policies;
    o.require_explicit_policy = c.explicit_policy;
    o.inhibit_policy_mapping = c.inhibit_mapping;
    o.inhibit_any_policy = c.inhibit_any;
    auto path = x509::build_path(k.pool[k.index[c.ee]], k.pool, k.roots, o);
    const bool ok = static_cast<bool>(path) == c.valid;
    agreed += ok;
    EXPECT_TRUE(ok) << c.ee << " with " << c.policies.size() << " initial policies, explicit "
                    << c.explicit_policy << ", mapping inhibited " << c.inhibit_mapping
                    << ", anyPolicy inhibited " << c.inhibit_any << ": expected "
                    << (c.valid ? "valid" : "invalid") << ", got "
                    << (path ? "valid" : path.error().to_string());
  }
  std::printf("PKITS: %d of %zu policy tests with other initial settings give the expected answer\n",
              agreed, std::size(cases));
}

}  // namespace
