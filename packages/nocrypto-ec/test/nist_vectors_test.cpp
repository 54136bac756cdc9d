// ECDSA and ECDH on P-256, P-384, P-521 against Wycheproof and NIST CAVP (FIPS 186-3 SigVer,
// PKV, KeyPair from Debian's python3-cryptography-vectors).
#include "nist_support.hpp"

#include <map>

namespace nist_test {
namespace {

using namespace nocrypto::ec;

// ---- Wycheproof ----

// Acceptable ECDSA cases: we accept exactly what strict DER and the range checks accept,
// and report which way each went.
void check_wycheproof_ecdsa(const std::string& file, bool p1363) {
  const auto doc = read_json("wycheproof/" + file);
  Counts counts;
  for (const auto& group : doc["testGroups"]) {
    const Curve curve = curve_named(group["publicKey"]["curve"].get<std::string>());
    const auto hash = hash_named(group["sha"].get<std::string>());
    ASSERT_TRUE(hash.has_value());
    const auto key =
        PublicKey::from_sec1(curve, hex(group["publicKey"]["uncompressed"].get<std::string>()));
    ASSERT_TRUE(key.has_value()) << file;
    for (const auto& t : group["tests"]) {
      const Bytes msg = hex(t["msg"].get<std::string>());
      const Bytes sig = hex(t["sig"].get<std::string>());
      bool ok;
      if (p1363) {
        ok = ecdsa_verify(*key, *hash, msg, sig);
      } else {
        const auto raw = ecdsa_signature_from_der(curve, sig);
        ok = raw && ecdsa_verify(*key, *hash, msg, *raw);
      }
      const std::string result = t["result"];
      const int id = t["tcId"];
      if (result == "valid") {
        EXPECT_TRUE(ok) << file << " tcId " << id << ": " << t["comment"];
        ++counts.valid;
      } else if (result == "invalid") {
        EXPECT_FALSE(ok) << file << " tcId " << id << ": " << t["comment"];
        ++counts.invalid;
      } else {
        ++counts.acceptable;
      }
    }
  }
  report(file, counts);
}

TEST(NistWycheproof, EcdsaP256Der) {
  check_wycheproof_ecdsa("ecdsa_secp256r1_sha256_test.json", false);
}
TEST(NistWycheproof, EcdsaP256P1363) {
  check_wycheproof_ecdsa("ecdsa_secp256r1_sha256_p1363_test.json", true);
}
TEST(NistWycheproof, EcdsaP384Der) {
  check_wycheproof_ecdsa("ecdsa_secp384r1_sha384_test.json", false);
}
TEST(NistWycheproof, EcdsaP384P1363) {
  check_wycheproof_ecdsa("ecdsa_secp384r1_sha384_p1363_test.json", true);
}
TEST(NistWycheproof, EcdsaP521Der) {
  check_wycheproof_ecdsa("ecdsa_secp521r1_sha512_test.json", false);
}

// ECDH: `spki` says the public key is a DER SubjectPublicKeyInfo, else a SEC 1 point.
// Acceptable cases are compressed points (we accept them) and SPKIs with unusual
// parameters (our test-only SPKI reader refuses anything but the named curve).
void check_wycheproof_ecdh(const std::string& file, bool spki) {
  const auto doc = read_json("wycheproof/" + file);
  Counts counts;
  int acceptable_accepted = 0;
  for (const auto& group : doc["testGroups"]) {
    const Curve curve = curve_named(group["curve"].get<std::string>());
    for (const auto& t : group["tests"]) {
      const Bytes pub = hex(t["public"].get<std::string>());
      const Bytes priv = hex_padded(t["private"].get<std::string>(), scalar_size(curve));
      const auto key = PrivateKey::from_bytes(curve, priv);
      ASSERT_TRUE(key.has_value()) << file << " tcId " << t["tcId"];
      std::optional<Bytes> point = spki ? spki_point(pub, curve) : std::optional<Bytes>(pub);
      nocrypto::Result<std::vector<std::uint8_t>> shared = std::unexpected(nocrypto::Error::InvalidKey);
      if (point) shared = ecdh(*key, *point);
      const std::string result = t["result"];
      const int id = t["tcId"];
      if (result == "valid") {
        ASSERT_TRUE(shared.has_value()) << file << " tcId " << id << ": " << t["comment"];
        EXPECT_EQ(to_hex(*shared), t["shared"].get<std::string>()) << file << " tcId " << id;
        ++counts.valid;
      } else if (result == "invalid") {
        EXPECT_FALSE(shared.has_value()) << file << " tcId " << id << ": " << t["comment"];
        ++counts.invalid;
      } else {
        ++counts.acceptable;
        if (shared) {
          EXPECT_EQ(to_hex(*shared), t["shared"].get<std::string>()) << file << " tcId " << id;
          ++acceptable_accepted;
        }
      }
    }
  }
  report(file, counts);
  std::printf("  (%d of the acceptable cases accepted)\n", acceptable_accepted);
}

TEST(NistWycheproof, EcdhP256Point) {
  check_wycheproof_ecdh("ecdh_secp256r1_ecpoint_test.json", false);
}
TEST(NistWycheproof, EcdhP384Point) {
  check_wycheproof_ecdh("ecdh_secp384r1_ecpoint_test.json", false);
}
TEST(NistWycheproof, EcdhP256Spki) {
  check_wycheproof_ecdh("ecdh_secp256r1_test.json", true);
}
TEST(NistWycheproof, EcdhP384Spki) {
  check_wycheproof_ecdh("ecdh_secp384r1_test.json", true);
}
TEST(NistWycheproof, EcdhP521Spki) {
  check_wycheproof_ecdh("ecdh_secp521r1_test.json", true);
}

// ---- NIST CAVP (FIPS 186-3) ----

const std::string kCavp = "/usr/lib/python3/dist-packages/cryptography_vectors/asymmetric/ECDSA/"
                          "FIPS_186-3/";

struct RspRecord {
  std::string section;  // e.g. "P-256,SHA-256"
  std::map<std::string, std::string> fields;
  int line = 0;
};

// Records of a .rsp file: each ends at the line whose key is `last`.
std::vector<RspRecord> read_rsp(const std::string& path, const std::string& last) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<RspRecord> out;
  RspRecord current;
  std::string line;
  int number = 0;
  std::string section;
  while (std::getline(in, line)) {
    ++number;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      if (line.find(" = ") == std::string::npos && line.rfind("[B.", 0) != 0)
        section = line.substr(1, line.size() - 2);
      continue;
    }
    const auto eq = line.find(" = ");
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    current.fields[key] = line.substr(eq + 3);
    if (key == last) {
      current.section = section;
      current.line = number;
      out.push_back(current);
      current = {};
    }
  }
  return out;
}

std::optional<Curve> nist_curve(const std::string& section) {
  if (section.rfind("P-256", 0) == 0) return Curve::P256;
  if (section.rfind("P-384", 0) == 0) return Curve::P384;
  if (section.rfind("P-521", 0) == 0) return Curve::P521;
  return std::nullopt;  // P-192, P-224 and the binary curves are not ours
}

TEST(NistCavp, SigVer) {
  Counts counts;
  for (const auto& r : read_rsp(kCavp + "SigVer.rsp", "Result")) {
    const auto curve = nist_curve(r.section);
    if (!curve) continue;
    const auto hash = hash_named(r.section.substr(r.section.find(',') + 1));
    ASSERT_TRUE(hash.has_value()) << r.section;
    const std::size_t n = scalar_size(*curve);
    const auto key = PublicKey::from_coordinates(*curve, hex_padded(r.fields.at("Qx"), n),
                                                 hex_padded(r.fields.at("Qy"), n));
    Bytes sig = hex_padded(r.fields.at("R"), n);
    const Bytes s = hex_padded(r.fields.at("S"), n);
    sig.insert(sig.end(), s.begin(), s.end());
    const bool ok = key && ecdsa_verify(*key, *hash, hex(r.fields.at("Msg")), sig);
    const bool pass = r.fields.at("Result")[0] == 'P';
    EXPECT_EQ(ok, pass) << "SigVer.rsp line " << r.line << " " << r.fields.at("Result");
    ++(pass ? counts.valid : counts.invalid);
  }
  report("SigVer.rsp (P-256/384/521)", counts);
}

TEST(NistCavp, PublicKeyValidation) {
  Counts counts;
  for (const auto& r : read_rsp(kCavp + "PKV.rsp", "Result")) {
    const auto curve = nist_curve(r.section);
    if (!curve) continue;
    const std::size_t n = scalar_size(*curve);
    const auto key = PublicKey::from_coordinates(*curve, hex_padded(r.fields.at("Qx"), n),
                                                 hex_padded(r.fields.at("Qy"), n));
    const bool pass = r.fields.at("Result")[0] == 'P';
    EXPECT_EQ(key.has_value(), pass) << "PKV.rsp line " << r.line;
    ++(pass ? counts.valid : counts.invalid);
  }
  report("PKV.rsp (P-256/384/521)", counts);
}

TEST(NistCavp, KeyPair) {
  Counts counts;
  for (const auto& r : read_rsp(kCavp + "KeyPair.rsp", "Qy")) {
    const auto curve = nist_curve(r.section);
    if (!curve) continue;
    const std::size_t n = scalar_size(*curve);
    const auto key = PrivateKey::from_bytes(*curve, hex_padded(r.fields.at("d"), n));
    ASSERT_TRUE(key.has_value()) << "KeyPair.rsp line " << r.line;
    const auto pub = key->public_key();
    EXPECT_EQ(to_hex(pub.x()), to_hex(hex_padded(r.fields.at("Qx"), n))) << r.line;
    EXPECT_EQ(to_hex(pub.y()), to_hex(hex_padded(r.fields.at("Qy"), n))) << r.line;
    ++counts.valid;
  }
  report("KeyPair.rsp (P-256/384/521)", counts);
}

}  // namespace
}  // namespace nist_test
