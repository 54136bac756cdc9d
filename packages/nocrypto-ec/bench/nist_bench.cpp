// P-256, P-384 and P-521 against OpenSSL's libcrypto (EVP), in the same run: ECDSA sign
// and verify of a prehashed message, ECDH with a decoded peer key, and key generation.
//   nocrypto_ec_nist_bench [seconds per row and side, default 1]
#include <nocrypto-ec/ecdh.hpp>
#include <nocrypto-ec/ecdsa.hpp>
#include <nocrypto-ec/nist.hpp>

#include <mirage_bench/compare.hpp>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

namespace {

using mirage_bench::BenchRandom;
using mirage_bench::row_ops;
using mirage_bench::sink;
using namespace nocrypto::ec;

EVP_PKEY* openssl_key(const char* group) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group);
  if (key == nullptr) std::abort();
  return key;
}

void compare(Curve curve, const char* group, HashAlgorithm hash, std::size_t digest_len) {
  BenchRandom rng;
  const auto ours = *PrivateKey::generate(curve, rng);
  const auto ours_peer = *PrivateKey::generate(curve, rng);
  const auto ours_pub = ours.public_key();
  const auto peer_pub = ours_peer.public_key();
  std::vector<std::uint8_t> digest(digest_len, 0x5a);

  EVP_PKEY* theirs = openssl_key(group);
  EVP_PKEY* theirs_peer = openssl_key(group);
  EVP_PKEY_CTX* sign_ctx = EVP_PKEY_CTX_new(theirs, nullptr);
  EVP_PKEY_sign_init(sign_ctx);
  EVP_PKEY_CTX* verify_ctx = EVP_PKEY_CTX_new(theirs, nullptr);
  EVP_PKEY_verify_init(verify_ctx);
  EVP_PKEY_CTX* derive_ctx = EVP_PKEY_CTX_new(theirs, nullptr);
  EVP_PKEY_derive_init(derive_ctx);
  EVP_PKEY_derive_set_peer(derive_ctx, theirs_peer);
  unsigned char their_sig[256];
  std::size_t their_sig_len = sizeof their_sig;
  if (EVP_PKEY_sign(sign_ctx, their_sig, &their_sig_len, digest.data(), digest.size()) != 1)
    std::abort();
  const auto our_sig = *ecdsa_sign_digest(ours, hash, digest);
  if (!ecdsa_verify_digest(ours_pub, digest, our_sig)) std::abort();

  char name[64];
  std::snprintf(name, sizeof name, "%s ecdsa sign", curve_name(curve));
  row_ops(
      name, [&] { sink = (*ecdsa_sign_digest(ours, hash, digest))[0]; },
      [&] {
        unsigned char sig[256];
        std::size_t len = sizeof sig;
        EVP_PKEY_sign(sign_ctx, sig, &len, digest.data(), digest.size());
        sink = sig[0];
      });
  std::snprintf(name, sizeof name, "%s ecdsa verify", curve_name(curve));
  row_ops(
      name, [&] { sink = ecdsa_verify_digest(ours_pub, digest, our_sig); },
      [&] {
        sink = static_cast<std::uint8_t>(
            EVP_PKEY_verify(verify_ctx, their_sig, their_sig_len, digest.data(), digest.size()));
      });
  std::snprintf(name, sizeof name, "%s ecdh", curve_name(curve));
  row_ops(
      name, [&] { sink = (*ecdh(ours, peer_pub))[0]; },
      [&] {
        unsigned char secret[80];
        std::size_t len = sizeof secret;
        EVP_PKEY_derive(derive_ctx, secret, &len);
        sink = secret[0];
      });
  std::snprintf(name, sizeof name, "%s keygen", curve_name(curve));
  row_ops(
      name, [&] { sink = PrivateKey::generate(curve, rng)->public_key().x()[0]; },
      [&] {
        EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group);
        sink = k != nullptr;
        EVP_PKEY_free(k);
      });
  EVP_PKEY_CTX_free(sign_ctx);
  EVP_PKEY_CTX_free(verify_ctx);
  EVP_PKEY_CTX_free(derive_ctx);
  EVP_PKEY_free(theirs);
  EVP_PKEY_free(theirs_peer);
}

}  // namespace

int main(int argc, char** argv) {
  mirage_bench::set_seconds(argc, argv);
  mirage_bench::header_ops("nocrypto", "openssl");
  compare(Curve::P256, "P-256", HashAlgorithm::Sha256, 32);
  compare(Curve::P384, "P-384", HashAlgorithm::Sha384, 48);
  compare(Curve::P521, "P-521", HashAlgorithm::Sha512, 64);
  return 0;
}
