#pragma once
// NIST PKITS (Debian's python3-cryptography-vectors): where its files are, and the policy
// tests it runs with initial settings other than the defaults (its sections 4.8, 4.10.1
// and 4.12.3: the acceptable policy set, initial-explicit-policy,
// initial-policy-mapping-inhibit, initial-any-policy-inhibit) with the answer PKITS gives.
#include <asn1/asn1.hpp>

#include <vector>

namespace x509_test {

inline const char* kPkits = "/usr/lib/python3/dist-packages/cryptography_vectors/x509/PKITS_data";

struct PolicyCase {
  const char* ee;                    // the end-entity certificate's file name
  std::vector<asn1::Oid> policies;  // empty: any-policy
  bool explicit_policy, inhibit_mapping, inhibit_any, valid;
};

inline std::vector<PolicyCase> pkits_policy_cases() {
  const asn1::Oid p1 = asn1::oid("2.16.840.1.101.3.2.1.48.1");  // NIST-test-policy-1
  const asn1::Oid p2 = asn1::oid("2.16.840.1.101.3.2.1.48.2");
  const asn1::Oid p3 = asn1::oid("2.16.840.1.101.3.2.1.48.3");
  return {
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
}

}  // namespace x509_test
