#include <gtest/gtest.h>
#include <irmin/tree_editor.hpp>
#include <irmin/tree_merge.hpp>

#include <string>

#include "objects_fixture.hpp"

namespace {

using irmin::Bytes;
using irmin::Errc;
using irmin::Kind;
using irmin::Path;
using irmin::TreeEditor;
using irmin_test::MapObjects;

Bytes bytes(std::string_view s) {
  return {s.begin(), s.end()};
}

// The git tree at `id`, decoded strictly.
git::Tree tree_at(MapObjects& m, const git::ObjectId& id) {
  auto t = irmin::read_tree(m.access, id);
  EXPECT_TRUE(t) << t.error().message;
  return t ? *t : git::Tree{};
}

TEST(TreeEditor, EmptyTreeHasGitsWellKnownId) {
  MapObjects m;
  TreeEditor e(m.access, std::nullopt);
  auto id = e.write();
  ASSERT_TRUE(id);
  EXPECT_EQ(id->hex(), "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}

TEST(TreeEditor, WritesDirectoriesAsTreesAndContentsAsBlobs) {
  MapObjects m;
  TreeEditor e(m.access, std::nullopt);
  ASSERT_TRUE(e.set({"README"}, bytes("hello\n")));
  ASSERT_TRUE(e.set({"src", "main.c"}, bytes("int main;\n")));
  auto id = e.write();
  ASSERT_TRUE(id);
  const auto root = tree_at(m, *id);
  ASSERT_EQ(root.entries.size(), 2u);
  EXPECT_EQ(root.entries[0].name, "README");
  EXPECT_EQ(root.entries[0].mode, git::mode::blob);
  // git hash-object of "hello\n".
  EXPECT_EQ(root.entries[0].id.hex(), "ce013625030ba8dba906f756967f9e9ca394464a");
  EXPECT_EQ(root.entries[1].name, "src");
  EXPECT_EQ(root.entries[1].mode, git::mode::tree);
  const auto src = tree_at(m, root.entries[1].id);
  ASSERT_EQ(src.entries.size(), 1u);
  EXPECT_EQ(src.entries[0].name, "main.c");
}

TEST(TreeEditor, ReadsBackFromAStoredTree) {
  MapObjects m;
  TreeEditor e(m.access, std::nullopt);
  ASSERT_TRUE(e.set({"a", "b", "c"}, bytes("1")));
  ASSERT_TRUE(e.set({"a", "d"}, bytes("2")));
  auto id = e.write();
  ASSERT_TRUE(id);
  TreeEditor again(m.access, *id);
  EXPECT_EQ(*again.find({"a", "b", "c"}), bytes("1"));
  EXPECT_EQ(*again.find({"a", "d"}), bytes("2"));
  EXPECT_EQ(*again.find({"a", "b"}), std::nullopt);  // a tree, not contents
  EXPECT_EQ(*again.find({"zz"}), std::nullopt);
  EXPECT_EQ(*again.find({"a", "d", "under-contents"}), std::nullopt);
  EXPECT_EQ(*again.kind({"a", "b"}), Kind::Tree);
  EXPECT_EQ(*again.kind({"a", "d"}), Kind::Contents);
  EXPECT_EQ(*again.kind({"q"}), std::nullopt);
  auto listed = again.list({"a"});
  ASSERT_TRUE(listed);
  EXPECT_EQ(*listed,
            (std::vector<std::pair<std::string, Kind>>{{"b", Kind::Tree}, {"d", Kind::Contents}}));
}

TEST(TreeEditor, ListsInGitsOrder) {
  MapObjects m;
  TreeEditor e(m.access, std::nullopt);
  // "a.b" < "a/" but "a" < "a.b" for contents: git sorts the tree "a" as "a/".
  ASSERT_TRUE(e.set({"a", "x"}, bytes("")));
  ASSERT_TRUE(e.set({"a.b"}, bytes("")));
  auto listed = e.list({});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].first, "a.b");
  EXPECT_EQ((*listed)[1].first, "a");
  ASSERT_TRUE(e.write());  // git::check_tree would refuse another order
}

TEST(TreeEditor, UnchangedSubtreesKeepTheirIdsAndAreNotRewritten) {
  MapObjects m;
  TreeEditor e(m.access, std::nullopt);
  ASSERT_TRUE(e.set({"left", "x"}, bytes("1")));
  ASSERT_TRUE(e.set({"right", "y"}, bytes("2")));
  auto first = e.write();
  ASSERT_TRUE(first);
  const auto left_before = tree_at(m, *first).entries[0].id;
  TreeEditor next(m.access, *first);
  ASSERT_TRUE(next.set({"right", "y"}, bytes("3")));
  const auto writes = m.writes;
  auto second = next.write();
  ASSERT_TRUE(second);
  EXPECT_EQ(m.writes - writes, 3u);  // the blob, "right", the root
  EXPECT_EQ(tree_at(m, *second).entries[0].id, left_before);
}

TEST(TreeEditor, ContentsAndTreesReplaceEachOther) {
  MapObjects m;
  TreeEditor e(m.access, std::nullopt);
  ASSERT_TRUE(e.set({"a", "b"}, bytes("1")));
  ASSERT_TRUE(e.set({"a"}, bytes("file now")));
  EXPECT_EQ(*e.find({"a"}), bytes("file now"));
  EXPECT_EQ(*e.find({"a", "b"}), std::nullopt);
  ASSERT_TRUE(e.set({"a", "c"}, bytes("2")));
  EXPECT_EQ(*e.find({"a"}), std::nullopt);
  EXPECT_EQ(*e.find({"a", "c"}), bytes("2"));
}

TEST(TreeEditor, RemovePrunesEmptyTrees) {
  MapObjects m;
  TreeEditor e(m.access, std::nullopt);
  ASSERT_TRUE(e.set({"keep"}, bytes("k")));
  ASSERT_TRUE(e.set({"a", "b", "c"}, bytes("1")));
  auto with = e.write();
  ASSERT_TRUE(with);
  TreeEditor r(m.access, *with);
  ASSERT_TRUE(r.remove({"a", "b", "c"}));
  EXPECT_EQ(*r.kind({"a"}), std::nullopt);
  ASSERT_TRUE(r.remove({"not", "there"}));
  auto without = r.write();
  ASSERT_TRUE(without);
  const auto root = tree_at(m, *without);
  ASSERT_EQ(root.entries.size(), 1u);
  EXPECT_EQ(root.entries[0].name, "keep");
  // The same tree as one built without "a" at all.
  MapObjects m2;
  TreeEditor fresh(m2.access, std::nullopt);
  ASSERT_TRUE(fresh.set({"keep"}, bytes("k")));
  EXPECT_EQ(*fresh.write(), *without);
}

TEST(TreeEditor, RemovingTheRootEmptiesTheTree) {
  MapObjects m;
  TreeEditor e(m.access, std::nullopt);
  ASSERT_TRUE(e.set({"a"}, bytes("1")));
  ASSERT_TRUE(e.remove({}));
  EXPECT_EQ(e.write()->hex(), "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}

TEST(TreeEditor, RejectsBadPaths) {
  MapObjects m;
  TreeEditor e(m.access, std::nullopt);
  EXPECT_EQ(e.set({}, bytes("x")).error().code, Errc::BadPath);
  EXPECT_EQ(e.set({".git", "config"}, bytes("x")).error().code, Errc::BadPath);
  EXPECT_EQ(e.find({"a/b"}).error().code, Errc::BadPath);
}

TEST(TreeEditor, ReportsAMissingObject) {
  MapObjects m;
  auto missing =
      git::ObjectId::from_hex("0123456789012345678901234567890123456789", git::HashAlgo::Sha1);
  TreeEditor e(m.access, *missing);
  auto r = e.find({"a"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::NotFound);
}

// ---- Three-way tree merges

struct Trees {
  MapObjects m;
  git::ObjectId make(std::initializer_list<std::pair<Path, std::string>> files) {
    TreeEditor e(m.access, std::nullopt);
    for (const auto& [path, text] : files) EXPECT_TRUE(e.set(path, bytes(text)));
    return *e.write();
  }
  std::optional<Bytes> at(const git::ObjectId& tree, const Path& path) {
    TreeEditor e(m.access, tree);
    return *e.find(path);
  }
};

// Contents merge that concatenates two different additions and conflicts otherwise.
irmin::Result<std::optional<Bytes>> concat_or_conflict(const Path&, const std::optional<Bytes>& old,
                                                       const std::optional<Bytes>& ours,
                                                       const std::optional<Bytes>& theirs) {
  if (!old && ours && theirs) {
    Bytes out = *ours;
    out.insert(out.end(), theirs->begin(), theirs->end());
    return std::optional<Bytes>(out);
  }
  return irmin::fail(Errc::Conflict, "cannot merge");
}

TEST(TreeMerge, TakesChangesFromBothSides) {
  Trees t;
  const auto old = t.make({{{"a"}, "1"}, {{"d", "x"}, "1"}, {{"gone"}, "g"}});
  const auto ours = t.make({{{"a"}, "2"}, {{"d", "x"}, "1"}, {{"gone"}, "g"}, {{"d", "new"}, "n"}});
  const auto theirs = t.make({{{"a"}, "1"}, {{"d", "x"}, "9"}});
  auto merged = irmin::merge_trees(t.m.access, old, ours, theirs, concat_or_conflict);
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ(t.at(*merged, {"a"}), bytes("2"));
  EXPECT_EQ(t.at(*merged, {"d", "x"}), bytes("9"));
  EXPECT_EQ(t.at(*merged, {"d", "new"}), bytes("n"));
  EXPECT_EQ(t.at(*merged, {"gone"}), std::nullopt);
  EXPECT_EQ(*merged, t.make({{{"a"}, "2"}, {{"d", "x"}, "9"}, {{"d", "new"}, "n"}}));
}

TEST(TreeMerge, CallsTheContentsMergeOnlyWhereBothChanged) {
  Trees t;
  const auto ours = t.make({{{"both"}, "A"}, {{"mine"}, "m"}});
  const auto theirs = t.make({{{"both"}, "B"}, {{"yours"}, "y"}});
  int calls = 0;
  irmin::ContentsMerge counting = [&](const Path& p, const auto& o, const auto& a, const auto& b) {
    ++calls;
    EXPECT_EQ(p, Path{"both"});
    return concat_or_conflict(p, o, a, b);
  };
  auto merged = irmin::merge_trees(t.m.access, std::nullopt, ours, theirs, counting);
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(t.at(*merged, {"both"}), bytes("AB"));
  EXPECT_EQ(t.at(*merged, {"mine"}), bytes("m"));
  EXPECT_EQ(t.at(*merged, {"yours"}), bytes("y"));
}

TEST(TreeMerge, ReportsEveryConflictWithItsPath) {
  Trees t;
  const auto old = t.make({{{"a", "f"}, "1"}, {{"b"}, "1"}, {{"c", "d", "e"}, "1"}, {{"ok"}, "1"}});
  const auto ours = t.make({{{"a", "f"}, "2"}, {{"b", "sub"}, "x"}, {{"ok"}, "2"}});
  const auto theirs =
      t.make({{{"a", "f"}, "3"}, {{"b"}, "2"}, {{"c", "d", "e"}, "2"}, {{"ok"}, "1"}});
  const auto before = t.m.objects.size();
  auto merged = irmin::merge_trees(t.m.access, old, ours, theirs, concat_or_conflict);
  ASSERT_FALSE(merged);
  EXPECT_EQ(merged.error().code, Errc::Conflict);
  const auto& c = merged.error().conflicts;
  ASSERT_EQ(c.size(), 3u) << merged.error().message;
  EXPECT_EQ(c[0].path, (Path{"a", "f"}));
  EXPECT_EQ(c[0].reason, "cannot merge");
  EXPECT_EQ(c[1].path, (Path{"b"}));
  EXPECT_EQ(c[1].reason, "a tree on our side, contents on theirs");
  EXPECT_EQ(c[2].path, (Path{"c", "d", "e"}));  // deleted by us (the whole tree), changed by them
  EXPECT_NE(merged.error().message.find("c/d/e"), std::string::npos);
  EXPECT_EQ(t.m.objects.size(), before);  // a failed merge writes no tree
}

TEST(TreeMerge, DeletionOfAWholeTreeMergesWithUnchangedContents) {
  Trees t;
  const auto old = t.make({{{"dir", "x"}, "1"}, {{"dir", "y"}, "1"}, {{"top"}, "t"}});
  const auto ours = t.make({{{"top"}, "t"}});
  const auto theirs = t.make({{{"dir", "x"}, "1"}, {{"dir", "y"}, "1"}, {{"top"}, "T"}});
  auto merged = irmin::merge_trees(t.m.access, old, ours, theirs, concat_or_conflict);
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ(*merged, t.make({{{"top"}, "T"}}));
}

TEST(TreeMerge, ResultsThatEmptyEverythingAreTheEmptyTree) {
  Trees t;
  const auto old = t.make({{{"a"}, "1"}, {{"b"}, "1"}});
  const auto ours = t.make({{{"b"}, "1"}});
  const auto theirs = t.make({{{"a"}, "1"}});
  auto merged = irmin::merge_trees(t.m.access, old, ours, theirs, concat_or_conflict);
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->hex(), "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}

TEST(TreeMerge, StopsOnAnErrorThatIsNotAConflict) {
  Trees t;
  const auto ours = t.make({{{"x"}, "1"}});
  const auto theirs = t.make({{{"x"}, "2"}});
  irmin::ContentsMerge broken = [](const Path&, const auto&, const auto&,
                                   const auto&) -> irmin::Result<std::optional<Bytes>> {
    return irmin::fail(Errc::BadContents, "undecodable");
  };
  auto merged = irmin::merge_trees(t.m.access, std::nullopt, ours, theirs, broken);
  ASSERT_FALSE(merged);
  EXPECT_EQ(merged.error().code, Errc::BadContents);
}

}  // namespace
