// Path building (from a shuffled pool with decoys) and the RFC 5280 checks along a path:
// name constraints of every form, path length with self-issued certificates, cycles.
#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using x509::Bytes;
using x509::Certificate;
using x509::ErrorCode;
using x509::KeyType;
using x509::PrivateKey;

const asn1::DateTime t0 = asn1::DateTime::from_unix(1'700'000'000);
const asn1::DateTime now = asn1::DateTime::from_unix(1'700'000'000 + 86400);

x509_test::TestRandom& rng() {
  static x509_test::TestRandom r(21);
  return r;
}

PrivateKey new_key() { return *x509::generate_private_key(KeyType::EcP256, rng()); }

struct Made {
  Certificate cert;
  PrivateKey key;
};

// A certificate for `subject` with a fresh key, issued by `issuer` (self-signed if null).
Made make(const char* subject, const Made* issuer, bool ca,
          std::vector<x509::Extension> extensions = {}, std::int64_t days = 30,
          std::optional<std::int64_t> path_length = std::nullopt,
          std::optional<PrivateKey> reuse_key = std::nullopt) {
  PrivateKey key = reuse_key ? *reuse_key : new_key();
  x509::IssueOptions o;
  // A negative `days` gives a certificate that expired before `now`.
  o.not_before = days < 0 ? asn1::DateTime::from_unix(t0.to_unix() - 10 * 86400) : t0;
  o.not_after = asn1::DateTime::from_unix(t0.to_unix() + days * 86400);
  o.ca = ca;
  o.path_length = path_length;
  o.extensions = std::move(extensions);
  const auto name = *x509::parse_name(subject);
  auto c = issuer ? x509::issue_certificate(
                        name, key.public_key_info(), issuer->cert.tbs.subject, issuer->key,
                        issuer->cert.extension<x509::SubjectKeyIdentifier>()->key_id, o, rng())
                  : x509::self_signed_certificate(name, key, o, rng());
  EXPECT_TRUE(c) << (c ? "" : c.error().to_string());
  return Made{*c, key};
}

x509::Extension san(std::vector<x509::GeneralName> names) {
  return *x509::make_extension(x509::SubjectAltName{std::move(names)});
}

x509::Extension constraints(std::vector<x509::GeneralName> permitted,
                            std::vector<x509::GeneralName> excluded = {}) {
  x509::NameConstraints nc;
  auto trees = [](std::vector<x509::GeneralName> names) {
    std::vector<x509::GeneralSubtree> out;
    for (auto& n : names) out.push_back({std::move(n)});
    return out;
  };
  if (!permitted.empty()) nc.permitted = trees(std::move(permitted));
  if (!excluded.empty()) nc.excluded = trees(std::move(excluded));
  return *x509::make_extension(std::move(nc), true);
}

x509::ValidationOptions at_now() {
  x509::ValidationOptions o;
  o.time = now;
  return o;
}

TEST(PathBuilding, FindsThePathInAShuffledPoolWithDecoys) {
  const Made root = make("CN=Root", nullptr, true, {}, 3650);
  const Made other_root = make("CN=Other Root", nullptr, true, {}, 3650);
  const Made int1 = make("CN=Int 1", &root, true, {}, 365);
  const Made int2 = make("CN=Int 2", &int1, true, {}, 365);
  // Decoys: the same name with another key (AKI will not match), an expired copy with
  // the right key, a CA of the same name under a root we do not trust.
  const Made int2_otherkey = make("CN=Int 2", &int1, true, {}, 365);
  const Made int2_expired = make("CN=Int 2", &int1, true, {}, -1, std::nullopt, int2.key);
  const Made int2_untrusted = make("CN=Int 2", &other_root, true, {}, 365, std::nullopt, int2.key);
  const Made leaf = make("CN=leaf", &int2, false);
  std::vector<Certificate> pool = {int2_otherkey.cert, int2_expired.cert, int2_untrusted.cert,
                                   int1.cert, int2.cert, leaf.cert};
  const Certificate roots[] = {root.cert};
  for (int round = 0; round < 6; ++round) {
    std::rotate(pool.begin(), pool.begin() + 1, pool.end());
    auto path = x509::build_path(leaf.cert, pool, roots, at_now());
    ASSERT_TRUE(path) << path.error().to_string();
    ASSERT_EQ(path->size(), 4u);
    EXPECT_EQ((*path)[1].tbs_der, int2.cert.tbs_der);
    EXPECT_EQ((*path)[2].tbs_der, int1.cert.tbs_der);
    EXPECT_EQ((*path)[3].tbs_der, root.cert.tbs_der);
  }
  // The shortest path: with int2 also trusted directly, leaf <- int2.
  const Certificate two_roots[] = {root.cert, int2.cert};
  auto short_path = x509::build_path(leaf.cert, pool, two_roots, at_now());
  ASSERT_TRUE(short_path);
  EXPECT_EQ(short_path->size(), 2u);
  // Nothing to build with: UntrustedRoot; only the expired intermediate: Expired.
  auto none = x509::build_path(leaf.cert, {}, roots, at_now());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::UntrustedRoot);
  const Certificate expired_pool[] = {int2_expired.cert, int1.cert};
  auto expired = x509::build_path(leaf.cert, expired_pool, roots, at_now());
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::Expired);
  // A root given as the leaf is its own path.
  auto self = x509::build_path(root.cert, pool, roots, at_now());
  ASSERT_TRUE(self);
  EXPECT_EQ(self->size(), 1u);
}

TEST(PathBuilding, CrossSignedCyclesEnd) {
  const Made root = make("CN=Root", nullptr, true, {}, 3650);
  const Made a = make("CN=A", nullptr, true, {}, 365);
  const Made b = make("CN=B", &a, true, {}, 365);
  const Made a_by_b = make("CN=A", &b, true, {}, 365, std::nullopt, a.key);
  const Made leaf = make("CN=leaf", &b, false);
  const Certificate pool[] = {a.cert, b.cert, a_by_b.cert};
  const Certificate roots[] = {root.cert};
  auto r = x509::build_path(leaf.cert, pool, roots, at_now());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::UntrustedRoot);
}

TEST(PathValidation, SelfIssuedIntermediatesDoNotCountForPathLength) {
  const Made root = make("CN=Root", nullptr, true, {}, 3650, 0);
  const Made ca = make("CN=CA", &root, true, {}, 365, 0);
  // Key rollover: CA's new key certified by its old one (self-issued).
  const Made ca_new = make("CN=CA", &ca, true, {}, 365, 0);
  const Made leaf = make("CN=leaf", &ca_new, false);
  const Made sub = make("CN=Sub", &ca_new, true, {}, 365);
  const Made below_sub = make("CN=leaf2", &sub, false);
  const Certificate roots[] = {root.cert};
  const Certificate chain[] = {leaf.cert, ca_new.cert, ca.cert};
  // root pathlen 0 allows no intermediate below it: CA is one.
  auto r = x509::validate_chain(chain, roots, at_now());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::PathLength);
  // With a root that allows one, the self-issued CA is free.
  const Made root1 = make("CN=Root1", nullptr, true, {}, 3650, 1);
  const Made ca1 = make("CN=CA", &root1, true, {}, 365, 0, ca.key);
  const Certificate roots1[] = {root1.cert};
  const Certificate chain1[] = {leaf.cert, ca_new.cert, ca1.cert};
  EXPECT_TRUE(x509::validate_chain(chain1, roots1, at_now()));
  // But CA's pathlen 0 forbids Sub.
  const Certificate chain2[] = {below_sub.cert, sub.cert, ca_new.cert, ca1.cert};
  auto r2 = x509::validate_chain(chain2, roots1, at_now());
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, ErrorCode::PathLength);
}

struct ConstraintCase {
  const char* what;
  x509::Extension nc;
  const char* subject;
  std::vector<x509::GeneralName> names;
  bool valid;
};

TEST(PathValidation, NameConstraintsOfEveryForm) {
  const Made root = make("CN=Root", nullptr, true, {}, 3650);
  auto ip = [](const char* text) { return x509::GeneralName(x509::IpAddressName{*x509::parse_ip_address(text)}); };
  auto net = [](Bytes addr, Bytes mask) {
    addr.insert(addr.end(), mask.begin(), mask.end());
    return x509::GeneralName(x509::IpAddressName{addr});
  };
  auto dns = [](const char* d) { return x509::GeneralName(x509::DnsName{d}); };
  auto email = [](const char* e) { return x509::GeneralName(x509::Rfc822Name{e}); };
  auto uri = [](const char* u) { return x509::GeneralName(x509::UriName{u}); };
  auto dn = [](const char* n) { return x509::GeneralName(*x509::parse_name(n)); };
  const std::vector<ConstraintCase> cases = {
      {"dns inside", constraints({dns("example.com")}), "CN=x", {dns("a.example.com")}, true},
      {"dns outside", constraints({dns("example.com")}), "CN=x", {dns("example.org")}, false},
      {"dns suffix is not a label", constraints({dns("example.com")}), "CN=x", {dns("badexample.com")}, false},
      {"dns excluded", constraints({}, {dns("bad.example.com")}), "CN=x", {dns("x.bad.example.com")}, false},
      {"ip inside", constraints({net({10, 0, 0, 0}, {255, 0, 0, 0})}), "CN=x", {ip("10.1.2.3")}, true},
      {"ip outside", constraints({net({10, 0, 0, 0}, {255, 0, 0, 0})}), "CN=x", {ip("11.1.2.3")}, false},
      {"ipv6 against ipv4 subtree", constraints({net({10, 0, 0, 0}, {255, 0, 0, 0})}), "CN=x", {ip("2001:db8::1")}, false},
      {"ip excluded", constraints({}, {net({192, 168, 0, 0}, {255, 255, 0, 0})}), "CN=x", {ip("192.168.9.9")}, false},
      {"email host", constraints({email("example.com")}), "CN=x", {email("joe@example.com")}, true},
      {"email subdomain only", constraints({email(".example.com")}), "CN=x", {email("joe@example.com")}, false},
      {"email subdomain", constraints({email(".example.com")}), "CN=x", {email("joe@mail.example.com")}, true},
      {"email mailbox", constraints({email("joe@example.com")}), "CN=x", {email("ann@example.com")}, false},
      {"email in the subject", constraints({email("example.com")}), "CN=x, emailAddress=joe@evil.com", {}, false},
      {"uri host", constraints({uri(".example.com")}), "CN=x", {uri("https://www.example.com:8443/p")}, true},
      {"uri other host", constraints({uri(".example.com")}), "CN=x", {uri("https://example.net/")}, false},
      {"uri without a host", constraints({uri("example.com")}), "CN=x", {uri("urn:isbn:123")}, false},
      {"dn inside", constraints({dn("C=US, O=Good")}), "C=US, O=Good, CN=x", {}, true},
      {"dn outside", constraints({dn("C=US, O=Good")}), "C=US, O=Bad, CN=x", {}, false},
      {"dn excluded", constraints({}, {dn("C=US, O=Bad")}), "C=US, O=bad, CN=x", {}, false},
      {"dn in the SAN", constraints({dn("C=US, O=Good")}), "C=US, O=Good, CN=x", {dn("C=US, O=Bad, CN=y")}, false},
      {"other forms unconstrained", constraints({dns("example.com")}), "CN=x", {ip("10.0.0.1"), email("a@b.c")}, true},
  };
  for (const auto& c : cases) {
    const Made ca = make("CN=Constrained CA", &root, true, {c.nc}, 365);
    std::vector<x509::Extension> exts;
    if (!c.names.empty()) exts.push_back(san(c.names));
    const Made leaf = make(c.subject, &ca, false, exts);
    const Certificate chain[] = {leaf.cert, ca.cert};
    const Certificate roots[] = {root.cert};
    auto r = x509::validate_chain(chain, roots, at_now());
    EXPECT_EQ(static_cast<bool>(r), c.valid) << c.what << (r ? "" : ": " + r.error().to_string());
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::NameConstraints) << c.what;
    }
  }
}

TEST(PathValidation, ConstraintsSkipSelfIssuedIntermediates) {
  const Made root = make("CN=Root", nullptr, true, {}, 3650);
  const Made ca = make("CN=CA", &root, true,
                       {constraints({x509::GeneralName(x509::DnsName{"example.com"})})}, 365);
  // A self-issued CA certificate below it (a key rollover) with a name outside the
  // constraints: RFC 5280 exempts it; a leaf with that name is not.
  const Made rollover =
      make("CN=CA", &ca, true, {san({x509::GeneralName(x509::DnsName{"outside.org"})})}, 365);
  const Made leaf = make("CN=leaf", &rollover, false,
                         {san({x509::GeneralName(x509::DnsName{"www.example.com"})})});
  const Made bad_leaf = make("CN=leaf", &rollover, false,
                             {san({x509::GeneralName(x509::DnsName{"outside.org"})})});
  const Certificate roots[] = {root.cert};
  const Certificate chain[] = {leaf.cert, rollover.cert, ca.cert};
  EXPECT_TRUE(x509::validate_chain(chain, roots, at_now()));
  const Certificate bad_chain[] = {bad_leaf.cert, rollover.cert, ca.cert};
  auto r = x509::validate_chain(bad_chain, roots, at_now());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::NameConstraints);
}

}  // namespace

namespace {

x509::Extension policies(std::vector<asn1::Oid> ids) {
  x509::CertificatePolicies cp;
  for (auto& id : ids) cp.policies.push_back({std::move(id), std::nullopt});
  return *x509::make_extension(std::move(cp));
}

asn1::Oid test_policy(int i) {
  return *asn1::Oid::parse("1.3.6.1.4.1.99999.1." + std::to_string(i));
}

TEST(PathValidation, PoliciesMappingsAndExplicitPolicy) {
  const auto p1 = test_policy(1), p2 = test_policy(2), p3 = test_policy(3);
  const Made root = make("CN=Root", nullptr, true, {}, 3650);
  // CA asserts p1 and maps it to p3 for the certificates below.
  x509::PolicyMappings pm{{{p1, p3}}};
  const Made ca = make("CN=CA", &root, true, {policies({p1}), *x509::make_extension(pm)}, 365);
  const Made leaf3 = make("CN=leaf3", &ca, false, {policies({p3})});
  const Made leaf2 = make("CN=leaf2", &ca, false, {policies({p2})});
  const Certificate roots[] = {root.cert};
  auto o = at_now();
  const std::vector<asn1::Oid> want1 = {p1};
  o.policies = want1;
  o.require_explicit_policy = true;
  // p3 below the mapping stands for p1.
  const Certificate chain3[] = {leaf3.cert, ca.cert};
  EXPECT_TRUE(x509::validate_chain(chain3, roots, o));
  // p2 is no policy the caller accepts: only without an explicit policy required.
  const Certificate chain2[] = {leaf2.cert, ca.cert};
  auto r = x509::validate_chain(chain2, roots, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Policy);
  EXPECT_TRUE(x509::validate_chain(chain2, roots, at_now()));
  // With mappings inhibited, p3 no longer stands for p1.
  o.inhibit_policy_mapping = true;
  auto r3 = x509::validate_chain(chain3, roots, o);
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().code, ErrorCode::Policy);
  // Mapping anyPolicy is forbidden whatever the settings.
  x509::PolicyMappings bad{{{x509::policy::any_policy, p3}}};
  const Made bad_ca = make("CN=Bad CA", &root, true, {policies({p1}), *x509::make_extension(bad)}, 365);
  const Made bad_leaf = make("CN=leaf", &bad_ca, false, {policies({p3})});
  const Certificate bad_chain[] = {bad_leaf.cert, bad_ca.cert};
  auto r4 = x509::validate_chain(bad_chain, roots, at_now());
  ASSERT_FALSE(r4);
  EXPECT_EQ(r4.error().code, ErrorCode::Policy);
}

// CAs that each assert many policies and map every one to every other make the policy
// tree grow by that factor per certificate: the validator stops at its node limit with an
// error instead of spending time and memory (OpenSSL's CVE-2023-0464).
TEST(PathValidation, PolicyTreeGrowthIsBounded) {
  constexpr int kPolicies = 24;
  std::vector<asn1::Oid> all;
  x509::PolicyMappings every;
  for (int i = 0; i < kPolicies; ++i) all.push_back(test_policy(i));
  for (const auto& a : all)
    for (const auto& b : all) every.mappings.push_back({a, b});
  const auto cp = policies(all);
  const auto pm = *x509::make_extension(every);
  const Made root = make("CN=Root", nullptr, true, {}, 3650);
  const Made ca1 = make("CN=CA1", &root, true, {cp, pm}, 365);
  const Made ca2 = make("CN=CA2", &ca1, true, {cp, pm}, 365);
  const Made ca3 = make("CN=CA3", &ca2, true, {cp, pm}, 365);
  const Made leaf = make("CN=leaf", &ca3, false, {cp});
  const Certificate roots[] = {root.cert};
  const Certificate chain[] = {leaf.cert, ca3.cert, ca2.cert, ca1.cert};
  auto r = x509::validate_chain(chain, roots, at_now());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Policy);
  EXPECT_NE(r.error().message.find("4096"), std::string::npos) << r.error().message;
  // Two levels stay under the limit and validate.
  const Made leaf1 = make("CN=leaf1", &ca1, false, {cp});
  const Certificate short_chain[] = {leaf1.cert, ca1.cert};
  EXPECT_TRUE(x509::validate_chain(short_chain, roots, at_now()));
}

}  // namespace
