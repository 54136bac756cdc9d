#pragma once
// Password-based encryption and MACs for PKCS #12: the RFC 7292 appendix B key derivation,
// PBES2 (RFC 8018) and the legacy PKCS #12 PBEs. Private to the package.
#include "grammar.hpp"

#include <x509/verify.hpp>

#include <nocrypto-pk/common.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace x509::pbe {

inline constexpr asn1::Oid pbes2 = asn1::oid("1.2.840.113549.1.5.13");
inline constexpr asn1::Oid pbkdf2 = asn1::oid("1.2.840.113549.1.5.12");

// Decodes BER (DER included) with `g`; a Der error saying `what` when it does not decode.
template <class G>
Result<asn1::value_of<G>> decode_ber(const G& g, ByteView ber, const std::string& what) {
  auto v = asn1::decode(g, ber, asn1::Mode::Ber);
  if (!v) return fail(ErrorCode::Der, what + ": " + v.error().to_string());
  return std::move(*v);
}

// A password in the two forms PKCS #12 files use.
struct Password {
  Bytes utf8;  // for PBKDF2, as OpenSSL passes it
  Bytes bmp;   // big-endian UTF-16 and two zero bytes, for the appendix B derivation
  ~Password();
};

// Both forms of a UTF-8 password (bytes that are not UTF-8 are widened one by one).
Password password(std::string_view utf8);

// UTF-16 code units of UTF-8 text; nothing for bad UTF-8 or, with bmp_only, for
// characters beyond the BMP (which a BMPString cannot hold).
std::optional<std::u16string> utf16_of(std::string_view utf8, bool bmp_only);

// The hash of a digest AlgorithmIdentifier's OID (SHA-1/256/384/512), or nothing.
std::optional<HashKind> hash_of(const asn1::Oid& digest);
const asn1::Oid& digest_oid(HashKind hash);

// HMAC-`hash` of `data` under the appendix B MAC key (ID 3) from `bmp_password`.
Bytes mac(HashKind hash, ByteView bmp_password, ByteView salt, std::uint32_t iterations,
          ByteView data);

// Whether `iterations` is within 1..max; InvalidValue naming `what` otherwise.
Result<std::uint32_t> check_iterations(std::int64_t iterations, std::uint32_t max,
                                       const char* what);

// Decrypts `data` under a PBES2 or PKCS #12 PBE AlgorithmIdentifier and strips the padding.
// UnsupportedAlgorithm for other schemes; BadSignature when the padding does not check out.
Result<Bytes> decrypt(const AlgorithmIdentifier& algorithm, ByteView data, const Password& password,
                      std::uint32_t max_iterations);

// PBES2 with PBKDF2-HMAC-SHA-256 (16-byte salt) and AES-256-CBC: the AlgorithmIdentifier
// and the ciphertext of `plain`.
Result<std::pair<AlgorithmIdentifier, Bytes>> encrypt(ByteView plain, const Password& password,
                                                      std::uint32_t iterations,
                                                      nocrypto::pk::RandomRef rng);

}  // namespace x509::pbe
