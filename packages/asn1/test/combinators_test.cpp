// The combinators: SEQUENCE fields (required, optional, default), SET, SEQUENCE OF,
// SET OF, CHOICE, IMPLICIT and EXPLICIT tags, map, capture, any, recursion; DER rules
// on encoding and strict decoding; depth and length limits on hostile input.
#include "test_support.hpp"

#include <memory>
#include <string>

namespace {

using namespace asn1;
using asn1_test::der_hex;
using asn1_test::error_of;
using asn1_test::hex;
using asn1_test::value_of_hex;

TEST(Sequence, EncodesFieldsInOrderAndSkipsAbsentOnes) {
  const auto g = sequence(required("a", int64()), optional("b", boolean()), with_default("c", int64(), std::int64_t{7}));
  EXPECT_EQ(der_hex(g, {1, std::nullopt, 7}), "3003020101");
  EXPECT_EQ(der_hex(g, {1, true, 8}), "30090201010101FF020108");
  auto v = value_of_hex(g, "3003020101");
  EXPECT_EQ(std::get<1>(v), std::nullopt);
  EXPECT_EQ(std::get<2>(v), 7);
}

TEST(Sequence, RejectsDefaultValuePresentInDerAcceptsInBer) {
  const auto g = sequence(required("a", int64()), with_default("critical", boolean(), false));
  const Error e = error_of(g, "3006 020101 010100");
  EXPECT_EQ(e.code, Code::DefaultEncoded);
  EXPECT_EQ(e.offset, 5u);
  EXPECT_EQ(e.path, "critical");
  EXPECT_FALSE(std::get<1>(value_of_hex(g, "3006 020101 010100", Mode::Ber)));
}

TEST(Sequence, ReportsMissingAndExtraElements) {
  const auto g = sequence(required("a", int64()), required("b", boolean()));
  Error e = error_of(g, "3003 020101");
  EXPECT_EQ(e.code, Code::MissingField);
  EXPECT_EQ(e.offset, 5u);
  EXPECT_EQ(e.path, "b");
  e = error_of(g, "3006 020101 020102");
  EXPECT_EQ(e.code, Code::MissingField);
  EXPECT_EQ(e.offset, 5u);
  e = error_of(g, "3008 020101 0101FF 0500");
  EXPECT_EQ(e.code, Code::ExtraElement);
  EXPECT_EQ(e.offset, 8u);
  e = error_of(g, "3103 020101");
  EXPECT_EQ(e.code, Code::UnexpectedTag);
  e = error_of(g, "1003 020101", Mode::Ber);
  EXPECT_EQ(e.code, Code::ExpectedConstructed);
  // A child running past its parent's end is caught at the child.
  e = error_of(g, "3003 020201 00");
  EXPECT_EQ(e.code, Code::Truncated);
  EXPECT_EQ(e.offset, 3u);
}

TEST(Sequence, OptionalFieldsAreSelectedByTag) {
  const auto g = sequence(optional("x", implicit(0, int64())), optional("y", implicit(1, int64())), required("z", int64()));
  EXPECT_EQ(der_hex(g, {std::nullopt, 5, 6}), "3006810105020106");
  auto v = value_of_hex(g, "3006810105020106");
  EXPECT_FALSE(std::get<0>(v).has_value());
  EXPECT_EQ(std::get<1>(v), 5);
}

TEST(SetOf, SortsOnEncodeAndRejectsUnsortedInDer) {
  const auto g = set_of(octet_string());
  EXPECT_EQ(der_hex(g, {hex("02"), hex("0101"), hex("01")}), "310A04010104010204020101");
  const Error e = error_of(g, "310A 040102 040101 04020101");
  EXPECT_EQ(e.code, Code::UnsortedSet);
  EXPECT_EQ(e.offset, 5u);
  EXPECT_EQ(e.path, "[1]");
  EXPECT_EQ(value_of_hex(g, "310A 040102 040101 04020101", Mode::Ber).size(), 3u);
  // Equal elements may repeat.
  EXPECT_EQ(value_of_hex(g, "3106 040101 040101").size(), 2u);
  EXPECT_TRUE(value_of_hex(g, "3100").empty());
}

TEST(SequenceOf, KeepsOrderAndReportsTheIndex) {
  const auto g = sequence_of(int64());
  EXPECT_EQ(der_hex(g, {3, 1, 2}), "3009020103020101020102");
  const Error e = error_of(g, "3009 020103 020101 0101FF");
  EXPECT_EQ(e.code, Code::UnexpectedTag);
  EXPECT_EQ(e.offset, 8u);
  EXPECT_EQ(e.path, "[2]");
}

TEST(Set, EncodesInTagOrderAndAcceptsAnyOrderInBer) {
  const auto g = set(required("late", implicit(5, int64())), optional("early", implicit(1, boolean())),
                     required("first", int64()));
  EXPECT_EQ(der_hex(g, {9, true, 3}), "31090201038101FF850109");
  auto v = value_of_hex(g, "3109 850109 020103 8101FF", Mode::Ber);
  EXPECT_EQ(std::get<0>(v), 9);
  EXPECT_EQ(std::get<1>(v), true);
  const Error e = error_of(g, "3109 850109 020103 8101FF");
  EXPECT_EQ(e.code, Code::UnsortedSet);
  EXPECT_EQ(e.offset, 5u);
  EXPECT_TRUE(decode(g, hex("3106 020103 850109")).has_value());
}

TEST(Set, ReportsDuplicateMissingAndUnknownFields) {
  const auto g = set(required("a", implicit(0, int64())), optional("b", implicit(1, int64())));
  EXPECT_EQ(error_of(g, "3106 800101 800102", Mode::Ber).code, Code::DuplicateField);
  EXPECT_EQ(error_of(g, "3106 800101 800102").code, Code::DuplicateField);
  const Error e = error_of(g, "3103 810101");
  EXPECT_EQ(e.code, Code::MissingField);
  EXPECT_EQ(e.path, "a");
  EXPECT_EQ(error_of(g, "3106 800101 820101").code, Code::ExtraElement);
}

TEST(Choice, PicksTheAlternativeByTag) {
  const auto g = choice(utc_time(), generalized_time(), implicit(0, int64()));
  using V = value_of<decltype(g)>;
  EXPECT_EQ(der_hex(g, V(std::in_place_index<2>, 4)), "800104");
  EXPECT_EQ(value_of_hex(g, "800104").index(), 2u);
  EXPECT_EQ(value_of_hex(g, "180F32303531303130313030303030305A").index(), 1u);
  const Error e = error_of(g, "0101FF");
  EXPECT_EQ(e.code, Code::UnexpectedTag);
  EXPECT_EQ(e.offset, 0u);
}

TEST(Tagging, ExplicitWrapsAndImplicitReplaces) {
  EXPECT_EQ(der_hex(explicit_(0, int64()), 5), "A003020105");
  EXPECT_EQ(der_hex(implicit(0, int64()), 5), "800105");
  EXPECT_EQ(der_hex(implicit(application(2), sequence(int64())), {5}), "6203020105");
  EXPECT_EQ(der_hex(explicit_(1, choice(int64(), boolean())), std::variant<std::int64_t, bool>(std::in_place_index<1>, true)), "A1030101FF");
  EXPECT_EQ(value_of_hex(explicit_(0, int64()), "A003020105"), 5);
  EXPECT_EQ(error_of(explicit_(0, int64()), "A000").code, Code::MissingField);
  EXPECT_EQ(error_of(explicit_(0, int64()), "A006020105020106").code, Code::ExtraElement);
  EXPECT_EQ(error_of(explicit_(0, int64()), "8003020105").code, Code::ExpectedConstructed);
  // An implicitly tagged string keeps its universal segments in BER.
  EXPECT_EQ(value_of_hex(implicit(3, octet_string()), "A380 040141 040142 0000", Mode::Ber), hex("4142"));
  EXPECT_EQ(error_of(implicit(3, octet_string()), "A306 040141 040142").code, Code::ConstructedString);
}

struct Point {
  std::int64_t x = 0, y = 0;
  friend bool operator==(const Point&, const Point&) = default;
};

TEST(Map, ConvertsTuplesToStructsAndRefusesWithAnOffset) {
  const auto point = map(
      sequence(int64(), int64()),
      [](std::tuple<std::int64_t, std::int64_t>&& t) -> std::expected<Point, Error> {
        if (std::get<0>(t) < 0) return reject("negative x");
        return Point{std::get<0>(t), std::get<1>(t)};
      },
      [](const Point& p) { return std::tuple(p.x, p.y); });
  EXPECT_EQ(der_hex(point, Point{1, 2}), "3006020101020102");
  EXPECT_EQ(value_of_hex(point, "3006020101020102"), (Point{1, 2}));
  const auto outer = sequence(required("origin", boolean()), required("p", point));
  const Error e = error_of(outer, "300B 0101FF 30060201FF020102");
  EXPECT_EQ(e.code, Code::Rejected);
  EXPECT_EQ(e.offset, 5u);
  EXPECT_EQ(e.path, "p");
  EXPECT_STREQ(e.message, "negative x");
  // A map of a tagged grammar stays tagged, so it can be retagged.
  EXPECT_EQ(der_hex(implicit(7, point), Point{1, 2}), "A706020101020102");
}

TEST(Capture, KeepsTheExactBytes) {
  const auto g = sequence(capture(sequence(int64())), bit_string());
  auto v = value_of_hex(g, "3008 3003020105 030100");
  EXPECT_EQ(std::get<0>(v).value, std::tuple<std::int64_t>(5));
  EXPECT_EQ(std::get<0>(v).encoding, hex("3003020105"));
  // BER input: the captured bytes are the original ones, not a re-encoding.
  auto ber = decode(g, hex("3080 3080020105 0000 030100 0000"), Mode::Ber);
  ASSERT_TRUE(ber);
  EXPECT_EQ(std::get<0>(*ber).encoding, hex("3080 020105 0000"));
}

TEST(Any, KeepsAnyElementWhole) {
  const auto g = sequence(oid(), optional(any()));
  auto v = value_of_hex(g, "3009 0603 2A0304 A1020500");
  ASSERT_TRUE(std::get<1>(v).has_value());
  EXPECT_EQ(std::get<1>(v)->tag, context(1));
  EXPECT_TRUE(std::get<1>(v)->constructed);
  EXPECT_EQ(std::get<1>(v)->content, hex("0500"));
  EXPECT_EQ(std::get<1>(v)->encoding, hex("A1020500"));
  EXPECT_EQ(der_hex(g, v), "300906032A0304A1020500");
}

struct Tree {
  std::int64_t value = 0;
  std::vector<Tree> children;
  friend bool operator==(const Tree&, const Tree&) = default;
};

auto tree_grammar() {
  return fix<Tree>([](auto self) {
    return map(
        sequence(required("value", int64()), optional("children", explicit_(0, sequence_of(self)))),
        [](std::tuple<std::int64_t, std::optional<std::vector<Tree>>>&& t) {
          return Tree{std::get<0>(t), std::get<1>(t) ? std::move(*std::get<1>(t)) : std::vector<Tree>{}};
        },
        [](const Tree& t) {
          return std::tuple(t.value, t.children.empty() ? std::nullopt : std::optional(t.children));
        });
  });
}

TEST(Fix, RoundTripsRecursiveValues) {
  const auto g = tree_grammar();
  const Tree t{1, {Tree{2, {}}, Tree{3, {Tree{4, {}}}}}};
  auto der = encode_der(g, t);
  ASSERT_TRUE(der);
  auto back = decode(g, *der);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, t);
  const Error e = error_of(g, "300D 020101 A008 3006 020102 0101FF");
  EXPECT_EQ(e.path, "children[0]");
}

TEST(Limits, RecursionStopsAtTheDepthLimit) {
  const auto g = tree_grammar();
  Tree t{0, {}};
  for (int i = 1; i < 40; ++i) t = Tree{i, {std::move(t)}};
  auto der = encode_der(g, t);
  ASSERT_TRUE(der);
  EXPECT_TRUE(decode(g, *der, Mode::Der, Limits{.max_depth = 1000}).has_value());
  auto r = decode(g, *der, Mode::Der, Limits{.max_depth = 64});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::DepthLimit);
}

TEST(Limits, HostileNestingNeverRecursesPastTheLimit) {
  // 100000 nested indefinite-length sequences: refused while finding their ends.
  Bytes deep;
  for (int i = 0; i < 100000; ++i) {
    deep.push_back(0x30);
    deep.push_back(0x80);
  }
  auto r = decode(tree_grammar(), deep, Mode::Ber);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::DepthLimit);
  // The same with definite lengths through a recursive grammar.
  Bytes definite;
  for (int i = 0; i < 20000; ++i) definite = [&] {
    Bytes b = {0x30};
    const std::size_t n = definite.size();
    if (n < 128) b.push_back(static_cast<std::uint8_t>(n));
    else if (n < 256) b.insert(b.end(), {0x81, static_cast<std::uint8_t>(n)});
    else if (n < 65536) b.insert(b.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
    else b.insert(b.end(), {0x83, static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
    b.insert(b.end(), definite.begin(), definite.end());
    return b;
  }();
  const auto nested = fix<std::vector<int>>([](auto self) {
    return map(sequence(optional(self)), [](std::tuple<std::optional<std::vector<int>>>&&) { return std::vector<int>{}; },
               [](const std::vector<int>&) { return std::tuple<std::optional<std::vector<int>>>(); });
  });
  r = decode(tree_grammar(), definite, Mode::Der);
  ASSERT_FALSE(r);
  auto n = decode(nested, definite, Mode::Der);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, Code::DepthLimit);
}

TEST(Limits, LengthLimitAppliesToInputAndElements) {
  const Bytes big = *encode_der(octet_string(), Bytes(1000, 1));
  auto r = decode(octet_string(), big, Mode::Der, Limits{.max_length = 100});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::LengthLimit);
  // An element claiming more than the limit inside a small input.
  const Error e = error_of(octet_string(), "0484 7FFFFFFF 00", Mode::Der);
  EXPECT_EQ(e.code, Code::LengthLimit);
  EXPECT_EQ(e.offset, 1u);
}

// One grammar with every combinator, round-tripped and decoded from a BER variant.
TEST(AllCombinators, RoundTripThroughDerAndBer) {
  const auto g = sequence(
      required("id", integer()), optional("flag", implicit(0, boolean())),
      with_default("level", explicit_(1, enumerated()), std::int64_t{1}),
      required("names", sequence_of(choice(printable_string(), utf8_string(), bmp_string()))),
      required("tags", set_of(ia5_string())),
      required("attrs", set(required(implicit(2, null())), optional(implicit(1, oid())), required(octet_string()))),
      required("when", choice(utc_time(), generalized_time())), optional("extra", any()),
      required("bits", capture(bit_string())));
  using V = value_of<decltype(g)>;
  using Name = std::variant<std::string, std::string, std::u16string>;
  std::vector<Name> names;
  names.emplace_back(std::in_place_index<0>, "Alice");
  names.emplace_back(std::in_place_index<1>, "B\xc3\xb6");
  names.emplace_back(std::in_place_index<2>, u"C");
  V v(Integer::from_int64(-300), true, 3, names, std::vector<std::string>{"zeta", "alpha", "mid"},
      std::tuple<Null, std::optional<Oid>, Bytes>(Null{}, oid("1.3.6.1"), hex("CAFE")),
      std::variant<DateTime, DateTime>(std::in_place_index<0>, DateTime{2024, 2, 29, 12, 0, 0, 0}),
      Any{private_(9), false, hex("01"), {}}, Captured<BitString>{BitString{hex("A0"), 5}, {}});
  auto der = encode_der(g, v);
  ASSERT_TRUE(der) << der.error().to_string();
  auto back = decode(g, *der);
  ASSERT_TRUE(back) << back.error().to_string();
  auto again = encode_der(g, *back);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *der);
  EXPECT_EQ(std::get<0>(*back), std::get<0>(v));
  EXPECT_EQ(std::get<3>(*back), std::get<3>(v));
  EXPECT_EQ(std::get<4>(*back), (std::vector<std::string>{"mid", "zeta", "alpha"}));  // DER order: length octet first
  EXPECT_EQ(std::get<5>(*back), std::get<5>(v));
  EXPECT_EQ(std::get<6>(*back), std::get<6>(v));
  EXPECT_EQ(std::get<7>(*back), std::get<7>(v));
  EXPECT_EQ(std::get<8>(*back).value, std::get<8>(v).value);
  // The same value in BER: indefinite lengths, a constructed string, long-form lengths,
  // the SET out of order, the default written out.
  const Bytes ber3 = hex(
      "3080"
      "0202FED4"
      "8001FF"
      "A103 0A0101"
      "3080 1305416C696365 0C81024242 0000"
      "3100"
      "3180 2480 0402CAFE 0000 8103 2B0601 8200 0000"
      "170D 3234303232393132303030305A"
      "C90101"
      "030206A0"
      "0000");
  auto b = decode(g, ber3, Mode::Ber);
  ASSERT_TRUE(b) << b.error().to_string();
  EXPECT_EQ(std::get<2>(*b), 1);
  EXPECT_EQ(std::get<5>(*b), std::get<5>(v));
  EXPECT_FALSE(decode(g, ber3, Mode::Der).has_value());
}

}  // namespace
