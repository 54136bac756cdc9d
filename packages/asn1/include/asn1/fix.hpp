#pragma once
// Recursive grammars. fix<V>(define) calls define(self) once, where self is a reference to
// the grammar being defined, and returns that grammar; V is its value type, which must
// be able to hold itself (through std::vector or std::unique_ptr-like members, via map):
//
//   struct Tree { std::int64_t value; std::vector<Tree> children; };
//   auto tree = asn1::fix<Tree>([](auto self) {
//     return asn1::map(asn1::sequence(asn1::int64(), asn1::sequence_of(self)), to_tree, from_tree);
//   });
//
// Each pass through a reference counts as one level of nesting against Limits::max_depth,
// so hostile input cannot recurse deeper than the limit. A reference must sit inside a
// constructed type (a CHOICE whose alternative is the grammar itself would not end).
// The returned grammar owns the definition; references inside it point back without
// owning, so copies are cheap and nothing leaks.
#include <asn1/grammar.hpp>

#include <memory>
#include <type_traits>
#include <utility>

namespace asn1 {

namespace detail {

template <class V>
struct ErasedGrammar {
  virtual ~ErasedGrammar() = default;
  virtual bool matches(Tag t) const = 0;
  virtual void encode(const V& v, Writer& w) const = 0;
  virtual std::expected<V, Error> decode(Decoder& d, const Element& e) const = 0;
};

template <class V, Grammar G>
struct ErasedImpl final : ErasedGrammar<V> {
  explicit ErasedImpl(G g) : grammar(std::move(g)) {}
  bool matches(Tag t) const override { return detail::matches(grammar, t); }
  void encode(const V& v, Writer& w) const override { detail::encode(grammar, v, w); }
  std::expected<V, Error> decode(Decoder& d, const Element& e) const override {
    return detail::decode(grammar, d, e);
  }
  G grammar;
};

template <class V>
struct FixNode {
  std::unique_ptr<ErasedGrammar<V>> grammar;
};

template <class V>
std::expected<V, Error> decode_through(const FixNode<V>& node, Decoder& d, const Element& e) {
  Nesting nest(d);
  if (nest.too_deep()) return d.fail(Code::DepthLimit, e.encoding.data(), "nesting deeper than the limit");
  return node.grammar->decode(d, e);
}

}  // namespace detail

// The self reference handed to fix()'s definition.
template <class V>
class Ref {
 public:
  using value_type = V;
  static constexpr Form form = Form::Untagged;

  explicit Ref(const detail::FixNode<V>* node) : node_(node) {}
  bool matches(Tag t) const { return node_->grammar->matches(t); }
  void encode(const V& v, Writer& w) const { node_->grammar->encode(v, w); }
  std::expected<V, Error> decode(Decoder& d, const Element& e) const { return detail::decode_through(*node_, d, e); }

 private:
  const detail::FixNode<V>* node_;
};

// A recursive grammar (what fix() returns).
template <class V>
class Fix {
 public:
  using value_type = V;
  static constexpr Form form = Form::Untagged;

  explicit Fix(std::shared_ptr<const detail::FixNode<V>> node) : node_(std::move(node)) {}
  bool matches(Tag t) const { return node_->grammar->matches(t); }
  void encode(const V& v, Writer& w) const { node_->grammar->encode(v, w); }
  std::expected<V, Error> decode(Decoder& d, const Element& e) const { return detail::decode_through(*node_, d, e); }

 private:
  std::shared_ptr<const detail::FixNode<V>> node_;
};

template <class V, class Define>
Fix<V> fix(Define&& define) {
  auto node = std::make_shared<detail::FixNode<V>>();
  auto grammar = std::forward<Define>(define)(Ref<V>(node.get()));
  using G = decltype(grammar);
  static_assert(std::is_same_v<value_of<G>, V>, "fix<V>: the definition's value type must be V");
  node->grammar = std::make_unique<detail::ErasedImpl<V, G>>(std::move(grammar));
  return Fix<V>(std::move(node));
}

}  // namespace asn1
