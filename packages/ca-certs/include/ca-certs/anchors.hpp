#pragma once
// Trust anchors: the certificates a unikernel trusts, from a PEM bundle (Debian's
// /etc/ssl/certs/ca-certificates.crt), a directory of PEM files, or a bundle crunched
// into the image (cmake/CaCerts.cmake); and the authenticator that validates the chain a
// peer sends against them. Portable: bytes in, no I/O (<ca-certs/unix.hpp> reads files).
#include <x509/chain.hpp>
#include <x509/error.hpp>

#include <span>
#include <string_view>
#include <vector>

namespace ca_certs {

using x509::Bytes;
using x509::ByteView;
using x509::Result;

class Anchors {
 public:
  Anchors() = default;

  // Every CERTIFICATE block of `pem` (other blocks and text between them ignored). The
  // error names the block that does not parse; an empty result is not an error.
  static Result<Anchors> from_pem(std::string_view pem);

  // Adds the certificates of `pem`; how many were new (a certificate already held, byte
  // for byte, is not added twice).
  Result<std::size_t> add_pem(std::string_view pem);
  // Adds one certificate; false when it is already held.
  bool add(x509::Certificate cert);

  std::span<const x509::Certificate> certificates() const { return certs_; }
  std::size_t size() const { return certs_.size(); }
  bool empty() const { return certs_.empty(); }

  // The anchors whose subject matches `name` (RFC 5280 comparison).
  std::vector<const x509::Certificate*> find_by_subject(const x509::Name& name) const;
  // The anchor with this SHA-256 fingerprint of its DER, or null.
  const x509::Certificate* find_by_fingerprint(ByteView sha256) const;

  // Authenticates the chain a TLS peer sent (its certificate first, then whatever it
  // sent, in any order): the shortest valid path to one of these anchors through the
  // sent certificates (x509::build_path with `options`; its purpose defaults to
  // serverAuth), then, when `host` is not empty, that the leaf names it (RFC 6125).
  // The path, leaf first, ending with the anchor. InvalidValue for an empty chain.
  Result<std::vector<x509::Certificate>> authenticate(std::span<const x509::Certificate> sent,
                                                      std::string_view host,
                                                      x509::ValidationOptions options) const;

 private:
  std::vector<x509::Certificate> certs_;
  std::vector<Bytes> fingerprints_;  // SHA-256 of each certificate's DER, in step with certs_
};

}  // namespace ca_certs
