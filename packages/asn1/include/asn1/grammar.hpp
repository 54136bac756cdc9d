#pragma once
// What a grammar is. A grammar G is a small value with a C++ value type G::value_type and
// a form. Tagged grammars (form Primitive, Constructed or String) have one tag and work on
// contents octets: tag(), encode_content(v, w), decode_content(d, element); the
// identifier and length around them are handled here, which is what lets implicit()
// retag them. Untagged grammars (CHOICE, ANY, recursive references) work on whole
// elements: matches(tag), encode(v, w), decode(d, element).
#include <asn1/decoder.hpp>
#include <asn1/writer.hpp>

#include <concepts>
#include <expected>

namespace asn1 {

enum class Form : std::uint8_t {
  Untagged,     // CHOICE, ANY, fix(): the tag depends on the value
  Primitive,    // always primitive
  Constructed,  // always constructed
  String,       // primitive, or constructed from segments in BER
};

template <class G>
concept Grammar = requires {
  typename G::value_type;
  { G::form } -> std::convertible_to<Form>;
};

template <class G>
concept TaggedGrammar = Grammar<G> && (G::form != Form::Untagged) && requires(const G& g) {
  { g.tag() } -> std::same_as<Tag>;
};

template <Grammar G>
using value_of = typename G::value_type;

namespace detail {

// Whether an element with this tag can be a value of g.
template <Grammar G>
bool matches(const G& g, Tag t) {
  if constexpr (TaggedGrammar<G>) {
    return g.tag() == t;
  } else {
    return g.matches(t);
  }
}

// Writes the whole element for v.
template <Grammar G>
void encode(const G& g, const value_of<G>& v, Writer& w) {
  if constexpr (TaggedGrammar<G>) {
    const std::size_t mark = w.open(g.tag(), G::form == Form::Constructed);
    g.encode_content(v, w);
    w.close(mark);
  } else {
    g.encode(v, w);
  }
}

// Decodes an element read by d (checking tag and form).
template <Grammar G>
std::expected<value_of<G>, Error> decode(const G& g, Decoder& d, const Element& e) {
  if (!matches(g, e.tag)) return d.fail(Code::UnexpectedTag, e.encoding.data(), "unexpected tag");
  if constexpr (TaggedGrammar<G>) {
    if constexpr (G::form == Form::Primitive) {
      if (e.constructed)
        return d.fail(Code::ExpectedPrimitive, e.encoding.data(), "constructed encoding of a primitive type");
    } else if constexpr (G::form == Form::Constructed) {
      if (!e.constructed)
        return d.fail(Code::ExpectedConstructed, e.encoding.data(), "primitive encoding of a constructed type");
    } else {
      if (e.constructed && d.der())
        return d.fail(Code::ConstructedString, e.encoding.data(), "constructed string in DER");
    }
    return g.decode_content(d, e);
  } else {
    return g.decode(d, e);
  }
}

}  // namespace detail

}  // namespace asn1
