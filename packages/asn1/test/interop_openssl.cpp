// Against the openssl command line: `openssl asn1parse` accepts what we encode (nested
// sequences, tags, sets, strings, times), and DER that openssl makes (an EC key pair, a
// self-signed certificate) decodes with our grammars and re-encodes to the same bytes.
#include "pem.hpp"
#include "x509_grammar.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {

using namespace asn1;

class AgainstOpenssl : public testing::Test {
 protected:
  void SetUp() override {
    if (std::system("openssl version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl";
    char tmpl[] = "/tmp/asn1-interop-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) std::system(("rm -rf '" + dir_ + "'").c_str());
  }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  bool openssl(const std::string& args) const {
    return std::system(("cd '" + dir_ + "' && openssl " + args + " > out.txt 2>&1").c_str()) == 0;
  }
  std::string output() const { return asn1_test::read_text(path("out.txt")); }

 private:
  std::string dir_;
};

TEST_F(AgainstOpenssl, Asn1parseAcceptsWhatWeEncode) {
  const auto g = sequence(
      required(sequence(required(int64()), required(integer()), optional(implicit(0, boolean())))),
      required(explicit_(1, set(required(utf8_string()), required(printable_string()), required(ia5_string())))),
      required(set_of(octet_string())), required(utc_time()), required(generalized_time()),
      required(implicit(application(40), bmp_string())), required(oid()), required(null()),
      required(bit_string()), required(sequence_of(visible_string())));
  using V = value_of<decltype(g)>;
  const V v({-129, Integer::from_unsigned(Bytes(40, 0xAB)), true}, {"caf\xc3\xa9", "Printable 1", "a@b.example"},
            {Bytes{3, 2}, Bytes(300, 1), Bytes{}}, DateTime{2031, 12, 24, 23, 59, 58, 0},
            DateTime{2101, 1, 1, 0, 0, 1, 250'000'000}, u"BMP", oid("1.2.840.10045.3.1.7"), Null{},
            BitString{Bytes{0xF0}, 4}, {"one", "two"});
  auto der = encode_der(g, v);
  ASSERT_TRUE(der) << der.error().to_string();
  asn1_test::write_bytes(path("ours.der"), *der);
  ASSERT_TRUE(openssl("asn1parse -inform DER -in ours.der -i")) << output();
  const std::string out = output();
  for (const char* want : {"UTF8STRING", "PRINTABLESTRING", "IA5STRING", "UTCTIME", "GENERALIZEDTIME",
                           "prime256v1", "NULL", "BIT STRING", "VISIBLESTRING", "cont [ 1 ]", "appl [ 40 ]",
                           ":311224235958Z", ":21010101000001.25Z"})
    EXPECT_NE(out.find(want), std::string::npos) << want << " not in\n" << out;
  auto back = decode(g, *der);
  ASSERT_TRUE(back) << back.error().to_string();
}

TEST_F(AgainstOpenssl, DecodesAnEcKeyPairOpensslGenerated) {
  ASSERT_TRUE(openssl("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -outform DER -out key.der")) << output();
  ASSERT_TRUE(openssl("pkey -inform DER -in key.der -pubout -outform DER -out pub.der")) << output();
  ASSERT_TRUE(openssl("pkcs8 -topk8 -nocrypt -inform DER -in key.der -outform DER -out p8.der")) << output();
  // RFC 5915 ECPrivateKey (what genpkey writes for EC keys as DER).
  const auto ec_private = sequence(required("version", int64()), required("privateKey", octet_string()),
                                   optional("parameters", explicit_(0, asn1::oid())),
                                   optional("publicKey", explicit_(1, bit_string())));
  const Bytes sec1 = asn1_test::read_bytes(path("key.der"));
  auto sec1_key = decode(ec_private, sec1);
  ASSERT_TRUE(sec1_key) << sec1_key.error().to_string();
  EXPECT_EQ(encode_der(ec_private, *sec1_key).value(), sec1);
  // PKCS #8 PrivateKeyInfo.
  const auto pkcs8 = sequence(required("version", int64()), required("algorithm", x509_test::algorithm_identifier()),
                              required("privateKey", octet_string()),
                              optional("attributes", implicit(0, set_of(any()))));
  const Bytes key = asn1_test::read_bytes(path("p8.der"));
  auto k = decode(pkcs8, key);
  ASSERT_TRUE(k) << k.error().to_string();
  EXPECT_EQ(std::get<1>(*k).algorithm, oid("1.2.840.10045.2.1"));
  ASSERT_TRUE(std::get<1>(*k).parameters.has_value());
  // The curve is an OID inside the ANY parameters.
  auto curve = decode(asn1::oid(), std::get<1>(*k).parameters->encoding);
  ASSERT_TRUE(curve);
  EXPECT_EQ(curve->to_string(), "1.2.840.10045.3.1.7");
  // The ECPrivateKey inside the OCTET STRING holds the same private key.
  auto inner = decode(ec_private, std::get<2>(*k));
  ASSERT_TRUE(inner) << inner.error().to_string();
  EXPECT_EQ(std::get<1>(*inner).size(), 32u);
  EXPECT_EQ(std::get<1>(*inner), std::get<1>(*sec1_key));
  EXPECT_EQ(encode_der(pkcs8, *k).value(), key);
  // SubjectPublicKeyInfo.
  const auto spki = sequence(x509_test::algorithm_identifier(), bit_string());
  const Bytes pub = asn1_test::read_bytes(path("pub.der"));
  auto p = decode(spki, pub);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(std::get<1>(*p).bytes.size(), 65u);
  EXPECT_EQ(std::get<1>(*p).bytes[0], 0x04);
  ASSERT_TRUE(std::get<3>(*sec1_key).has_value());
  EXPECT_EQ(std::get<3>(*sec1_key)->bytes, std::get<1>(*p).bytes);
  EXPECT_EQ(encode_der(spki, *p).value(), pub);
}

TEST_F(AgainstOpenssl, DecodesASelfSignedCertificate) {
  ASSERT_TRUE(openssl(
      "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k.pem -days 30 -outform DER "
      "-out cert.der -subj '/C=DE/O=Mirage Test/CN=asn1.example' -addext 'subjectAltName=DNS:asn1.example' "
      "-addext 'basicConstraints=critical,CA:TRUE'"))
      << output();
  const Bytes der = asn1_test::read_bytes(path("cert.der"));
  auto cert = decode(x509_test::certificate(), der);
  ASSERT_TRUE(cert) << cert.error().to_string();
  const auto& tbs = cert->tbs.value;
  EXPECT_EQ(tbs.version, 2);
  ASSERT_TRUE(tbs.extensions.has_value());
  bool critical_basic_constraints = false;
  for (const auto& e : *tbs.extensions)
    if (e.id == oid("2.5.29.19")) critical_basic_constraints = e.critical;
  EXPECT_TRUE(critical_basic_constraints);
  // The subject's CN is a UTF8String (openssl's default string mask).
  bool found_cn = false;
  for (const auto& rdn : tbs.subject)
    for (const auto& [type, value] : rdn)
      if (type == oid("2.5.4.3")) {
        ASSERT_EQ(value.index(), 1u);
        EXPECT_EQ(std::get<1>(value), "asn1.example");
        found_cn = true;
      }
  EXPECT_TRUE(found_cn);
  EXPECT_EQ(encode_der(x509_test::certificate(), *cert).value(), der);
  // And openssl verifies the signature over the TBSCertificate bytes we captured.
  asn1_test::write_bytes(path("tbs.der"), cert->tbs.encoding);
  EXPECT_EQ(cert->signature_algorithm.algorithm, oid("1.2.840.10045.4.3.2"));
  asn1_test::write_bytes(path("sig.der"), cert->signature.bytes);
  ASSERT_TRUE(openssl("x509 -in cert.der -inform DER -pubkey -noout -out pub.pem")) << output();
  EXPECT_TRUE(openssl("dgst -sha256 -verify pub.pem -signature sig.der tbs.der")) << output();
}

}  // namespace
