#include "solver/constraint.hpp"

#include <gtest/gtest.h>

namespace solver {
namespace {

Version v(std::string_view text) { return *Version::parse(text); }

std::string text_of(std::string_view constraint) {
  auto s = parse_constraint(constraint);
  if (!s) return "error: " + s.error().message;
  return s->to_string();
}

TEST(Constraint, EmptyAndStarMeanAnyVersion) {
  EXPECT_EQ(text_of(""), "any version");
  EXPECT_EQ(text_of("   "), "any version");
  EXPECT_EQ(text_of("*"), "any version");
}

TEST(Constraint, ParsesComparisons) {
  EXPECT_EQ(text_of(">= 1.2"), ">= 1.2.0");
  EXPECT_EQ(text_of("> 1.2.3"), "> 1.2.3");
  EXPECT_EQ(text_of("<= 2"), "< 3.0.0");
  EXPECT_EQ(text_of("<= 2.1.0"), "< 2.1.1");
  EXPECT_EQ(text_of("< 2.0.0"), "< 2.0.0");
  EXPECT_EQ(text_of("= 1.4.0"), "1.4.0");
  EXPECT_EQ(text_of("== 1.4.0"), "1.4.0");
  EXPECT_EQ(text_of("!= 1.3.0"), "< 1.3.0 (including 1.3.0 pre-releases) or > 1.3.0");
}

TEST(Constraint, PartialOperandsCoverTheirWholeRange) {
  EXPECT_EQ(text_of("> 1.2"), ">= 1.3.0");
  EXPECT_EQ(text_of("> 1"), ">= 2.0.0");
  EXPECT_EQ(text_of("= 1.2"), ">= 1.2.0, < 1.3.0");
  EXPECT_EQ(text_of("= 1"), ">= 1.0.0, < 2.0.0");
  EXPECT_EQ(text_of("<= 1.2"), "< 1.3.0");
}

TEST(Constraint, CaretFollowsCargo) {
  EXPECT_EQ(text_of("^1.2.3"), ">= 1.2.3, < 2.0.0");
  EXPECT_EQ(text_of("^1.2"), ">= 1.2.0, < 2.0.0");
  EXPECT_EQ(text_of("^1"), ">= 1.0.0, < 2.0.0");
  EXPECT_EQ(text_of("^0.2.3"), ">= 0.2.3, < 0.3.0");
  EXPECT_EQ(text_of("^0.2"), ">= 0.2.0, < 0.3.0");
  EXPECT_EQ(text_of("^0.0.3"), "0.0.3");
  EXPECT_EQ(text_of("^0.0"), ">= 0.0.0, < 0.1.0");
  EXPECT_EQ(text_of("^0"), ">= 0.0.0, < 1.0.0");
}

TEST(Constraint, TildeAllowsPatchChanges) {
  EXPECT_EQ(text_of("~1.2.3"), ">= 1.2.3, < 1.3.0");
  EXPECT_EQ(text_of("~1.2"), ">= 1.2.0, < 1.3.0");
  EXPECT_EQ(text_of("~1"), ">= 1.0.0, < 2.0.0");
}

TEST(Constraint, BareVersionMeansCaret) { EXPECT_EQ(text_of("1.2"), ">= 1.2.0, < 2.0.0"); }

TEST(Constraint, ConjunctionWithAmpersandOrComma) {
  EXPECT_EQ(text_of(">= 1.2 & < 2"), ">= 1.2.0, < 2.0.0");
  EXPECT_EQ(text_of(">=1.2,<2"), ">= 1.2.0, < 2.0.0");
  EXPECT_EQ(text_of(">= 1.2 && < 2"), ">= 1.2.0, < 2.0.0");
}

TEST(Constraint, DisjunctionAndParentheses) {
  EXPECT_EQ(text_of("< 1 | >= 2"), "< 1.0.0 or >= 2.0.0");
  EXPECT_EQ(text_of("^1.2 || ^3"), ">= 1.2.0, < 2.0.0 or >= 3.0.0, < 4.0.0");
  EXPECT_EQ(text_of("(>= 1 | = 0.5.0) & < 2"), "0.5.0 or >= 1.0.0, < 2.0.0");
  EXPECT_EQ(text_of(">= 1 | = 0.5.0 & < 2"), "0.5.0 or >= 1.0.0");  // '&' binds tighter
}

TEST(Constraint, ContradictionIsTheEmptySet) { EXPECT_EQ(text_of(">= 2 & < 1"), "no version"); }

TEST(Constraint, UpperBoundExcludesPreReleasesOfThatRelease) {
  VersionSet caret = *parse_constraint("^1.2");
  EXPECT_FALSE(caret.contains(v("2.0.0-alpha")));
  EXPECT_TRUE(caret.contains(v("1.9.0-beta")));  // an ordinary version between the bounds
  EXPECT_TRUE(caret.contains(v("1.2.0")));
  EXPECT_FALSE(caret.contains(v("1.2.0-rc.1")));
  EXPECT_TRUE(parse_constraint("< 2.0.0-beta")->contains(v("2.0.0-alpha")));
}

TEST(Constraint, PreReleaseOperands) {
  VersionSet s = *parse_constraint(">= 1.0.0-rc.1 & < 1.0.0-rc.5");
  EXPECT_TRUE(s.contains(v("1.0.0-rc.2")));
  EXPECT_FALSE(s.contains(v("1.0.0")));
  EXPECT_FALSE(s.contains(v("1.0.0-beta")));
  EXPECT_EQ(text_of("^1.0.0-rc.1"), ">= 1.0.0-rc.1, < 2.0.0");
  // "< 1.0.0" leaves out every 1.0.0 pre-release, so this range is empty (unlike Dart's
  // special case, the rule does not look at the other bound).
  EXPECT_EQ(text_of(">= 1.0.0-rc.1 & < 1.0.0"), "no version");
}

TEST(Constraint, ReportsMissingVersionAfterOperator) {
  auto s = parse_constraint(">= ");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message, "expected a version after '>=' at offset 3");
  EXPECT_EQ(s.error().offset, 3u);
}

TEST(Constraint, ReportsBadVersionWithItsOffset) {
  auto s = parse_constraint("^1.2 & >= 1.x");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message, "'1.x' is not a version: 'x' is not a number at offset 10");
  EXPECT_EQ(s.error().offset, 10u);
}

TEST(Constraint, ReportsMissingOperand) {
  auto s = parse_constraint(">= 1 &");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message, "expected a constraint at offset 6");
  EXPECT_EQ(parse_constraint("| 1").error().offset, 0u);
}

TEST(Constraint, ReportsUnclosedParenthesis) {
  auto s = parse_constraint("(>= 1 | < 0.5");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message, "expected ')' at offset 13");
}

TEST(Constraint, ReportsComparisonsWithoutConnective) {
  auto s = parse_constraint(">= 1.2 < 2");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message,
            "unexpected '<' (join comparisons with '&', ',' or '|') at offset 7");
}

TEST(Constraint, ReportsStrayCharacters) {
  EXPECT_EQ(parse_constraint("@1").error().message, "expected a constraint at offset 0");
  EXPECT_EQ(parse_constraint("1.0 )").error().offset, 4u);
}

}  // namespace
}  // namespace solver
