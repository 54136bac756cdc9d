// X25519 and Ed25519 against OpenSSL's libcrypto (EVP), in the same run: operations per
// second of each and the ratio (ours / OpenSSL).
//   nocrypto_ec_c25519_bench [seconds per row and side, default 1]
#include <nocrypto-ec/ed25519.hpp>
#include <nocrypto-ec/x25519.hpp>

#include <mirage_bench/compare.hpp>
#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using mirage_bench::row_ops;
using mirage_bench::sink;

EVP_PKEY* raw_private(int type, const std::uint8_t* key) {
  EVP_PKEY* k = EVP_PKEY_new_raw_private_key(type, nullptr, key, 32);
  if (k == nullptr) std::abort();
  return k;
}

EVP_PKEY* raw_public(int type, const std::uint8_t* key) {
  EVP_PKEY* k = EVP_PKEY_new_raw_public_key(type, nullptr, key, 32);
  if (k == nullptr) std::abort();
  return k;
}

}  // namespace

int main(int argc, char** argv) {
  mirage_bench::set_seconds(argc, argv);
  mirage_bench::header_ops("nocrypto", "openssl");
  using namespace nocrypto::ec;

  std::array<std::uint8_t, 32> a{}, b{};
  for (int i = 0; i < 32; ++i) {
    a[i] = static_cast<std::uint8_t>(i * 7 + 1);
    b[i] = static_cast<std::uint8_t>(i * 13 + 5);
  }

  // X25519 shared secret
  const X25519Key b_pub = *X25519::public_key(b);
  EVP_PKEY* ossl_a = raw_private(EVP_PKEY_X25519, a.data());
  EVP_PKEY* ossl_b_pub = raw_public(EVP_PKEY_X25519, b_pub.data());
  EVP_PKEY_CTX* derive = EVP_PKEY_CTX_new(ossl_a, nullptr);
  row_ops(
      "x25519 shared secret", [&] { sink = (*X25519::shared(a, b_pub))[0]; },
      [&] {
        std::uint8_t out[32];
        std::size_t len = sizeof out;
        EVP_PKEY_derive_init(derive);
        EVP_PKEY_derive_set_peer(derive, ossl_b_pub);
        EVP_PKEY_derive(derive, out, &len);
        sink = out[0];
      });

  // X25519 public key from private
  row_ops(
      "x25519 public key", [&] { sink = (*X25519::public_key(a))[0]; },
      [&] {
        EVP_PKEY* k = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, a.data(), 32);
        std::uint8_t out[32];
        std::size_t len = sizeof out;
        EVP_PKEY_get_raw_public_key(k, out, &len);
        EVP_PKEY_free(k);
        sink = out[0];
      });

  // Ed25519 sign and verify of a 64-byte message
  const auto key = *Ed25519PrivateKey::from_seed(a);
  std::array<std::uint8_t, 64> msg{};
  for (int i = 0; i < 64; ++i) msg[i] = static_cast<std::uint8_t>(i);
  const auto sig = key.sign(msg);
  EVP_PKEY* ossl_ed = raw_private(EVP_PKEY_ED25519, a.data());
  EVP_PKEY* ossl_ed_pub = raw_public(EVP_PKEY_ED25519, key.public_key().data());
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  row_ops(
      "ed25519 sign (64 B)", [&] { sink = key.sign(msg)[0]; },
      [&] {
        std::uint8_t out[64];
        std::size_t len = sizeof out;
        EVP_DigestSignInit(md, nullptr, nullptr, nullptr, ossl_ed);
        EVP_DigestSign(md, out, &len, msg.data(), msg.size());
        sink = out[0];
      });
  row_ops(
      "ed25519 verify (64 B)", [&] { sink = ed25519_verify(key.public_key(), msg, sig); },
      [&] {
        EVP_DigestVerifyInit(md, nullptr, nullptr, nullptr, ossl_ed_pub);
        sink = static_cast<std::uint8_t>(
            EVP_DigestVerify(md, sig.data(), sig.size(), msg.data(), msg.size()));
      });
  row_ops(
      "ed25519 key from seed", [&] { sink = Ed25519PrivateKey::from_seed(a)->public_key()[0]; },
      [&] {
        EVP_PKEY* k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, a.data(), 32);
        std::uint8_t out[32];
        std::size_t len = sizeof out;
        EVP_PKEY_get_raw_public_key(k, out, &len);
        EVP_PKEY_free(k);
        sink = out[0];
      });
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(ossl_ed);
  EVP_PKEY_free(ossl_ed_pub);
  EVP_PKEY_CTX_free(derive);
  EVP_PKEY_free(ossl_a);
  EVP_PKEY_free(ossl_b_pub);
  return 0;
}
