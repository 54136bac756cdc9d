// Known answers: Wycheproof (RSA PKCS#1 v1.5 decryption and signatures, OAEP, PSS), NIST
// CAVP (FIPS 186-2/186-3 SigGen/SigVer for PKCS#1 v1.5 and PSS) and the RSA Laboratories
// PKCS #1 v2.1 examples (OAEP, PSS). Each prints how many valid and invalid cases it checked.
#include "support.hpp"

#include <nlohmann/json.hpp>

namespace nocrypto_pk_test {
namespace {

using namespace nocrypto::pk;
using nlohmann::json;

Bytes hex_field(const json& j, const char* name) { return from_hex(j[name].get<std::string>()); }

RsaPrivateKey wycheproof_private(const json& k) {
  auto key = RsaPrivateKey::make(hex_field(k, "modulus"), hex_field(k, "publicExponent"),
                                 hex_field(k, "privateExponent"), hex_field(k, "prime1"),
                                 hex_field(k, "prime2"), hex_field(k, "exponent1"),
                                 hex_field(k, "exponent2"), hex_field(k, "coefficient"));
  EXPECT_TRUE(key.has_value());
  return *key;
}

RsaPublicKey wycheproof_public(const json& k) {
  auto key = RsaPublicKey::make(hex_field(k, "modulus"), hex_field(k, "publicExponent"));
  EXPECT_TRUE(key.has_value());
  return *key;
}

// Counts one case: `accepted` must match `result` ("acceptable" is recorded as-is).
void tally(Counts& counts, const json& t, bool accepted, const std::string& file) {
  const std::string result = t["result"];
  if (result == "valid") {
    EXPECT_TRUE(accepted) << file << " tcId " << t["tcId"] << " " << t["comment"];
    ++counts.valid;
  } else if (result == "invalid") {
    EXPECT_FALSE(accepted) << file << " tcId " << t["tcId"] << " " << t["comment"];
    ++counts.invalid;
  } else {
    ++counts.acceptable;
  }
}

json load(const std::string& file) { return json::parse(read_file(vector_path(file))); }

class Pkcs1Decrypt : public testing::TestWithParam<const char*> {};
TEST_P(Pkcs1Decrypt, Wycheproof) {
  const std::string file = std::string("wycheproof/") + GetParam() + ".json";
  const json j = load(file);
  Counts counts;
  TestRng rng("blind");
  for (const auto& group : j["testGroups"]) {
    const RsaPrivateKey key = wycheproof_private(group["privateKey"]);
    for (const auto& t : group["tests"]) {
      auto m = pkcs1_decrypt(key, hex_field(t, "ct"), RandomRef(rng));
      const bool ok = m && to_hex(*m) == t["msg"].get<std::string>();
      if (!m) {
        EXPECT_EQ(m.error(), nocrypto::Error::DecryptionFailed);
      }
      tally(counts, t, ok, file);
    }
  }
  report(file, counts);
}
INSTANTIATE_TEST_SUITE_P(Files, Pkcs1Decrypt,
                         testing::Values("rsa_pkcs1_2048_test", "rsa_pkcs1_3072_test"));

class OaepDecrypt : public testing::TestWithParam<const char*> {};
TEST_P(OaepDecrypt, Wycheproof) {
  const std::string file = std::string("wycheproof/") + GetParam() + ".json";
  const json j = load(file);
  Counts counts;
  for (const auto& group : j["testGroups"]) {
    const RsaPrivateKey key = wycheproof_private(group["privateKey"]);
    const DigestAlgorithm hash = digest_named(group["sha"].get<std::string>());
    ASSERT_EQ(group["mgfSha"], group["sha"]);
    for (const auto& t : group["tests"]) {
      auto m = oaep_decrypt(key, hash, hex_field(t, "ct"), hex_field(t, "label"));
      const bool ok = m && to_hex(*m) == t["msg"].get<std::string>();
      if (!m) {
        EXPECT_EQ(m.error(), nocrypto::Error::DecryptionFailed);
      }
      tally(counts, t, ok, file);
    }
  }
  report(file, counts);
}
INSTANTIATE_TEST_SUITE_P(Files, OaepDecrypt,
                         testing::Values("rsa_oaep_2048_sha1_mgf1sha1_test",
                                         "rsa_oaep_2048_sha256_mgf1sha256_test"));

class PssVerify : public testing::TestWithParam<const char*> {};
TEST_P(PssVerify, Wycheproof) {
  const std::string file = std::string("wycheproof/") + GetParam() + ".json";
  const json j = load(file);
  Counts counts;
  for (const auto& group : j["testGroups"]) {
    const RsaPublicKey key = wycheproof_public(group["publicKey"]);
    const DigestAlgorithm hash = digest_named(group["sha"].get<std::string>());
    ASSERT_EQ(group["mgfSha"], group["sha"]);
    const std::size_t salt = group["sLen"];
    for (const auto& t : group["tests"]) {
      tally(counts, t, pss_verify(key, hash, hex_field(t, "msg"), hex_field(t, "sig"), salt),
            file);
    }
  }
  report(file, counts);
}
INSTANTIATE_TEST_SUITE_P(Files, PssVerify,
                         testing::Values("rsa_pss_2048_sha256_mgf1_32_test",
                                         "rsa_pss_3072_sha256_mgf1_32_test",
                                         "rsa_pss_4096_sha512_mgf1_64_test"));

class Pkcs1Verify : public testing::TestWithParam<const char*> {};
TEST_P(Pkcs1Verify, Wycheproof) {
  const std::string file = std::string("wycheproof/") + GetParam() + ".json";
  const json j = load(file);
  Counts counts;
  for (const auto& group : j["testGroups"]) {
    const RsaPublicKey key = wycheproof_public(group["publicKey"]);
    const DigestAlgorithm hash = digest_named(group["sha"].get<std::string>());
    for (const auto& t : group["tests"]) {
      const bool ok = pkcs1_verify(key, hash, hex_field(t, "msg"), hex_field(t, "sig"));
      // acceptable: only MissingNull (a DigestInfo without NULL), which we refuse.
      if (t["result"] == "acceptable") {
        EXPECT_FALSE(ok) << file << " tcId " << t["tcId"];
      }
      tally(counts, t, ok, file);
    }
  }
  report(file, counts);
}
INSTANTIATE_TEST_SUITE_P(Files, Pkcs1Verify,
                         testing::Values("rsa_signature_2048_sha256_test",
                                         "rsa_signature_3072_sha256_test",
                                         "rsa_signature_4096_sha512_test"));

TEST(Pkcs1Sign, WycheproofSigGen) {
  const std::string file = "wycheproof/rsa_pkcs1_2048_sig_gen_test.json";
  const json j = load(file);
  Counts counts;
  for (const auto& group : j["testGroups"]) {
    const auto& k = group["privateKey"];
    auto key = RsaPrivateKey::from_exponents(hex_field(k, "modulus"),
                                             hex_field(k, "publicExponent"),
                                             hex_field(k, "privateExponent"));
    ASSERT_TRUE(key.has_value());
    const DigestAlgorithm hash = digest_named(group["sha"].get<std::string>());
    for (const auto& t : group["tests"]) {
      // acceptable: SHA-1 or e = 3; we sign those too and must match.
      auto sig = pkcs1_sign(*key, hash, hex_field(t, "msg"));
      ASSERT_TRUE(sig.has_value());
      EXPECT_EQ(to_hex(*sig), t["sig"].get<std::string>()) << file << " tcId " << t["tcId"];
      EXPECT_TRUE(pkcs1_verify(key->public_key(), hash, hex_field(t, "msg"), *sig));
      if (t["result"] == "valid") {
        ++counts.valid;
      } else {
        ++counts.acceptable;
      }
    }
  }
  report(file, counts);
}

// ---- NIST CAVP (python3-cryptography-vectors)

const std::string kFips = "asymmetric/RSA/FIPS_186-2/";

// The key of a record from (n, e, d), recovered once per key, not once per record.
const RsaPrivateKey* cached_key(const std::map<std::string, std::string>& f) {
  static std::map<std::string, std::optional<RsaPrivateKey>> cache;
  const std::string id = f.at("n") + f.at("e") + f.at("d");
  auto it = cache.find(id);
  if (it == cache.end()) {
    auto key = RsaPrivateKey::from_exponents(from_hex(f.at("n")), from_hex(f.at("e")),
                                             from_hex(f.at("d")));
    it = cache.emplace(id, key ? std::optional<RsaPrivateKey>(std::move(*key)) : std::nullopt)
             .first;
  }
  return it->second ? &*it->second : nullptr;
}

TEST(Cavp, SigGen15) {
  const std::string file = kFips + "SigGen15_186-2.txt";
  Counts counts;
  for_each_record(cavp_path(file), "S", [&](const auto& f, int line) {
    const RsaPrivateKey* key = cached_key(f);
    ASSERT_NE(key, nullptr) << line;
    const DigestAlgorithm hash = digest_named(f.at("SHAAlg"));
    auto sig = pkcs1_sign(*key, hash, from_hex(f.at("Msg")));
    ASSERT_TRUE(sig.has_value()) << line;
    EXPECT_EQ(to_hex(*sig), to_hex(from_hex(f.at("S")))) << file << ":" << line;
    ++counts.valid;
  });
  report(file, counts);
}

TEST(Cavp, SigGenPss) {
  const std::string file = kFips + "SigGenPSS_186-2.txt";
  Counts counts;
  for_each_record(cavp_path(file), "S", [&](const auto& f, int line) {
    const RsaPrivateKey* key = cached_key(f);
    ASSERT_NE(key, nullptr) << line;
    const DigestAlgorithm hash = digest_named(f.at("SHAAlg"));
    const Bytes salt = from_hex(f.at("SaltVal"));
    auto sig = pss_sign_with_salt(*key, hash, from_hex(f.at("Msg")), salt);
    ASSERT_TRUE(sig.has_value()) << line;
    EXPECT_EQ(to_hex(*sig), to_hex(from_hex(f.at("S")))) << file << ":" << line;
    EXPECT_TRUE(pss_verify(key->public_key(), hash, from_hex(f.at("Msg")), *sig, salt.size()));
    ++counts.valid;
  });
  report(file, counts);
}

// SigVer: "Result = P" or "F (reason)"; a key that does not import counts as a rejection.
void check_sigver(const std::string& file, bool pss) {
  Counts counts;
  for_each_record(cavp_path(file), "Result", [&](const auto& f, int line) {
    const bool pass = f.at("Result").rfind("P", 0) == 0;
    bool ok = false;
    if (auto key = RsaPublicKey::make(from_hex(f.at("n")), from_hex(f.at("e")))) {
      const DigestAlgorithm hash = digest_named(f.at("SHAAlg"));
      const Bytes msg = from_hex(f.at("Msg")), sig = from_hex(f.at("S"));
      ok = pss ? pss_verify(*key, hash, msg, sig, from_hex(f.at("SaltVal")).size())
               : pkcs1_verify(*key, hash, msg, sig);
    }
    EXPECT_EQ(ok, pass) << file << ":" << line << " " << f.at("Result");
    ++(pass ? counts.valid : counts.invalid);
  });
  report(file, counts);
}

TEST(Cavp, SigVer15) { check_sigver(kFips + "SigVer15_186-3.rsp", false); }
TEST(Cavp, SigVerPss) { check_sigver(kFips + "SigVerPSS_186-3.rsp", true); }

// ---- PKCS #1 v2.1 examples (RSA Laboratories' pkcs-1v2-1d2-vec)

struct ExampleKey {
  Bytes n, e, d, p, q, dp, dq, qinv;
};

// Walks the labelled blocks: a key, then its cases (Message, Seed/Salt, Encryption/Signature).
template <class OnCase>
void walk_examples(const std::string& file, const char* message_label, const char* random_label,
                   const char* output_label, OnCase&& on_case) {
  const auto blocks = read_labelled_hex(cavp_path(file));
  ExampleKey k;
  int modulus_seen = 0, exponent_seen = 0;
  Bytes message, random;
  for (const auto& [label, bytes] : blocks) {
    if (label == "Modulus") {
      k.n = bytes;
      ++modulus_seen;
    } else if (label == "Exponent") {
      (exponent_seen++ % 2 == 0 ? k.e : k.d) = bytes;
    } else if (label == "Prime 1") {
      k.p = bytes;
    } else if (label == "Prime 2") {
      k.q = bytes;
    } else if (label == "Prime exponent 1") {
      k.dp = bytes;
    } else if (label == "Prime exponent 2") {
      k.dq = bytes;
    } else if (label == "Coefficient") {
      k.qinv = bytes;
    } else if (label == message_label) {
      message = bytes;
    } else if (label == random_label) {
      random = bytes;
    } else if (label == output_label) {
      auto key = RsaPrivateKey::make(k.n, k.e, k.d, k.p, k.q, k.dp, k.dq, k.qinv);
      ASSERT_TRUE(key.has_value()) << file;
      on_case(*key, message, random, bytes);
    }
  }
  EXPECT_GT(modulus_seen, 0);
}

TEST(Pkcs1v21, OaepExamples) {
  const std::string file = "asymmetric/RSA/pkcs-1v2-1d2-vec/oaep-vect.txt";
  Counts counts;
  walk_examples(file, "Message", "Seed", "Encryption",
                [&](const RsaPrivateKey& key, const Bytes& m, const Bytes& seed, const Bytes& c) {
                  ReplayRng rng(seed);
                  auto ours = oaep_encrypt(key.public_key(), DigestAlgorithm::sha1, m, rng);
                  ASSERT_TRUE(ours.has_value());
                  EXPECT_EQ(to_hex(*ours), to_hex(c));
                  auto back = oaep_decrypt(key, DigestAlgorithm::sha1, c);
                  ASSERT_TRUE(back.has_value());
                  EXPECT_EQ(to_hex(*back), to_hex(m));
                  ++counts.valid;
                });
  report(file, counts);
}

TEST(Pkcs1v21, PssExamples) {
  const std::string file = "asymmetric/RSA/pkcs-1v2-1d2-vec/pss-vect.txt";
  Counts counts;
  walk_examples(file, "Message to be signed", "Salt", "Signature",
                [&](const RsaPrivateKey& key, const Bytes& m, const Bytes& salt, const Bytes& s) {
                  auto ours = pss_sign_with_salt(key, DigestAlgorithm::sha1, m, salt);
                  ASSERT_TRUE(ours.has_value());
                  EXPECT_EQ(to_hex(*ours), to_hex(s));
                  EXPECT_TRUE(pss_verify(key.public_key(), DigestAlgorithm::sha1, m, s,
                                         salt.size()));
                  ++counts.valid;
                });
  report(file, counts);
}

}  // namespace
}  // namespace nocrypto_pk_test
