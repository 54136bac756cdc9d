#include "solver/version_set.hpp"

#include <gtest/gtest.h>

#include <bitset>
#include <random>
#include <vector>

namespace solver {
namespace {

Version v(std::string_view text) { return *Version::parse(text); }

TEST(VersionSet, AnyAndNone) {
  EXPECT_TRUE(VersionSet::any().is_any());
  EXPECT_TRUE(VersionSet::any().contains(v("0.0.0-0")));
  EXPECT_TRUE(VersionSet::none().is_empty());
  EXPECT_FALSE(VersionSet::none().contains(v("1.0.0")));
  EXPECT_EQ(VersionSet::any().complement(), VersionSet::none());
  EXPECT_EQ(VersionSet::any().to_string(), "any version");
  EXPECT_EQ(VersionSet::none().to_string(), "no version");
}

TEST(VersionSet, ExactlyHoldsOneVersion) {
  VersionSet s = VersionSet::exactly(v("1.4.0"));
  EXPECT_TRUE(s.contains(v("1.4.0")));
  EXPECT_TRUE(s.contains(v("1.4.0+build")));
  EXPECT_FALSE(s.contains(v("1.4.1-0")));
  EXPECT_FALSE(s.contains(v("1.4.0-rc.1")));
  EXPECT_EQ(s.to_string(), "1.4.0");
  EXPECT_EQ(VersionSet::exactly(v("1.0.0-rc.1")).to_string(), "1.0.0-rc.1");
}

TEST(VersionSet, BoundsAreInclusiveOrExclusive) {
  EXPECT_TRUE(VersionSet::at_least(v("1.0.0")).contains(v("1.0.0")));
  EXPECT_FALSE(VersionSet::above(v("1.0.0")).contains(v("1.0.0")));
  EXPECT_TRUE(VersionSet::above(v("1.0.0")).contains(v("1.0.1-alpha")));
  EXPECT_TRUE(VersionSet::at_most(v("1.0.0")).contains(v("1.0.0")));
  EXPECT_FALSE(VersionSet::below(v("1.0.0")).contains(v("1.0.0")));
  EXPECT_TRUE(VersionSet::below(v("1.0.0")).contains(v("1.0.0-rc.1")));
  EXPECT_TRUE(VersionSet::below(v("0.0.0-0")).is_empty());
}

TEST(VersionSet, PrintsReadableRanges) {
  VersionSet range = VersionSet::at_least(v("1.2.0")).intersect(VersionSet::below(v("2.0.0-0")));
  EXPECT_EQ(range.to_string(), ">= 1.2.0, < 2.0.0");
  EXPECT_EQ(range.complement().to_string(), "< 1.2.0 (including 1.2.0 pre-releases) or >= 2.0.0-0");
  VersionSet outside = VersionSet::below(v("1.0.0-0")).unite(VersionSet::at_least(v("2.0.0")));
  EXPECT_EQ(outside.to_string(), "< 1.0.0 or >= 2.0.0");
  EXPECT_EQ(VersionSet::above(v("1.2.3")).to_string(), "> 1.2.3");
  EXPECT_EQ(VersionSet::above(v("1.0.0-rc")).to_string(), "> 1.0.0-rc");
  EXPECT_EQ(VersionSet::at_most(v("1.0.0-rc")).to_string(), "<= 1.0.0-rc");
  EXPECT_EQ(VersionSet::below(v("1.0.0-rc")).to_string(), "< 1.0.0-rc");
}

TEST(VersionSet, AdjacentIntervalsMerge) {
  VersionSet joined = VersionSet::exactly(v("1.0.0")).unite(VersionSet::above(v("1.0.0")));
  EXPECT_EQ(joined, VersionSet::at_least(v("1.0.0")));
  EXPECT_EQ(VersionSet::below(v("1.0.0")).unite(VersionSet::at_least(v("1.0.0"))), VersionSet::any());
}

TEST(VersionSet, DifferenceRemovesVersions) {
  VersionSet s = VersionSet::at_least(v("1.0.0")).difference(VersionSet::exactly(v("1.5.0")));
  EXPECT_TRUE(s.contains(v("1.4.9")));
  EXPECT_FALSE(s.contains(v("1.5.0")));
  EXPECT_TRUE(s.contains(v("1.5.1")));
}

TEST(VersionSet, SubsetAndDisjoint) {
  VersionSet wide = VersionSet::at_least(v("1.0.0"));
  VersionSet narrow = VersionSet::exactly(v("1.2.0"));
  EXPECT_TRUE(narrow.subset_of(wide));
  EXPECT_FALSE(wide.subset_of(narrow));
  EXPECT_TRUE(VersionSet::none().subset_of(narrow));
  EXPECT_TRUE(VersionSet::below(v("1.0.0")).disjoint_with(wide));
  EXPECT_FALSE(VersionSet::at_most(v("1.0.0")).disjoint_with(wide));
}

// Random sets checked against bitsets over a fixed list of versions, including the awkward
// neighbours of bounds (first pre-releases, successors).
class RandomSets : public ::testing::Test {
 protected:
  static constexpr std::size_t kN = 16;
  using Bits = std::bitset<kN>;
  std::vector<Version> points = {
      v("0.0.0-0"),   v("0.0.0"),       v("0.1.0"),   v("1.0.0-0"),
      v("1.0.0-alpha"), v("1.0.0-alpha.0"), v("1.0.0-rc.1"), v("1.0.0"),
      v("1.0.1-0"),   v("1.0.1"),       v("1.2.3"),   v("2.0.0-0"),
      v("2.0.0-rc.1"), v("2.0.0"),       v("2.0.1-0"), v("10.0.0")};
  std::mt19937 rng{12345};

  Bits bits(const VersionSet& s) {
    Bits b;
    for (std::size_t i = 0; i < kN; ++i) b[i] = s.contains(points[i]);
    return b;
  }

  VersionSet random_set(int depth) {
    const Version& p = points[rng() % kN];
    switch (depth <= 0 ? rng() % 5 : rng() % 9) {
      case 0: return VersionSet::exactly(p);
      case 1: return VersionSet::at_least(p);
      case 2: return VersionSet::above(p);
      case 3: return VersionSet::at_most(p);
      case 4: return VersionSet::below(p);
      case 5: return random_set(depth - 1).intersect(random_set(depth - 1));
      case 6: return random_set(depth - 1).unite(random_set(depth - 1));
      case 7: return random_set(depth - 1).difference(random_set(depth - 1));
      default: return random_set(depth - 1).complement();
    }
  }
};

TEST_F(RandomSets, OperationsAgreeWithBruteForce) {
  for (int round = 0; round < 3000; ++round) {
    VersionSet a = random_set(3), b = random_set(3);
    Bits ba = bits(a), bb = bits(b);
    EXPECT_EQ(bits(a.intersect(b)), ba & bb);
    EXPECT_EQ(bits(a.unite(b)), ba | bb);
    EXPECT_EQ(bits(a.difference(b)), ba & ~bb);
    EXPECT_EQ(bits(a.complement()), ~ba);
    if (a.subset_of(b)) { EXPECT_EQ(ba & ~bb, Bits{}); }
    if (a.disjoint_with(b)) { EXPECT_EQ(ba & bb, Bits{}); }
    if (a.is_empty()) { EXPECT_EQ(ba, Bits{}); }
    if (a.is_any()) { EXPECT_EQ(ba, ~Bits{}); }
  }
}

TEST_F(RandomSets, CanonicalFormMakesEqualSetsEqual) {
  for (int round = 0; round < 3000; ++round) {
    VersionSet a = random_set(3), b = random_set(3);
    EXPECT_EQ(a.complement().complement(), a);
    EXPECT_EQ(a.unite(b), b.unite(a));
    EXPECT_EQ(a.unite(b).complement(), a.complement().intersect(b.complement()));
    EXPECT_EQ(a.difference(b), a.intersect(b.complement()));
    EXPECT_EQ(a.subset_of(b), a.difference(b).is_empty());
    EXPECT_EQ(a.disjoint_with(b), a.intersect(b).is_empty());
    EXPECT_EQ(a.unite(a.complement()).is_any(), true);
    EXPECT_TRUE(a.intersect(b).subset_of(a));
  }
}

TEST_F(RandomSets, TextNeverEmptyAndDistinguishesSets) {
  for (int round = 0; round < 1000; ++round) {
    VersionSet a = random_set(2), b = random_set(2);
    EXPECT_FALSE(a.to_string().empty());
    if (a != b) { EXPECT_NE(a.to_string(), b.to_string()) << a.to_string(); }
  }
}

}  // namespace
}  // namespace solver
