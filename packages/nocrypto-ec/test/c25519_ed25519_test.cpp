// Ed25519 against RFC 8032, Wycheproof and the djb/pyca sign.input file, and its strict
// verification rules.
#include "c25519_support.hpp"

#include <nocrypto-ec/ed25519.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using namespace c25519_test;
using nocrypto::ByteView;
using nocrypto::Error;
using nocrypto::ec::ed25519_verify;
using nocrypto::ec::ed25519ctx_verify;
using nocrypto::ec::ed25519ph_verify;
using nocrypto::ec::Ed25519PrivateKey;

struct Rfc8032Case {
  const char* name;
  const char* seed;
  const char* public_key;
  std::string message;
  const char* signature;
};

const Rfc8032Case kRfc8032[] = {
    {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"TEST 1024", "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
     "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
     "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1"
     "e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
     "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a"
     "7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
     "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc10"
     "3b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
     "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d"
     "502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
     "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089b"
     "eccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
     "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969b"
     "e3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
     "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988d"
     "cda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
     "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7"
     "984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
     "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac09"
     "43bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
     "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f161"
     "0e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
     "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8ca"
     "c60c905c15fc910840b94c00a0b9d0",
     "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"},
    {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
};

Ed25519PrivateKey key_of(std::string_view seed_hex) {
  auto k = Ed25519PrivateKey::from_seed(hex(seed_hex));
  EXPECT_TRUE(k.has_value());
  return *k;
}

// RFC 8032 section 7.1.
TEST(Ed25519, MatchesRfc8032Vectors) {
  for (const auto& c : kRfc8032) {
    SCOPED_TRACE(c.name);
    const auto key = key_of(c.seed);
    const Bytes msg = hex(c.message);
    EXPECT_EQ(to_hex(key.public_key()), c.public_key);
    EXPECT_EQ(to_hex(key.sign(msg)), c.signature);
    EXPECT_TRUE(ed25519_verify(hex(c.public_key), msg, hex(c.signature)));
    EXPECT_EQ(to_hex(key.seed()), c.seed);
  }
}

// RFC 8032 section 7.2 (Ed25519ctx, contexts "foo" and "bar").
TEST(Ed25519, MatchesRfc8032CtxVectors) {
  const auto key = key_of("0305334e381af78f141cb666f6199f57bc3495335a256a95bd2a55bf546663f6");
  EXPECT_EQ(to_hex(key.public_key()),
            "dfc9425e4f968f7f0c29f0259cf5f9aed6851c2bb4ad8bfb860cfee0ab248292");
  const Bytes msg = hex("f726936d19c800494e3fdaff20b276a8");
  const struct {
    const char* context;
    const char* signature;
  } cases[] = {
      {"666f6f",
       "55a4cc2f70a54e04288c5f4cd1e45a7bb520b36292911876cada7323198dd87a8b36950b95130022907a7fb7c4e9b2d5f6cca685a587b4b21f4b888e4e7edb0d"},
      {"626172",
       "fc60d5872fc46b3aa69f8b5b4351d5808f92bcc044606db097abab6dbcb1aee3216c48e8b3b66431b5b186d1d28f8ee15a5ca2df6668346291c2043d4eb3e90d"},
  };
  for (const auto& c : cases) {
    const auto sig = key.sign_ctx(msg, hex(c.context));
    ASSERT_TRUE(sig.has_value());
    EXPECT_EQ(to_hex(*sig), c.signature);
    EXPECT_TRUE(ed25519ctx_verify(key.public_key(), msg, hex(c.context), *sig));
    EXPECT_FALSE(ed25519ctx_verify(key.public_key(), msg, hex("666f6f6f"), *sig));
    EXPECT_FALSE(ed25519_verify(key.public_key(), msg, *sig));
  }
  EXPECT_EQ(key.sign_ctx(msg, {}).error(), Error::InvalidParameter);
  EXPECT_EQ(key.sign_ctx(msg, Bytes(256, 1)).error(), Error::InvalidParameter);
  EXPECT_TRUE(key.sign_ctx(msg, Bytes(255, 1)).has_value());
}

// RFC 8032 section 7.3 (Ed25519ph of "abc").
TEST(Ed25519, MatchesRfc8032PhVector) {
  const auto key = key_of("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42");
  const auto sig = key.sign_ph(hex("616263"));
  ASSERT_TRUE(sig.has_value());
  EXPECT_EQ(to_hex(*sig),
            "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406");
  EXPECT_TRUE(ed25519ph_verify(key.public_key(), hex("616263"), {}, *sig));
  EXPECT_FALSE(ed25519ph_verify(key.public_key(), hex("616264"), {}, *sig));
  EXPECT_FALSE(ed25519_verify(key.public_key(), hex("616263"), *sig));
}

// The 1024 cases of sign.input (djb's, as Debian's python3-cryptography-vectors ships
// it): secret||public : public : message : signature||message.
TEST(Ed25519, MatchesSignInput) {
  const char* path =
      "/usr/lib/python3/dist-packages/cryptography_vectors/asymmetric/Ed25519/sign.input";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << path << " not installed (python3-cryptography-vectors)";
  std::string line;
  Counts counts;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string part;
    while (std::getline(ss, part, ':')) f.push_back(part);
    if (f.size() < 4) continue;
    if (f.size() == 4 && line.back() == ':') f.push_back("");
    const auto key = key_of(f[0].substr(0, 64));
    const Bytes msg = hex(f[2]);
    const std::string sig = f[3].substr(0, 128);
    ASSERT_EQ(to_hex(key.public_key()), f[1]);
    ASSERT_EQ(to_hex(key.sign(msg)), sig) << counts.valid;
    ASSERT_TRUE(ed25519_verify(hex(f[1]), msg, hex(sig)));
    ++counts.valid;
  }
  report("sign.input", counts);
  EXPECT_EQ(counts.valid, 1024);
}

// Wycheproof ed25519_test.json: every valid signature verifies, every invalid one does
// not (there are no "acceptable" cases).
TEST(Ed25519, PassesWycheproof) {
  const auto doc = wycheproof("ed25519_test.json");
  Counts counts;
  for (const auto& group : doc["testGroups"]) {
    const Bytes pk = hex(group["publicKey"]["pk"].get<std::string>());
    for (const auto& t : group["tests"]) {
      const std::string result = t["result"].get<std::string>();
      const bool ok = ed25519_verify(pk, hex(t["msg"].get<std::string>()),
                                     hex(t["sig"].get<std::string>()));
      const int id = t["tcId"].get<int>();
      if (result == "valid") {
        EXPECT_TRUE(ok) << "tcId " << id << " " << t["comment"].get<std::string>();
        ++counts.valid;
      } else if (result == "invalid") {
        EXPECT_FALSE(ok) << "tcId " << id << " " << t["comment"].get<std::string>();
        ++counts.invalid;
      } else {
        ADD_FAILURE() << "unexpected result " << result << " in " << id;
      }
    }
  }
  report("ed25519_test.json", counts);
}

TEST(Ed25519, SignVerifyRoundTripsWithRandomKeys) {
  TestRng rng(8032);
  for (int i = 0; i < 200; ++i) {
    auto key = Ed25519PrivateKey::generate(rng);
    ASSERT_TRUE(key.has_value());
    const Bytes msg = rng.bytes(static_cast<std::size_t>(i * 7 % 300));
    const auto sig = key->sign(msg);
    EXPECT_TRUE(ed25519_verify(key->public_key(), msg, sig)) << i;
    EXPECT_EQ(sig, key->sign(msg));  // deterministic
    auto again = Ed25519PrivateKey::from_seed(key->seed());
    EXPECT_EQ(again->public_key(), key->public_key());
  }
}

// A flipped bit anywhere (public key, message, signature) makes verification fail.
TEST(Ed25519, RejectsEveryFlippedBit) {
  TestRng rng(99);
  auto key = Ed25519PrivateKey::generate(rng);
  ASSERT_TRUE(key.has_value());
  const Bytes msg = rng.bytes(40);
  const auto sig = key->sign(msg);
  const auto pk = key->public_key();
  ASSERT_TRUE(ed25519_verify(pk, msg, sig));
  for (std::size_t bit = 0; bit < sig.size() * 8; ++bit) {
    auto bad = sig;
    bad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(ed25519_verify(pk, msg, bad)) << "signature bit " << bit;
  }
  for (std::size_t bit = 0; bit < pk.size() * 8; ++bit) {
    auto bad = pk;
    bad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(ed25519_verify(bad, msg, sig)) << "public key bit " << bit;
  }
  for (std::size_t bit = 0; bit < msg.size() * 8; ++bit) {
    auto bad = msg;
    bad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(ed25519_verify(pk, bad, sig)) << "message bit " << bit;
  }
}

TEST(Ed25519, RejectsWrongLengths) {
  const auto key = key_of(kRfc8032[0].seed);
  const Bytes msg = hex("72");
  const auto sig = key.sign(msg);
  Bytes longer(sig.begin(), sig.end());
  longer.push_back(0);
  EXPECT_FALSE(ed25519_verify(key.public_key(), msg, longer));
  EXPECT_FALSE(ed25519_verify(key.public_key(), msg, ByteView(sig).first(63)));
  EXPECT_FALSE(ed25519_verify(ByteView(key.public_key()).first(31), msg, sig));
  EXPECT_FALSE(ed25519_verify({}, msg, {}));
  EXPECT_EQ(Ed25519PrivateKey::from_seed(Bytes(31)).error(), Error::InvalidKeyLength);
  EXPECT_EQ(Ed25519PrivateKey::from_seed(Bytes(64)).error(), Error::InvalidKeyLength);
}

TEST(Ed25519, GenerateFailsWhenRandomIsRefused) {
  TestRng refusing(1, /*refuse=*/true);
  auto k = Ed25519PrivateKey::generate(refusing);
  ASSERT_FALSE(k.has_value());
  EXPECT_EQ(k.error(), Error::RandomUnavailable);
}

// Public keys with y >= p, with no x, or "-0" are refused outright, whatever the
// signature; the canonical encodings of the same points are not.
TEST(Ed25519, RejectsNonCanonicalPublicKeys) {
  const Bytes msg = hex("65646765");
  const Bytes sig = hex(
      "0100000000000000000000000000000000000000000000000000000000000000"
      "0000000000000000000000000000000000000000000000000000000000000000");
  // Identity A, identity R, S = 0: [0]B - [k]O = O = R, valid for any message.
  EXPECT_TRUE(ed25519_verify(
      hex("0100000000000000000000000000000000000000000000000000000000000000"), msg, sig));
  // y = p + 1 (non-canonical identity), y = 1 with the sign bit (-0), y = p, y = 2 (no x)
  for (const char* pk : {"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                         "0100000000000000000000000000000000000000000000000000000000000080",
                         "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                         "0200000000000000000000000000000000000000000000000000000000000000"}) {
    EXPECT_FALSE(ed25519_verify(hex(pk), msg, sig)) << pk;
  }
  // R = p + 1 (the identity, non-canonically): never equal to an encoding we compute.
  EXPECT_FALSE(ed25519_verify(
      hex("0100000000000000000000000000000000000000000000000000000000000000"), msg,
      hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
          "0000000000000000000000000000000000000000000000000000000000000000")));
}

}  // namespace
