#include <gtest/gtest.h>
#include <irmin/store.hpp>
#include <irmin_mem/backend.hpp>

#include <git/commit.hpp>
#include <git/object.hpp>
#include <git/tree.hpp>

#include "test_contents.hpp"

namespace {

using irmin::Path;
using irmin::contents::String;
using irmin_mem_test::info;
using Store = irmin::Store<String, irmin_mem::Backend>;

// Every object in the backend: its id is git's hash of it, and git's parsers read it in
// strict mode (fsck --strict's checks) and encode it back to the same bytes.
void expect_all_valid_git(const irmin_mem::Backend& backend, std::size_t& trees,
                          std::size_t& commits, std::size_t& blobs) {
  for (const auto& [id, object] : backend.objects()) {
    EXPECT_EQ(git::hash_object(backend.algo(), object), id);
    EXPECT_TRUE(git::check_object(object, backend.algo(), git::Check::Strict)) << id.hex();
    switch (object.type) {
      case git::ObjectType::Tree: {
        ++trees;
        auto tree = git::Tree::decode(object.data, backend.algo(), git::Check::Strict);
        ASSERT_TRUE(tree) << tree.error().message;
        EXPECT_EQ(tree->encode(), object.data);
        for (const auto& e : tree->entries) {
          EXPECT_TRUE(e.mode == git::mode::blob || e.mode == git::mode::tree) << e.name;
          ASSERT_TRUE(backend.contains(e.id)) << e.name;
          const auto& child = backend.objects().at(e.id);
          EXPECT_EQ(child.type, e.is_tree() ? git::ObjectType::Tree : git::ObjectType::Blob);
        }
        break;
      }
      case git::ObjectType::Commit: {
        ++commits;
        auto commit = git::Commit::decode(object.data, backend.algo(), git::Check::Strict);
        ASSERT_TRUE(commit) << commit.error().message;
        EXPECT_EQ(commit->encode(), object.data);
        EXPECT_EQ(backend.objects().at(commit->tree).type, git::ObjectType::Tree);
        for (const auto& p : commit->parents)
          EXPECT_EQ(backend.objects().at(p).type, git::ObjectType::Commit);
        break;
      }
      case git::ObjectType::Blob:
        ++blobs;
        break;
      case git::ObjectType::Tag:
        ADD_FAILURE() << "a store writes no tags";
        break;
    }
  }
}

void exercise(Store& store) {
  ASSERT_TRUE(store.set("main", {"README"}, String{"hello\n"}, info("readme")));
  ASSERT_TRUE(store.set("main", {"src", "lib", "a.c"}, String{"int a;\n"}, info("a")));
  ASSERT_TRUE(store.set("main", {"src", "b.c"}, String{"int b;\n"}, info("b")));
  ASSERT_TRUE(store.set("main", {"empty"}, String{""}, info("empty file")));
  ASSERT_TRUE(store.clone("main", "topic"));
  ASSERT_TRUE(store.remove("topic", {"src", "lib"}, info("rm lib")));
  ASSERT_TRUE(store.set("main", {"docs", "x.md"}, String{"# x\n"}, info("docs")));
  ASSERT_TRUE(store.merge("main", "topic", info("merge topic")));
}

TEST(GitObjects, EverythingAStoreWritesIsValidGit) {
  irmin_mem::Backend backend;
  Store store(backend);
  exercise(store);
  std::size_t trees = 0, commits = 0, blobs = 0;
  expect_all_valid_git(backend, trees, commits, blobs);
  EXPECT_EQ(commits, 7u);  // six changes and one merge
  EXPECT_GE(trees, 7u);
  EXPECT_EQ(blobs, 5u);
  // The merge took topic's removal and main's addition.
  EXPECT_EQ(*store.find("main", {"src", "lib", "a.c"}), std::nullopt);
  EXPECT_EQ((*store.find("main", {"docs", "x.md"}))->value, "# x\n");
}

TEST(GitObjects, EverythingAStoreWritesIsValidGitInSha256) {
  irmin_mem::Backend backend(git::HashAlgo::Sha256);
  Store store(backend);
  exercise(store);
  std::size_t trees = 0, commits = 0, blobs = 0;
  expect_all_valid_git(backend, trees, commits, blobs);
  EXPECT_EQ(commits, 7u);
}

// Ids computed by git 2.39 (`git write-tree`, then `git commit-tree -m first` with
// GIT_AUTHOR_* and GIT_COMMITTER_* set to Alice <alice@example.org> 1700000000 +0000)
// for a work tree of "hello" ("hello\n") and "docs/a" ("one\n").
TEST(GitObjects, IdsMatchWhatGitComputes) {
  irmin_mem::Backend backend;
  Store store(backend);
  auto t = store.transaction("main");
  ASSERT_TRUE(t);
  ASSERT_TRUE(t->set({"hello"}, String{"hello\n"}));
  ASSERT_TRUE(t->set({"docs", "a"}, String{"one\n"}));
  auto id = t->commit(irmin::Info::make("Alice", "alice@example.org", 1700000000, "first\n"));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(id->hex(), "21851f33678e0ec00cf067e2d31454d4dfc64714");
  auto tree = store.tree_of(*id);
  ASSERT_TRUE(tree && *tree);
  EXPECT_EQ((*tree)->hex(), "8248483db6d89c03ee5e3f4ec28b543544599e16");
  const auto& body = backend.objects().at(*id).data;
  const std::string text(body.begin(), body.end());
  EXPECT_EQ(text,
            "tree 8248483db6d89c03ee5e3f4ec28b543544599e16\n"
            "author Alice <alice@example.org> 1700000000 +0000\n"
            "committer Alice <alice@example.org> 1700000000 +0000\n"
            "\n"
            "first\n");
}

}  // namespace
