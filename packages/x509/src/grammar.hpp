#pragma once
// The RFC 5280 grammars, written with the asn1 combinators. Private to the package.
#include <x509/certificate.hpp>

#include <asn1/asn1.hpp>

#include <array>
#include <tuple>
#include <utility>

namespace x509::grammar {

using namespace asn1;

// A struct from a sequence's tuple and back, field by field (aggregates of 1 to 4 fields).
template <class T, class V>
V fields_of(const T& t) {
  constexpr std::size_t n = std::tuple_size_v<V>;
  if constexpr (n == 1) {
    const auto& [a] = t;
    return V(a);
  } else if constexpr (n == 2) {
    const auto& [a, b] = t;
    return V(a, b);
  } else if constexpr (n == 3) {
    const auto& [a, b, c] = t;
    return V(a, b, c);
  } else {
    static_assert(n == 4);
    const auto& [a, b, c, d] = t;
    return V(a, b, c, d);
  }
}

template <class T, class G>
auto record(G g) {
  using V = value_of<G>;
  return map(
      std::move(g),
      [](V&& v) {
        return std::apply([](auto&&... xs) { return T{std::move(xs)...}; }, std::move(v));
      },
      [](const T& t) { return fields_of<T, V>(t); });
}

// A one-field struct around a grammar's value.
template <class T, class G>
auto wrap(G g) {
  using V = value_of<G>;
  return map(
      std::move(g), [](V&& v) { return T{std::move(v)}; },
      [](const T& t) {
        const auto& [a] = t;
        return a;
      });
}


// Whether AlgorithmIdentifier parameters are absent or NULL.
inline bool absent_or_null(const std::optional<Any>& p) {
  return !p || (p->tag == universal(tags::Null) && !p->constructed && p->content.empty());
}

// The DER of a kept element.
inline Bytes encoding_of(const Any& a) {
  auto der = encode_der(any(), a);
  return der ? std::move(*der) : Bytes{};
}

// An element from its DER (which the caller made, so it decodes).
inline Any any_of(ByteView der) {
  auto a = decode(any(), der, Mode::Der);
  return a ? std::move(*a) : Any{};
}

inline const Any& null_parameters() {
  static const Any null = any_of(std::array<std::uint8_t, 2>{0x05, 0x00});
  return null;
}

inline auto algorithm_identifier() {
  return record<AlgorithmIdentifier>(
      sequence(required("algorithm", oid()), optional("parameters", any())));
}

inline auto attribute() {
  auto value = choice(printable_string(), utf8_string(), teletex_string(), bmp_string(),
                      universal_string(), ia5_string(), numeric_string(), visible_string(), any());
  return record<Attribute>(sequence(required("type", oid()), required("value", value)));
}

inline auto rdn() {
  return set_of(attribute());
}

inline auto name() {
  return wrap<Name>(sequence_of(rdn()));
}

inline auto time() {
  using V = std::variant<DateTime, DateTime>;
  return map(
      choice(utc_time(), generalized_time()),
      [](V&& v) {
        return Time{v.index() == 0 ? std::get<0>(v) : std::get<1>(v), v.index() == 1};
      },
      [](const Time& t) {
        return t.generalized ? V(std::in_place_index<1>, t.value)
                             : V(std::in_place_index<0>, t.value);
      });
}

inline auto general_name() {
  using V = std::variant<std::string, std::string, Name, std::string, Bytes, Oid, Any>;
  return map(
      choice(implicit(1, ia5_string()), implicit(2, ia5_string()), explicit_(4, name()),
             implicit(6, ia5_string()), implicit(7, octet_string()), implicit(8, oid()), any()),
      [](V&& v) -> GeneralName {
        switch (v.index()) {
          case 0:
            return Rfc822Name{std::move(std::get<0>(v))};
          case 1:
            return DnsName{std::move(std::get<1>(v))};
          case 2:
            return std::move(std::get<2>(v));
          case 3:
            return UriName{std::move(std::get<3>(v))};
          case 4:
            return IpAddressName{std::move(std::get<4>(v))};
          case 5:
            return std::get<5>(v);
          default:
            return std::move(std::get<6>(v));
        }
      },
      [](const GeneralName& g) -> V {
        switch (g.index()) {
          case 0:
            return V(std::in_place_index<0>, std::get<0>(g).value);
          case 1:
            return V(std::in_place_index<1>, std::get<1>(g).value);
          case 2:
            return V(std::in_place_index<2>, std::get<2>(g));
          case 3:
            return V(std::in_place_index<3>, std::get<3>(g).value);
          case 4:
            return V(std::in_place_index<4>, std::get<4>(g).value);
          case 5:
            return V(std::in_place_index<5>, std::get<5>(g));
          default:
            return V(std::in_place_index<6>, std::get<6>(g));
        }
      });
}

inline auto general_names() {
  return sequence_of(general_name());
}

// DistributionPointName (RFC 5280 4.2.1.13): fullName [0] or nameRelativeToCRLIssuer [1].
inline auto distribution_point_name() {
  return choice(implicit(0, general_names()), implicit(1, rdn()));
}

// Whether an extension OID appears twice (an error everywhere extensions are listed).
inline bool has_duplicate_extension(const std::vector<Extension>& extensions) {
  for (std::size_t i = 0; i < extensions.size(); ++i)
    for (std::size_t j = i + 1; j < extensions.size(); ++j)
      if (extensions[i].id == extensions[j].id) return true;
  return false;
}

inline auto extension() {
  using V = std::tuple<Oid, bool, Bytes>;
  return map(
      sequence(required("extnID", oid()), with_default("critical", boolean(), false),
               required("extnValue", octet_string())),
      [](V&& v) -> std::expected<Extension, asn1::Error> {
        auto& [id, critical, value] = v;
        auto parsed = decode_extension_value(id, value);
        if (!parsed) return std::unexpected(std::move(parsed.error().within("extnValue")));
        return Extension{id, critical, std::move(value), std::move(*parsed)};
      },
      [](const Extension& e) {
        // Known extensions are written from their decoded values, so a changed value is
        // what gets signed; unknown ones from their bytes.
        if (!std::holds_alternative<UnknownExtension>(e.parsed)) {
          if (auto der = encode_extension_value(e.parsed))
            return V(e.id, e.critical, std::move(*der));
        }
        return V(e.id, e.critical, e.value);
      });
}

inline auto public_key_info() {
  using V = std::tuple<AlgorithmIdentifier, BitString>;
  return map(
      sequence(required("algorithm", algorithm_identifier()),
               required("subjectPublicKey", bit_string())),
      [](V&& v) -> std::expected<PublicKeyInfo, asn1::Error> {
        auto key = decode_public_key(std::get<0>(v), std::get<1>(v));
        if (!key) return reject("public key does not decode for its algorithm");
        return PublicKeyInfo{std::move(std::get<0>(v)), std::move(std::get<1>(v)), std::move(*key)};
      },
      [](const PublicKeyInfo& k) { return V(k.algorithm, k.subject_public_key); });
}

}  // namespace x509::grammar
