// Known answers from files: RFC 7539/8439 appendix A (ChaCha20, Poly1305) and BoringSSL's
// and OpenSSL's ChaCha20-Poly1305 cases as pyca reformatted them (test/vectors/chacha),
// and Wycheproof's ChaCha20-Poly1305 and XChaCha20-Poly1305 files. Every valid case must
// give its output and open; every invalid one must be refused. Both code paths.
#include <nocrypto/chacha20.hpp>
#include <nocrypto/chacha20_poly1305.hpp>
#include <nocrypto/poly1305.hpp>

#include "kat.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

const std::string kChacha = std::string(NOCRYPTO_TEST_VECTORS) + "/chacha/";
const std::string kWycheproof = std::string(NOCRYPTO_TEST_VECTORS) + "/wycheproof/";

// pyca writes some BoringSSL fields as quoted text instead of hex.
Bytes field(const Record& r, const std::string& key) {
  const std::string& v = r.at(key);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return Bytes(v.begin() + 1, v.end() - 1);
  return from_hex(v);
}

Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// One AEAD case: sealing must give ct || tag when valid, opening must succeed exactly
// when valid (and zero its output when not), in one shot and incrementally.
template <class A>
void check_aead_case(const Bytes& key, const Bytes& nonce, const Bytes& aad, const Bytes& msg,
                     const Bytes& ct, const Bytes& tag, bool valid, const std::string& id,
                     Counts& counts) {
  const auto aead = A::create(key);
  ASSERT_TRUE(aead) << id;
  Bytes opened(ct.size(), 0xee);
  const auto open = aead->open(nonce, aad, concat(ct, tag), opened);
  if (valid) {
    Bytes sealed(msg.size() + 16);
    ASSERT_TRUE(aead->seal(nonce, aad, msg, sealed)) << id;
    EXPECT_EQ(to_hex(sealed), to_hex(concat(ct, tag))) << id;
    EXPECT_TRUE(open) << id;
    EXPECT_EQ(to_hex(opened), to_hex(msg)) << id;
    auto d = aead->decryptor(nonce);
    ASSERT_TRUE(d) << id;
    ASSERT_TRUE(d->aad(aad));
    Bytes pt(ct.size());
    ASSERT_TRUE(d->feed(ct, pt));
    EXPECT_TRUE(d->finish(tag)) << id;
    EXPECT_EQ(pt, msg) << id;
    ++counts.valid;
  } else {
    EXPECT_FALSE(open) << id;
    if (!open && open.error() == Error::AuthenticationFailed) {
      EXPECT_EQ(opened, Bytes(ct.size(), 0)) << id;
    }
    ++counts.invalid;
  }
}

template <class A>
Counts check_wycheproof_aead(const std::string& path) {
  Counts counts;
  std::ifstream in(path);
  const auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!doc.contains("testGroups")) {
    ADD_FAILURE() << "cannot read " << path;
    return counts;
  }
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      const std::string id = path + " tcId " + std::to_string(t["tcId"].get<int>());
      const std::string result = t["result"];
      // No "acceptable" case exists in these files; one would count as skipped.
      if (result == "acceptable") {
        ++counts.skipped;
        continue;
      }
      auto hex = [&](const char* k) { return from_hex(t[k].get<std::string>()); };
      check_aead_case<A>(hex("key"), hex("iv"), hex("aad"), hex("msg"), hex("ct"), hex("tag"),
                         result == "valid", id, counts);
    }
  }
  return counts;
}

using ChaChaVectors = BothPaths;
INSTANTIATE_TEST_SUITE_P(Paths, ChaChaVectors, testing::Bool(), path_name);

TEST_P(ChaChaVectors, ChaCha20MatchesRfc8439AppendixA) {
  const std::string path = kChacha + "chacha20-rfc7539.txt";
  Counts counts;
  for (const Record& r : read_records(path)) {
    const Bytes pt = r.hex("PLAINTEXT");
    Bytes out(pt.size());
    ASSERT_TRUE(ChaCha20::xor_stream(r.hex("KEY"), r.hex("NONCE"),
                                     std::stoull(r.at("INITIAL_BLOCK_COUNTER")), pt, out));
    EXPECT_EQ(to_hex(out), to_hex(r.hex("CIPHERTEXT"))) << path << ":" << r.line;
    ++counts.valid;
  }
  report("chacha20-rfc7539.txt", counts);
}

TEST_P(ChaChaVectors, Poly1305MatchesRfc8439AppendixA) {
  const std::string path = kChacha + "poly1305-rfc7539.txt";
  Counts counts;
  for (const Record& r : read_records(path)) {
    const auto tag = Poly1305::mac(r.hex("KEY"), r.hex("MSG"));
    ASSERT_TRUE(tag);
    EXPECT_EQ(to_hex(*tag), to_hex(r.hex("TAG"))) << path << ":" << r.line;
    EXPECT_TRUE(Poly1305::verify(r.hex("KEY"), r.hex("MSG"), r.hex("TAG")));
    ++counts.valid;
  }
  report("poly1305-rfc7539.txt", counts);
}

TEST_P(ChaChaVectors, AeadMatchesBoringSslAndOpenSslCases) {
  Counts boring;
  const std::string bpath = kChacha + "chacha20-poly1305-boringssl.txt";
  for (const Record& r : read_records(bpath)) {
    check_aead_case<ChaCha20Poly1305>(field(r, "KEY"), field(r, "NONCE"), field(r, "AD"),
                                      field(r, "IN"), field(r, "CT"), field(r, "TAG"), true,
                                      bpath + ":" + std::to_string(r.line), boring);
  }
  report("chacha20-poly1305-boringssl.txt", boring);
  Counts openssl;
  const std::string opath = kChacha + "chacha20-poly1305-openssl.txt";
  for (const Record& r : read_records(opath)) {
    check_aead_case<ChaCha20Poly1305>(r.hex("Key"), r.hex("IV"), r.hex("AAD"), r.hex("Plaintext"),
                                      r.hex("Ciphertext"), r.hex("Tag"), !r.has("Result"),
                                      opath + ":" + std::to_string(r.line), openssl);
  }
  report("chacha20-poly1305-openssl.txt", openssl);
}

TEST_P(ChaChaVectors, WycheproofChaCha20Poly1305) {
  report("chacha20_poly1305_test.json",
         check_wycheproof_aead<ChaCha20Poly1305>(kWycheproof + "chacha20_poly1305_test.json"));
}

TEST_P(ChaChaVectors, WycheproofXChaCha20Poly1305) {
  report("xchacha20_poly1305_test.json",
         check_wycheproof_aead<XChaCha20Poly1305>(kWycheproof + "xchacha20_poly1305_test.json"));
}

}  // namespace
}  // namespace nocrypto_test
