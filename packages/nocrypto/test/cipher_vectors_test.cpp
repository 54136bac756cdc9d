// Block-cipher known answers, on both code paths: the NIST CAVP AES files (ECB and CBC
// KAT and MMT, GCM encrypt and decrypt, every CCM file), RFC 3686 CTR, the CAVP TDES
// ECB and CBC files, all from Debian's python3-cryptography-vectors; and Wycheproof's
// AES-CBC-PKCS5, AES-GCM and AES-CCM files (test/vectors/wycheproof).
#include <nocrypto/aes.hpp>
#include <nocrypto/ccm.hpp>
#include <nocrypto/des.hpp>
#include <nocrypto/gcm.hpp>

#include "kat.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <fstream>
#include <map>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

const std::string kCavp = std::string(NOCRYPTO_CAVP_DIR) + "/ciphers/";
const std::string kWycheproof = std::string(NOCRYPTO_TEST_VECTORS) + "/wycheproof/";

class CipherVectors : public BothPaths {
 protected:
  void SetUp() override {
    struct stat st;
    ASSERT_EQ(stat(kCavp.c_str(), &st), 0)
        << kCavp << " is missing: apt-get install python3-cryptography-vectors (ci/deps.sh)";
    BothPaths::SetUp();
  }
};
INSTANTIATE_TEST_SUITE_P(Paths, CipherVectors, testing::Bool(), path_name);

// In the check_* loops: a failed precondition fails the test and skips the case.
#define REQUIRE(cond, context)                \
  if (!(cond)) {                              \
    ADD_FAILURE() << #cond << " at " << context; \
    continue;                                 \
  }

std::string where(const std::string& path, const Record& r) {
  return path + ":" + std::to_string(r.line);
}

// Fields of a CAVP record, else of its [section], else the last value seen above it
// (CCM files give Key, Nonce and lengths once for a run of records).
class Fields {
 public:
  void see(const Record& r) {
    for (const auto& [k, v] : r.fields) sticky_[k] = v;
  }
  std::string get(const Record& r, const std::string& key) const {
    if (auto it = r.fields.find(key); it != r.fields.end()) return it->second;
    // "[Alen = 0, Plen = 0, Nlen = 7, Tlen = 4]" reads as Alen = "0, Plen = 0, ...".
    for (const auto& [k, v] : r.section) {
      const std::string all = k + " = " + v + ",";
      const auto at = all.find(key + " = ");
      if (at != std::string::npos && (at == 0 || all[at - 1] == ' ')) {
        const auto from = at + key.size() + 3;
        return all.substr(from, all.find(',', from) - from);
      }
    }
    if (auto it = sticky_.find(key); it != sticky_.end()) return it->second;
    ADD_FAILURE() << "line " << r.line << ": no " << key;
    return {};
  }
  Bytes hex(const Record& r, const std::string& key, std::size_t bytes = SIZE_MAX) const {
    Bytes b = from_hex(get(r, key));
    if (bytes != SIZE_MAX) b.resize(bytes);
    return b;
  }

 private:
  std::map<std::string, std::string> sticky_;
};

// ECB or CBC AES files: [ENCRYPT] / [DECRYPT] sections of KEY, IV, PLAINTEXT, CIPHERTEXT.
Counts check_aes_blocks(const std::string& path, bool cbc) {
  Counts c;
  for (const Record& r : read_records(path)) {
    if (!r.has("KEY")) continue;
    const bool decrypt = r.section.count("DECRYPT") != 0;
    const Bytes key = r.hex("KEY"), pt = r.hex("PLAINTEXT"), ct = r.hex("CIPHERTEXT");
    auto aes = Aes::create(key);
    REQUIRE(aes, where(path, r));
    Bytes out(pt.size());
    if (cbc) {
      const Bytes iv = r.hex("IV");
      REQUIRE(decrypt ? cbc_decrypt(*aes, iv, ct, out) : cbc_encrypt(*aes, iv, pt, out), "");
    } else {
      REQUIRE(decrypt ? ecb_decrypt(*aes, ct, out) : ecb_encrypt(*aes, pt, out), "");
    }
    EXPECT_EQ(to_hex(out), to_hex(decrypt ? pt : ct)) << where(path, r);
    ++c.valid;
  }
  return c;
}

TEST_P(CipherVectors, AesEcbMatchesCavpKatAndMmt) {
  for (const char* kind : {"GFSbox", "KeySbox", "VarKey", "VarTxt", "MMT"}) {
    for (const char* bits : {"128", "192", "256"}) {
      const std::string name = std::string("ECB") + kind + bits;
      report(name, check_aes_blocks(kCavp + "AES/ECB/" + name + ".rsp", false));
    }
  }
}

TEST_P(CipherVectors, AesCbcMatchesCavpKatAndMmt) {
  for (const char* kind : {"GFSbox", "KeySbox", "VarKey", "VarTxt", "MMT"}) {
    for (const char* bits : {"128", "192", "256"}) {
      const std::string name = std::string("CBC") + kind + bits;
      report(name, check_aes_blocks(kCavp + "AES/CBC/" + name + ".rsp", true));
    }
  }
}

TEST_P(CipherVectors, AesCtrMatchesRfc3686) {
  for (const char* bits : {"128", "192", "256"}) {
    const std::string path = kCavp + "AES/CTR/aes-" + bits + "-ctr.txt";
    Counts c;
    for (const Record& r : read_records(path)) {
      if (!r.has("KEY")) continue;
      auto aes = Aes::create(r.hex("KEY"));
      ASSERT_TRUE(aes);
      const Bytes pt = r.hex("PLAINTEXT");
      Bytes out(pt.size());
      ASSERT_TRUE(ctr_xor(*aes, r.hex("IV"), pt, out));
      EXPECT_EQ(to_hex(out), to_hex(r.hex("CIPHERTEXT"))) << where(path, r);
      ++c.valid;
    }
    report(std::string("aes-") + bits + "-ctr", c);
  }
}

// gcmEncryptExtIV: seal and compare CT and the (truncated) tag. gcmDecrypt: records
// without PT are marked FAIL and must not open.
Counts check_gcm(const std::string& path, bool decrypt) {
  Counts c;
  for (const Record& r : read_records(path)) {
    if (!r.has("Key")) continue;
    const std::size_t tag_len = std::stoul(r.at("Taglen")) / 8;
    auto gcm = AesGcm::create(r.hex("Key"), tag_len);
    EXPECT_TRUE(gcm) << where(path, r);
    if (!gcm) continue;
    const Bytes iv = r.hex("IV"), aad = r.hex("AAD"), ct = r.hex("CT"), tag = r.hex("Tag");
    if (!decrypt) {
      const Bytes pt = r.hex("PT");
      Bytes out(pt.size()), t(tag_len);
      REQUIRE(gcm->seal_detached(iv, aad, pt, out, t), where(path, r));
      EXPECT_EQ(to_hex(out), to_hex(ct)) << where(path, r);
      EXPECT_EQ(to_hex(t), to_hex(tag)) << where(path, r);
      ++c.valid;
      continue;
    }
    Bytes out(ct.size());
    const auto opened = gcm->open_detached(iv, aad, ct, tag, out);
    if (r.has("PT")) {
      EXPECT_TRUE(opened) << where(path, r);
      EXPECT_EQ(to_hex(out), to_hex(r.hex("PT"))) << where(path, r);
      ++c.valid;
    } else {
      EXPECT_EQ(opened, std::unexpected(Error::AuthenticationFailed)) << where(path, r);
      EXPECT_EQ(out, Bytes(ct.size(), 0)) << where(path, r);
      ++c.invalid;
    }
  }
  return c;
}

TEST_P(CipherVectors, AesGcmMatchesCavpEncryptExtIv) {
  for (const char* bits : {"128", "192", "256"}) {
    report(std::string("gcmEncryptExtIV") + bits,
           check_gcm(kCavp + "AES/GCM/gcmEncryptExtIV" + bits + ".rsp", false));
  }
}

TEST_P(CipherVectors, AesGcmMatchesCavpDecrypt) {
  for (const char* bits : {"128", "192", "256"}) {
    report(std::string("gcmDecrypt") + bits,
           check_gcm(kCavp + "AES/GCM/gcmDecrypt" + bits + ".rsp", true));
  }
}

// The CCM files: DVPT (decrypt, Result = Pass / Fail), and VADT, VNT, VPT, VTT
// (encrypt). Payload and Adata "00" stand for empty when Plen / Alen is 0.
Counts check_ccm(const std::string& path) {
  Counts c;
  Fields f;
  for (const Record& r : read_records(path)) {
    f.see(r);
    if (!r.has("CT")) continue;
    const std::size_t alen = std::stoul(f.get(r, "Alen")), plen = std::stoul(f.get(r, "Plen"));
    const std::size_t tlen = std::stoul(f.get(r, "Tlen"));
    auto ccm = AesCcm::create(f.hex(r, "Key"), tlen);
    EXPECT_TRUE(ccm) << where(path, r);
    if (!ccm) continue;
    const Bytes nonce = f.hex(r, "Nonce"), aad = f.hex(r, "Adata", alen), ct = f.hex(r, "CT");
    if (r.has("Result")) {
      Bytes out(ct.size() - tlen);
      const auto opened = ccm->open(nonce, aad, ct, out);
      if (r.at("Result").starts_with("Pass")) {
        EXPECT_TRUE(opened) << where(path, r);
        EXPECT_EQ(to_hex(out), to_hex(f.hex(r, "Payload", plen))) << where(path, r);
        ++c.valid;
      } else {
        EXPECT_EQ(opened, std::unexpected(Error::AuthenticationFailed)) << where(path, r);
        ++c.invalid;
      }
      continue;
    }
    const Bytes pt = f.hex(r, "Payload", plen);
    Bytes out(pt.size() + tlen);
    REQUIRE(ccm->seal(nonce, aad, pt, out), where(path, r));
    EXPECT_EQ(to_hex(out), to_hex(ct)) << where(path, r);
    Bytes back(pt.size());
    EXPECT_TRUE(ccm->open(nonce, aad, ct, back)) << where(path, r);
    EXPECT_EQ(back, pt) << where(path, r);
    ++c.valid;
  }
  return c;
}

TEST_P(CipherVectors, AesCcmMatchesCavp) {
  for (const char* kind : {"DVPT", "VADT", "VNT", "VPT", "VTT"}) {
    for (const char* bits : {"128", "192", "256"}) {
      const std::string name = std::string(kind) + bits;
      report("CCM " + name, check_ccm(kCavp + "AES/CCM/" + name + ".rsp"));
    }
  }
}

// TDES ECB and CBC: KEYs (one key for all three) or KEY1..KEY3.
Counts check_tdes(const std::string& path, bool cbc) {
  Counts c;
  for (const Record& r : read_records(path)) {
    if (!r.has("KEYs") && !r.has("KEY1")) continue;
    Bytes key;
    if (r.has("KEYs")) {
      const Bytes k = r.hex("KEYs");
      for (int i = 0; i < 3; ++i) key.insert(key.end(), k.begin(), k.end());
    } else {
      for (const char* name : {"KEY1", "KEY2", "KEY3"}) {
        const Bytes k = r.hex(name);
        key.insert(key.end(), k.begin(), k.end());
      }
    }
    auto des = TripleDes::create(key);
    REQUIRE(des, "");
    const bool decrypt = r.section.count("DECRYPT") != 0;
    const Bytes pt = r.hex("PLAINTEXT"), ct = r.hex("CIPHERTEXT");
    Bytes out(pt.size());
    if (cbc) {
      const Bytes iv = r.hex("IV");
      REQUIRE(decrypt ? cbc_decrypt(*des, iv, ct, out) : cbc_encrypt(*des, iv, pt, out), "");
    } else {
      REQUIRE(decrypt ? ecb_decrypt(*des, ct, out) : ecb_encrypt(*des, pt, out), "");
    }
    EXPECT_EQ(to_hex(out), to_hex(decrypt ? pt : ct)) << where(path, r);
    ++c.valid;
  }
  return c;
}

TEST_P(CipherVectors, TripleDesMatchesCavpEcbAndCbc) {
  for (const char* kind : {"invperm", "permop", "subtab", "varkey", "vartext", "MMT1", "MMT2",
                           "MMT3"}) {
    report(std::string("TECB") + kind,
           check_tdes(kCavp + "3DES/ECB/TECB" + kind + ".rsp", false));
    report(std::string("TCBC") + kind,
           check_tdes(kCavp + "3DES/CBC/TCBC" + kind + ".rsp", true));
  }
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

Bytes jhex(const nlohmann::json& j) {
  return from_hex(j.get<std::string>());
}

// Wycheproof AEADs: valid cases must seal to ct || tag and open back; invalid ones must
// be refused at creation (a tag length the mode does not have), or by open. No file
// has acceptable cases.
template <class Aead>
Counts check_wycheproof_aead(const std::string& file) {
  Counts c;
  const auto doc = read_json(kWycheproof + file);
  for (const auto& group : doc["testGroups"]) {
    const std::size_t tag_len = group["tagSize"].get<std::size_t>() / 8;
    for (const auto& t : group["tests"]) {
      const std::string id = file + " tcId " + std::to_string(t["tcId"].get<int>());
      const std::string result = t["result"];
      const Bytes key = jhex(t["key"]), iv = jhex(t["iv"]), aad = jhex(t["aad"]),
                  msg = jhex(t["msg"]), ct = jhex(t["ct"]), tag = jhex(t["tag"]);
      Bytes sealed = ct;
      sealed.insert(sealed.end(), tag.begin(), tag.end());
      Result<Aead> aead = std::unexpected(Error::InvalidParameter);
      if (tag_len * 8 == group["tagSize"].get<std::size_t>()) aead = Aead::create(key, tag_len);
      if (result == "valid") {
        REQUIRE(aead, id);
        Bytes out(msg.size() + tag_len);
        REQUIRE(aead->seal(iv, aad, msg, out), id);
        EXPECT_EQ(to_hex(out), to_hex(sealed)) << id;
        Bytes back(msg.size());
        EXPECT_TRUE(aead->open(iv, aad, sealed, back)) << id;
        EXPECT_EQ(back, msg) << id;
        ++c.valid;
        continue;
      }
      REQUIRE(result == "invalid", id);
      if (aead && sealed.size() >= tag_len) {
        Bytes back(sealed.size() - tag_len);
        EXPECT_FALSE(aead->open(iv, aad, sealed, back)) << id;
      }
      ++c.invalid;
    }
  }
  return c;
}

TEST_P(CipherVectors, AesGcmMatchesWycheproof) {
  report("wycheproof aes_gcm_test", check_wycheproof_aead<AesGcm>("aes_gcm_test.json"));
}

TEST_P(CipherVectors, AesCcmMatchesWycheproof) {
  report("wycheproof aes_ccm_test", check_wycheproof_aead<AesCcm>("aes_ccm_test.json"));
}

TEST_P(CipherVectors, AesCbcPkcs7MatchesWycheproof) {
  Counts c;
  const auto doc = read_json(kWycheproof + "aes_cbc_pkcs5_test.json");
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      const std::string id = "tcId " + std::to_string(t["tcId"].get<int>());
      const std::string result = t["result"];
      const Bytes key = jhex(t["key"]), iv = jhex(t["iv"]), msg = jhex(t["msg"]),
                  ct = jhex(t["ct"]);
      auto aes = Aes::create(key);
      ASSERT_TRUE(aes) << id;
      Bytes back(ct.size());
      const auto n = cbc_pkcs7_decrypt(*aes, iv, ct, back);
      if (result == "valid") {
        Bytes out(pkcs7_padded_size(msg.size()));
        ASSERT_TRUE(cbc_pkcs7_encrypt(*aes, iv, msg, out)) << id;
        EXPECT_EQ(to_hex(out), to_hex(ct)) << id;
        ASSERT_TRUE(n) << id;
        back.resize(*n);
        EXPECT_EQ(back, msg) << id;
        ++c.valid;
      } else {
        ASSERT_EQ(result, "invalid") << id;
        EXPECT_FALSE(n) << id;
        ++c.invalid;
      }
    }
  }
  report("wycheproof aes_cbc_pkcs5_test", c);
}

}  // namespace
}  // namespace nocrypto_test
