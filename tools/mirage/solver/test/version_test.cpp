#include "solver/version.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace solver {
namespace {

Version v(std::string_view text) { return *Version::parse(text); }

TEST(Version, ParsesMajorMinorPatch) {
  auto parsed = Version::parse("1.22.333");
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  EXPECT_EQ(parsed->major, 1u);
  EXPECT_EQ(parsed->minor, 22u);
  EXPECT_EQ(parsed->patch, 333u);
  EXPECT_FALSE(parsed->is_prerelease());
}

TEST(Version, ParsesPreReleaseAndBuild) {
  auto parsed = Version::parse("1.0.0-rc.1+build.5-x");
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  EXPECT_EQ(parsed->pre, "rc.1");
  EXPECT_EQ(parsed->build, "build.5-x");
  EXPECT_TRUE(parsed->is_prerelease());
}

TEST(Version, ParsesHyphensInsidePreRelease) {
  auto parsed = Version::parse("1.0.0-x-y-z.--");
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  EXPECT_EQ(parsed->pre, "x-y-z.--");
}

TEST(Version, ParsesBuildWithoutPreRelease) {
  auto parsed = Version::parse("1.0.0+20130313144700");
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  EXPECT_EQ(parsed->pre, "");
  EXPECT_EQ(parsed->build, "20130313144700");
}

TEST(Version, RejectsPartialVersionWhenStrict) {
  auto parsed = Version::parse("1.2");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error(), "'1.2' is not a version: expected MAJOR.MINOR.PATCH");
}

TEST(Version, LooseParseFillsMissingParts) {
  EXPECT_EQ(Version::parse_loose("1").value(), v("1.0.0"));
  EXPECT_EQ(Version::parse_loose("1.2").value(), v("1.2.0"));
  EXPECT_EQ(Version::parse_loose("1.2.3-a").value(), v("1.2.3-a"));
}

TEST(Version, LooseParseNeedsThreePartsBeforePreRelease) {
  auto parsed = Version::parse_loose("1.2-beta");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error(), "'1.2-beta' is not a version: expected MAJOR.MINOR.PATCH before '-' or '+'");
}

TEST(Version, RejectsMalformedText) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"", "'' is not a version: expected MAJOR.MINOR.PATCH"},
      {"1.2.3.4", "'1.2.3.4' is not a version: expected MAJOR.MINOR.PATCH"},
      {"1..3", "'1..3' is not a version: expected MAJOR.MINOR.PATCH"},
      {"1.x.3", "'1.x.3' is not a version: 'x' is not a number"},
      {"v1.2.3", "'v1.2.3' is not a version: 'v1' is not a number"},
      {"01.2.3", "'01.2.3' is not a version: '01' has a leading zero"},
      {"1.2.3-", "'1.2.3-' is not a version: empty pre-release identifier"},
      {"1.2.3-a..b", "'1.2.3-a..b' is not a version: empty pre-release identifier"},
      {"1.2.3-01", "'1.2.3-01' is not a version: pre-release identifier '01' has a leading zero"},
      {"1.2.3-a_b", "'1.2.3-a_b' is not a version: invalid character '_' in pre-release"},
      {"1.2.3+", "'1.2.3+' is not a version: empty build identifier"},
      {"1.2.3+a+b", "'1.2.3+a+b' is not a version: invalid character '+' in build"},
      {"99999999999999999999.0.0",
       "'99999999999999999999.0.0' is not a version: '99999999999999999999' is too large"},
  };
  for (const Case& c : cases) {
    auto parsed = Version::parse(c.text);
    ASSERT_FALSE(parsed.has_value()) << c.text;
    EXPECT_EQ(parsed.error(), c.message);
  }
}

TEST(Version, BuildMayHaveLeadingZeros) { EXPECT_TRUE(Version::parse("1.0.0+001").has_value()); }

TEST(Version, RoundTripsThroughText) {
  for (const char* text : {"0.0.0", "1.2.3", "1.0.0-alpha.1", "1.0.0-0.3.7+exp.sha.5114f85"}) {
    EXPECT_EQ(v(text).to_string(), text);
  }
}

// The precedence example of semver.org, section 11.
TEST(Version, FollowsSemverPrecedenceExample) {
  const std::vector<const char*> ordered = {
      "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
      "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"};
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    for (std::size_t j = 0; j < ordered.size(); ++j) {
      EXPECT_EQ(v(ordered[i]) <=> v(ordered[j]), i <=> j) << ordered[i] << " vs " << ordered[j];
    }
  }
}

TEST(Version, ComparesNumbersNumerically) {
  EXPECT_LT(v("1.9.0"), v("1.10.0"));
  EXPECT_LT(v("1.0.0-2"), v("1.0.0-10"));
  EXPECT_LT(v("1.0.0-99"), v("1.0.0-a"));  // numeric identifiers rank below alphanumeric
}

TEST(Version, IgnoresBuildMetadataInOrdering) {
  EXPECT_EQ(v("1.0.0+a"), v("1.0.0+b"));
  EXPECT_EQ(v("1.0.0+a") <=> v("1.0.0"), std::strong_ordering::equal);
}

}  // namespace
}  // namespace solver
