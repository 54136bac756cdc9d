// The explanations written when no solution exists, checked word for word.
#include <gtest/gtest.h>

#include "solver/pubgrub.hpp"
#include "test_index.hpp"

namespace solver {
namespace {

using testing::requirements;
using testing::set;
using testing::TestIndex;

std::string explain(TestIndex& index, const std::vector<Dependency>& root, const Options& options = {}) {
  auto result = solve(index, root, options);
  if (result) return "solved: " + testing::show(*result);
  return result.error().explanation;
}

// PubGrub documentation, "Linear Error Reporting" (asking for foo ^1.0.0 and baz ^1.0.0).
constexpr const char* kLinearExample = R"(
  foo 1.0.0: bar ^2.0.0
  bar 2.0.0: baz ^3.0.0
  baz 1.0.0
  baz 3.0.0
)";

TEST(Explanation, LinearErrorReporting) {
  TestIndex index(kLinearExample);
  EXPECT_EQ(explain(index, requirements({{"foo", "^1.0.0"}, {"baz", "^1.0.0"}})),
            "Because every version of foo depends on bar >= 2.0.0, < 3.0.0 and every version of "
            "bar depends on baz >= 3.0.0, < 4.0.0, every version of foo requires baz >= 3.0.0.\n"
            "So, because you asked for foo >= 1.0.0, < 2.0.0 and baz >= 1.0.0, < 2.0.0, "
            "no solution exists.");
}

// PubGrub documentation, "Branching Error Reporting": a derivation referred to twice gets a
// line number.
TEST(Explanation, BranchingErrorReporting) {
  TestIndex index(R"(
    foo 1.0.0: a ^1.0.0; b ^1.0.0
    foo 1.1.0: x ^1.0.0; y ^1.0.0
    a 1.0.0: b ^2.0.0
    b 1.0.0
    b 2.0.0
    x 1.0.0: y ^2.0.0
    y 1.0.0
    y 2.0.0
  )");
  EXPECT_EQ(explain(index, requirements({{"foo", "^1.0.0"}})),
            "    Because foo < 1.1.0 depends on a >= 1.0.0, < 2.0.0 and every version of a depends "
            "on b >= 2.0.0, < 3.0.0, foo < 1.1.0 requires b >= 2.0.0.\n"
            "(1) So, because foo < 1.1.0 depends on b >= 1.0.0, < 2.0.0, foo < 1.1.0 is forbidden.\n"
            "\n"
            "    Because foo >= 1.1.0 depends on x >= 1.0.0, < 2.0.0 and every version of x depends "
            "on y >= 2.0.0, < 3.0.0, foo >= 1.1.0 requires y >= 2.0.0.\n"
            "    And because foo >= 1.1.0 depends on y >= 1.0.0, < 2.0.0, foo >= 1.1.0 is forbidden.\n"
            "    And because foo < 1.1.0 is forbidden (1), foo is forbidden.\n"
            "    So, because you asked for foo >= 1.0.0, < 2.0.0, no solution exists.");
}

TEST(Explanation, NamesThePinThatBlocksAChain) {
  TestIndex index(R"(
    tls 1.0.0: x509 ^1
    tls 2.0.0: x509 >= 3
    tls 2.1.0: x509 >= 3
    x509 1.0.0: asn1 ^1
    x509 3.0.0: asn1 >= 2
    x509 3.1.0: asn1 >= 2
    asn1 1.4.0
    asn1 2.0.0
  )");
  Options options;
  options.pins["asn1"] = set("= 1.4.0");
  EXPECT_EQ(explain(index, requirements({{"tls", ">= 2"}}), options),
            "Because tls >= 2.0.0 depends on x509 >= 3.0.0 and x509 >= 3.0.0 depends on "
            "asn1 >= 2.0.0, tls >= 2.0.0 requires asn1 >= 2.0.0.\n"
            "So, because you asked for tls >= 2.0.0 and you pinned asn1 to 1.4.0, "
            "no solution exists.");
}

TEST(Explanation, SaysNoVersionsMatch) {
  TestIndex index("foo 1.0.0");
  EXPECT_EQ(explain(index, requirements({{"foo", ">= 9"}})),
            "Because you asked for foo >= 9.0.0 and no versions of foo match >= 9.0.0, "
            "no solution exists.");
}

TEST(Explanation, SaysPackageIsNotInAnyIndex) {
  TestIndex index("a 1.0.0: ghost ^1");
  EXPECT_EQ(explain(index, requirements({{"a", ""}})),
            "Because you asked for a and every version of a depends on ghost >= 1.0.0, < 2.0.0 and "
            "ghost is not in any index, no solution exists.");
}

TEST(Explanation, GivesTheReasonAVersionCannotBeUsed) {
  TestIndex index(R"(
    foo 1.0.0 unavailable: is yanked
    foo 1.2.0 unavailable: does not support target virtio
    foo 1.3.0
  )");
  EXPECT_EQ(explain(index, requirements({{"foo", "= 1.2"}})),
            "Because you asked for foo >= 1.2.0, < 1.3.0 and foo 1.2.0 cannot be used: does not "
            "support target virtio, no solution exists.");
}

TEST(Explanation, CollapsesConsecutiveVersionsIntoRanges) {
  TestIndex index(R"(
    app 1.0.0: lib ^1
    app 1.1.0: lib ^2
    app 1.2.0: lib ^2
    app 1.3.0: lib ^2
    lib 1.0.0
    lib 2.0.0
    lib 2.1.0
  )");
  EXPECT_EQ(explain(index, requirements({{"app", ">= 1.1"}, {"lib", "< 2"}})),
            "Because you asked for app >= 1.1.0 and app >= 1.1.0 depends on lib >= 2.0.0, < 3.0.0, "
            "lib >= 2.0.0 is required.\n"
            "So, because you asked for lib < 2.0.0, no solution exists.");
}

TEST(Explanation, CollapsesUnavailableVersionsWithTheSameReason) {
  TestIndex index(R"(
    foo 1.0.0 unavailable: is yanked
    foo 1.1.0
    foo 1.2.0 unavailable: does not support target virtio
    foo 1.3.0 unavailable: does not support target virtio
    foo 1.4.0 unavailable: does not support target virtio
  )");
  EXPECT_EQ(explain(index, requirements({{"foo", ">= 1.2"}})),
            "Because you asked for foo >= 1.2.0 and foo >= 1.2.0 cannot be used: does not support "
            "target virtio, no solution exists.");
}

TEST(Explanation, ExplainsDeclaredConflicts) {
  TestIndex index(R"(
    app 1.0.0: !openssl < 3; net ^1
    net 1.0.0: openssl < 3
    openssl 1.0.0
    openssl 3.0.0
  )");
  EXPECT_EQ(explain(index, requirements({{"app", ""}})),
            "Because every version of app depends on net >= 1.0.0, < 2.0.0 and every version of net "
            "depends on openssl < 3.0.0, every version of app requires openssl < 3.0.0.\n"
            "So, because you asked for app and every version of app conflicts with openssl < 3.0.0, "
            "no solution exists.");
}

TEST(Explanation, ExplainsOptionalDependencies) {
  TestIndex index(R"(
    app 1.0.0: ?logs ^1; web ^1
    web 1.0.0: logs >= 2
    logs 1.0.0
    logs 2.0.0
  )");
  EXPECT_EQ(explain(index, requirements({{"app", ""}})),
            "Because every version of app depends on web >= 1.0.0, < 2.0.0 and every version of web "
            "depends on logs >= 2.0.0, every version of app requires logs >= 2.0.0.\n"
            "So, because you asked for app and every version of app optionally depends on "
            "logs >= 1.0.0, < 2.0.0, no solution exists.");
}

TEST(Explanation, SaysWhenAPinMatchesNoVersion) {
  TestIndex index("a 1.0.0");
  Options options;
  options.pins["a"] = set("^2");
  EXPECT_EQ(explain(index, {}, options),
            "Because you pinned a to >= 2.0.0, < 3.0.0 and no versions of a match >= 2.0.0, "
            "< 3.0.0, no solution exists.");
}

TEST(Explanation, ReportsAnEmptyRequirement) {
  TestIndex index("a 1.0.0");
  EXPECT_EQ(explain(index, requirements({{"a", ">= 2 & < 1"}})),
            "Because you asked for a with an empty range, no solution exists.");
}

TEST(Explanation, DerivationGraphEndsInTheConclusion) {
  TestIndex index(kLinearExample);
  auto result = solve(index, requirements({{"foo", "^1.0.0"}, {"baz", "^1.0.0"}}));
  ASSERT_FALSE(result.has_value());
  const std::vector<FailureNode>& nodes = result.error().nodes;
  ASSERT_FALSE(nodes.empty());
  EXPECT_EQ(nodes.back().text, "no solution exists");
  int externals = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    EXPECT_EQ(nodes[i].cause1 < 0, nodes[i].cause2 < 0);
    if (nodes[i].cause1 < 0) {
      ++externals;
      continue;
    }
    EXPECT_LT(nodes[i].cause1, static_cast<int>(i));  // causes come first
    EXPECT_LT(nodes[i].cause2, static_cast<int>(i));
  }
  EXPECT_EQ(externals, 4);  // foo -> bar, bar -> baz, and the two requests
}

}  // namespace
}  // namespace solver
