#include <mirage-runtime/suggest.hpp>

#include <gtest/gtest.h>

#include <array>

namespace {

using mirage_runtime::closest_name;
using mirage_runtime::edit_distance;

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("port", "port"), 0u);
  EXPECT_EQ(edit_distance("", "port"), 4u);
  EXPECT_EQ(edit_distance("verbos", "verbose"), 1u);
  EXPECT_EQ(edit_distance("ports", "port"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(EditDistance, CountsASwapOfNeighboursAsOneEdit) {
  EXPECT_EQ(edit_distance("prot", "port"), 1u);
  EXPECT_EQ(edit_distance("hlep", "help"), 1u);
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
  EXPECT_EQ(edit_distance("ca", "abc"), 3u);  // optimal string alignment, not Damerau
}

TEST(EditDistance, IsSymmetric) {
  for (auto [a, b] : {std::pair{"configure", "cnofigure"}, {"build", "biuld"}, {"x", "help"}}) {
    EXPECT_EQ(edit_distance(a, b), edit_distance(b, a)) << a << " " << b;
  }
}

constexpr std::array<std::string_view, 5> commands{"configure", "build", "clean", "help", "query"};

TEST(ClosestName, PicksTheNearestCandidateWithinTwoEdits) {
  EXPECT_EQ(closest_name("biuld", commands), "build");
  EXPECT_EQ(closest_name("confgure", commands), "configure");
  EXPECT_EQ(closest_name("cleen", commands), "clean");
  EXPECT_EQ(closest_name("query", commands), "query");
}

TEST(ClosestName, IsEmptyWhenNothingIsWithinTwoEdits) {
  EXPECT_EQ(closest_name("frobnicate", commands), "");
  EXPECT_EQ(closest_name("bxxxd", commands), "");
  EXPECT_EQ(closest_name("anything", {}), "");
}

TEST(ClosestName, NeedsFewerEditsThanTheWordHasCharacters) {
  constexpr std::array<std::string_view, 2> short_names{"ab", "x"};
  EXPECT_EQ(closest_name("y", short_names), "");   // one edit from "x", but "y" is one letter
  EXPECT_EQ(closest_name("cd", short_names), "");  // two edits from "ab"
  EXPECT_EQ(closest_name("abc", short_names), "ab");
  EXPECT_EQ(closest_name("", short_names), "");
}

TEST(ClosestName, PrefersTheFirstOfEquallyCloseCandidates) {
  constexpr std::array<std::string_view, 3> names{"port", "part", "pert"};
  EXPECT_EQ(closest_name("purt", names).data(), names[0].data());
  constexpr std::array<std::string_view, 3> reversed{"pert", "part", "port"};
  EXPECT_EQ(closest_name("purt", reversed), "pert");
}

TEST(ClosestName, PrefersACloserCandidateThatComesLater) {
  constexpr std::array<std::string_view, 2> names{"verb", "verbose"};
  EXPECT_EQ(closest_name("verbos", names), "verbose");
}

}  // namespace
