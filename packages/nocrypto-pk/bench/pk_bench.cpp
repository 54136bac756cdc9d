// nocrypto-pk against OpenSSL's libcrypto, in the same run with the same keys: operations
// per second of each and the ratio (ours / OpenSSL) for RSA-2048 PKCS#1 v1.5 SHA-256 sign
// and verify, RSA-2048 OAEP-SHA256 decryption, RSA-4096 sign, and the FFDHE-2048 shared
// secret. Our private-key operations are blinded, as OpenSSL's are.
//   nocrypto_pk_bench [seconds per row and side, default 1]
#include <nocrypto-pk/nocrypto_pk.hpp>

#include <mirage_bench/compare.hpp>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using namespace nocrypto::pk;
using mirage_bench::BenchRandom;
using mirage_bench::row_ops;
using mirage_bench::sink;

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "pk_bench: %s failed\n", what);
    std::exit(1);
  }
}

Bytes bn_param(EVP_PKEY* pkey, const char* name) {
  BIGNUM* bn = nullptr;
  require(EVP_PKEY_get_bn_param(pkey, name, &bn) == 1, name);
  Bytes out(static_cast<std::size_t>(BN_num_bytes(bn)));
  BN_bn2bin(bn, out.data());
  BN_free(bn);
  return out;
}

// An OpenSSL RSA key and the same key as ours.
struct RsaPair {
  EVP_PKEY* theirs;
  RsaPrivateKey ours;
};

RsaPair rsa_pair(unsigned bits) {
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits));
  require(pkey != nullptr, "RSA keygen");
  auto key = RsaPrivateKey::make(
      bn_param(pkey, OSSL_PKEY_PARAM_RSA_N), bn_param(pkey, OSSL_PKEY_PARAM_RSA_E),
      bn_param(pkey, OSSL_PKEY_PARAM_RSA_D), bn_param(pkey, OSSL_PKEY_PARAM_RSA_FACTOR1),
      bn_param(pkey, OSSL_PKEY_PARAM_RSA_FACTOR2), bn_param(pkey, OSSL_PKEY_PARAM_RSA_EXPONENT1),
      bn_param(pkey, OSSL_PKEY_PARAM_RSA_EXPONENT2),
      bn_param(pkey, OSSL_PKEY_PARAM_RSA_COEFFICIENT1));
  require(key.has_value(), "importing OpenSSL's RSA key");
  return {pkey, std::move(*key)};
}

Bytes openssl_sign(EVP_PKEY* pkey, nocrypto::ByteView msg) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t len = 0;
  EVP_DigestSignInit_ex(ctx, nullptr, "SHA256", nullptr, nullptr, pkey, nullptr);
  EVP_DigestSign(ctx, nullptr, &len, msg.data(), msg.size());
  Bytes sig(len);
  require(EVP_DigestSign(ctx, sig.data(), &len, msg.data(), msg.size()) == 1, "EVP_DigestSign");
  EVP_MD_CTX_free(ctx);
  return sig;
}

bool openssl_verify(EVP_PKEY* pkey, nocrypto::ByteView msg, nocrypto::ByteView sig) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestVerifyInit_ex(ctx, nullptr, "SHA256", nullptr, nullptr, pkey, nullptr);
  const bool ok = EVP_DigestVerify(ctx, sig.data(), sig.size(), msg.data(), msg.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

void bench_rsa_sign(const char* name, unsigned bits) {
  RsaPair pair = rsa_pair(bits);
  BenchRandom rng;
  const auto msg = nocrypto::bytes_of("a message of some thirty bytes.");
  auto ours = pkcs1_sign(pair.ours, DigestAlgorithm::sha256, msg, RandomRef(rng));
  require(ours && *ours == openssl_sign(pair.theirs, msg), "same signature from both");
  row_ops(
      name,
      [&] {
        auto s = pkcs1_sign(pair.ours, DigestAlgorithm::sha256, msg, RandomRef(rng));
        sink = (*s)[0];
      },
      [&] { sink = openssl_sign(pair.theirs, msg)[0]; });
  if (bits == 2048) {
    const Bytes sig = *ours;
    row_ops(
        "rsa2048 verify (sha256)",
        [&] { sink = pkcs1_verify(pair.ours.public_key(), DigestAlgorithm::sha256, msg, sig); },
        [&] { sink = openssl_verify(pair.theirs, msg, sig); });
    // OAEP-SHA256 decryption of one 32-byte key.
    const Bytes secret(32, 0x42);
    auto c = oaep_encrypt(pair.ours.public_key(), DigestAlgorithm::sha256, secret, rng);
    require(c.has_value(), "oaep_encrypt");
    EVP_PKEY_CTX* dctx = EVP_PKEY_CTX_new_from_pkey(nullptr, pair.theirs, nullptr);
    require(EVP_PKEY_decrypt_init(dctx) == 1 &&
                EVP_PKEY_CTX_set_rsa_padding(dctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
                EVP_PKEY_CTX_set_rsa_oaep_md_name(dctx, "SHA256", nullptr) == 1 &&
                EVP_PKEY_CTX_set_rsa_mgf1_md_name(dctx, "SHA256", nullptr) == 1,
            "OpenSSL OAEP setup");
    row_ops(
        "rsa2048 oaep decrypt (sha256)",
        [&] {
          auto m = oaep_decrypt(pair.ours, DigestAlgorithm::sha256, *c, {}, RandomRef(rng));
          sink = (*m)[0];
        },
        [&] {
          std::uint8_t out[256];
          std::size_t len = sizeof out;
          require(EVP_PKEY_decrypt(dctx, out, &len, c->data(), c->size()) == 1 && len == 32,
                  "EVP_PKEY_decrypt");
          sink = out[0];
        });
    EVP_PKEY_CTX_free(dctx);
  }
  EVP_PKEY_free(pair.theirs);
}

EVP_PKEY* openssl_dh_key() {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr);
  EVP_PKEY* pkey = nullptr;
  char group[] = "ffdhe2048";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("group", group, 0),
                               OSSL_PARAM_construct_end()};
  require(EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_CTX_set_params(ctx, params) == 1 &&
              EVP_PKEY_generate(ctx, &pkey) == 1,
          "OpenSSL DH keygen");
  EVP_PKEY_CTX_free(ctx);
  return pkey;
}

void bench_dh() {
  BenchRandom rng;
  auto a = DhPrivateKey::generate(DhGroup::ffdhe2048, rng);
  auto b = DhPrivateKey::generate(DhGroup::ffdhe2048, rng);
  require(a && b, "DhPrivateKey::generate");
  EVP_PKEY* ta = openssl_dh_key();
  EVP_PKEY* tb = openssl_dh_key();
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, ta, nullptr);
  require(EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_derive_set_peer(ctx, tb) == 1,
          "OpenSSL derive setup");
  row_ops(
      "ffdhe2048 shared secret",
      [&] {
        auto s = dh_shared_secret(*a, b->public_value());
        sink = (*s)[0];
      },
      [&] {
        std::uint8_t out[256];
        std::size_t len = sizeof out;
        require(EVP_PKEY_derive(ctx, out, &len) == 1, "EVP_PKEY_derive");
        sink = out[0];
      });
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(ta);
  EVP_PKEY_free(tb);
}

}  // namespace

int main(int argc, char** argv) {
  mirage_bench::set_seconds(argc, argv);
  mirage_bench::header_ops("nocrypto", "openssl");
  bench_rsa_sign("rsa2048 sign (pkcs1, sha256)", 2048);
  bench_rsa_sign("rsa4096 sign (pkcs1, sha256)", 4096);
  bench_dh();
  return 0;
}
