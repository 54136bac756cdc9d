// nocrypto against OpenSSL's libcrypto, in the same run on the same buffers: MB/s of each
// and the ratio (ours / OpenSSL), for ChaCha20-Poly1305 seal at 64 B, 1 KiB and 16 KiB,
// XChaCha20-Poly1305 (ours only, against OpenSSL's ChaCha20-Poly1305), ChaCha20 alone
// and Poly1305 alone at 16 KiB; the portable paths forced too.
//   nocrypto_chacha_bench [seconds per row and side, default 1]
#include <nocrypto/chacha20.hpp>
#include <nocrypto/chacha20_poly1305.hpp>
#include <nocrypto/cpu.hpp>
#include <nocrypto/poly1305.hpp>

#include <mirage_bench/compare.hpp>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using mirage_bench::row_mbps;
using mirage_bench::sink;

// One OpenSSL cipher context, keyed once; each call restarts it with the IV.
class OpensslCipher {
 public:
  OpensslCipher(const char* name, const std::uint8_t* key)
      : cipher_(EVP_CIPHER_fetch(nullptr, name, nullptr)), ctx_(EVP_CIPHER_CTX_new()) {
    if (cipher_ == nullptr || EVP_EncryptInit_ex2(ctx_, cipher_, key, nullptr, nullptr) != 1) {
      std::abort();
    }
  }
  ~OpensslCipher() {
    EVP_CIPHER_CTX_free(ctx_);
    EVP_CIPHER_free(cipher_);
  }
  // Encrypts p into out; with a tag (AEAD) also the AAD and the tag.
  void operator()(const std::uint8_t* iv, const std::uint8_t* aad, std::size_t aad_size,
                  const std::uint8_t* p, std::size_t n, std::uint8_t* out, bool aead) {
    int len = 0;
    EVP_EncryptInit_ex2(ctx_, nullptr, nullptr, iv, nullptr);
    if (aead && aad_size > 0) EVP_EncryptUpdate(ctx_, nullptr, &len, aad, static_cast<int>(aad_size));
    EVP_EncryptUpdate(ctx_, out, &len, p, static_cast<int>(n));
    EVP_EncryptFinal_ex(ctx_, out + len, &len);
    if (aead) {
      std::uint8_t tag[16];
      EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_AEAD_GET_TAG, 16, tag);
      sink = tag[0];
    }
    sink = out[0];
  }

 private:
  EVP_CIPHER* cipher_;
  EVP_CIPHER_CTX* ctx_;
};

class OpensslPoly1305 {
 public:
  OpensslPoly1305()
      : mac_(EVP_MAC_fetch(nullptr, "POLY1305", nullptr)), ctx_(EVP_MAC_CTX_new(mac_)) {
    if (mac_ == nullptr) std::abort();
  }
  ~OpensslPoly1305() {
    EVP_MAC_CTX_free(ctx_);
    EVP_MAC_free(mac_);
  }
  void operator()(const std::uint8_t* key, const std::uint8_t* p, std::size_t n) {
    std::uint8_t out[16];
    std::size_t len = 0;
    EVP_MAC_init(ctx_, key, 32, nullptr);
    EVP_MAC_update(ctx_, p, n);
    EVP_MAC_final(ctx_, out, &len, sizeof out);
    sink = out[0];
  }

 private:
  EVP_MAC* mac_;
  EVP_MAC_CTX* ctx_;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace nocrypto;
  mirage_bench::set_seconds(argc, argv);
  std::vector<std::uint8_t> buffer(16384), out(16384 + 16);
  for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<std::uint8_t>(i * 131 + 7);
  std::uint8_t key[32], nonce[24], iv16[16] = {}, aad[13];
  for (int i = 0; i < 32; ++i) key[i] = static_cast<std::uint8_t>(i * 7 + 1);
  for (int i = 0; i < 24; ++i) nonce[i] = static_cast<std::uint8_t>(i + 100);
  for (int i = 0; i < 13; ++i) aad[i] = static_cast<std::uint8_t>(i);
  for (int i = 0; i < 12; ++i) iv16[4 + i] = nonce[i];

  const auto& cpu = cpu::detected();
  std::printf("CPU: avx2 %s, avx512f %s\n", cpu.avx2 ? "yes" : "no", cpu.avx512f ? "yes" : "no");
  mirage_bench::header_mbps("nocrypto", "openssl");

  const auto aead = ChaCha20Poly1305::create(ByteView(key, 32));
  const auto xaead = XChaCha20Poly1305::create(ByteView(key, 32));
  OpensslCipher theirs_aead("ChaCha20-Poly1305", key);
  OpensslCipher theirs_stream("ChaCha20", key);
  OpensslPoly1305 theirs_mac;
  auto their_seal = [&](std::size_t n) {
    theirs_aead(nonce, aad, sizeof aad, buffer.data(), n, out.data(), true);
  };
  for (bool portable : {false, true}) {
    for (std::size_t n : {64, 1024, 16384}) {
      row_mbps(
          portable ? "chacha20-poly1305 (portable)" : "chacha20-poly1305 seal", n,
          [&] {
            cpu::force_portable(portable);
            (void)aead->seal(ByteView(nonce, 12), ByteView(aad, 13), ByteView(buffer.data(), n),
                             std::span(out.data(), n + 16));
            sink = out[n];
          },
          [&] { their_seal(n); });
    }
  }
  cpu::force_portable(false);
  row_mbps(
      "xchacha20-poly1305 seal", 16384,
      [&] {
        (void)xaead->seal(ByteView(nonce, 24), ByteView(aad, 13), buffer, std::span(out));
        sink = out[16384];
      },
      [&] { their_seal(16384); });
  for (bool portable : {false, true}) {
    row_mbps(
        portable ? "chacha20 (portable)" : "chacha20", 16384,
        [&] {
          cpu::force_portable(portable);
          (void)ChaCha20::xor_stream(ByteView(key, 32), ByteView(nonce, 12), 0, buffer,
                                     std::span(out.data(), 16384));
          sink = out[0];
        },
        [&] { theirs_stream(iv16, nullptr, 0, buffer.data(), 16384, out.data(), false); });
  }
  for (bool portable : {false, true}) {
    row_mbps(
        portable ? "poly1305 (portable)" : "poly1305", 16384,
        [&] {
          cpu::force_portable(portable);
          sink = (*Poly1305::mac(ByteView(key, 32), buffer))[0];
        },
        [&] { theirs_mac(key, buffer.data(), buffer.size()); });
  }
  cpu::force_portable(false);
  return 0;
}
