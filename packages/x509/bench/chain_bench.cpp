// Parsing and validating a 3-certificate chain (root, intermediate, leaf), ours against
// OpenSSL's X509_verify_cert in the same run, for an all-ECDSA P-256 chain and an
// all-RSA-2048 chain (PKCS #1 v1.5 with SHA-256). The chains are made here, with this
// package's issuing code, so both sides check the same bytes.
//
// One op, on each side: decode the leaf and the intermediate from DER, build the path to
// the root (a trust store made once, as a server keeps one), check every signature,
// validity at a fixed time, basic constraints, key usage and extended key usage for TLS
// server authentication.
//   x509_chain_bench [seconds per row and side, default 1]
#include <x509/x509.hpp>

#include <mirage_bench/compare.hpp>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>

namespace {

const asn1::DateTime kNotBefore = asn1::DateTime::from_unix(1'700'000'000);  // 2023-11-14
const std::int64_t kNow = 1'710'000'000;                                        // 2024-03-09

x509::IssueOptions options(bool ca, std::int64_t days) {
  x509::IssueOptions o;
  o.not_before = kNotBefore;
  o.not_after = asn1::DateTime::from_unix(kNotBefore.to_unix() + days * 86400);
  o.ca = ca;
  return o;
}

template <class T>
T must(x509::Result<T> r, const char* what) {
  if (!r) {
    std::printf("%s: %s\n", what, r.error().to_string().c_str());
    std::exit(1);
  }
  return std::move(*r);
}

struct Chain {
  x509::Bytes root, intermediate, leaf;  // DER
};

Chain make_chain(x509::KeyType type, mirage_bench::BenchRandom& rng) {
  auto root_key = must(x509::generate_private_key(type, rng), "root key");
  auto int_key = must(x509::generate_private_key(type, rng), "intermediate key");
  auto leaf_key = must(x509::generate_private_key(type, rng), "leaf key");
  auto root = must(x509::self_signed_certificate(
                       must(x509::parse_name("C=US, O=Mirage Bench, CN=Root"), "name"), root_key,
                       options(true, 3650), rng),
                   "root");
  auto int_csr = must(x509::make_csr(must(x509::parse_name("C=US, O=Mirage Bench, CN=Issuing CA"),
                                          "name"),
                                     int_key, {}, rng),
                      "intermediate request");
  auto io = options(true, 1825);
  io.path_length = 0;
  auto intermediate = must(x509::issue_from_csr(int_csr, root, root_key, io, rng), "intermediate");
  x509::SubjectAltName san;
  san.names.emplace_back(x509::DnsName{"www.example.test"});
  auto leaf_csr = must(x509::make_csr(must(x509::parse_name("CN=www.example.test"), "name"),
                                      leaf_key, {*x509::make_extension(std::move(san))},
                                      rng),
                       "leaf request");
  auto lo = options(false, 365);
  lo.extended_key_usage = {x509::kp::server_auth};
  auto leaf = must(x509::issue_from_csr(leaf_csr, intermediate, int_key, lo, rng), "leaf");
  return {must(x509::encode_certificate(root), "encode"),
          must(x509::encode_certificate(intermediate), "encode"),
          must(x509::encode_certificate(leaf), "encode")};
}

X509* d2i(const x509::Bytes& der) {
  const unsigned char* p = der.data();
  return d2i_X509(nullptr, &p, static_cast<long>(der.size()));
}

void row(const char* name, const Chain& chain) {
  // Ours: the trust store is the root, parsed once.
  const x509::Certificate roots[] = {must(x509::parse_certificate(chain.root), "root")};
  x509::ValidationOptions vo;
  vo.time = asn1::DateTime::from_unix(kNow);
  vo.purpose = x509::kp::server_auth;
  auto ours = [&] {
    auto leaf = x509::parse_certificate(chain.leaf);
    auto inter = x509::parse_certificate(chain.intermediate);
    if (!leaf || !inter) std::abort();
    const x509::Certificate pool[] = {std::move(*inter)};
    auto path = x509::build_path(*leaf, pool, roots, vo);
    if (!path || path->size() != 3) std::abort();
    mirage_bench::sink = static_cast<std::uint8_t>(path->size());
  };

  // OpenSSL: an X509_STORE with the root, made once.
  X509_STORE* store = X509_STORE_new();
  X509* root = d2i(chain.root);
  X509_STORE_add_cert(store, root);
  X509_free(root);
  X509_VERIFY_PARAM* param = X509_VERIFY_PARAM_new();
  X509_VERIFY_PARAM_set_time(param, kNow);
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  auto theirs = [&] {
    X509* leaf = d2i(chain.leaf);
    X509* inter = d2i(chain.intermediate);
    STACK_OF(X509)* untrusted = sk_X509_new_null();
    sk_X509_push(untrusted, inter);
    X509_STORE_CTX* ctx = X509_STORE_CTX_new();
    X509_STORE_CTX_init(ctx, store, leaf, untrusted);
    X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(ctx), param);
    if (X509_verify_cert(ctx) != 1) {
      std::printf("openssl: %s\n",
                  X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
      std::abort();
    }
    mirage_bench::sink = static_cast<std::uint8_t>(X509_STORE_CTX_get_error_depth(ctx));
    X509_STORE_CTX_free(ctx);
    sk_X509_pop_free(untrusted, X509_free);
    X509_free(leaf);
  };
  ours();
  theirs();
  mirage_bench::row_ops(name, ours, theirs);
  X509_VERIFY_PARAM_free(param);
  X509_STORE_free(store);
}

}  // namespace

int main(int argc, char** argv) {
  mirage_bench::set_seconds(argc, argv);
  mirage_bench::BenchRandom rng;
  const Chain ec = make_chain(x509::KeyType::EcP256, rng);
  const Chain rsa = make_chain(x509::KeyType::Rsa, rng);
  std::printf("one op = decode leaf and intermediate, build and validate the path to the root\n");
  mirage_bench::header_ops("x509", "openssl");
  row("chain ECDSA P-256", ec);
  row("chain RSA-2048", rsa);
  return 0;
}
