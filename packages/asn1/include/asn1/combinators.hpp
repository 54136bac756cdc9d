#pragma once
// Combinators: grammars built from grammars.
//   sequence(f...)        std::tuple of the fields' values (fields: required, optional,
//                         with_default, or a bare grammar meaning required)
//   set(f...)             the same, elements in any order (BER) or canonical tag order (DER)
//   sequence_of(g), set_of(g)   std::vector (DER SET OF: sorted by encoding)
//   choice(g...)          std::variant, by alternative index
//   implicit(tag, g), explicit_(tag, g)   a number alone means a context-specific tag
//   map(g, to, from)      to: value -> T or std::expected<T, Error>; from: T -> value
//   capture(g)            Captured<value>: the value and the exact bytes it came from
//   any()                 Any: any one element, kept whole
// Recursion is in <asn1/fix.hpp>.
#include <asn1/grammar.hpp>
#include <asn1/values.hpp>

#include <cstddef>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace asn1 {

// ---------------------------------------------------------------------------- fields

template <Grammar G>
struct Required {
  using value_type = value_of<G>;
  static constexpr bool is_field = true;
  G grammar;
  const char* name = nullptr;

  bool matches(Tag t) const { return detail::matches(grammar, t); }
  void encode_field(const value_type& v, Writer& w) const { detail::encode(grammar, v, w); }
  std::expected<value_type, Error> decode_element(Decoder& d, const Element& e) const {
    return detail::decode(grammar, d, e);
  }
  std::expected<value_type, Error> absent(const Decoder& d, const std::uint8_t* at) const {
    return d.fail(Code::MissingField, at, "required field missing");
  }
  std::expected<value_type, Error> decode_next(Decoder& d, Children& c) const {
    auto next = c.peek(d);
    if (!next) return std::unexpected(std::move(next.error()));
    if (*next == nullptr) return absent(d, c.position());
    if (!matches((*next)->tag))
      return d.fail(Code::MissingField, (*next)->encoding.data(), "required field missing (unexpected tag)");
    auto v = decode_element(d, **next);
    if (v) c.consume();
    return v;
  }
};

template <Grammar G>
struct Optional {
  using value_type = std::optional<value_of<G>>;
  static constexpr bool is_field = true;
  G grammar;
  const char* name = nullptr;

  bool matches(Tag t) const { return detail::matches(grammar, t); }
  void encode_field(const value_type& v, Writer& w) const {
    if (v) detail::encode(grammar, *v, w);
  }
  std::expected<value_type, Error> decode_element(Decoder& d, const Element& e) const {
    auto v = detail::decode(grammar, d, e);
    if (!v) return std::unexpected(std::move(v.error()));
    return value_type(std::move(*v));
  }
  std::expected<value_type, Error> absent(const Decoder&, const std::uint8_t*) const { return value_type(); }
  std::expected<value_type, Error> decode_next(Decoder& d, Children& c) const {
    auto next = c.peek(d);
    if (!next) return std::unexpected(std::move(next.error()));
    if (*next == nullptr || !matches((*next)->tag)) return value_type();
    auto v = decode_element(d, **next);
    if (v) c.consume();
    return v;
  }
};

// DEFAULT: absent means the default; DER never encodes the default and rejects it present.
template <Grammar G>
struct Default {
  using value_type = value_of<G>;
  static constexpr bool is_field = true;
  G grammar;
  value_type fallback;
  const char* name = nullptr;

  bool matches(Tag t) const { return detail::matches(grammar, t); }
  void encode_field(const value_type& v, Writer& w) const {
    if (!(v == fallback)) detail::encode(grammar, v, w);
  }
  std::expected<value_type, Error> decode_element(Decoder& d, const Element& e) const {
    auto v = detail::decode(grammar, d, e);
    if (v && d.der() && *v == fallback)
      return d.fail(Code::DefaultEncoded, e.encoding.data(), "field equal to its DEFAULT present in DER");
    return v;
  }
  std::expected<value_type, Error> absent(const Decoder&, const std::uint8_t*) const { return fallback; }
  std::expected<value_type, Error> decode_next(Decoder& d, Children& c) const {
    auto next = c.peek(d);
    if (!next) return std::unexpected(std::move(next.error()));
    if (*next == nullptr || !matches((*next)->tag)) return fallback;
    auto v = decode_element(d, **next);
    if (v) c.consume();
    return v;
  }
};

template <Grammar G>
constexpr Required<G> required(G g) { return {std::move(g), nullptr}; }
template <Grammar G>
constexpr Required<G> required(const char* name, G g) { return {std::move(g), name}; }
template <Grammar G>
constexpr Optional<G> optional(G g) { return {std::move(g), nullptr}; }
template <Grammar G>
constexpr Optional<G> optional(const char* name, G g) { return {std::move(g), name}; }
template <Grammar G>
Default<G> with_default(G g, value_of<G> fallback) { return {std::move(g), std::move(fallback), nullptr}; }
template <Grammar G>
Default<G> with_default(const char* name, G g, value_of<G> fallback) {
  return {std::move(g), std::move(fallback), name};
}

namespace detail {
template <class F>
concept Field = requires { F::is_field; };

template <class X>
constexpr auto as_field(X x) {
  if constexpr (Field<X>) {
    return x;
  } else {
    return Required<X>{std::move(x), nullptr};
  }
}

template <class F>
void label(Error& e, const F& field, std::size_t index) {
  if (field.name != nullptr) {
    e.within(field.name);
  } else {
    e.within_index(index);
  }
}

inline std::unexpected<Error> too_deep(const Decoder& d, const Element& e) {
  return d.fail(Code::DepthLimit, e.encoding.data(), "nesting deeper than the limit");
}
}  // namespace detail

// ---------------------------------------------------------------------------- SEQUENCE

template <class... Fs>
struct Sequence {
  using value_type = std::tuple<typename Fs::value_type...>;
  static constexpr Form form = Form::Constructed;
  std::tuple<Fs...> fields;

  constexpr Tag tag() const { return universal(tags::Sequence); }

  void encode_content(const value_type& v, Writer& w) const {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (std::get<I>(fields).encode_field(std::get<I>(v), w), ...);
    }(std::index_sequence_for<Fs...>{});
  }

  std::expected<value_type, Error> decode_content(Decoder& d, const Element& e) const {
    Nesting nest(d);
    if (nest.too_deep()) return detail::too_deep(d, e);
    Children c(e.content);
    value_type out;
    std::optional<Error> error;
    auto one = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
      auto v = std::get<I>(fields).decode_next(d, c);
      if (!v) {
        error = std::move(v.error());
        detail::label(*error, std::get<I>(fields), I);
        return false;
      }
      std::get<I>(out) = std::move(*v);
      return true;
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (one(std::integral_constant<std::size_t, I>{}) && ...);
    }(std::index_sequence_for<Fs...>{});
    if (error) return std::unexpected(std::move(*error));
    if (!c.done()) return d.fail(Code::ExtraElement, c.position(), "element after the last field");
    return out;
  }
};

template <class... Xs>
constexpr auto sequence(Xs... xs) {
  return Sequence<decltype(detail::as_field(std::move(xs)))...>{{detail::as_field(std::move(xs))...}};
}

// ---------------------------------------------------------------------------- SET

template <class... Fs>
struct Set {
  using value_type = std::tuple<typename Fs::value_type...>;
  static constexpr Form form = Form::Constructed;
  static constexpr std::size_t count = sizeof...(Fs);
  std::tuple<Fs...> fields;

  constexpr Tag tag() const { return universal(tags::Set); }

  void encode_content(const value_type& v, Writer& w) const {
    std::size_t starts[count > 0 ? count : 1];
    std::size_t n = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((starts[n] = w.size(), std::get<I>(fields).encode_field(std::get<I>(v), w),
        n += w.size() != starts[n] ? 1 : 0),
       ...);
    }(std::index_sequence_for<Fs...>{});
    w.sort_elements(std::span<const std::size_t>(starts, n));
  }

  std::expected<value_type, Error> decode_content(Decoder& d, const Element& e) const {
    Nesting nest(d);
    if (nest.too_deep()) return detail::too_deep(d, e);
    Children c(e.content);
    value_type out;
    bool filled[count > 0 ? count : 1] = {};
    std::optional<Tag> previous;
    for (;;) {
      auto next = c.peek(d);
      if (!next) return std::unexpected(std::move(next.error()));
      if (*next == nullptr) break;
      const Element& el = **next;
      if (d.der() && previous && !(*previous < el.tag))
        return d.fail(*previous == el.tag ? Code::DuplicateField : Code::UnsortedSet, el.encoding.data(),
                      "SET elements not in canonical tag order in DER");
      std::optional<Error> error;
      bool placed = false, duplicate = false;
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
          const auto& field = std::get<J>(fields);
          if (!field.matches(el.tag)) return false;
          if (filled[J]) {
            duplicate = true;
            return false;
          }
          auto v = field.decode_element(d, el);
          if (!v) {
            error = std::move(v.error());
            detail::label(*error, field, J);
          } else {
            std::get<J>(out) = std::move(*v);
            filled[J] = true;
          }
          placed = true;
          return true;
        };
        (one(std::integral_constant<std::size_t, I>{}) || ...);
      }(std::index_sequence_for<Fs...>{});
      if (error) return std::unexpected(std::move(*error));
      if (!placed)
        return d.fail(duplicate ? Code::DuplicateField : Code::ExtraElement, el.encoding.data(),
                      duplicate ? "SET field present twice" : "element matching no field of the SET");
      previous = el.tag;
      c.consume();
    }
    std::optional<Error> error;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
        if (filled[J]) return true;
        auto v = std::get<J>(fields).absent(d, c.position());
        if (!v) {
          error = std::move(v.error());
          detail::label(*error, std::get<J>(fields), J);
          return false;
        }
        std::get<J>(out) = std::move(*v);
        return true;
      };
      (one(std::integral_constant<std::size_t, I>{}) && ...);
    }(std::index_sequence_for<Fs...>{});
    if (error) return std::unexpected(std::move(*error));
    return out;
  }
};

template <class... Xs>
constexpr auto set(Xs... xs) {
  return Set<decltype(detail::as_field(std::move(xs)))...>{{detail::as_field(std::move(xs))...}};
}

// ---------------------------------------------------------------------------- SEQUENCE OF, SET OF

template <Grammar G, bool IsSet>
struct CollectionOf {
  using value_type = std::vector<value_of<G>>;
  static constexpr Form form = Form::Constructed;
  G element;

  constexpr Tag tag() const { return universal(IsSet ? tags::Set : tags::Sequence); }

  void encode_content(const value_type& v, Writer& w) const {
    if constexpr (IsSet) {
      std::vector<std::size_t> starts;
      starts.reserve(v.size());
      for (const auto& x : v) {
        starts.push_back(w.size());
        detail::encode(element, x, w);
      }
      w.sort_elements(starts);
    } else {
      for (const auto& x : v) detail::encode(element, x, w);
    }
  }

  std::expected<value_type, Error> decode_content(Decoder& d, const Element& e) const {
    Nesting nest(d);
    if (nest.too_deep()) return detail::too_deep(d, e);
    Children c(e.content);
    value_type out;
    ByteView previous;
    for (;;) {
      auto next = c.peek(d);
      if (!next) return std::unexpected(std::move(next.error()));
      if (*next == nullptr) break;
      const Element& el = **next;
      if (IsSet && d.der() && !out.empty() && compare_der(previous, el.encoding) > 0) {
        Error err = Error::at(Code::UnsortedSet, d.offset_of(el.encoding.data()), "SET OF elements not sorted in DER");
        err.within_index(out.size());
        return std::unexpected(std::move(err));
      }
      auto v = detail::decode(element, d, el);
      if (!v) {
        v.error().within_index(out.size());
        return std::unexpected(std::move(v.error()));
      }
      out.push_back(std::move(*v));
      previous = el.encoding;
      c.consume();
    }
    return out;
  }
};

template <Grammar G>
constexpr CollectionOf<G, false> sequence_of(G g) { return {std::move(g)}; }
template <Grammar G>
constexpr CollectionOf<G, true> set_of(G g) { return {std::move(g)}; }

// ---------------------------------------------------------------------------- CHOICE

template <Grammar... Gs>
struct Choice {
  using value_type = std::variant<value_of<Gs>...>;
  static constexpr Form form = Form::Untagged;
  std::tuple<Gs...> alternatives;

  bool matches(Tag t) const {
    return std::apply([&](const auto&... g) { return (detail::matches(g, t) || ...); }, alternatives);
  }

  void encode(const value_type& v, Writer& w) const {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (void)((v.index() == I ? (detail::encode(std::get<I>(alternatives), *std::get_if<I>(&v), w), true) : false) ||
             ...);
    }(std::index_sequence_for<Gs...>{});
  }

  std::expected<value_type, Error> decode(Decoder& d, const Element& e) const {
    std::optional<std::expected<value_type, Error>> result;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
        const auto& g = std::get<J>(alternatives);
        if (!detail::matches(g, e.tag)) return false;
        auto v = detail::decode(g, d, e);
        if (v) {
          result.emplace(value_type(std::in_place_index<J>, std::move(*v)));
        } else {
          result.emplace(std::unexpected(std::move(v.error())));
        }
        return true;
      };
      (one(std::integral_constant<std::size_t, I>{}) || ...);
    }(std::index_sequence_for<Gs...>{});
    if (!result) return d.fail(Code::UnexpectedTag, e.encoding.data(), "no CHOICE alternative has this tag");
    return std::move(*result);
  }
};

template <Grammar... Gs>
constexpr Choice<Gs...> choice(Gs... gs) { return {{std::move(gs)...}}; }

// ---------------------------------------------------------------------------- tagging

template <Grammar G>
struct Implicit {
  static_assert(TaggedGrammar<G>, "IMPLICIT needs a type with one tag (use explicit_ for CHOICE, ANY, fix)");
  using value_type = value_of<G>;
  static constexpr Form form = G::form;
  Tag retag;
  G inner;

  constexpr Tag tag() const { return retag; }
  void encode_content(const value_type& v, Writer& w) const { inner.encode_content(v, w); }
  std::expected<value_type, Error> decode_content(Decoder& d, const Element& e) const {
    return inner.decode_content(d, e);
  }
};

template <Grammar G>
struct Explicit {
  using value_type = value_of<G>;
  static constexpr Form form = Form::Constructed;
  Tag wrapper;
  G inner;

  constexpr Tag tag() const { return wrapper; }
  void encode_content(const value_type& v, Writer& w) const { detail::encode(inner, v, w); }
  std::expected<value_type, Error> decode_content(Decoder& d, const Element& e) const {
    Nesting nest(d);
    if (nest.too_deep()) return detail::too_deep(d, e);
    Children c(e.content);
    auto next = c.peek(d);
    if (!next) return std::unexpected(std::move(next.error()));
    if (*next == nullptr) return d.fail(Code::MissingField, e.content.data(), "EXPLICIT tag with nothing inside");
    auto v = detail::decode(inner, d, **next);
    if (!v) return v;
    c.consume();
    if (!c.done()) return d.fail(Code::ExtraElement, c.position(), "second element inside an EXPLICIT tag");
    return v;
  }
};

template <Grammar G>
constexpr Implicit<G> implicit(Tag t, G g) { return {t, std::move(g)}; }
template <Grammar G>
constexpr Implicit<G> implicit(std::uint32_t context_number, G g) { return {context(context_number), std::move(g)}; }
template <Grammar G>
constexpr Explicit<G> explicit_(Tag t, G g) { return {t, std::move(g)}; }
template <Grammar G>
constexpr Explicit<G> explicit_(std::uint32_t context_number, G g) { return {context(context_number), std::move(g)}; }

// ---------------------------------------------------------------------------- map

namespace detail {
template <class T>
struct unwrap_expected {
  using type = T;
  static constexpr bool is_expected = false;
};
template <class T>
struct unwrap_expected<std::expected<T, Error>> {
  using type = T;
  static constexpr bool is_expected = true;
};
}  // namespace detail

template <Grammar G, class To, class From>
struct Map {
  using result = std::remove_cvref_t<std::invoke_result_t<const To&, value_of<G>&&>>;
  using value_type = typename detail::unwrap_expected<result>::type;
  static constexpr Form form = G::form;
  G inner;
  To to;
  From from;

  Tag tag() const
    requires TaggedGrammar<G>
  {
    return inner.tag();
  }
  bool matches(Tag t) const { return detail::matches(inner, t); }
  void encode_content(const value_type& v, Writer& w) const
    requires TaggedGrammar<G>
  {
    inner.encode_content(from(v), w);
  }
  void encode(const value_type& v, Writer& w) const { detail::encode(inner, from(v), w); }
  std::expected<value_type, Error> decode_content(Decoder& d, const Element& e) const
    requires TaggedGrammar<G>
  {
    return convert(d, e, inner.decode_content(d, e));
  }
  std::expected<value_type, Error> decode(Decoder& d, const Element& e) const {
    return convert(d, e, detail::decode(inner, d, e));
  }

 private:
  std::expected<value_type, Error> convert(const Decoder& d, const Element& e,
                                           std::expected<value_of<G>, Error>&& v) const {
    if (!v) return std::unexpected(std::move(v.error()));
    if constexpr (detail::unwrap_expected<result>::is_expected) {
      auto r = to(std::move(*v));
      if (!r) {
        // The conversion cannot know where it is: the element's offset is filled in.
        r.error().offset = d.offset_of(e.encoding.data());
        if (*r.error().message == '\0') r.error().message = "value refused by the grammar's conversion";
      }
      return r;
    } else {
      return to(std::move(*v));
    }
  }
};

template <Grammar G, class To, class From>
constexpr Map<G, To, From> map(G g, To to, From from) {
  return {std::move(g), std::move(to), std::move(from)};
}

// A refusal for map()'s conversion: its offset is filled in with the element's.
inline std::unexpected<Error> reject(const char* message) {
  return std::unexpected(Error::at(Code::Rejected, 0, message));
}

// ---------------------------------------------------------------------------- capture, any

template <Grammar G>
struct Capture {
  using value_type = Captured<value_of<G>>;
  static constexpr Form form = Form::Untagged;
  G inner;

  bool matches(Tag t) const { return detail::matches(inner, t); }
  void encode(const value_type& v, Writer& w) const { detail::encode(inner, v.value, w); }
  std::expected<value_type, Error> decode(Decoder& d, const Element& e) const {
    auto v = detail::decode(inner, d, e);
    if (!v) return std::unexpected(std::move(v.error()));
    return value_type{std::move(*v), Bytes(e.encoding.begin(), e.encoding.end())};
  }
};

template <Grammar G>
constexpr Capture<G> capture(G g) { return {std::move(g)}; }

struct AnyType {
  using value_type = Any;
  static constexpr Form form = Form::Untagged;

  bool matches(Tag) const { return true; }
  void encode(const Any& v, Writer& w) const {
    const std::size_t mark = w.open(v.tag, v.constructed);
    w.put(v.content);
    w.close(mark);
  }
  std::expected<Any, Error> decode(Decoder&, const Element& e) const {
    return Any{e.tag, e.constructed, Bytes(e.content.begin(), e.content.end()),
               Bytes(e.encoding.begin(), e.encoding.end())};
  }
};

constexpr AnyType any() { return {}; }

}  // namespace asn1
