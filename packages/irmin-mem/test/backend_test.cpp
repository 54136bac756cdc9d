#include <gtest/gtest.h>
#include <irmin_mem/backend.hpp>

#include <git/tree.hpp>

namespace {

using irmin::Errc;
using irmin_mem::Backend;

git::RawObject blob(std::string_view s) {
  return {git::ObjectType::Blob, {s.begin(), s.end()}};
}

TEST(MemBackend, StoresObjectsUnderTheirGitIds) {
  Backend b;
  auto id = b.put_object(blob("hello\n"));
  ASSERT_TRUE(id);
  EXPECT_EQ(id->hex(), "ce013625030ba8dba906f756967f9e9ca394464a");
  auto back = b.get_object(*id);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, blob("hello\n"));
  ASSERT_TRUE(b.put_object(blob("hello\n")));  // twice is harmless
  EXPECT_EQ(b.object_count(), 1u);
}

TEST(MemBackend, Sha256Ids) {
  Backend b(git::HashAlgo::Sha256);
  auto id = b.put_object(blob(""));
  ASSERT_TRUE(id);
  // git hash-object --object-format=sha256 /dev/null
  EXPECT_EQ(id->hex(), "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813");
}

TEST(MemBackend, MissingObjectIsNotFound) {
  Backend b;
  auto r = b.get_object(
      *git::ObjectId::from_hex("ce013625030ba8dba906f756967f9e9ca394464a", git::HashAlgo::Sha1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::NotFound);
}

TEST(MemBackend, RefusesObjectsGitFsckWouldReport) {
  Backend b;
  git::RawObject unsorted{git::ObjectType::Tree, {}};
  const auto blob_id = *b.put_object(blob("x"));
  git::Tree t{{git::TreeEntry{git::mode::blob, "b", blob_id},
               git::TreeEntry{git::mode::blob, "a", blob_id}}};
  unsorted.data = t.encode();
  auto r = b.put_object(unsorted);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::BadObject);
  git::RawObject junk_commit{git::ObjectType::Commit, {'x'}};
  EXPECT_FALSE(b.put_object(junk_commit));
  EXPECT_EQ(b.object_count(), 1u);
}

TEST(MemBackend, BranchesChangeOnlyByTestAndSet) {
  Backend b;
  const auto x = *b.put_object(blob("x"));
  const auto y = *b.put_object(blob("y"));
  EXPECT_EQ(*b.get_branch("main"), std::nullopt);
  ASSERT_TRUE(b.test_and_set_branch("main", std::nullopt, x));
  EXPECT_EQ(*b.get_branch("main"), x);
  // Creating again, or updating from a value it does not have: Stale, nothing changes.
  auto again = b.test_and_set_branch("main", std::nullopt, y);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::Stale);
  EXPECT_EQ(b.test_and_set_branch("main", y, x).error().code, Errc::Stale);
  EXPECT_EQ(*b.get_branch("main"), x);
  ASSERT_TRUE(b.test_and_set_branch("main", x, y));
  EXPECT_EQ(*b.get_branch("main"), y);
  // Removal is a test-and-set to nothing.
  EXPECT_EQ(b.test_and_set_branch("main", x, std::nullopt).error().code, Errc::Stale);
  ASSERT_TRUE(b.test_and_set_branch("main", y, std::nullopt));
  EXPECT_EQ(*b.get_branch("main"), std::nullopt);
}

TEST(MemBackend, ListsAndRemovesBranches) {
  Backend b;
  const auto x = *b.put_object(blob("x"));
  ASSERT_TRUE(b.test_and_set_branch("zeta", std::nullopt, x));
  ASSERT_TRUE(b.test_and_set_branch("alpha", std::nullopt, x));
  ASSERT_TRUE(b.test_and_set_branch("feature/one", std::nullopt, x));
  EXPECT_EQ(*b.list_branches(), (std::vector<std::string>{"alpha", "feature/one", "zeta"}));
  ASSERT_TRUE(b.remove_branch("alpha"));
  ASSERT_TRUE(b.remove_branch("alpha"));  // absent: nothing
  EXPECT_EQ(*b.list_branches(), (std::vector<std::string>{"feature/one", "zeta"}));
}

}  // namespace
