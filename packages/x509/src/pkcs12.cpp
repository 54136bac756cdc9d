// PKCS #12 (RFC 7292): the PFX, its AuthenticatedSafe and SafeBags as grammars; reading
// checks the MAC before decrypting anything.
#include "pbe.hpp"

#include <x509/name.hpp>
#include <x509/pkcs12.hpp>

#include <nocrypto/bytes.hpp>
#include <nocrypto/sha1.hpp>

namespace x509 {
namespace {

using namespace grammar;

namespace oids {
constexpr Oid data = asn1::oid("1.2.840.113549.1.7.1");
constexpr Oid signed_data = asn1::oid("1.2.840.113549.1.7.2");
constexpr Oid enveloped_data = asn1::oid("1.2.840.113549.1.7.3");
constexpr Oid encrypted_data = asn1::oid("1.2.840.113549.1.7.6");
constexpr Oid key_bag = asn1::oid("1.2.840.113549.1.12.10.1.1");
constexpr Oid shrouded_key_bag = asn1::oid("1.2.840.113549.1.12.10.1.2");
constexpr Oid cert_bag = asn1::oid("1.2.840.113549.1.12.10.1.3");
constexpr Oid crl_bag = asn1::oid("1.2.840.113549.1.12.10.1.4");
constexpr Oid secret_bag = asn1::oid("1.2.840.113549.1.12.10.1.5");
constexpr Oid safe_contents_bag = asn1::oid("1.2.840.113549.1.12.10.1.6");
constexpr Oid x509_certificate = asn1::oid("1.2.840.113549.1.9.22.1");
constexpr Oid x509_crl = asn1::oid("1.2.840.113549.1.9.23.1");
constexpr Oid friendly_name = asn1::oid("1.2.840.113549.1.9.20");
constexpr Oid local_key_id = asn1::oid("1.2.840.113549.1.9.21");
}  // namespace oids

// ContentInfo (RFC 5652 3), the content kept whole.
auto content_info() {
  return sequence(required("contentType", oid()), optional("content", explicit_(0, any())));
}

// MacData (RFC 7292 4): a DigestInfo, the salt, the iteration count.
auto mac_data() {
  return sequence(required("mac", sequence(required("digestAlgorithm", algorithm_identifier()),
                                           required("digest", octet_string()))),
                  required("macSalt", octet_string()),
                  with_default("iterations", int64(), std::int64_t{1}));
}

auto pfx() {
  return sequence(required("version", int64()), required("authSafe", content_info()),
                  optional("macData", mac_data()));
}

// EncryptedData (RFC 5652 8) and its EncryptedContentInfo.
auto encrypted_data() {
  return sequence(required("version", int64()),
                  required("encryptedContentInfo",
                           sequence(required("contentType", oid()),
                                    required("contentEncryptionAlgorithm", algorithm_identifier()),
                                    optional("encryptedContent", implicit(0, octet_string())))),
                  optional("unprotectedAttrs", implicit(1, set_of(any()))));
}

// EncryptedPrivateKeyInfo (RFC 5958 3).
auto encrypted_private_key_info() {
  return sequence(required("encryptionAlgorithm", algorithm_identifier()),
                  required("encryptedData", octet_string()));
}

auto bag_attribute() {
  return sequence(required("attrId", oid()), required("attrValues", set_of(any())));
}

auto safe_bag() {
  return sequence(required("bagId", oid()), required("bagValue", explicit_(0, any())),
                  optional("bagAttributes", set_of(bag_attribute())));
}

auto safe_contents() {
  return sequence_of(safe_bag());
}

// CertBag, CRLBag and SecretBag: a type and a [0] EXPLICIT value.
auto typed_value() {
  return sequence(required("type", oid()), required("value", explicit_(0, any())));
}

using ContentInfo = value_of<decltype(content_info())>;
using SafeBag = value_of<decltype(safe_bag())>;
using BagAttribute = value_of<decltype(bag_attribute())>;

using pbe::decode_ber;

// Prefixes an error's message with where it happened.
template <class T>
Result<T> within(Result<T> r, const std::string& where) {
  if (!r) r.error().message = where + ": " + r.error().message;
  return r;
}

Result<Pkcs12Attributes> read_attributes(const std::optional<std::vector<BagAttribute>>& list) {
  Pkcs12Attributes out;
  if (!list) return out;
  for (const auto& [id, values] : *list) {
    const bool name = id == oids::friendly_name;
    if (!name && id != oids::local_key_id) continue;
    if (values.size() != 1 || (name ? out.friendly_name.has_value() : out.local_key_id.has_value()))
      return fail(ErrorCode::InvalidValue,
                  std::string(name ? "friendlyName" : "localKeyId") + " must have one value");
    if (name) {
      auto text = decode_ber(bmp_string(), values[0].encoding, "friendlyName");
      if (!text) return std::unexpected(std::move(text.error()));
      out.friendly_name = attribute_text(AttributeValue(std::in_place_index<3>, std::move(*text)));
    } else {
      auto id_bytes = decode_ber(octet_string(), values[0].encoding, "localKeyId");
      if (!id_bytes) return std::unexpected(std::move(id_bytes.error()));
      out.local_key_id = std::move(*id_bytes);
    }
  }
  return out;
}

// Walks the AuthenticatedSafe and the bags inside, filling `out`.
class Reader {
 public:
  Reader(std::string_view password, const Pkcs12ReadOptions& options)
      : password_(pbe::password(password)), options_(options) {}

  Result<void> verify_mac(const value_of<decltype(mac_data())>& mac, ByteView auth_safe);
  Result<void> auth_safe(ByteView der);
  Pkcs12 result() { return std::move(out_); }

 private:
  static constexpr int kMaxNesting = 8;  // safeContentsBags within safeContentsBags

  Result<void> contents(ByteView der, int depth);
  Result<void> bag(const SafeBag& bag, int depth);
  Result<Bytes> decrypt(const AlgorithmIdentifier& algorithm, ByteView data) {
    return pbe::decrypt(algorithm, data, password_, options_.max_iterations);
  }

  pbe::Password password_;
  const Pkcs12ReadOptions& options_;
  Pkcs12 out_;
};

Result<void> Reader::verify_mac(const value_of<decltype(mac_data())>& mac, ByteView auth_safe) {
  const auto& [digest_info, salt, count] = mac;
  const auto& [algorithm, digest] = digest_info;
  auto hash = pbe::hash_of(algorithm.algorithm);
  if (!hash)
    return fail(ErrorCode::UnsupportedAlgorithm,
                "MAC digest " + algorithm.algorithm.to_string() +
                    " not supported (SHA-1, SHA-256, SHA-384, SHA-512)");
  if (!absent_or_null(algorithm.parameters))
    return fail(ErrorCode::InvalidValue, "MAC digest parameters must be NULL or absent");
  auto iterations = pbe::check_iterations(count, options_.max_iterations, "MAC");
  if (!iterations) return std::unexpected(std::move(iterations.error()));
  auto matches = [&](ByteView bmp) {
    return nocrypto::equal_ct(pbe::mac(*hash, bmp, salt, *iterations, auth_safe), digest);
  };
  if (matches(password_.bmp)) return {};
  // An empty password may also have been given as no bytes at all (OpenSSL's NULL one).
  if (password_.utf8.empty() && matches({})) {
    password_.bmp.clear();
    return {};
  }
  return fail(ErrorCode::BadSignature,
              "the MAC does not verify: a wrong password, or the file was altered");
}

Result<void> Reader::auth_safe(ByteView der) {
  auto infos = decode_ber(sequence_of(content_info()), der, "AuthenticatedSafe");
  if (!infos) return std::unexpected(std::move(infos.error()));
  for (std::size_t i = 0; i < infos->size(); ++i) {
    const auto& [type, content] = (*infos)[i];
    const std::string where = "AuthenticatedSafe[" + std::to_string(i) + "]";
    if (type != oids::data && type != oids::encrypted_data)
      return fail(ErrorCode::UnsupportedAlgorithm,
                  where + ": content type " + type.to_string() +
                      (type == oids::enveloped_data ? " (envelopedData, public-key privacy)" : "") +
                      " not supported");
    if (!content) return fail(ErrorCode::Der, where + ": content missing");
    if (type == oids::data) {
      auto octets = decode_ber(octet_string(), content->encoding, where);
      if (!octets) return std::unexpected(std::move(octets.error()));
      if (auto r = within(contents(*octets, 0), where); !r) return r;
      continue;
    }
    auto enc = decode_ber(encrypted_data(), content->encoding, where + " (EncryptedData)");
    if (!enc) return std::unexpected(std::move(enc.error()));
    const auto& [version, info, unprotected] = *enc;
    const auto& [inner_type, algorithm, ciphertext] = info;
    if (version != 0 && version != 2)
      return fail(ErrorCode::InvalidValue, where + ": EncryptedData version is not 0 or 2");
    if (inner_type != oids::data || !ciphertext)
      return fail(ErrorCode::InvalidValue, where + ": EncryptedData holds no encrypted data");
    auto plain = within(decrypt(algorithm, *ciphertext), where);
    if (!plain) return std::unexpected(std::move(plain.error()));
    auto r = within(contents(*plain, 0), where);
    nocrypto::wipe(*plain);
    if (!r) return r;
  }
  return {};
}

Result<void> Reader::contents(ByteView der, int depth) {
  auto bags = decode_ber(safe_contents(), der, "SafeContents");
  if (!bags) return std::unexpected(std::move(bags.error()));
  for (std::size_t i = 0; i < bags->size(); ++i)
    if (auto r = within(bag((*bags)[i], depth), "bag " + std::to_string(i)); !r) return r;
  return {};
}

Result<void> Reader::bag(const SafeBag& bag, int depth) {
  const auto& [id, value, attribute_list] = bag;
  auto attributes = read_attributes(attribute_list);
  if (!attributes) return std::unexpected(std::move(attributes.error()));
  if (id == oids::key_bag) {
    auto key = parse_private_key(value.encoding);
    if (!key) return std::unexpected(std::move(key.error()));
    out_.keys.push_back({std::move(*key), std::move(*attributes)});
    return {};
  }
  if (id == oids::shrouded_key_bag) {
    auto epki = decode_ber(encrypted_private_key_info(), value.encoding, "EncryptedPrivateKeyInfo");
    if (!epki) return std::unexpected(std::move(epki.error()));
    auto plain = decrypt(std::get<0>(*epki), std::get<1>(*epki));
    if (!plain) return std::unexpected(std::move(plain.error()));
    auto key = parse_private_key(*plain);
    nocrypto::wipe(*plain);
    if (!key) return std::unexpected(std::move(key.error()));
    out_.keys.push_back({std::move(*key), std::move(*attributes)});
    return {};
  }
  if (id == oids::safe_contents_bag) {
    if (depth >= kMaxNesting)
      return fail(ErrorCode::InvalidValue, "safeContentsBags nested too deeply");
    return contents(value.encoding, depth + 1);
  }
  if (id != oids::cert_bag && id != oids::crl_bag && id != oids::secret_bag) return {};
  auto typed = decode_ber(typed_value(), value.encoding, "bag value");
  if (!typed) return std::unexpected(std::move(typed.error()));
  auto& [type, inner] = *typed;
  if (id == oids::secret_bag) {
    out_.secrets.push_back({type, std::move(inner.encoding), std::move(*attributes)});
    return {};
  }
  if (type != (id == oids::cert_bag ? oids::x509_certificate : oids::x509_crl))
    return {};  // SDSI certificates and other kinds are skipped
  auto der = decode_ber(octet_string(), inner.encoding, "bag value");
  if (!der) return std::unexpected(std::move(der.error()));
  if (id == oids::crl_bag) {
    out_.crls.push_back({std::move(*der), std::move(*attributes)});
    return {};
  }
  auto cert = parse_certificate(*der);
  if (!cert) return std::unexpected(std::move(cert.error()));
  out_.certificates.push_back({std::move(*cert), std::move(*attributes)});
  return {};
}

// Writing.

Any der_any(const Result<Bytes>& der) {
  return der ? any_of(*der) : Any{};
}

template <class G>
Result<Bytes> der_of(const G& g, const value_of<G>& v, const char* what) {
  auto der = asn1::encode_der(g, v);
  if (!der) return fail(ErrorCode::Encoding, std::string(what) + ": " + der.error().to_string());
  return std::move(*der);
}

std::vector<BagAttribute> write_attributes(const std::u16string& name, const Bytes& key_id) {
  std::vector<BagAttribute> out;
  out.emplace_back(oids::local_key_id,
                   std::vector<Any>{der_any(der_of(octet_string(), key_id, "localKeyId"))});
  if (!name.empty())
    out.emplace_back(oids::friendly_name,
                     std::vector<Any>{der_any(der_of(bmp_string(), name, "friendlyName"))});
  return out;
}

// A ContentInfo of type data around DER bytes.
ContentInfo data_content(const Bytes& der) {
  return {oids::data, der_any(der_of(octet_string(), der, "data"))};
}

// The certificates in certBags (the first with `attributes`), in an encryptedData.
Result<ContentInfo> certificates_content(std::span<const Certificate> certificates,
                                         const std::vector<BagAttribute>& attributes,
                                         const pbe::Password& password, std::uint32_t iterations,
                                         nocrypto::pk::RandomRef rng) {
  std::vector<SafeBag> bags;
  for (std::size_t i = 0; i < certificates.size(); ++i) {
    auto cert = encode_certificate(certificates[i]);
    if (!cert) return std::unexpected(std::move(cert.error()));
    auto value =
        der_of(typed_value(),
               {oids::x509_certificate, der_any(der_of(octet_string(), *cert, "cert"))}, "CertBag");
    if (!value) return std::unexpected(std::move(value.error()));
    bags.emplace_back(oids::cert_bag, any_of(*value),
                      i == 0 ? std::optional(attributes) : std::nullopt);
  }
  auto plain = der_of(safe_contents(), bags, "SafeContents");
  if (!plain) return std::unexpected(std::move(plain.error()));
  auto sealed = pbe::encrypt(*plain, password, iterations, rng);
  if (!sealed) return std::unexpected(std::move(sealed.error()));
  auto enc =
      der_of(encrypted_data(),
             {0, {oids::data, std::move(sealed->first), std::move(sealed->second)}, std::nullopt},
             "EncryptedData");
  if (!enc) return std::unexpected(std::move(enc.error()));
  return ContentInfo(oids::encrypted_data, any_of(*enc));
}

// The key in a pkcs8ShroudedKeyBag with `attributes`, in a data ContentInfo.
Result<ContentInfo> key_content(const PrivateKey& key, const std::vector<BagAttribute>& attributes,
                                const pbe::Password& password, std::uint32_t iterations,
                                nocrypto::pk::RandomRef rng) {
  Bytes pkcs8 = encode_pkcs8(key);
  auto sealed = pbe::encrypt(pkcs8, password, iterations, rng);
  nocrypto::wipe(pkcs8);
  if (!sealed) return std::unexpected(std::move(sealed.error()));
  auto epki = der_of(encrypted_private_key_info(), {sealed->first, sealed->second},
                     "EncryptedPrivateKeyInfo");
  if (!epki) return std::unexpected(std::move(epki.error()));
  auto contents =
      der_of(safe_contents(), {SafeBag(oids::shrouded_key_bag, any_of(*epki), attributes)},
             "SafeContents");
  if (!contents) return std::unexpected(std::move(contents.error()));
  return data_content(*contents);
}

}  // namespace

const Pkcs12Certificate* Pkcs12::certificate_for(const Pkcs12Key& key) const {
  if (const auto& id = key.attributes.local_key_id) {
    for (const auto& c : certificates)
      if (c.attributes.local_key_id == id) return &c;
  }
  const auto spki = key.key.public_key_info();
  for (const auto& c : certificates)
    if (c.certificate.tbs.public_key.algorithm.algorithm == spki.algorithm.algorithm &&
        c.certificate.tbs.public_key.subject_public_key == spki.subject_public_key)
      return &c;
  return nullptr;
}

Result<Pkcs12> parse_pkcs12(ByteView der, std::string_view password,
                            const Pkcs12ReadOptions& options) {
  auto top = decode_ber(pfx(), der, "PKCS #12: PFX");
  if (!top) return std::unexpected(std::move(top.error()));
  const auto& [version, auth_safe, mac] = *top;
  if (version != 3) return fail(ErrorCode::InvalidValue, "PKCS #12: PFX version is not 3");
  const auto& [type, content] = auth_safe;
  if (type == oids::signed_data)
    return fail(ErrorCode::UnsupportedAlgorithm,
                "PKCS #12: public-key integrity (signedData) not supported");
  if (type != oids::data)
    return fail(ErrorCode::UnsupportedAlgorithm,
                "PKCS #12: authSafe content type " + type.to_string() + " not supported");
  if (!content) return fail(ErrorCode::Der, "PKCS #12: authSafe content missing");
  auto octets = decode_ber(octet_string(), content->encoding, "PKCS #12: authSafe");
  if (!octets) return std::unexpected(std::move(octets.error()));
  Reader reader(password, options);
  if (mac) {
    if (auto r = within(reader.verify_mac(*mac, *octets), "PKCS #12"); !r)
      return std::unexpected(std::move(r.error()));
  } else if (options.require_mac) {
    return fail(ErrorCode::InvalidValue,
                "PKCS #12: no MAC, so no integrity check (Pkcs12ReadOptions::require_mac)");
  }
  if (auto r = within(reader.auth_safe(*octets), "PKCS #12"); !r)
    return std::unexpected(std::move(r.error()));
  return reader.result();
}

Result<Bytes> encode_pkcs12(const PrivateKey& key, std::span<const Certificate> certificates,
                            std::string_view password, nocrypto::pk::RandomRef rng,
                            const Pkcs12Options& options) {
  if (options.iterations == 0 || options.mac_iterations == 0)
    return fail(ErrorCode::InvalidValue, "PKCS #12: iteration counts must be at least 1");
  if (options.mac_hash == HashKind::None)
    return fail(ErrorCode::InvalidValue, "PKCS #12: the MAC needs a hash");
  auto name = pbe::utf16_of(options.friendly_name, true);
  if (!name)
    return fail(ErrorCode::InvalidValue, "PKCS #12: the friendly name is not UTF-8 within the BMP");
  const pbe::Password secret = pbe::password(password);

  // The localKeyId: the SHA-1 of the key's certificate, as OpenSSL makes it (of the public
  // key when there is no certificate).
  Bytes identified = key.public_key_info().subject_public_key.bytes;
  if (!certificates.empty()) {
    auto leaf = encode_certificate(certificates[0]);
    if (!leaf) return std::unexpected(std::move(leaf.error()));
    identified = std::move(*leaf);
  }
  const auto key_id = nocrypto::digest<nocrypto::Sha1>(identified);
  const auto attributes = write_attributes(*name, Bytes(key_id.begin(), key_id.end()));

  std::vector<ContentInfo> infos;
  if (!certificates.empty()) {
    auto sealed = certificates_content(certificates, attributes, secret, options.iterations, rng);
    if (!sealed) return std::unexpected(std::move(sealed.error()));
    infos.push_back(std::move(*sealed));
  }
  auto shrouded = key_content(key, attributes, secret, options.iterations, rng);
  if (!shrouded) return std::unexpected(std::move(shrouded.error()));
  infos.push_back(std::move(*shrouded));

  auto auth_safe = der_of(sequence_of(content_info()), infos, "AuthenticatedSafe");
  if (!auth_safe) return std::unexpected(std::move(auth_safe.error()));
  Bytes salt(8);
  if (!rng.generate(salt))
    return fail(ErrorCode::UnsupportedAlgorithm, "PKCS #12: the random generator refused");
  const Bytes tag =
      pbe::mac(options.mac_hash, secret.bmp, salt, options.mac_iterations, *auth_safe);
  const AlgorithmIdentifier digest{pbe::digest_oid(options.mac_hash), null_parameters()};
  return der_of(pfx(),
                {3, data_content(*auth_safe),
                 value_of<decltype(mac_data())>({digest, tag}, salt,
                                                static_cast<std::int64_t>(options.mac_iterations))},
                "PKCS #12: PFX");
}

}  // namespace x509
