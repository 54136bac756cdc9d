// nocrypto's AES modes against OpenSSL's libcrypto (EVP), in the same run on the same
// buffers: MB/s of each and the ratio (ours / OpenSSL). AES-128-GCM seal at 64 B, 1 KiB
// and 16 KiB, AES-256-GCM at 16 KiB, AES-128-CTR, AES-128-CBC encrypt and AES-128-CCM
// seal at 16 KiB, then the same forced portable (bitsliced AES, integer-multiply GHASH).
//   nocrypto_cipher_bench [seconds per row and side, default 1]
#include <nocrypto/aes.hpp>
#include <nocrypto/ccm.hpp>
#include <nocrypto/cpu.hpp>
#include <nocrypto/gcm.hpp>

#include <mirage_bench/compare.hpp>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using mirage_bench::row_mbps;
using mirage_bench::sink;

// One OpenSSL cipher with its context reused: the key is set once, the IV per call.
class Openssl {
 public:
  Openssl(const char* name, const std::vector<std::uint8_t>& key, std::size_t iv_len,
          std::size_t ccm_tag = 0)
      : cipher_(EVP_CIPHER_fetch(nullptr, name, nullptr)), ctx_(EVP_CIPHER_CTX_new()),
        ccm_tag_(ccm_tag) {
    if (cipher_ == nullptr) std::abort();
    if (ccm_tag_ == 0) {
      EVP_EncryptInit_ex2(ctx_, cipher_, key.data(), nullptr, nullptr);
    } else {
      key_ = key;
    }
    if (iv_len != 16 && EVP_CIPHER_get_mode(cipher_) == EVP_CIPH_GCM_MODE) {
      EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv_len), nullptr);
    }
  }
  ~Openssl() {
    EVP_CIPHER_CTX_free(ctx_);
    EVP_CIPHER_free(cipher_);
  }
  void operator()(const std::uint8_t* iv, const std::uint8_t* in, std::uint8_t* out,
                  std::size_t n) {
    int len = 0;
    if (ccm_tag_ != 0) {  // CCM needs the tag length, then the key, then the total length
      EVP_EncryptInit_ex2(ctx_, cipher_, nullptr, nullptr, nullptr);
      EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_AEAD_SET_IVLEN, 12, nullptr);
      EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(ccm_tag_), nullptr);
      EVP_EncryptInit_ex2(ctx_, nullptr, key_.data(), iv, nullptr);
      EVP_EncryptUpdate(ctx_, nullptr, &len, nullptr, static_cast<int>(n));
    } else {
      EVP_EncryptInit_ex2(ctx_, nullptr, nullptr, iv, nullptr);
    }
    EVP_EncryptUpdate(ctx_, out, &len, in, static_cast<int>(n));
    EVP_EncryptFinal_ex(ctx_, out + len, &len);
    const int mode = EVP_CIPHER_get_mode(cipher_);
    if (mode == EVP_CIPH_GCM_MODE || mode == EVP_CIPH_CCM_MODE) {
      EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_AEAD_GET_TAG, 16, out + n);
    }
    sink = out[0];
  }

 private:
  EVP_CIPHER* cipher_;
  EVP_CIPHER_CTX* ctx_;
  std::size_t ccm_tag_;
  std::vector<std::uint8_t> key_;
};

void run_all(bool portable, const std::vector<std::uint8_t>& buffer,
             std::vector<std::uint8_t>& out) {
  using namespace nocrypto;
  const std::vector<std::uint8_t> key16(16, 0x42), key32(32, 0x42), iv(16, 0x24);
  const char* suffix = portable ? " (portable)" : "";
  auto name = [&](const char* base) {
    static char text[64];
    std::snprintf(text, sizeof text, "%s%s", base, suffix);
    return text;
  };
  auto ours = [&](auto&& fn) {
    return [&, fn] {
      cpu::force_portable(portable);
      fn();
      cpu::force_portable(false);
    };
  };
  const ByteView nonce(iv.data(), 12);
  {
    const auto gcm = AesGcm::create(key16).value();
    Openssl theirs("AES-128-GCM", key16, 12);
    for (std::size_t size : {64, 1024, 16384}) {
      if (portable && size != 16384) continue;
      const ByteView msg(buffer.data(), size);
      row_mbps(
          name("aes-128-gcm seal"), size,
          ours([&] { (void)gcm.seal(nonce, {}, msg, std::span(out).first(size + 16)); }),
          [&] { theirs(iv.data(), msg.data(), out.data(), size); });
    }
  }
  const ByteView msg(buffer.data(), 16384);
  const auto big = std::span(out).first(16384);
  {
    const auto gcm = AesGcm::create(key32).value();
    Openssl theirs("AES-256-GCM", key32, 12);
    row_mbps(
        name("aes-256-gcm seal"), 16384,
        ours([&] { (void)gcm.seal(nonce, {}, msg, std::span(out).first(16384 + 16)); }),
        [&] { theirs(iv.data(), msg.data(), out.data(), 16384); });
  }
  const auto aes = Aes::create(key16).value();
  {
    Openssl theirs("AES-128-CTR", key16, 16);
    row_mbps(
        name("aes-128-ctr"), 16384, ours([&] { (void)ctr_xor(aes, iv, msg, big); }),
        [&] { theirs(iv.data(), msg.data(), out.data(), 16384); });
  }
  {
    Openssl theirs("AES-128-CBC", key16, 16);
    // OpenSSL pads by default: compare with our padded CBC.
    row_mbps(
        name("aes-128-cbc encrypt"), 16384,
        ours([&] {
          (void)cbc_pkcs7_encrypt(aes, iv, msg, std::span(out).first(16384 + 16));
        }),
        [&] { theirs(iv.data(), msg.data(), out.data(), 16384); });
  }
  {
    const auto ccm = AesCcm::create(key16).value();
    Openssl theirs("AES-128-CCM", key16, 12, 16);
    row_mbps(
        name("aes-128-ccm seal"), 16384,
        ours([&] { (void)ccm.seal(nonce, {}, msg, std::span(out).first(16384 + 16)); }),
        [&] { theirs(iv.data(), msg.data(), out.data(), 16384); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  mirage_bench::set_seconds(argc, argv);
  std::vector<std::uint8_t> buffer(16384), out(16384 + 64);
  for (std::size_t i = 0; i < buffer.size(); ++i)
    buffer[i] = static_cast<std::uint8_t>(i * 131 + 7);
  const auto& cpu = nocrypto::cpu::detected();
  std::printf("CPU: aes-ni %s, pclmulqdq %s\n", cpu.aesni ? "yes" : "no",
              cpu.pclmulqdq ? "yes" : "no");
  mirage_bench::header_mbps("nocrypto", "openssl");
  run_all(false, buffer, out);
  run_all(true, buffer, out);
  return 0;
}
