#include <gtest/gtest.h>
#include <irmin/store.hpp>
#include <irmin_mem/backend.hpp>

#include <string>
#include <vector>

#include "test_contents.hpp"

namespace {

using namespace irmin_mem_test;
using git::ObjectId;
using irmin::Conflict;
using irmin::Errc;
using irmin::Path;
using Counter = irmin::contents::Counter;
using String = irmin::contents::String;

template <class C>
struct Fixture {
  irmin_mem::Backend backend;
  irmin::Store<C, irmin_mem::Backend> store{backend};

  ObjectId put(std::string_view branch, const Path& path, C value) {
    auto id = store.set(branch, path, value, info("set " + irmin::path_string(path)));
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : ObjectId();
  }
  std::optional<C> at(std::string_view branch, const Path& path) {
    auto v = store.find(branch, path);
    EXPECT_TRUE(v) << v.error().message;
    return v ? *v : std::nullopt;
  }
  // The conflicts of merging `from` into `into`, which must fail and leave `into` alone.
  std::vector<Conflict> conflicts(std::string_view into, std::string_view from) {
    const auto before = *store.head(into);
    auto r = store.merge(into, from, info("merge"));
    EXPECT_FALSE(r);
    EXPECT_EQ(*store.head(into), before);
    if (r) return {};
    EXPECT_EQ(r.error().code, Errc::Conflict) << r.error().message;
    return r.error().conflicts;
  }
  ObjectId merge(std::string_view into, std::string_view from) {
    auto id =
        store.merge(into, from, info("merge " + std::string(from) + " into " + std::string(into)));
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : ObjectId();
  }
};

TEST(StoreMerge, FastForwardsWhenTheBranchIsBehind) {
  Fixture<String> f;
  f.put("main", {"a"}, {"1"});
  ASSERT_TRUE(f.store.clone("main", "feature"));
  const auto ahead = f.put("feature", {"b"}, {"2"});
  EXPECT_EQ(f.merge("main", "feature"), ahead);  // no merge commit
  EXPECT_EQ(*f.store.head("main"), ahead);
}

TEST(StoreMerge, MergingIntoAnAbsentBranchCreatesIt) {
  Fixture<String> f;
  const auto head = f.put("main", {"a"}, {"1"});
  EXPECT_EQ(f.merge("copy", "main"), head);
  EXPECT_EQ(f.at("copy", {"a"}), String{"1"});
}

TEST(StoreMerge, MergingWhatIsAlreadyThereChangesNothing) {
  Fixture<String> f;
  f.put("main", {"a"}, {"1"});
  ASSERT_TRUE(f.store.clone("main", "old"));
  const auto head = f.put("main", {"a"}, {"2"});
  EXPECT_EQ(f.merge("main", "old"), head);
  EXPECT_EQ(f.merge("main", "main"), head);
  EXPECT_EQ(f.store.history("main")->size(), 2u);
}

TEST(StoreMerge, ThreeWayMergeMakesACommitWithBothParents) {
  Fixture<String> f;
  f.put("main", {"shared"}, {"s"});
  ASSERT_TRUE(f.store.clone("main", "feature"));
  const auto ours = f.put("main", {"mine"}, {"m"});
  const auto theirs = f.put("feature", {"yours"}, {"y"});
  const auto merged = f.merge("main", "feature");
  auto c = f.store.read_commit(merged);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->parents, (std::vector<ObjectId>{ours, theirs}));
  EXPECT_EQ(c->message, "merge feature into main\n");
  EXPECT_EQ(f.at("main", {"mine"}), String{"m"});
  EXPECT_EQ(f.at("main", {"yours"}), String{"y"});
  EXPECT_EQ(f.at("main", {"shared"}), String{"s"});
  // The other way round is now a fast-forward.
  EXPECT_EQ(f.merge("feature", "main"), merged);
}

TEST(StoreMerge, ConflictsNameEveryPathAndLeaveTheBranch) {
  Fixture<String> f;
  f.put("main", {"docs", "readme"}, {"v1"});
  f.put("main", {"config"}, {"a=1"});
  f.put("main", {"quiet"}, {"q"});
  f.put("main", {"gone"}, {"g"});
  ASSERT_TRUE(f.store.clone("main", "feature"));
  f.put("main", {"docs", "readme"}, {"v2 by main"});
  f.put("main", {"config"}, {"a=2"});
  ASSERT_TRUE(f.store.remove("main", {"gone"}, info("rm gone")));
  const auto head = f.put("main", {"quiet"}, {"q2"});
  f.put("feature", {"docs", "readme"}, {"v2 by feature"});
  f.put("feature", {"config"}, {"a=3"});
  f.put("feature", {"gone"}, {"changed"});
  const auto c = f.conflicts("main", "feature");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0], (Conflict{{"config"}, "both sides changed the value differently"}));
  EXPECT_EQ(c[1], (Conflict{{"docs", "readme"}, "both sides changed the value differently"}));
  EXPECT_EQ(c[2], (Conflict{{"gone"}, "deleted on our side, changed on theirs"}));
  EXPECT_EQ(*f.store.head("main"), head);
}

TEST(StoreMerge, BothAddingTheSameValueIsNoConflict) {
  Fixture<String> f;
  f.put("main", {"base"}, {"b"});
  ASSERT_TRUE(f.store.clone("main", "feature"));
  f.put("main", {"new"}, {"same"});
  f.put("main", {"other"}, {"o"});
  f.put("feature", {"new"}, {"same"});
  f.merge("main", "feature");
  EXPECT_EQ(f.at("main", {"new"}), String{"same"});
}

TEST(StoreMerge, UnrelatedHistoriesMergeFromNothing) {
  Fixture<String> f;
  f.put("a", {"x"}, {"1"});
  f.put("b", {"y"}, {"2"});
  EXPECT_TRUE(f.store.lcas(*f.store.head("a").value(), *f.store.head("b").value())->empty());
  f.merge("a", "b");
  EXPECT_EQ(f.store.read_commit(*f.store.head("a").value())->parents.size(), 2u);
  EXPECT_EQ(f.at("a", {"x"}), String{"1"});
  EXPECT_EQ(f.at("a", {"y"}), String{"2"});
  // Both added the same path with different values: an add/add conflict.
  f.put("c", {"x"}, {"other"});
  EXPECT_EQ(f.conflicts("a", "c"),
            (std::vector<Conflict>{{{"x"}, "both sides changed the value differently"}}));
}

// Two clones of one store, each writing different keys and the same keys, merged back
// through the contents' merge functions.
TEST(StoreMerge, ConcurrentWritersMergeCounters) {
  Fixture<Counter> f;
  f.put("main", {"hits", "home"}, {100});
  f.put("main", {"hits", "about"}, {5});
  ASSERT_TRUE(f.store.clone("main", "alice"));
  ASSERT_TRUE(f.store.clone("main", "bob"));
  // Alice: +10 home, a new page; Bob: +3 home, +1 about.
  f.put("alice", {"hits", "home"}, {110});
  f.put("alice", {"hits", "blog"}, {7});
  f.put("bob", {"hits", "home"}, {103});
  f.put("bob", {"hits", "about"}, {6});
  f.merge("main", "alice");  // fast-forward
  EXPECT_EQ(*f.store.head("main"), *f.store.head("alice"));
  f.merge("main", "bob");  // three-way
  EXPECT_EQ(f.at("main", {"hits", "home"}), Counter{113});
  EXPECT_EQ(f.at("main", {"hits", "about"}), Counter{6});
  EXPECT_EQ(f.at("main", {"hits", "blog"}), Counter{7});
  // Each clone catches up and goes on; a second round counts only the new increments.
  f.merge("alice", "main");
  f.merge("bob", "main");
  f.put("alice", {"hits", "home"}, {114});
  f.put("bob", {"hits", "home"}, {120});
  f.merge("main", "alice");
  f.merge("main", "bob");
  EXPECT_EQ(f.at("main", {"hits", "home"}), Counter{121});
}

TEST(StoreMerge, CounterOverflowIsAConflictAtItsPath) {
  Fixture<Counter> f;
  f.put("main", {"n"}, {0});
  ASSERT_TRUE(f.store.clone("main", "x"));
  f.put("main", {"n"}, {std::numeric_limits<std::int64_t>::max()});
  f.put("x", {"n"}, {1});
  EXPECT_EQ(f.conflicts("main", "x"),
            (std::vector<Conflict>{{{"n"}, "counter merge overflows 64 bits"}}));
}

// git's "criss-cross": each side merged the other's first change, so the two heads have
// two lowest common ancestors. Merging them naively from either would count one side's
// first increment twice; the recursive merge of the ancestors counts each once.
TEST(StoreMerge, CrissCrossMergesUseARecursiveBase) {
  Fixture<Counter> f;
  f.put("main", {"c"}, {0});
  ASSERT_TRUE(f.store.clone("main", "alice"));
  ASSERT_TRUE(f.store.clone("main", "bob"));
  const auto a1 = f.put("alice", {"c"}, {1});
  const auto b1 = f.put("bob", {"c"}, {10});
  ASSERT_TRUE(f.store.merge_commit("alice", b1, info("alice takes b1")));
  ASSERT_TRUE(f.store.merge_commit("bob", a1, info("bob takes a1")));
  EXPECT_EQ(f.at("alice", {"c"}), Counter{11});
  EXPECT_EQ(f.at("bob", {"c"}), Counter{11});
  f.put("alice", {"c"}, {12});  // +1
  f.put("bob", {"c"}, {21});    // +10
  auto bases = f.store.lcas(*f.store.head("alice").value(), *f.store.head("bob").value());
  ASSERT_TRUE(bases);
  EXPECT_EQ(bases->size(), 2u);
  f.merge("alice", "bob");
  EXPECT_EQ(f.at("alice", {"c"}), Counter{22});
}

TEST(StoreMerge, MapsOfCountersMergeKeyByKey) {
  Fixture<Inventory> f;
  f.put("main", {"shop"}, {{{"apples", 10}, {"pears", 3}}});
  ASSERT_TRUE(f.store.clone("main", "till1"));
  ASSERT_TRUE(f.store.clone("main", "till2"));
  f.put("till1", {"shop"}, {{{"apples", 8}, {"pears", 3}, {"plums", 4}}});  // sold 2, plums in
  f.put("till2", {"shop"}, {{{"apples", 9}, {"pears", 1}}});                // sold 1 and 2
  f.merge("main", "till1");
  f.merge("main", "till2");
  EXPECT_EQ(f.at("main", {"shop"}), (Inventory{{{"apples", 7}, {"pears", 1}, {"plums", 4}}}));
}

TEST(StoreMerge, MapConflictsNameTheKeyAndThePath) {
  Fixture<Inventory> f;
  f.put("main", {"shop"}, {{{"apples", 10}}});
  ASSERT_TRUE(f.store.clone("main", "x"));
  f.put("main", {"shop"}, {{}});             // apples removed
  f.put("x", {"shop"}, {{{"apples", 11}}});  // apples changed
  EXPECT_EQ(
      f.conflicts("main", "x"),
      (std::vector<Conflict>{{{"shop"}, "key 'apples': deleted on our side, changed on theirs"}}));
}

TEST(StoreMerge, SetsMergeAdditionsAndRemovals) {
  Fixture<Tags> f;
  f.put("main", {"post", "tags"}, {{"c++", "draft", "git"}});
  ASSERT_TRUE(f.store.clone("main", "editor"));
  f.put("main", {"post", "tags"}, {{"c++", "git", "irmin"}});       // published (no draft), +irmin
  f.put("editor", {"post", "tags"}, {{"c++", "draft", "mirage"}});  // -git, +mirage
  f.merge("main", "editor");
  EXPECT_EQ(f.at("main", {"post", "tags"}), (Tags{{"c++", "irmin", "mirage"}}));
}

TEST(StoreMerge, LastWriterWinsAndTiesConflict) {
  Fixture<Note> f;
  f.put("main", {"status"}, {{1, "up"}});
  ASSERT_TRUE(f.store.clone("main", "x"));
  f.put("main", {"status"}, {{5, "down"}});
  f.put("x", {"status"}, {{3, "degraded"}});
  f.merge("main", "x");
  EXPECT_EQ(f.at("main", {"status"}), (Note{{5, "down"}}));
  ASSERT_TRUE(f.store.clone("main", "y"));
  f.put("main", {"status"}, {{9, "up"}});
  f.put("y", {"status"}, {{9, "maintenance"}});
  EXPECT_EQ(f.conflicts("main", "y"),
            (std::vector<Conflict>{
                {{"status"}, "both sides wrote different values at the same time 9"}}));
}

TEST(StoreMerge, UndecodableContentsStopTheMerge) {
  irmin_mem::Backend backend;
  irmin::Store<String, irmin_mem::Backend> text(backend);
  irmin::Store<Counter, irmin_mem::Backend> counters(backend);
  ASSERT_TRUE(text.set("main", {"n"}, String{"1"}, info("n")));
  ASSERT_TRUE(text.clone("main", "x"));
  ASSERT_TRUE(text.set("main", {"n"}, String{"2"}, info("n")));
  ASSERT_TRUE(text.set("x", {"n"}, String{"not a number"}, info("n")));
  auto r = counters.merge("main", "x", info("merge"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::BadContents);
  EXPECT_NE(r.error().message.find("'n'"), std::string::npos);
}

}  // namespace
