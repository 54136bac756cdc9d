// DSA: RFC 6979 A.2.1 and A.2.2 (deterministic signatures), Wycheproof verification, and
// rejection of bad keys and signatures.
#include "support.hpp"

#include <nlohmann/json.hpp>

namespace nocrypto_pk_test {
namespace {

using namespace nocrypto::pk;

struct Rfc6979Case {
  DigestAlgorithm hash;
  const char* message;
  const char* r;
  const char* s;
};

struct Rfc6979Key {
  const char* p;
  const char* q;
  const char* g;
  const char* x;
  std::vector<Rfc6979Case> cases;
};

// RFC 6979 A.2.1 (1024-bit p, 160-bit q) and A.2.2 (2048-bit p, 256-bit q).
const std::vector<Rfc6979Key>& rfc6979_keys() {
  static const std::vector<Rfc6979Key> keys = {
      {"86F5CA03DCFEB225063FF830A0C769B9DD9D6153AD91D7CE27F787C43278B447"
       "E6533B86B18BED6E8A48B784A14C252C5BE0DBF60B86D6385BD2F12FB763ED88"
       "73ABFD3F5BA2E0A8C0A59082EAC056935E529DAF7C610467899C77ADEDFC846C"
       "881870B7B19B2B58F9BE0521A17002E3BDD6B86685EE90B3D9A1B02B782B1779",
       "996F967F6C8E388D9E28D01E205FBA957A5698B1",
       "07B0F92546150B62514BB771E2A0C0CE387F03BDA6C56B505209FF25FD3C133D"
       "89BBCD97E904E09114D9A7DEFDEADFC9078EA544D2E401AEECC40BB9FBBF78FD"
       "87995A10A1C27CB7789B594BA7EFB5C4326A9FE59A070E136DB77175464ADCA4"
       "17BE5DCE2F40D10A46A3A3943F26AB7FD9C0398FF8C76EE0A56826A8A88F1DBD",
       "411602CB19A6CCC34494D79D98EF1E7ED5AF25F7",
       {
           {DigestAlgorithm::sha1, "sample", "2E1A0C2562B2912CAAF89186FB0F42001585DA55",
            "29EFB6B0AFF2D7A68EB70CA313022253B9A88DF5"},
           {DigestAlgorithm::sha224, "sample", "4BC3B686AEA70145856814A6F1BB53346F02101E",
            "410697B92295D994D21EDD2F4ADA85566F6F94C1"},
           {DigestAlgorithm::sha256, "sample", "81F2F5850BE5BC123C43F71A3033E9384611C545",
            "4CDD914B65EB6C66A8AAAD27299BEE6B035F5E89"},
           {DigestAlgorithm::sha384, "sample", "07F2108557EE0E3921BC1774F1CA9B410B4CE65A",
            "54DF70456C86FAC10FAB47C1949AB83F2C6F7595"},
           {DigestAlgorithm::sha512, "sample", "16C3491F9B8C3FBBDD5E7A7B667057F0D8EE8E1B",
            "02C36A127A7B89EDBB72E4FFBC71DABC7D4FC69C"},
           {DigestAlgorithm::sha1, "test", "42AB2052FD43E123F0607F115052A67DCD9C5C77",
            "183916B0230D45B9931491D4C6B0BD2FB4AAF088"},
           {DigestAlgorithm::sha224, "test", "6868E9964E36C1689F6037F91F28D5F2C30610F2",
            "49CEC3ACDC83018C5BD2674ECAAD35B8CD22940F"},
           {DigestAlgorithm::sha256, "test", "22518C127299B0F6FDC9872B282B9E70D0790812",
            "6837EC18F150D55DE95B5E29BE7AF5D01E4FE160"},
           {DigestAlgorithm::sha384, "test", "854CF929B58D73C3CBFDC421E8D5430CD6DB5E66",
            "91D0E0F53E22F898D158380676A871A157CDA622"},
           {DigestAlgorithm::sha512, "test", "8EA47E475BA8AC6F2D821DA3BD212D11A3DEB9A0",
            "7C670C7AD72B6C050C109E1790008097125433E8"},
       }},
      {"9DB6FB5951B66BB6FE1E140F1D2CE5502374161FD6538DF1648218642F0B5C48"
       "C8F7A41AADFA187324B87674FA1822B00F1ECF8136943D7C55757264E5A1A44F"
       "FE012E9936E00C1D3E9310B01C7D179805D3058B2A9F4BB6F9716BFE6117C6B5"
       "B3CC4D9BE341104AD4A80AD6C94E005F4B993E14F091EB51743BF33050C38DE2"
       "35567E1B34C3D6A5C0CEAA1A0F368213C3D19843D0B4B09DCB9FC72D39C8DE41"
       "F1BF14D4BB4563CA28371621CAD3324B6A2D392145BEBFAC748805236F5CA2FE"
       "92B871CD8F9C36D3292B5509CA8CAA77A2ADFC7BFD77DDA6F71125A7456FEA15"
       "3E433256A2261C6A06ED3693797E7995FAD5AABBCFBE3EDA2741E375404AE25B",
       "F2C3119374CE76C9356990B465374A17F23F9ED35089BD969F61C6DDE9998C1F",
       "5C7FF6B06F8F143FE8288433493E4769C4D988ACE5BE25A0E24809670716C613"
       "D7B0CEE6932F8FAA7C44D2CB24523DA53FBE4F6EC3595892D1AA58C4328A06C4"
       "6A15662E7EAA703A1DECF8BBB2D05DBE2EB956C142A338661D10461C0D135472"
       "085057F3494309FFA73C611F78B32ADBB5740C361C9F35BE90997DB2014E2EF5"
       "AA61782F52ABEB8BD6432C4DD097BC5423B285DAFB60DC364E8161F4A2A35ACA"
       "3A10B1C4D203CC76A470A33AFDCBDD92959859ABD8B56E1725252D78EAC66E71"
       "BA9AE3F1DD2487199874393CD4D832186800654760E1E34C09E4D155179F9EC0"
       "DC4473F996BDCE6EED1CABED8B6F116F7AD9CF505DF0F998E34AB27514B0FFE7",
       "69C7548C21D0DFEA6B9A51C9EAD4E27C33D3B3F180316E5BCAB92C933F0E4DBC",
       {
           {DigestAlgorithm::sha1, "sample",
            "3A1B2DBD7489D6ED7E608FD036C83AF396E290DBD602408E8677DAABD6E7445A",
            "D26FCBA19FA3E3058FFC02CA1596CDBB6E0D20CB37B06054F7E36DED0CDBBCCF"},
           {DigestAlgorithm::sha224, "sample",
            "DC9F4DEADA8D8FF588E98FED0AB690FFCE858DC8C79376450EB6B76C24537E2C",
            "A65A9C3BC7BABE286B195D5DA68616DA8D47FA0097F36DD19F517327DC848CEC"},
           {DigestAlgorithm::sha256, "sample",
            "EACE8BDBBE353C432A795D9EC556C6D021F7A03F42C36E9BC87E4AC7932CC809",
            "7081E175455F9247B812B74583E9E94F9EA79BD640DC962533B0680793A38D53"},
           {DigestAlgorithm::sha384, "sample",
            "B2DA945E91858834FD9BF616EBAC151EDBC4B45D27D0DD4A7F6A22739F45C00B",
            "19048B63D9FD6BCA1D9BAE3664E1BCB97F7276C306130969F63F38FA8319021B"},
           {DigestAlgorithm::sha512, "sample",
            "2016ED092DC5FB669B8EFB3D1F31A91EECB199879BE0CF78F02BA062CB4C942E",
            "D0C76F84B5F091E141572A639A4FB8C230807EEA7D55C8A154A224400AFF2351"},
           {DigestAlgorithm::sha1, "test",
            "C18270A93CFC6063F57A4DFA86024F700D980E4CF4E2CB65A504397273D98EA0",
            "414F22E5F31A8B6D33295C7539C1C1BA3A6160D7D68D50AC0D3A5BEAC2884FAA"},
           {DigestAlgorithm::sha224, "test",
            "272ABA31572F6CC55E30BF616B7A265312018DD325BE031BE0CC82AA17870EA3",
            "E9CC286A52CCE201586722D36D1E917EB96A4EBDB47932F9576AC645B3A60806"},
           {DigestAlgorithm::sha256, "test",
            "8190012A1969F9957D56FCCAAD223186F423398D58EF5B3CEFD5A4146A4476F0",
            "7452A53F7075D417B4B013B278D1BB8BBD21863F5E7B1CEE679CF2188E1AB19E"},
           {DigestAlgorithm::sha384, "test",
            "239E66DDBE8F8C230A3D071D601B6FFBDFB5901F94D444C6AF56F732BEB954BE",
            "6BD737513D5E72FE85D1C750E0F73921FE299B945AAD1C802F15C26A43D34961"},
           {DigestAlgorithm::sha512, "test",
            "89EC4BB1400ECCFF8E7D9AA515CD1DE7803F2DAFF09693EE7FD1353E90A68307",
            "C9F0BDABCC0D880BB137A994CC7F3980CE91CC10FAF529FC46565B15CEA854E1"},
       }},
  };
  return keys;
}

TEST(Dsa, SignsRfc6979Vectors) {
  Counts counts;
  for (const auto& k : rfc6979_keys()) {
    auto key = DsaPrivateKey::make(from_hex(k.p), from_hex(k.q), from_hex(k.g), from_hex(k.x));
    ASSERT_TRUE(key.has_value());
    for (const auto& c : k.cases) {
      const auto msg = nocrypto::bytes_of(c.message);
      auto sig = dsa_sign(*key, c.hash, msg);
      ASSERT_TRUE(sig.has_value());
      EXPECT_EQ(to_hex(sig->r), to_hex(from_hex(c.r))) << c.message;
      EXPECT_EQ(to_hex(sig->s), to_hex(from_hex(c.s))) << c.message;
      EXPECT_TRUE(dsa_verify(key->public_key(), c.hash, msg, sig->r, sig->s));
      auto der = dsa_sign_der(*key, c.hash, msg);
      ASSERT_TRUE(der.has_value());
      EXPECT_TRUE(dsa_verify_der(key->public_key(), c.hash, msg, *der));
      EXPECT_FALSE(dsa_verify(key->public_key(), c.hash, nocrypto::bytes_of("other"), sig->r,
                              sig->s));
      ++counts.valid;
    }
  }
  report("RFC 6979 A.2.1/A.2.2 DSA", counts);
}

TEST(Dsa, VerifiesWycheproof) {
  const std::string file = "wycheproof/dsa_2048_224_sha256_test.json";
  const auto j = nlohmann::json::parse(read_file(vector_path(file)));
  Counts counts;
  for (const auto& group : j["testGroups"]) {
    const auto& k = group["publicKey"];
    auto key = DsaPublicKey::make(from_hex(k["p"].get<std::string>()),
                                  from_hex(k["q"].get<std::string>()),
                                  from_hex(k["g"].get<std::string>()),
                                  from_hex(k["y"].get<std::string>()));
    ASSERT_TRUE(key.has_value());
    const DigestAlgorithm hash = digest_named(group["sha"].get<std::string>());
    for (const auto& t : group["tests"]) {
      const std::string result = t["result"];
      const bool ok = dsa_verify_der(*key, hash, from_hex(t["msg"].get<std::string>()),
                                     from_hex(t["sig"].get<std::string>()));
      if (result == "valid") {
        EXPECT_TRUE(ok) << file << " tcId " << t["tcId"];
        ++counts.valid;
      } else if (result == "invalid") {
        EXPECT_FALSE(ok) << file << " tcId " << t["tcId"];
        ++counts.invalid;
      } else {
        // acceptable: MissingZero, a non-DER INTEGER; strict DER refuses it.
        EXPECT_FALSE(ok) << file << " tcId " << t["tcId"];
        ++counts.acceptable;
      }
    }
  }
  report(file, counts);
}

TEST(Dsa, RejectsBadKeys) {
  const auto& k = rfc6979_keys()[0];
  const Bytes p = from_hex(k.p), q = from_hex(k.q), g = from_hex(k.g);
  auto key = DsaPrivateKey::make(p, q, g, from_hex(k.x));
  ASSERT_TRUE(key.has_value());
  const Bytes y(key->public_key().y().begin(), key->public_key().y().end());
  EXPECT_TRUE(DsaPublicKey::make(p, q, g, y).has_value());
  EXPECT_EQ(DsaPublicKey::make(p, q, g, Bytes{1}).error(), nocrypto::Error::InvalidKey);
  EXPECT_EQ(DsaPublicKey::make(p, q, Bytes{1}, y).error(), nocrypto::Error::InvalidKey);
  EXPECT_EQ(DsaPublicKey::make(p, q, Bytes{2}, y).error(), nocrypto::Error::InvalidKey);
  Bytes q2 = q;
  q2.back() ^= 2;  // no longer divides p - 1
  EXPECT_FALSE(DsaPublicKey::make(p, q2, g, y).has_value());
  Bytes p2 = p;
  p2.back() ^= 2;
  EXPECT_FALSE(DsaPublicKey::make(p2, q, g, y).has_value());
  EXPECT_FALSE(DsaPrivateKey::make(p, q, g, Bytes{}).has_value());
  EXPECT_FALSE(DsaPrivateKey::make(p, q, g, q).has_value());
}

TEST(Dsa, RejectsOutOfRangeSignatures) {
  const auto& k = rfc6979_keys()[0];
  const Bytes q = from_hex(k.q);
  auto key = DsaPrivateKey::make(from_hex(k.p), q, from_hex(k.g), from_hex(k.x));
  ASSERT_TRUE(key.has_value());
  const auto msg = nocrypto::bytes_of("sample");
  auto sig = dsa_sign(*key, DigestAlgorithm::sha256, msg);
  ASSERT_TRUE(sig.has_value());
  const auto& pub = key->public_key();
  EXPECT_FALSE(dsa_verify(pub, DigestAlgorithm::sha256, msg, Bytes{}, sig->s));
  EXPECT_FALSE(dsa_verify(pub, DigestAlgorithm::sha256, msg, sig->r, Bytes{0}));
  EXPECT_FALSE(dsa_verify(pub, DigestAlgorithm::sha256, msg, q, sig->s));
  EXPECT_FALSE(dsa_verify(pub, DigestAlgorithm::sha256, msg, sig->r, q));
  // r + q, s + q: the same residues, out of range.
  EXPECT_FALSE(dsa_verify_der(pub, DigestAlgorithm::sha256, msg, Bytes{0x30, 0x00}));
  EXPECT_FALSE(dsa_verify_der(pub, DigestAlgorithm::sha256, msg, Bytes{}));
  EXPECT_FALSE(dsa_sign_digest(*key, DigestAlgorithm::sha256, Bytes(31)).has_value());
}

TEST(Dsa, GeneratesKeysThatSignAndVerify) {
  const auto& k = rfc6979_keys()[1];
  auto domain = DsaPrivateKey::make(from_hex(k.p), from_hex(k.q), from_hex(k.g), from_hex(k.x));
  ASSERT_TRUE(domain.has_value());
  TestRng rng("dsa");
  auto key = DsaPrivateKey::generate(domain->public_key(), rng);
  ASSERT_TRUE(key.has_value());
  const auto msg = nocrypto::bytes_of("hello");
  auto der = dsa_sign_der(*key, DigestAlgorithm::sha256, msg);
  ASSERT_TRUE(der.has_value());
  EXPECT_TRUE(dsa_verify_der(key->public_key(), DigestAlgorithm::sha256, msg, *der));
  EXPECT_FALSE(dsa_verify_der(domain->public_key(), DigestAlgorithm::sha256, msg, *der));
  RefusingRng refusing;
  EXPECT_EQ(DsaPrivateKey::generate(domain->public_key(), refusing).error(),
            nocrypto::Error::RandomUnavailable);
}

}  // namespace
}  // namespace nocrypto_pk_test
