// nocrypto against OpenSSL's libcrypto, in the same run on the same buffers: MB/s of each
// and the ratio (ours / OpenSSL), for SHA-256, SHA-512, SHA-1, SHA3-256, BLAKE2b-512 and
// HMAC-SHA256 at 64 B, 1 KiB and 16 KiB; SHA-256 and SHA-1 also forced portable.
//   nocrypto_bench [seconds per row and side, default 1]
#include <nocrypto/nocrypto.hpp>

#include <mirage_bench/compare.hpp>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

namespace {

using mirage_bench::row_mbps;
using mirage_bench::sink;

// One OpenSSL digest, with its context reused across calls.
class OpensslDigest {
 public:
  explicit OpensslDigest(const char* name)
      : md_(EVP_MD_fetch(nullptr, name, nullptr)), ctx_(EVP_MD_CTX_new()) {
    if (md_ == nullptr) std::abort();
  }
  ~OpensslDigest() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  void operator()(const std::uint8_t* p, std::size_t n) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_DigestInit_ex2(ctx_, md_, nullptr);
    EVP_DigestUpdate(ctx_, p, n);
    EVP_DigestFinal_ex(ctx_, out, &len);
    sink = out[0];
  }

 private:
  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
};

// OpenSSL's HMAC-SHA256, keyed for each message as ours is.
class OpensslHmac {
 public:
  OpensslHmac() : mac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)), ctx_(EVP_MAC_CTX_new(mac_)) {
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (EVP_MAC_CTX_set_params(ctx_, params) != 1) std::abort();
  }
  ~OpensslHmac() {
    EVP_MAC_CTX_free(ctx_);
    EVP_MAC_free(mac_);
  }
  void operator()(nocrypto::ByteView key, const std::uint8_t* p, std::size_t n) {
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t len = 0;
    EVP_MAC_init(ctx_, key.data(), key.size(), nullptr);
    EVP_MAC_update(ctx_, p, n);
    EVP_MAC_final(ctx_, out, &len, sizeof out);
    sink = out[0];
  }

 private:
  EVP_MAC* mac_;
  EVP_MAC_CTX* ctx_;
};

template <nocrypto::Hash H>
void compare(const char* name, const char* openssl_name, const std::vector<std::uint8_t>& buffer,
             bool portable = false) {
  OpensslDigest theirs(openssl_name);
  for (std::size_t size : {64, 1024, 16384}) {
    const nocrypto::ByteView msg(buffer.data(), size);
    row_mbps(
        name, size,
        [&] {
          nocrypto::cpu::force_portable(portable);
          sink = nocrypto::digest<H>(msg)[0];
        },
        [&] { theirs(msg.data(), msg.size()); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  mirage_bench::set_seconds(argc, argv);
  std::vector<std::uint8_t> buffer(16384);
  for (std::size_t i = 0; i < buffer.size(); ++i)
    buffer[i] = static_cast<std::uint8_t>(i * 131 + 7);
  const auto& cpu = nocrypto::cpu::detected();
  std::printf("CPU: sha-ni %s, avx2 %s\n", cpu.sha ? "yes" : "no", cpu.avx2 ? "yes" : "no");
  mirage_bench::header_mbps("nocrypto", "openssl");
  using namespace nocrypto;
  compare<Sha256>("sha256", "SHA256", buffer);
  compare<Sha256>("sha256 (portable)", "SHA256", buffer, true);
  compare<Sha512>("sha512", "SHA512", buffer);
  compare<Sha1>("sha1", "SHA1", buffer);
  compare<Sha1>("sha1 (portable)", "SHA1", buffer, true);
  compare<Sha3_256>("sha3-256", "SHA3-256", buffer);
  compare<Blake2b<64>>("blake2b-512", "BLAKE2B-512", buffer);
  OpensslHmac theirs;
  const std::vector<std::uint8_t> key(32, 0x0b);
  for (std::size_t size : {64, 1024, 16384}) {
    row_mbps(
        "hmac-sha256", size, [&] { sink = hmac<Sha256>(key, ByteView(buffer.data(), size))[0]; },
        [&] { theirs(key, buffer.data(), size); });
  }
  return 0;
}
