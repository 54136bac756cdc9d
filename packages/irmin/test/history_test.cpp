#include <gtest/gtest.h>
#include <irmin/history.hpp>
#include <irmin/objects.hpp>

#include <algorithm>

#include "objects_fixture.hpp"

namespace {

using git::ObjectId;
using irmin_test::MapObjects;

// A commit graph over the empty tree, with committer times in creation order.
struct Graph {
  MapObjects m;
  std::uint64_t clock = 1000;
  ObjectId empty_tree = *irmin::write_tree(m.access, git::Tree{});

  ObjectId commit(std::vector<ObjectId> parents, const std::string& message) {
    auto id = irmin::write_commit(m.access, empty_tree, std::move(parents),
                                  irmin::Info::make("T", "t@example.org", clock++, message + "\n"));
    EXPECT_TRUE(id) << id.error().message;
    return *id;
  }
};

std::vector<ObjectId> sorted(std::vector<ObjectId> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(History, ListsEachCommitBeforeItsParents) {
  Graph g;
  const auto root = g.commit({}, "root");
  const auto left = g.commit({root}, "left");
  const auto right = g.commit({root}, "right");
  const auto merge = g.commit({left, right}, "merge");
  auto h = irmin::history(g.m.access, merge);
  ASSERT_TRUE(h);
  // right is newer than left, so it comes first among the ready ones.
  EXPECT_EQ(*h, (std::vector<ObjectId>{merge, right, left, root}));
  auto limited = irmin::history(g.m.access, merge, 2);
  ASSERT_TRUE(limited);
  EXPECT_EQ(*limited, (std::vector<ObjectId>{merge, right}));
}

TEST(History, ParentOrderHoldsEvenWhenClocksDisagree) {
  Graph g;
  g.clock = 5000;
  const auto root = g.commit({}, "root");
  g.clock = 10;  // a child committed "before" its parent
  const auto child = g.commit({root}, "child");
  auto h = irmin::history(g.m.access, child);
  ASSERT_TRUE(h);
  EXPECT_EQ(*h, (std::vector<ObjectId>{child, root}));
}

TEST(History, Ancestry) {
  Graph g;
  const auto a = g.commit({}, "a");
  const auto b = g.commit({a}, "b");
  const auto c = g.commit({}, "c");
  EXPECT_TRUE(*irmin::is_ancestor(g.m.access, a, b));
  EXPECT_TRUE(*irmin::is_ancestor(g.m.access, b, b));
  EXPECT_FALSE(*irmin::is_ancestor(g.m.access, b, a));
  EXPECT_FALSE(*irmin::is_ancestor(g.m.access, c, b));
}

TEST(History, LowestCommonAncestorOfAFork) {
  Graph g;
  const auto root = g.commit({}, "root");
  const auto base = g.commit({root}, "base");
  const auto x = g.commit({base}, "x");
  const auto y1 = g.commit({base}, "y1");
  const auto y2 = g.commit({y1}, "y2");
  EXPECT_EQ(*irmin::lowest_common_ancestors(g.m.access, x, y2), std::vector<ObjectId>{base});
  // One is the other's ancestor: it is the answer.
  EXPECT_EQ(*irmin::lowest_common_ancestors(g.m.access, y1, y2), std::vector<ObjectId>{y1});
  EXPECT_EQ(*irmin::lowest_common_ancestors(g.m.access, x, x), std::vector<ObjectId>{x});
}

TEST(History, CrissCrossMergesHaveTwoLowestCommonAncestors) {
  Graph g;
  const auto root = g.commit({}, "root");
  const auto a = g.commit({root}, "a");
  const auto b = g.commit({root}, "b");
  const auto a2 = g.commit({a, b}, "a2");  // a merges b
  const auto b2 = g.commit({b, a}, "b2");  // b merges a
  EXPECT_EQ(*irmin::lowest_common_ancestors(g.m.access, a2, b2), sorted({a, b}));
}

TEST(History, UnrelatedHistoriesHaveNone) {
  Graph g;
  const auto a = g.commit({}, "a");
  const auto b = g.commit({}, "b");
  EXPECT_TRUE(irmin::lowest_common_ancestors(g.m.access, a, b)->empty());
}

TEST(History, AMissingParentIsAnError) {
  Graph g;
  auto ghost = *ObjectId::from_hex("1111111111111111111111111111111111111111", git::HashAlgo::Sha1);
  const auto orphan = g.commit({ghost}, "orphan");
  auto h = irmin::history(g.m.access, orphan);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, irmin::Errc::NotFound);
}

TEST(Objects, ReadingAnObjectAsAnotherTypeIsBadObject) {
  Graph g;
  auto t = irmin::read_commit(g.m.access, g.empty_tree);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, irmin::Errc::BadObject);
  EXPECT_NE(t.error().message.find("is a tree, not a commit"), std::string::npos);
}

TEST(Objects, RefusesToWriteInvalidGit) {
  Graph g;
  // A tree entry named ".git" would fail git fsck --strict.
  git::Tree bad{{git::TreeEntry{git::mode::tree, ".git", g.empty_tree}}};
  auto r = irmin::write_tree(g.m.access, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, irmin::Errc::BadObject);
  // An author whose name has a '<'.
  auto info = irmin::Info::make("a<b", "e@x", 1, "m");
  auto c = irmin::write_commit(g.m.access, g.empty_tree, {}, info);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, irmin::Errc::BadObject);
}

}  // namespace
