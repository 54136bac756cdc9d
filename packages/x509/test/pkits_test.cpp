// NIST PKITS (the 2011 certificates in Debian's python3-cryptography-vectors): every
// "Valid...EE" and "Invalid...EE" end-entity certificate is validated from the whole set
// of PKITS certificates as the untrusted pool, every PKITS CRL, and the trust anchor,
// with revocation required (as PKITS assumes); every one must give PKITS's answer.
#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>

namespace {

namespace fs = std::filesystem;

const char* kPkits = "/usr/lib/python3/dist-packages/cryptography_vectors/x509/PKITS_data";

struct Pkits {
  std::vector<x509::Certificate> pool;
  std::map<std::string, std::size_t> index;
  std::vector<x509::Crl> crls;
  std::vector<x509::Certificate> roots;
  x509::ValidationOptions options;

  // Loads every PKITS certificate and CRL (each must re-encode to its own bytes).
  void load() {
    for (const auto& e : fs::directory_iterator(fs::path(kPkits) / "certs")) {
      auto c = x509::parse_certificate(x509_test::read_bytes(e.path().string()));
      ASSERT_TRUE(c) << e.path() << ": " << c.error().to_string();
      // Re-encoded from the decoded values (policy mappings and constraints included).
      EXPECT_EQ(*x509::encode_certificate(*c), x509_test::read_bytes(e.path().string())) << e.path();
      index[e.path().filename().string()] = pool.size();
      pool.push_back(std::move(*c));
    }
    for (const auto& e : fs::directory_iterator(fs::path(kPkits) / "crls")) {
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
  if (!fs::exists(kPkits)) GTEST_SKIP() << kPkits << " missing: apt-get install python3-cryptography-vectors";
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

// The policy tests PKITS runs with other initial settings (its sections 4.8, 4.10 and
// 4.12): the acceptable policy set, initial-explicit-policy, initial-policy-mapping-inhibit
// and initial-any-policy-inhibit, with the answer PKITS gives for each.
TEST(Pkits, PolicySettings) {
  if (!fs::exists(kPkits)) GTEST_SKIP() << kPkits << " missing: apt-get install python3-cryptography-vectors";
  Pkits k;
  ASSERT_NO_FATAL_FAILURE(k.load());
  const asn1::Oid p1 = asn1::oid("2.16.840.1.101.3.2.1.48.1");  // NIST-test-policy-1
  const asn1::Oid p2 = asn1::oid("2.16.840.1.101.3.2.1.48.2");
  const asn1::Oid p3 = asn1::oid("2.16.840.1.101.3.2.1.48.3");
  struct Case {
    const char* ee;
    std::vector<asn1::Oid> policies;  // empty: any-policy
    bool explicit_policy, inhibit_mapping, inhibit_any, valid;
  };
  const Case cases[] = {
      {"ValidCertificatePathTest1EE.crt", {}, true, false, false, true},         // 4.8.1
      {"ValidCertificatePathTest1EE.crt", {p1}, true, false, false, true},
      {"ValidCertificatePathTest1EE.crt", {p2}, true, false, false, false},
      {"ValidCertificatePathTest1EE.crt", {p1, p2}, true, false, false, true},
      {"AllCertificatesNoPoliciesTest2EE.crt", {}, false, false, false, true},  // 4.8.2
      {"AllCertificatesNoPoliciesTest2EE.crt", {}, true, false, false, false},
      {"DifferentPoliciesTest3EE.crt", {}, false, false, false, true},          // 4.8.3
      {"DifferentPoliciesTest3EE.crt", {}, true, false, false, false},
      {"DifferentPoliciesTest3EE.crt", {p1, p2}, true, false, false, false},
      {"DifferentPoliciesTest4EE.crt", {}, false, false, false, false},         // 4.8.4
      {"DifferentPoliciesTest5EE.crt", {}, false, false, false, false},         // 4.8.5
      {"OverlappingPoliciesTest6EE.crt", {}, false, false, false, true},        // 4.8.6
      {"OverlappingPoliciesTest6EE.crt", {p1}, false, false, false, true},
      {"OverlappingPoliciesTest6EE.crt", {p2}, false, false, false, false},
      {"DifferentPoliciesTest7EE.crt", {}, false, false, false, false},         // 4.8.7
      {"DifferentPoliciesTest8EE.crt", {}, false, false, false, false},         // 4.8.8
      {"DifferentPoliciesTest9EE.crt", {}, false, false, false, false},         // 4.8.9
      {"AllCertificatesSamePoliciesTest10EE.crt", {}, false, false, false, true},  // 4.8.10
      {"AllCertificatesSamePoliciesTest10EE.crt", {p1}, false, false, false, true},
      {"AllCertificatesSamePoliciesTest10EE.crt", {p2}, false, false, false, true},
      {"AllCertificatesanyPolicyTest11EE.crt", {}, false, false, false, true},  // 4.8.11
      {"AllCertificatesanyPolicyTest11EE.crt", {p1}, false, false, false, true},
      {"DifferentPoliciesTest12EE.crt", {}, false, false, false, false},        // 4.8.12
      {"AllCertificatesSamePoliciesTest13EE.crt", {p1}, false, false, false, true},  // 4.8.13
      {"AllCertificatesSamePoliciesTest13EE.crt", {p2}, false, false, false, true},
      {"AllCertificatesSamePoliciesTest13EE.crt", {p3}, false, false, false, true},
      {"AnyPolicyTest14EE.crt", {p1}, false, false, false, true},               // 4.8.14
      {"AnyPolicyTest14EE.crt", {p2}, false, false, false, false},
      {"UserNoticeQualifierTest15EE.crt", {}, false, false, false, true},       // 4.8.15 to 4.8.20
      {"UserNoticeQualifierTest16EE.crt", {}, false, false, false, true},
      {"UserNoticeQualifierTest17EE.crt", {}, false, false, false, true},
      {"UserNoticeQualifierTest18EE.crt", {p1}, false, false, false, true},
      {"UserNoticeQualifierTest18EE.crt", {p2}, false, false, false, true},
      {"UserNoticeQualifierTest19EE.crt", {}, false, false, false, true},
      {"CPSPointerQualifierTest20EE.crt", {}, true, false, false, true},
      {"ValidPolicyMappingTest1EE.crt", {p1}, false, false, false, true},       // 4.10.1
      {"ValidPolicyMappingTest1EE.crt", {p2}, false, false, false, false},
      {"ValidPolicyMappingTest1EE.crt", {}, false, true, false, false},
      {"inhibitAnyPolicyTest3EE.crt", {}, false, false, false, true},           // 4.12.3
      {"inhibitAnyPolicyTest3EE.crt", {}, false, false, true, false},
  };
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
