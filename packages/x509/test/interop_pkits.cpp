// Certificate policy processing, ours against OpenSSL's, on NIST PKITS: every PKITS policy
// test (the Valid/Invalid ones with default settings, and those PKITS runs with other
// initial settings) through `x509 verify` (X509_TOOL) and `openssl verify -policy_check`,
// the same trust anchor, the same untrusted pool and time, no revocation checking. Both
// must give PKITS's answer.
#include "pkits_cases.hpp"
#include "support.hpp"

#include <gtest/gtest.h>
#include <x509/pem.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

namespace {

namespace fs = std::filesystem;
using x509_test::run;

std::string quoted(const std::string& path) { return "'" + path + "'"; }

TEST(PkitsInterop, PolicyAnswersAgreeWithOpenssl) {
  if (!fs::exists(x509_test::kPkits)) GTEST_SKIP() << "python3-cryptography-vectors missing";
  if (!run("openssl version >/dev/null 2>&1").second) GTEST_SKIP() << "no openssl";
  const char* tool = std::getenv("X509_TOOL");
  ASSERT_NE(tool, nullptr) << "X509_TOOL (the x509 command) is not set";
  x509_test::TempDir dir;
  const fs::path certs = fs::path(x509_test::kPkits) / "certs";
  std::string pool;
  std::vector<x509_test::PolicyCase> cases = x509_test::pkits_policy_cases();
  const std::regex policy_test(
      "^(Valid|Invalid).*(Polic|Mapping|Explicit|AnyPolicy|UserNotice|CPSPointer).*EE\\.crt$");
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(certs)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  // `names` is not changed again, so the cases can point at its strings.
  for (const auto& name : names) {
    pool += x509::encode_pem("CERTIFICATE", x509_test::read_bytes((certs / name).string()));
    if (std::regex_match(name, policy_test))
      cases.push_back({name.c_str(), {}, false, false, false, name.starts_with("Valid")});
  }
  x509_test::write_text(dir / "pool.pem", pool);
  x509_test::write_text(
      dir / "root.pem",
      x509::encode_pem("CERTIFICATE",
                       x509_test::read_bytes((certs / "TrustAnchorRootCertificate.crt").string())));

  const std::string time = "1577836800";  // 2020-01-01, as in the unit test
  int ours_agree = 0, openssl_agree = 0;
  for (const auto& c : cases) {
    x509_test::write_text(dir / "ee.pem",
                          x509::encode_pem("CERTIFICATE", x509_test::read_bytes((certs / c.ee).string())));
    std::string ours = std::string(tool) + " verify --roots " + quoted(dir / "root.pem") +
                       " --untrusted " + quoted(dir / "pool.pem") + " --time " + time;
    std::string theirs = "openssl verify -policy_check -CAfile " + quoted(dir / "root.pem") +
                         " -untrusted " + quoted(dir / "pool.pem") + " -attime " + time;
    std::string settings;
    // OpenSSL's user policy set is empty unless given: any-policy is said explicitly.
    if (c.policies.empty()) theirs += " -policy 2.5.29.32.0";
    for (const auto& p : c.policies) {
      ours += " --policy " + p.to_string();
      theirs += " -policy " + p.to_string();
      settings += " policy " + p.to_string();
    }
    if (c.explicit_policy) ours += " --explicit-policy", theirs += " -explicit_policy", settings += " explicit";
    if (c.inhibit_mapping) ours += " --inhibit-mapping", theirs += " -inhibit_map", settings += " inhibit-mapping";
    if (c.inhibit_any) ours += " --inhibit-any", theirs += " -inhibit_any", settings += " inhibit-any";
    const auto o = run(ours + " " + quoted(dir / "ee.pem") + " 2>&1");
    const auto t = run(theirs + " " + quoted(dir / "ee.pem") + " 2>&1");
    ours_agree += o.second == c.valid;
    openssl_agree += t.second == c.valid;
    EXPECT_EQ(o.second, c.valid) << c.ee << settings << ": x509 verify said " << o.first;
    EXPECT_EQ(t.second, c.valid) << c.ee << settings << ": openssl verify said " << t.first;
  }
  std::printf("PKITS policy tests: x509 verify %d of %zu, openssl verify %d of %zu as PKITS says\n",
              ours_agree, cases.size(), openssl_agree, cases.size());
  EXPECT_GT(cases.size(), 80u);
}

}  // namespace
