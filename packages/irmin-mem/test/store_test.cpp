#include <gtest/gtest.h>
#include <irmin/store.hpp>
#include <irmin_mem/backend.hpp>

#include <string>
#include <vector>

#include "test_contents.hpp"

namespace {

using git::ObjectId;
using irmin::Errc;
using irmin::Kind;
using irmin::OnMoved;
using irmin::Path;
using irmin::contents::String;
using irmin_mem_test::info;
using Store = irmin::Store<String, irmin_mem::Backend>;

struct StoreTest : ::testing::Test {
  irmin_mem::Backend backend;
  Store store{backend};

  ObjectId put(std::string_view branch, const Path& path, std::string value,
               std::string message = "set") {
    auto id = store.set(branch, path, String{std::move(value)}, info(std::move(message)));
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : ObjectId();
  }
  // A transaction on main setting `path`, begun before another writer sets `moved_path`.
  struct Raced {
    irmin::Transaction<String, irmin_mem::Backend> transaction;
    ObjectId moved;
  };
  Raced race(const Path& path, std::string value, const Path& moved_path, std::string moved_value) {
    put("main", {"a"}, "1");
    auto t = store.transaction("main");
    EXPECT_TRUE(t->set(path, String{std::move(value)}));
    const auto moved = put("main", moved_path, std::move(moved_value));
    return {std::move(*t), moved};
  }
  std::optional<std::string> at(std::string_view branch, const Path& path) {
    auto v = store.find(branch, path);
    EXPECT_TRUE(v) << v.error().message;
    if (!v || !*v) return std::nullopt;
    return (*v)->value;
  }
};

TEST_F(StoreTest, SetThenFind) {
  put("main", {"a", "b"}, "hello");
  EXPECT_EQ(at("main", {"a", "b"}), "hello");
  EXPECT_EQ(at("main", {"a"}), std::nullopt);  // a tree
  EXPECT_EQ(at("main", {"x"}), std::nullopt);
  EXPECT_EQ(at("other", {"a", "b"}), std::nullopt);  // no such branch
  auto got = store.get("main", {"a", "b"});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->value, "hello");
}

TEST_F(StoreTest, GetOfAbsentPathIsNotFound) {
  put("main", {"a"}, "1");
  auto r = store.get("main", {"b"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::NotFound);
  EXPECT_NE(r.error().message.find("'b'"), std::string::npos);
}

TEST_F(StoreTest, EachSetIsACommitOnTheHead) {
  const auto first = put("main", {"a"}, "1", "first");
  const auto second = put("main", {"b"}, "2", "second");
  EXPECT_EQ(*store.head("main"), second);
  auto c = store.read_commit(second);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->parents, std::vector<ObjectId>{first});
  EXPECT_EQ(c->message, "second\n");
  EXPECT_EQ(c->author.name, "Tester");
  EXPECT_EQ(c->committer.time, 1700000000u);
  auto root = store.read_commit(first);
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->parents.empty());
  EXPECT_EQ(*store.history("main"), (std::vector<ObjectId>{second, first}));
  // The first commit still holds the old tree.
  EXPECT_EQ((*store.find_in(first, {"b"})), std::nullopt);
  EXPECT_EQ((*store.find_in(second, {"a"}))->value, "1");
}

TEST_F(StoreTest, SettingTheSameValueMakesNoCommit) {
  const auto first = put("main", {"a"}, "1");
  const auto again = put("main", {"a"}, "1");
  EXPECT_EQ(first, again);
  EXPECT_EQ(store.history("main")->size(), 1u);
}

TEST_F(StoreTest, RemoveDeletesContentsAndWholeTrees) {
  put("main", {"a", "b"}, "1");
  put("main", {"a", "c"}, "2");
  put("main", {"d"}, "3");
  ASSERT_TRUE(store.remove("main", {"a", "b"}, info("rm a/b")));
  EXPECT_EQ(at("main", {"a", "b"}), std::nullopt);
  EXPECT_EQ(at("main", {"a", "c"}), "2");
  ASSERT_TRUE(store.remove("main", {"a"}, info("rm a")));
  EXPECT_EQ(*store.list("main", {}),
            (std::vector<std::pair<std::string, Kind>>{{"d", Kind::Contents}}));
  const auto head = *store.head("main");
  // Removing what is not there is no commit.
  auto same = store.remove("main", {"nothing"}, info("rm nothing"));
  ASSERT_TRUE(same);
  EXPECT_EQ(*same, head);
  EXPECT_EQ(store.history("main")->size(), 5u);
}

TEST_F(StoreTest, ListShowsContentsAndTrees) {
  put("main", {"dir", "x"}, "1");
  put("main", {"file"}, "2");
  EXPECT_EQ(*store.list("main", {}), (std::vector<std::pair<std::string, Kind>>{
                                         {"dir", Kind::Tree}, {"file", Kind::Contents}}));
  EXPECT_TRUE(store.list("main", {"file"})->empty());
  EXPECT_TRUE(store.list("none", {})->empty());
}

TEST_F(StoreTest, RejectsBadBranchesAndPaths) {
  EXPECT_EQ(store.set("bad..name", {"a"}, String{"x"}, info("x")).error().code, Errc::BadBranch);
  EXPECT_EQ(store.set("main", {".git"}, String{"x"}, info("x")).error().code, Errc::BadPath);
  EXPECT_EQ(store.set("main", {}, String{"x"}, info("x")).error().code, Errc::BadPath);
  EXPECT_EQ(store.find("main", {"a/b"}).error().code, Errc::BadPath);
  EXPECT_EQ(store.head("").error().code, Errc::BadBranch);
  EXPECT_TRUE(store.branches()->empty());
}

TEST_F(StoreTest, RejectsAnInfoGitWouldNotAccept) {
  auto r = store.set("main", {"a"}, String{"x"}, irmin::Info::make("Bad <name>", "e@x", 1, "m"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::BadObject);
  EXPECT_EQ(*store.head("main"), std::nullopt);
}

TEST_F(StoreTest, TransactionMakesOneCommit) {
  put("main", {"keep"}, "k");
  put("main", {"old"}, "o");
  auto t = store.transaction("main");
  ASSERT_TRUE(t);
  ASSERT_TRUE(t->set({"x", "1"}, String{"one"}));
  ASSERT_TRUE(t->set({"x", "2"}, String{"two"}));
  ASSERT_TRUE(t->remove({"old"}));
  // Reads in the transaction see its updates; the branch does not yet.
  EXPECT_EQ((*t->find({"x", "1"}))->value, "one");
  EXPECT_EQ(*t->find({"old"}), std::nullopt);
  EXPECT_EQ(at("main", {"x", "1"}), std::nullopt);
  EXPECT_EQ(at("main", {"old"}), "o");
  const auto before = *store.head("main");
  auto id = t->commit(info("batch"));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(store.read_commit(*id)->parents, std::vector<ObjectId>{*before});
  EXPECT_EQ(store.history("main")->size(), 3u);
  EXPECT_EQ(at("main", {"x", "1"}), "one");
  EXPECT_EQ(at("main", {"x", "2"}), "two");
  EXPECT_EQ(at("main", {"old"}), std::nullopt);
  EXPECT_EQ(at("main", {"keep"}), "k");
}

TEST_F(StoreTest, TransactionOnANewBranchMakesARootCommit) {
  auto t = store.transaction("fresh");
  ASSERT_TRUE(t);
  ASSERT_TRUE(t->set({"a"}, String{"1"}));
  auto id = t->commit(info("root"));
  ASSERT_TRUE(id);
  EXPECT_TRUE(store.read_commit(*id)->parents.empty());
  EXPECT_EQ(at("fresh", {"a"}), "1");
}

TEST_F(StoreTest, EmptyTransactionChangesNothing) {
  const auto head = put("main", {"a"}, "1");
  auto t = store.transaction("main");
  ASSERT_TRUE(t->set({"a"}, String{"1"}));
  auto id = t->commit(info("nothing"));
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, head);
  EXPECT_EQ(store.history("main")->size(), 1u);
}

TEST_F(StoreTest, TransactionIsStaleWhenTheBranchMoved) {
  auto [t, moved] = race({"b"}, "2", {"c"}, "3");
  auto r = t.commit(info("late"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::Stale);
  EXPECT_EQ(*store.head("main"), moved);
  EXPECT_EQ(at("main", {"b"}), std::nullopt);
}

TEST_F(StoreTest, TransactionCanMergeWhenTheBranchMoved) {
  auto [t, moved] = race({"b"}, "2", {"c"}, "3");
  auto r = t.commit(info("late"), OnMoved::Merge);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(at("main", {"b"}), "2");
  EXPECT_EQ(at("main", {"c"}), "3");
  EXPECT_EQ(store.read_commit(*r)->parents.at(0), moved);
  EXPECT_EQ(store.read_commit(*r)->parents.size(), 2u);
}

TEST_F(StoreTest, TransactionMergeReportsConflicts) {
  auto [t, moved] = race({"a"}, "mine", {"a"}, "theirs");
  auto r = t.commit(info("late"), OnMoved::Merge);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::Conflict);
  ASSERT_EQ(r.error().conflicts.size(), 1u);
  EXPECT_EQ(r.error().conflicts[0].path, Path{"a"});
  EXPECT_EQ(*store.head("main"), moved);
}

TEST_F(StoreTest, BranchesCloneListAndRemove) {
  const auto head = put("main", {"a"}, "1");
  auto cloned = store.clone("main", "feature/x");
  ASSERT_TRUE(cloned);
  EXPECT_EQ(*cloned, head);
  EXPECT_EQ(*store.branches(), (std::vector<std::string>{"feature/x", "main"}));
  EXPECT_EQ(store.clone("main", "feature/x").error().code, Errc::Stale);
  EXPECT_EQ(store.clone("nope", "y").error().code, Errc::NotFound);
  put("feature/x", {"a"}, "2");
  EXPECT_EQ(at("main", {"a"}), "1");  // branches are independent
  ASSERT_TRUE(store.remove_branch("feature/x"));
  EXPECT_EQ(*store.branches(), std::vector<std::string>{"main"});
}

TEST_F(StoreTest, TestAndSetHead) {
  const auto one = put("main", {"a"}, "1");
  const auto two = put("main", {"a"}, "2");
  EXPECT_EQ(store.test_and_set_head("main", one, one).error().code, Errc::Stale);
  ASSERT_TRUE(store.test_and_set_head("main", two, one));  // a reset
  EXPECT_EQ(at("main", {"a"}), "1");
  // Only commits can be heads.
  auto tree = store.tree_of(one);
  ASSERT_TRUE(tree && *tree);
  EXPECT_EQ(store.test_and_set_head("main", one, **tree).error().code, Errc::BadObject);
  ASSERT_TRUE(store.set_head("main", two));
  EXPECT_EQ(*store.head("main"), two);
}

TEST_F(StoreTest, LowestCommonAncestorsThroughTheStore) {
  const auto base = put("main", {"a"}, "1");
  ASSERT_TRUE(store.clone("main", "other"));
  const auto ours = put("main", {"b"}, "2");
  const auto theirs = put("other", {"c"}, "3");
  EXPECT_EQ(*store.lcas(ours, theirs), std::vector<ObjectId>{base});
  EXPECT_TRUE(*store.is_ancestor(base, theirs));
  EXPECT_FALSE(*store.is_ancestor(ours, theirs));
}

TEST_F(StoreTest, Sha256Store) {
  irmin_mem::Backend b256(git::HashAlgo::Sha256);
  Store s(b256);
  auto id = s.set("main", {"a", "b"}, String{"x"}, info("sha256"));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->algo(), git::HashAlgo::Sha256);
  EXPECT_EQ((*s.find("main", {"a", "b"}))->value, "x");
}

// ---- Watches

TEST_F(StoreTest, BranchWatchSeesEveryChange) {
  std::vector<std::pair<std::optional<ObjectId>, std::optional<ObjectId>>> seen;
  auto w = store.watch("main", [&](std::string_view branch, const auto& before, const auto& after) {
    EXPECT_EQ(branch, "main");
    seen.emplace_back(before, after);
  });
  ASSERT_TRUE(w);
  const auto one = put("main", {"a"}, "1");
  const auto two = put("main", {"b"}, "2");
  put("other", {"a"}, "x");  // another branch
  put("main", {"a"}, "1");   // no change, no commit
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].first, std::nullopt);
  EXPECT_EQ(seen[0].second, one);
  EXPECT_EQ(seen[1].first, one);
  EXPECT_EQ(seen[1].second, two);
  ASSERT_TRUE(store.remove_branch("main"));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[2].second, std::nullopt);
  store.unwatch(*w);
  put("main", {"a"}, "again");
  EXPECT_EQ(seen.size(), 3u);
}

TEST_F(StoreTest, KeyWatchSeesOnlyItsKey) {
  put("main", {"cfg", "port"}, "80");
  std::vector<std::pair<std::optional<std::string>, std::optional<std::string>>> seen;
  auto w = store.watch_key("main", {"cfg", "port"},
                           [&](const Path& path, const auto& before, const auto& after) {
                             EXPECT_EQ(path, (Path{"cfg", "port"}));
                             seen.emplace_back(before ? std::optional(before->value) : std::nullopt,
                                               after ? std::optional(after->value) : std::nullopt);
                           });
  ASSERT_TRUE(w);
  put("main", {"cfg", "host"}, "example.org");  // another key: not told
  put("main", {"cfg", "port"}, "8080");
  ASSERT_TRUE(store.remove("main", {"cfg"}, info("rm cfg")));
  put("main", {"cfg", "port"}, "443");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0],
            std::pair(std::optional<std::string>("80"), std::optional<std::string>("8080")));
  EXPECT_EQ(seen[1], std::pair(std::optional<std::string>("8080"), std::optional<std::string>()));
  EXPECT_EQ(seen[2], std::pair(std::optional<std::string>(), std::optional<std::string>("443")));
}

TEST_F(StoreTest, WatchesSeeOtherWritersThroughPoll) {
  Store other(backend);  // a second store over the same backend
  int told = 0;
  std::optional<std::string> last;
  ASSERT_TRUE(store.watch_key("main", {"k"}, [&](const Path&, const auto&, const auto& after) {
    ++told;
    last = after ? std::optional(after->value) : std::nullopt;
  }));
  ASSERT_TRUE(other.set("main", {"k"}, String{"v1"}, info("by other")));
  EXPECT_EQ(told, 0);  // not this store's change
  ASSERT_TRUE(store.poll());
  EXPECT_EQ(told, 1);
  EXPECT_EQ(last, "v1");
  ASSERT_TRUE(store.poll());  // nothing new
  EXPECT_EQ(told, 1);
}

TEST_F(StoreTest, AWatchMayRemoveItselfAndOthers) {
  Store::WatchId second = 0;
  int first_calls = 0, second_calls = 0;
  auto first = store.watch("main", [&](std::string_view, const auto&, const auto&) {
    ++first_calls;
    store.unwatch(second);
  });
  ASSERT_TRUE(first);
  second =
      *store.watch("main", [&](std::string_view, const auto&, const auto&) { ++second_calls; });
  put("main", {"a"}, "1");
  put("main", {"a"}, "2");
  EXPECT_EQ(first_calls, 2);
  EXPECT_EQ(second_calls, 0);
}

}  // namespace

namespace {

// A backend where another writer moves the branch just before each of the next `races`
// branch updates: what a store sharing its backend with other writers can meet.
struct RacingBackend {
  irmin_mem::Backend inner;
  int races = 0;
  int raced = 0;

  git::HashAlgo algo() { return inner.algo(); }
  irmin::Result<ObjectId> put_object(const git::RawObject& o) { return inner.put_object(o); }
  irmin::Result<git::RawObject> get_object(const ObjectId& id) { return inner.get_object(id); }
  irmin::Result<std::optional<ObjectId>> get_branch(std::string_view name) {
    return inner.get_branch(name);
  }
  irmin::Result<std::vector<std::string>> list_branches() { return inner.list_branches(); }
  irmin::Result<void> remove_branch(std::string_view name) { return inner.remove_branch(name); }
  irmin::Result<void> test_and_set_branch(std::string_view name,
                                          const std::optional<ObjectId>& expected,
                                          const std::optional<ObjectId>& desired) {
    if (races > 0) {
      --races;
      Store other(inner);
      auto r = other.set(name, {"other", std::to_string(raced++)}, String{"x"}, info("other"));
      EXPECT_TRUE(r) << r.error().message;
    }
    return inner.test_and_set_branch(name, expected, desired);
  }
};
static_assert(irmin::Backend<RacingBackend>);

TEST(StoreRaces, SetRetriesOnTheHeadAnotherWriterMade) {
  RacingBackend backend;
  irmin::Store<String, RacingBackend> store(backend);
  ASSERT_TRUE(store.set("main", {"base"}, String{"b"}, info("base")));
  backend.races = 1;
  auto mine = store.set("main", {"mine"}, String{"m"}, info("mine"));
  ASSERT_TRUE(mine) << mine.error().message;
  EXPECT_EQ(backend.raced, 1);
  EXPECT_EQ((*store.find("main", {"mine"}))->value, "m");
  EXPECT_EQ((*store.find("main", {"other", "0"}))->value, "x");  // not lost
  auto history = store.history("main");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 3u);  // base, other, mine: a line, no merge
  EXPECT_EQ(store.read_commit(*mine)->parents, std::vector<ObjectId>{(*history)[1]});
}

TEST(StoreRaces, SetGivesUpWhenTheBranchKeepsMoving) {
  RacingBackend backend;
  irmin::Store<String, RacingBackend> store(backend);
  backend.races = 1000;
  auto r = store.set("main", {"mine"}, String{"m"}, info("mine"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::Stale);
  EXPECT_NE(r.error().message.find("kept moving"), std::string::npos);
  EXPECT_EQ(*store.find("main", {"mine"}), std::nullopt);
  EXPECT_GT(backend.raced, 1);
}

TEST(StoreRaces, MergeRetriesOnTheHeadAnotherWriterMade) {
  RacingBackend backend;
  irmin::Store<String, RacingBackend> store(backend);
  ASSERT_TRUE(store.set("main", {"a"}, String{"1"}, info("a")));
  ASSERT_TRUE(store.clone("main", "feature"));
  ASSERT_TRUE(store.set("main", {"b"}, String{"2"}, info("b")));
  ASSERT_TRUE(store.set("feature", {"c"}, String{"3"}, info("c")));
  backend.races = 1;
  auto merged = store.merge("main", "feature", info("merge"));
  ASSERT_TRUE(merged) << merged.error().message;
  for (const Path& p : {Path{"a"}, Path{"b"}, Path{"c"}, Path{"other", "0"}})
    EXPECT_TRUE(*store.find("main", p)) << irmin::path_string(p);
}

}  // namespace
