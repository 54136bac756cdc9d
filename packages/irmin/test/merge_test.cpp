#include <gtest/gtest.h>
#include <irmin/merge.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace {

using irmin::MergeConflict;
using irmin::MergeResult;
namespace merge = irmin::merge;

TEST(Merge, IdempotentTakesTheOnlyChange) {
  EXPECT_EQ(merge::idempotent<int>(1, 1, 2), 2);
  EXPECT_EQ(merge::idempotent<int>(1, 3, 1), 3);
  EXPECT_EQ(merge::idempotent<int>(1, 4, 4), 4);
  EXPECT_EQ(merge::idempotent<int>(std::nullopt, 4, 4), 4);
}

TEST(Merge, IdempotentConflictsOnTwoDifferentChanges) {
  auto r = merge::idempotent<int>(1, 2, 3);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("both sides"), std::string::npos);
  EXPECT_FALSE(merge::idempotent<int>(std::nullopt, 2, 3));
}

TEST(Merge, CounterAddsBothDeltas) {
  EXPECT_EQ(merge::counter(10, 15, 7), 12);  // +5 and -3
  EXPECT_EQ(merge::counter(std::nullopt, 2, 3), 5);
  EXPECT_EQ(merge::counter(0, 0, 0), 0);
  EXPECT_EQ(merge::counter(-5, -5, 100), 100);
}

TEST(Merge, CounterHandlesExtremesExactly) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  // The sum of both sides overflows while the result fits.
  EXPECT_EQ(merge::counter(max, max, max), max);
  EXPECT_EQ(merge::counter(min, min, min), min);
  EXPECT_EQ(merge::counter(max - 1, max, max - 1), max);
}

TEST(Merge, CounterConflictsOnOverflow) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  auto up = merge::counter(0, max, 1);
  ASSERT_FALSE(up);
  EXPECT_NE(up.error().reason.find("overflows"), std::string::npos);
  EXPECT_FALSE(merge::counter(0, min, -1));
}

TEST(Merge, LastWriterWinsByTime) {
  using T = merge::Timestamped<std::string>;
  const T old{1, "a"}, ours{5, "b"}, theirs{3, "c"};
  EXPECT_EQ(merge::last_writer_wins<std::string>(old, ours, theirs), ours);
  EXPECT_EQ(merge::last_writer_wins<std::string>(old, theirs, ours), ours);
  EXPECT_EQ(merge::last_writer_wins<std::string>(std::nullopt, theirs, theirs), theirs);
}

TEST(Merge, LastWriterWinsConflictsOnATie) {
  using T = merge::Timestamped<std::string>;
  auto r = merge::last_writer_wins<std::string>(T{1, "a"}, T{7, "b"}, T{7, "c"});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("same time 7"), std::string::npos);
}

TEST(Merge, SetsUniteAdditionsAndApplyRemovals) {
  const std::set<std::string> old{"a", "b", "c"};
  const std::set<std::string> ours{"a", "b", "x"};    // removed c, added x
  const std::set<std::string> theirs{"b", "c", "y"};  // removed a, added y
  EXPECT_EQ(merge::set<std::string>(old, ours, theirs), (std::set<std::string>{"b", "x", "y"}));
  // No ancestor: everything is an addition.
  EXPECT_EQ(merge::set<std::string>(std::nullopt, {"a"}, {"b"}), (std::set<std::string>{"a", "b"}));
  // Both removed the same element, both added the same one.
  EXPECT_EQ(merge::set<std::string>(old, {"a", "b", "z"}, {"a", "b", "z"}),
            (std::set<std::string>{"a", "b", "z"}));
}

MergeResult<int> add_ints(const std::optional<int>& old, const int& a, const int& b) {
  return a + b - old.value_or(0);
}

TEST(Merge, OptionTakesDeletionsAndAdditions) {
  EXPECT_EQ(merge::option<int>(1, std::nullopt, 1, add_ints), std::nullopt);  // we deleted
  EXPECT_EQ(merge::option<int>(1, 1, std::nullopt, add_ints), std::nullopt);  // they deleted
  EXPECT_EQ(merge::option<int>(std::nullopt, 4, std::nullopt, add_ints), 4);  // we added
  EXPECT_EQ(merge::option<int>(std::nullopt, 4, 5, add_ints), 9);             // both added
  EXPECT_EQ(merge::option<int>(2, 4, 5, add_ints), 7);                        // both changed
}

TEST(Merge, OptionConflictsOnDeleteAgainstChange) {
  auto ours_deleted = merge::option<int>(1, std::nullopt, 2, add_ints);
  ASSERT_FALSE(ours_deleted);
  EXPECT_EQ(ours_deleted.error().reason, "deleted on our side, changed on theirs");
  auto theirs_deleted = merge::option<int>(1, 3, std::nullopt, add_ints);
  ASSERT_FALSE(theirs_deleted);
  EXPECT_EQ(theirs_deleted.error().reason, "changed on our side, deleted on theirs");
}

TEST(Merge, OptionPassesTheInnerConflictOn) {
  auto r = merge::option<int>(1, 2, 3, merge::idempotent<int>);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("both sides"), std::string::npos);
}

TEST(Merge, MapsMergeEachKey) {
  using M = std::map<std::string, std::int64_t>;
  const M old{{"apples", 10}, {"pears", 4}, {"plums", 1}};
  const M ours{{"apples", 12}, {"pears", 4}, {"kiwis", 3}};   // +2 apples, plums gone, kiwis
  const M theirs{{"apples", 7}, {"pears", 5}, {"plums", 1}};  // -3 apples, +1 pear
  auto r = merge::map(std::optional<M>(old), ours, theirs, merge::counter);
  ASSERT_TRUE(r) << r.error().reason;
  EXPECT_EQ(*r, (M{{"apples", 9}, {"pears", 5}, {"kiwis", 3}}));
}

TEST(Merge, MapsReportEveryConflictingKey) {
  using M = std::map<std::string, std::string>;
  const M old{{"a", "1"}, {"b", "1"}, {"c", "1"}};
  const M ours{{"a", "2"}, {"c", "2"}};                // b deleted
  const M theirs{{"a", "3"}, {"b", "3"}, {"c", "1"}};  // b changed
  auto r = merge::map(std::optional<M>(old), ours, theirs, merge::idempotent<std::string>);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("key 'a': both sides"), std::string::npos) << r.error().reason;
  EXPECT_NE(r.error().reason.find("key 'b': deleted on our side"), std::string::npos)
      << r.error().reason;
  EXPECT_EQ(r.error().reason.find("key 'c'"), std::string::npos) << r.error().reason;
}

TEST(Merge, MapsOfMapsMergeRecursively) {
  using Inner = std::map<int, std::int64_t>;
  using Outer = std::map<std::string, Inner>;
  auto inner = merge::map_with<int, std::int64_t>(merge::counter);
  const Outer old{{"x", {{1, 1}}}};
  const Outer ours{{"x", {{1, 2}}}, {"y", {{7, 7}}}};
  const Outer theirs{{"x", {{1, 4}, {2, 2}}}};
  auto r = merge::map(std::optional<Outer>(old), ours, theirs, inner);
  ASSERT_TRUE(r) << r.error().reason;
  EXPECT_EQ(*r, (Outer{{"x", {{1, 5}, {2, 2}}}, {"y", {{7, 7}}}}));
  // Integer keys are named in conflicts.
  auto c = merge::map(std::optional<Outer>(Outer{{"x", {{3, 0}}}}), Outer{{"x", {}}},
                      Outer{{"x", {{3, 9}}}}, inner);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().reason, "key 'x': key 3: deleted on our side, changed on theirs");
}

// A user-defined merge: a maximum, which never conflicts, and a policy refusing to
// lower a value (a conflict of its own making).
MergeResult<int> never_lower(const std::optional<int>& old, const int& a, const int& b) {
  const int base = old.value_or(0);
  if (a < base || b < base) return irmin::conflict("a value went down");
  return std::max(a, b);
}

TEST(Merge, UserDefinedFunctionsComposeWithTheCombinators) {
  static_assert(irmin::MergeFunction<decltype(&never_lower), int>);
  std::map<std::string, int> old{{"k", 5}};
  auto up = merge::map(std::optional(old), {{"k", 6}}, {{"k", 9}}, never_lower);
  ASSERT_TRUE(up);
  EXPECT_EQ(up->at("k"), 9);
  auto down = merge::map(std::optional(old), {{"k", 4}}, {{"k", 9}}, never_lower);
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().reason, "key 'k': a value went down");
}

}  // namespace
