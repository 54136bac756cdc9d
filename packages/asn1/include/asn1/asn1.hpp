#pragma once
// ASN.1 as combinators: a grammar is a value; the same value encodes DER and decodes DER
// (strictly) or BER. Everything is an error value, nothing throws.
//
//   auto algorithm = asn1::sequence(asn1::required("algorithm", asn1::oid()),
//                                   asn1::optional("parameters", asn1::any()));
//   auto der = asn1::encode_der(algorithm, {asn1::oid("1.2.840.10045.4.3.2"), std::nullopt});
//   auto back = asn1::decode(algorithm, *der);               // std::expected<tuple, Error>
//   if (!back) log(back.error().to_string());                // "... at offset 7 (parameters)"
#include <asn1/combinators.hpp>
#include <asn1/decoder.hpp>
#include <asn1/error.hpp>
#include <asn1/fix.hpp>
#include <asn1/grammar.hpp>
#include <asn1/oid.hpp>
#include <asn1/primitives.hpp>
#include <asn1/tag.hpp>
#include <asn1/time.hpp>
#include <asn1/values.hpp>
#include <asn1/writer.hpp>

#include <utility>

namespace asn1 {

// Appends the DER encoding of v to w (errors are kept in w).
template <Grammar G>
void encode_der(const G& g, const value_of<G>& v, Writer& w) {
  detail::encode(g, v, w);
}

// The DER encoding of v, or the first value that the type cannot represent.
template <Grammar G>
std::expected<Bytes, Error> encode_der(const G& g, const value_of<G>& v) {
  Writer w;
  detail::encode(g, v, w);
  return std::move(w).finish();
}

// Decodes one element at the front of `in`; returns the value and the bytes it took.
template <Grammar G>
std::expected<std::pair<value_of<G>, std::size_t>, Error> decode_prefix(const G& g, ByteView in,
                                                                         Mode mode = Mode::Der,
                                                                         const Limits& limits = {}) {
  Decoder d(in, mode, limits);
  if (in.size() > limits.max_length) return d.fail(Code::LengthLimit, in.data(), "input longer than the limit");
  auto e = d.read(in);
  if (!e) return std::unexpected(std::move(e.error()));
  auto v = detail::decode(g, d, *e);
  if (!v) return std::unexpected(std::move(v.error()));
  return std::pair<value_of<G>, std::size_t>(std::move(*v), e->encoding.size());
}

// Decodes `in`, which must be exactly one element (TrailingBytes otherwise, in both modes).
template <Grammar G>
std::expected<value_of<G>, Error> decode(const G& g, ByteView in, Mode mode = Mode::Der, const Limits& limits = {}) {
  auto r = decode_prefix(g, in, mode, limits);
  if (!r) return std::unexpected(std::move(r.error()));
  if (r->second != in.size()) return std::unexpected(Error::at(Code::TrailingBytes, r->second, "bytes after the element"));
  return std::move(r->first);
}

}  // namespace asn1
