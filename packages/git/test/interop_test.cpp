// Against the git command line: what we write, git accepts (fsck --strict, cat-file, log,
// verify-pack, index-pack); what git writes (loose, and packed by gc --aggressive with
// deltas), we read byte for byte, in SHA-1 and SHA-256 repositories.
#include <gtest/gtest.h>

#include <git/loose.hpp>
#include <git/pack.hpp>
#include <git/repository.hpp>

#include <map>
#include <string>

#include "support.hpp"

namespace {

using git::HashAlgo;
using git::ObjectId;
using git::ObjectType;
using git::RawObject;
using git_test::git;
using git_test::run;
using git_test::TempDir;

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }
std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class GitInterop : public ::testing::TestWithParam<HashAlgo> {
 protected:
  void SetUp() override {
    if (!git_test::GitEnvironment::git_available()) GTEST_SKIP() << "no git on PATH";
  }
  HashAlgo algo() const { return GetParam(); }
  std::string format_flag() const {
    return algo() == HashAlgo::Sha256 ? " --object-format=sha256" : " --object-format=sha1";
  }
  git_test::GitEnvironment env_;
};

// Every object in a repository as git sees it: id -> (type, contents).
std::map<std::string, RawObject> all_objects_by_git(const std::string& dir) {
  const auto batch = git(dir, "cat-file --batch-all-objects --batch");
  EXPECT_EQ(batch.status, 0) << batch.out;
  std::map<std::string, RawObject> out;
  std::size_t p = 0;
  const std::string& s = batch.out;
  while (p < s.size()) {
    const auto nl = s.find('\n', p);
    const std::string line = s.substr(p, nl - p);
    const auto sp1 = line.find(' '), sp2 = line.rfind(' ');
    const std::string id = line.substr(0, sp1), type = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::size_t size = std::stoul(line.substr(sp2 + 1));
    out[id] = RawObject{*git::parse_type_name(type), bytes(std::string_view(s).substr(nl + 1, size))};
    p = nl + 1 + size + 1;
  }
  return out;
}

// A history made by git: files, a directory, an executable, a symlink, edits of a large
// file (delta material), a merge, an annotated and a lightweight tag.
void make_history_with_git(const std::string& dir, const std::string& format_flag) {
  ASSERT_EQ(run("git init -q" + format_flag + " '" + dir + "' 2>&1").status, 0);
  std::string big;
  for (int i = 0; i < 3000; ++i) big += "line " + std::to_string(i * 7919 % 10007) + " of a file that changes a little\n";
  const auto write = [&](const std::string& name, const std::string& text) {
    run("mkdir -p \"$(dirname '" + dir + "/" + name + "')\"");
    FILE* f = std::fopen((dir + "/" + name).c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  };
  for (int version = 0; version < 6; ++version) {
    big.replace(static_cast<std::size_t>(version) * 1000, 4, "EDIT");
    write("big.txt", big);
    write("src/file" + std::to_string(version) + ".c", "int v = " + std::to_string(version) + ";\n");
    write("README", "version " + std::to_string(version) + "\n");
    ASSERT_EQ(git(dir, "add -A").status, 0);
    ASSERT_EQ(git(dir, "commit -q -m 'version " + std::to_string(version) + "' -m 'Body of the message.'").status, 0);
  }
  write("run.sh", "#!/bin/sh\necho hi\n");
  run("chmod +x '" + dir + "/run.sh' && ln -s README '" + dir + "/link'");
  ASSERT_EQ(git(dir, "add -A && git -C '" + dir + "' commit -q -m 'exec and symlink'").status, 0);
  ASSERT_EQ(git(dir, "checkout -q -b side HEAD~2").status, 0);
  write("side.txt", "side\n");
  ASSERT_EQ(git(dir, "add -A && git -C '" + dir + "' commit -q -m side").status, 0);
  ASSERT_EQ(git(dir, "checkout -q main").status, 0);
  const auto merge = git(dir, "merge -q --no-edit side");
  ASSERT_EQ(merge.status, 0) << merge.out;
  // A message in Latin-1, which git marks with an "encoding" header.
  ASSERT_EQ(run("printf 'caf\\351\\n' > '" + dir + "/latin1.msg'").status, 0);
  ASSERT_EQ(git(dir, "-c i18n.commitEncoding=ISO-8859-1 commit -q --allow-empty -F latin1.msg").status, 0);
  ASSERT_EQ(git(dir, "tag -a v1.0 -m 'Release 1.0'").status, 0);
  ASSERT_EQ(git(dir, "tag light HEAD~1").status, 0);
}

// Reads every object git has through us and compares: same type, same bytes; and our
// parsers accept each one and encode it back to the same bytes.
void expect_we_read_what_git_has(const std::string& dir, HashAlgo algo) {
  const auto expected = all_objects_by_git(dir);
  ASSERT_GT(expected.size(), 20u);
  auto repo = git::Repository::open(dir);
  ASSERT_TRUE(repo) << repo.error().message;
  EXPECT_EQ(repo->algo(), algo);
  for (const auto& [hex, object] : expected) {
    const auto id = ObjectId::from_hex(hex, algo);
    ASSERT_TRUE(id) << hex;
    const auto ours = repo->read(*id);
    ASSERT_TRUE(ours) << hex << ": " << ours.error().message;
    EXPECT_EQ(ours->type, object.type) << hex;
    EXPECT_EQ(ours->data, object.data) << hex;
    EXPECT_TRUE(git::check_object(*ours, algo)) << hex;
    std::vector<std::uint8_t> reencoded = object.data;
    if (object.type == ObjectType::Tree) reencoded = git::Tree::decode(object.data, algo)->encode();
    if (object.type == ObjectType::Commit) reencoded = git::Commit::decode(object.data, algo)->encode();
    if (object.type == ObjectType::Tag) reencoded = git::Tag::decode(object.data, algo)->encode();
    EXPECT_EQ(reencoded, object.data) << hex;
  }
  const auto listed = repo->list_objects();
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), expected.size());
  // Refs: the same names and ids as git for-each-ref, and HEAD.
  const auto refs = git(dir, "for-each-ref --format='%(objectname) %(refname)'");
  std::string ours;
  const auto listed_refs = repo->list_refs();
  ASSERT_TRUE(listed_refs) << listed_refs.error().message;
  for (const auto& [name, id] : *listed_refs) ours += id.hex() + " " + name + "\n";
  EXPECT_EQ(ours, refs.out);
  EXPECT_EQ(repo->resolve_ref("HEAD")->hex(), trim(git(dir, "rev-parse HEAD").out));
  EXPECT_EQ(repo->read_ref("HEAD")->target, "refs/heads/main");
  // Typed reads follow the history: the Latin-1 commit, the merge below it, the tag.
  const auto latin1 = repo->read_commit(*repo->resolve_ref("HEAD"));
  ASSERT_TRUE(latin1) << latin1.error().message;
  EXPECT_EQ(latin1->encoding(), "ISO-8859-1");
  EXPECT_EQ(latin1->message, "caf\xe9\n");
  const auto merge = repo->read_commit(latin1->parents.at(0));
  ASSERT_TRUE(merge);
  EXPECT_EQ(merge->parents.size(), 2u);
  EXPECT_EQ(merge->author.name, "A U Thor");
  const auto tag = repo->read_tag(*repo->resolve_ref("refs/tags/v1.0"));
  ASSERT_TRUE(tag) << tag.error().message;
  EXPECT_EQ(tag->name, "v1.0");
  EXPECT_EQ(tag->object, *repo->resolve_ref("HEAD"));
  EXPECT_EQ(tag->message, "Release 1.0\n");
  const auto tree = repo->read_tree(merge->tree);
  ASSERT_TRUE(tree);
  EXPECT_EQ(tree->find("run.sh")->mode, git::mode::executable);
  EXPECT_EQ(tree->find("link")->mode, git::mode::symlink);
  EXPECT_TRUE(tree->find("src")->is_tree());
  EXPECT_EQ(repo->read_tree(latin1->parents.at(0)).error().code, git::Errc::WrongType);
}

TEST_P(GitInterop, ReadsLooseObjectsGitWrote) {
  TempDir tmp;
  const std::string dir = tmp.path() + "/repo";
  make_history_with_git(dir, format_flag());
  ASSERT_EQ(git(dir, "count-objects").out.substr(0, 2) != "0 ", true);
  expect_we_read_what_git_has(dir, algo());
}

TEST_P(GitInterop, ReadsADeltaCompressedPackFromGcAggressive) {
  TempDir tmp;
  const std::string dir = tmp.path() + "/repo";
  make_history_with_git(dir, format_flag());
  const auto gc = git(dir, "gc -q --aggressive --prune=now");
  ASSERT_EQ(gc.status, 0) << gc.out;
  ASSERT_EQ(trim(git(dir, "count-objects").out), "0 objects, 0 kilobytes");  // all packed
  ASSERT_TRUE(run("test -f '" + dir + "/.git/packed-refs'").status == 0);
  expect_we_read_what_git_has(dir, algo());

  // The pack has delta chains, and our index of git's pack is git's index, byte for byte.
  const auto idx_path = trim(run("ls '" + dir + "'/.git/objects/pack/*.idx").out);
  const std::string pack_path = idx_path.substr(0, idx_path.size() - 4) + ".pack";
  auto pack = git::Pack::parse(*[&] {
    auto f = run("cat '" + pack_path + "'");
    return std::optional(bytes(f.out));
  }(), algo());
  ASSERT_TRUE(pack) << pack.error().message;
  const auto rebuilt = git::index_pack(*pack);
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ(*rebuilt, bytes(run("cat '" + idx_path + "'").out));
  const auto index = git::PackIndex::parse(*rebuilt, algo());
  std::size_t deltas = 0;
  for (std::uint32_t i = 0; i < index->size(); ++i) {
    const auto e = pack->entry_at(index->offset(i));
    ASSERT_TRUE(e);
    deltas += e->type == git::PackEntryType::OfsDelta || e->type == git::PackEntryType::RefDelta;
  }
  EXPECT_GE(deltas, 4u) << "git gc --aggressive made no deltas to test against";
}

std::vector<std::uint8_t> file_bytes(const std::string& path) { return bytes(run("cat '" + path + "'").out); }

TEST_P(GitInterop, ReadsRefDeltaPacksAndIndexesWith64BitOffsets) {
  TempDir tmp;
  const std::string dir = tmp.path() + "/repo";
  make_history_with_git(dir, format_flag());
  // REF_DELTA entries (no delta-base-offset), then an index that puts every offset past
  // 64 bytes in the 64-bit table.
  const auto packed = run("cd '" + dir + "' && git rev-list --objects --all | git pack-objects -q --no-delta-base-offset "
                          "--window=50 --depth=20 '" + tmp.path() + "/pk' 2>&1");
  ASSERT_EQ(packed.status, 0) << packed.out;
  const std::string base = tmp.path() + "/pk-" + trim(packed.out);
  const auto large = run("git index-pack" + format_flag() + " --index-version=2,64 -o '" + tmp.path() + "/large.idx' '" +
                         base + ".pack' 2>&1");
  ASSERT_EQ(large.status, 0) << large.out;
  auto pack = git::Pack::parse(file_bytes(base + ".pack"), algo());
  ASSERT_TRUE(pack) << pack.error().message;
  auto index = git::PackIndex::parse(file_bytes(tmp.path() + "/large.idx"), algo());
  ASSERT_TRUE(index) << index.error().message;
  // Our own index of this pack is git's default one.
  const auto rebuilt = git::index_pack(*pack);
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ(*rebuilt, file_bytes(base + ".idx"));
  EXPECT_GT(file_bytes(tmp.path() + "/large.idx").size(), rebuilt->size());
  auto file = git::PackFile::open(std::move(*pack), std::move(*index));
  ASSERT_TRUE(file) << file.error().message;
  std::size_t ref_deltas = 0;
  for (std::uint32_t i = 0; i < file->index().size(); ++i)
    ref_deltas += file->pack().entry_at(file->index().offset(i))->type == git::PackEntryType::RefDelta;
  EXPECT_GE(ref_deltas, 4u);
  const auto expected = all_objects_by_git(dir);
  EXPECT_EQ(file->index().size(), expected.size());
  for (const auto& [hex, object] : expected) {
    const auto ours = file->read(*ObjectId::from_hex(hex, algo()));
    ASSERT_TRUE(ours) << hex << ": " << ours.error().message;
    EXPECT_EQ(*ours, object) << hex;
  }
}

git::Signature when(std::uint64_t t, int tz) { return git::Signature::make("A U Thor", "author@example.com", t, tz); }

TEST_P(GitInterop, ObjectsAndRefsWeWritePassFsckStrictAndShowInGitLog) {
  TempDir tmp;
  const std::string dir = tmp.path() + "/ours";
  auto repo = git::Repository::init(dir, {.bare = false, .algo = algo(), .initial_branch = "main"});
  ASSERT_TRUE(repo) << repo.error().message;
  const auto hello = repo->write_blob(bytes("hello\n"));
  const auto script = repo->write_blob(bytes("#!/bin/sh\n"));
  const auto link_target = repo->write_blob(bytes("hello.txt"));
  ASSERT_TRUE(hello && script && link_target);
  EXPECT_EQ(trim(git(dir, "hash-object --stdin < /dev/null").out),
            git::hash_object(algo(), ObjectType::Blob, {}).hex());
  git::Tree sub;
  sub.entries = {{git::mode::blob, "a.txt", *hello}};
  const auto sub_id = repo->write_tree(sub);
  git::Tree root;
  root.entries = {{git::mode::blob, "hello.txt", *hello}, {git::mode::executable, "run.sh", *script},
                  {git::mode::symlink, "link", *link_target},   {git::mode::tree, "dir", *sub_id},
                  {git::mode::blob, "dir.txt", *hello},   {git::mode::blob, "dir-x", *hello}};
  root.sort();
  const auto root_id = repo->write_tree(root);
  ASSERT_TRUE(root_id) << root_id.error().message;

  git::Commit first;
  first.tree = *sub_id;
  first.author = first.committer = when(1700000000, 60);
  first.message = "First commit\n";
  const auto first_id = repo->write_commit(first);
  ASSERT_TRUE(first_id);
  git::Commit second;
  second.tree = *root_id;
  second.parents = {*first_id};
  second.author = when(1700000100, -330);
  second.committer = when(1700000200, 0);
  second.extra_headers = {{"encoding", "UTF-8"}};
  second.message = "Second commit\n\nWith a body.\n";
  const auto second_id = repo->write_commit(second);
  ASSERT_TRUE(second_id);
  git::Commit merge = second;
  merge.parents = {*second_id, *first_id};
  merge.extra_headers = {{"x-note", "a header git keeps\nover two lines"}};
  merge.message = "Merge\n";
  const auto merge_id = repo->write_commit(merge);
  ASSERT_TRUE(merge_id);
  git::Tag tag;
  tag.object = *merge_id;
  tag.type = ObjectType::Commit;
  tag.name = "v0.1";
  tag.tagger = when(1700000300, 120);
  tag.message = "Our release\n";
  const auto tag_id = repo->write_tag(tag);
  ASSERT_TRUE(tag_id);

  const ObjectId none(algo());
  const auto who = when(1700000400, 0);
  ASSERT_TRUE(repo->update_ref("HEAD", *first_id, none, who, "commit (initial): First commit"));
  ASSERT_TRUE(repo->update_ref("HEAD", *merge_id, *first_id, who, "merge: fast-forward"));
  ASSERT_TRUE(repo->update_ref("refs/tags/v0.1", *tag_id, none, who, "tag"));

  const auto fsck = git(dir, "fsck --strict --no-dangling");
  EXPECT_EQ(fsck.status, 0) << fsck.out;
  EXPECT_EQ(fsck.out.find("error"), std::string::npos) << fsck.out;
  EXPECT_EQ(fsck.out.find("warning"), std::string::npos) << fsck.out;
  // cat-file -p of a commit and a tag is their body, byte for byte.
  const auto merge_body = merge.encode(), tag_body = tag.encode();
  EXPECT_EQ(git(dir, "cat-file -p " + merge_id->hex()).out, std::string(merge_body.begin(), merge_body.end()));
  EXPECT_EQ(git(dir, "cat-file -p " + tag_id->hex()).out, std::string(tag_body.begin(), tag_body.end()));
  EXPECT_EQ(git(dir, "cat-file -p " + root_id->hex() + ":dir/a.txt").out, "hello\n");
  EXPECT_EQ(git(dir, "cat-file -t " + root_id->hex()).out, "tree\n");
  const auto ls = git(dir, "ls-tree --name-only " + root_id->hex());
  EXPECT_EQ(ls.out, "dir-x\ndir.txt\ndir\nhello.txt\nlink\nrun.sh\n");
  const auto log = git(dir, "log --format='%H %an %ad %s' --date=raw");
  EXPECT_EQ(log.out, merge_id->hex() + " A U Thor 1700000100 -0530 Merge\n" + second_id->hex() +
                         " A U Thor 1700000100 -0530 Second commit\n" + first_id->hex() +
                         " A U Thor 1700000000 +0100 First commit\n");
  EXPECT_EQ(trim(git(dir, "describe").out), "v0.1");
  EXPECT_EQ(trim(git(dir, "rev-parse main").out), merge_id->hex());
  // Our reflog lines are git's.
  EXPECT_EQ(git(dir, "reflog show --format=%gs main").out, "merge: fast-forward\ncommit (initial): First commit\n");
  EXPECT_EQ(git(dir, "reflog show --format=%gs HEAD").out, "merge: fast-forward\ncommit (initial): First commit\n");
  const auto ours = repo->reflog("refs/heads/main");
  ASSERT_TRUE(ours);
  ASSERT_EQ(ours->size(), 2u);
  EXPECT_EQ((*ours)[1].old_id, *first_id);
  EXPECT_EQ((*ours)[1].new_id, *merge_id);
  // And git's status sees no corruption in a checkout of our tree.
  EXPECT_EQ(git(dir, "checkout -q -f main").status, 0);
  EXPECT_EQ(run("cat '" + dir + "/dir/a.txt'").out, "hello\n");
  EXPECT_EQ(run("readlink '" + dir + "/link'").out, "hello.txt\n");
  EXPECT_EQ(run("cat '" + dir + "/link'").out, "hello\n");
  EXPECT_EQ(run("test -x '" + dir + "/run.sh'").status, 0);
}

TEST_P(GitInterop, PacksWeWriteAreAcceptedByVerifyPackAndIndexPack) {
  TempDir tmp;
  const std::string dir = tmp.path() + "/ours";
  auto repo = git::Repository::init(dir, {.bare = true, .algo = algo(), .initial_branch = "main"});
  ASSERT_TRUE(repo) << repo.error().message;
  std::vector<RawObject> objects;
  std::string text;
  git::Tree tree;
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 200; ++j) text += "line " + std::to_string(i * 1000 + j) + "\n";
    objects.push_back({ObjectType::Blob, bytes(text)});
    tree.entries.push_back({git::mode::blob, "file" + std::to_string(i), git::hash_object(algo(), objects.back())});
  }
  tree.sort();
  objects.push_back({ObjectType::Tree, tree.encode()});
  git::Commit c;
  c.tree = git::hash_object(algo(), objects.back());
  c.author = c.committer = when(1700000000, 0);
  c.message = "packed\n";
  objects.push_back({ObjectType::Commit, c.encode()});
  const auto commit_id = git::hash_object(algo(), objects.back());
  const auto checksum = repo->write_pack(objects);
  ASSERT_TRUE(checksum) << checksum.error().message;
  ASSERT_TRUE(repo->update_ref("refs/heads/main", commit_id, ObjectId(algo()), when(1700000000, 0), "pack"));

  const std::string base = dir + "/objects/pack/pack-" + checksum->hex();
  const auto verify = git(dir, "verify-pack -v '" + base + ".idx'");
  EXPECT_EQ(verify.status, 0) << verify.out;
  EXPECT_NE(verify.out.find("chain length = 1"), std::string::npos) << "no deltas written:\n" << verify.out;
  // git index-pack builds the same index from our pack.
  ASSERT_EQ(run("cp '" + base + ".pack' '" + tmp.path() + "/copy.pack'").status, 0);
  const auto index_pack = run("cd '" + tmp.path() + "' && git index-pack" + format_flag() + " copy.pack 2>&1");
  EXPECT_EQ(index_pack.status, 0) << index_pack.out;
  EXPECT_EQ(trim(index_pack.out), checksum->hex());
  EXPECT_EQ(run("cat '" + tmp.path() + "/copy.idx'").out, run("cat '" + base + ".idx'").out);
  const auto fsck = git(dir, "fsck --strict --no-dangling");
  EXPECT_EQ(fsck.status, 0) << fsck.out;
  EXPECT_EQ(git(dir, "cat-file -p " + commit_id.hex() + ":file7").out, text);
  EXPECT_EQ(trim(git(dir, "rev-list --objects --all | wc -l").out), std::to_string(objects.size()));
}

TEST_P(GitInterop, RefUpdatesAreCompareAndSwapUnderALockFile) {
  TempDir tmp;
  const std::string dir = tmp.path() + "/repo";
  make_history_with_git(dir, format_flag());
  ASSERT_EQ(git(dir, "pack-refs --all").status, 0);
  auto repo = git::Repository::open(dir);
  ASSERT_TRUE(repo) << repo.error().message;
  const auto head = *repo->resolve_ref("HEAD");
  const auto side = *repo->resolve_ref("refs/heads/side");
  const auto who = when(1700000000, 0);
  // Packed now, so the value comes from packed-refs.
  EXPECT_FALSE(run("test -f '" + dir + "/.git/refs/heads/side'").status == 0);
  EXPECT_EQ(repo->update_ref("refs/heads/side", head, head, who, "wrong").error().code, git::Errc::Stale);
  EXPECT_EQ(repo->update_ref("refs/heads/side", head, ObjectId(algo()), who, "exists").error().code, git::Errc::Stale);
  ASSERT_EQ(run("touch '" + dir + "/.git/refs/heads/side.lock'").status, 0);
  EXPECT_EQ(repo->update_ref("refs/heads/side", head, side, who, "locked").error().code, git::Errc::LockFailed);
  ASSERT_EQ(run("rm '" + dir + "/.git/refs/heads/side.lock'").status, 0);
  ASSERT_TRUE(repo->update_ref("refs/heads/side", head, side, who, "moved by us"));
  EXPECT_EQ(trim(git(dir, "rev-parse side").out), head.hex());
  EXPECT_EQ(trim(git(dir, "reflog show -1 --format=%gs side").out), "moved by us");
  EXPECT_FALSE(run("test -e '" + dir + "/.git/refs/heads/side.lock'").status == 0);
  // Deleting a packed tag rewrites packed-refs.
  ASSERT_TRUE(repo->delete_ref("refs/tags/light", std::nullopt));
  EXPECT_NE(git(dir, "rev-parse --verify -q refs/tags/light").status, 0);
  EXPECT_EQ(git(dir, "show-ref --verify -q refs/tags/v1.0").status, 0);
  EXPECT_EQ(repo->read_ref("refs/tags/light").error().code, git::Errc::NotFound);
  // Symbolic refs, then a commit through HEAD moves the branch it points at.
  ASSERT_TRUE(repo->set_symbolic_ref("HEAD", "refs/heads/side"));
  EXPECT_EQ(trim(git(dir, "symbolic-ref HEAD").out), "refs/heads/side");
  ASSERT_TRUE(repo->update_ref("HEAD", side, head, who, "back"));
  EXPECT_EQ(trim(git(dir, "rev-parse side").out), side.hex());
  EXPECT_EQ(trim(git(dir, "reflog show -1 --format=%gs HEAD").out), "back");
  const auto fsck = git(dir, "fsck --strict --no-dangling");
  EXPECT_EQ(fsck.status, 0) << fsck.out;
  EXPECT_EQ(repo->update_ref("refs/heads/bad..name", head, std::nullopt, who, "").error().code, git::Errc::BadRef);
}

// Writes an object as a loose file without our checks, as a hostile peer could.
ObjectId write_unchecked(const std::string& git_dir, HashAlgo algo, const RawObject& object) {
  const auto id = git::hash_object(algo, object);
  const std::string hex = id.hex(), dir = git_dir + "/objects/" + hex.substr(0, 2);
  run("mkdir -p '" + dir + "'");
  const auto file = *git::encode_loose(object.type, object.data);
  FILE* f = std::fopen((dir + "/" + hex.substr(2)).c_str(), "wb");
  EXPECT_NE(f, nullptr);
  std::fwrite(file.data(), 1, file.size(), f);
  std::fclose(f);
  return id;
}

// Our strict checks and git fsck --strict agree, object by object, on edge cases.
TEST_P(GitInterop, StrictChecksAgreeWithGitFsckStrict) {
  TempDir tmp;
  const std::string dir = tmp.path() + "/repo";
  ASSERT_EQ(run("git init -q --bare" + format_flag() + " '" + dir + "'").status, 0);
  const auto blob = write_unchecked(dir, algo(), {ObjectType::Blob, bytes("x\n")});
  const auto empty_tree = write_unchecked(dir, algo(), {ObjectType::Tree, {}});
  const auto raw_tree = [&](std::initializer_list<std::pair<std::string, std::string>> entries) {
    std::vector<std::uint8_t> body;
    for (const auto& [mode, name] : entries) {
      body.insert(body.end(), mode.begin(), mode.end());
      body.push_back(' ');
      body.insert(body.end(), name.begin(), name.end());
      body.push_back(0);
      const auto& id = mode == "40000" || mode == "040000" ? empty_tree : blob;
      body.insert(body.end(), id.raw().begin(), id.raw().end());
    }
    return RawObject{ObjectType::Tree, body};
  };
  const std::string t = "tree " + empty_tree.hex() + "\n";
  const std::string a = "author A U Thor <a@example.com> 1700000000 +0000\n";
  const std::string c = "committer C O Mitter <c@example.com> 1700000000 +0000\n";
  const std::string o = "object " + blob.hex() + "\n";
  const std::vector<RawObject> cases = {
      raw_tree({{"100644", "a"}, {"100755", "b"}, {"120000", "c"}, {"40000", "d"}, {"160000", "e"}}),
      raw_tree({{"100664", "a"}}),
      raw_tree({{"100600", "a"}}),
      raw_tree({{"040000", "d"}}),
      raw_tree({{"100644", "."}}),
      raw_tree({{"100644", ".."}}),
      raw_tree({{"100644", ".git"}}),
      raw_tree({{"40000", ".GiT"}}),
      raw_tree({{"100644", "git~1"}}),
      raw_tree({{"100644", ".git. "}}),
      raw_tree({{"100644", ".g\xe2\x80\x8ci\xe2\x80\x8dt"}}),
      raw_tree({{"100644", ".gitx"}}),
      raw_tree({{"120000", ".gitmodules"}}),
      raw_tree({{"100644", ".gitmodules"}}),
      raw_tree({{"120000", ".gitignore"}}),
      raw_tree({{"120000", ".gitattributes"}}),
      raw_tree({{"120000", ".mailmap"}}),
      raw_tree({{"120000", ".GITIGNORE"}}),
      raw_tree({{"100644", "a/b"}}),
      raw_tree({{"100644", ""}}),
      raw_tree({{"100644", "b"}, {"100644", "a"}}),
      raw_tree({{"100644", "a"}, {"100644", "a"}}),
      raw_tree({{"100644", "a"}, {"100644", "a.c"}, {"40000", "a"}}),
      raw_tree({{"40000", "a"}, {"100644", "a.c"}}),
      raw_tree({{"100644", "a.c"}, {"40000", "a"}}),
      {ObjectType::Tree, bytes("100644 a")},
      {ObjectType::Commit, bytes(t + a + c + "\nmessage\n")},
      {ObjectType::Commit, bytes(t + a + c + std::string("\nNUL \0 in the message\n", 23))},
      {ObjectType::Commit, bytes(t + a + c)},
      {ObjectType::Commit, bytes(t + a + c + "encoding ISO-8859-1\ngpgsig line\n continued\n\nm\n")},
      {ObjectType::Commit, bytes(a + c + "\n")},
      {ObjectType::Commit, bytes(t + c + "\n")},
      {ObjectType::Commit, bytes(t + a + "\n")},
      {ObjectType::Commit, bytes(t + a + a + c + "\n")},
      {ObjectType::Commit, bytes(t + "author <a@example.com> 1 +0000\n" + c + "\n")},
      {ObjectType::Commit, bytes(t + "author A<a@example.com> 1 +0000\n" + c + "\n")},
      {ObjectType::Commit, bytes(t + "author A <a@example.com>1 +0000\n" + c + "\n")},
      {ObjectType::Commit, bytes(t + "author A <a@example.com> 01 +0000\n" + c + "\n")},
      {ObjectType::Commit, bytes(t + "author A <a@example.com> 1 +000\n" + c + "\n")},
      {ObjectType::Commit, bytes(t + "author A <a@example.com> 1 0000\n" + c + "\n")},
      {ObjectType::Commit, bytes(t + "author A <a<b@example.com> 1 +0000\n" + c + "\n")},
      {ObjectType::Commit, bytes(t + "author A > <a@example.com> 1 +0000\n" + c + "\n")},
      {ObjectType::Commit, bytes(t + "author A <a@example.com> 99999999999999999999999 +0000\n" + c + "\n")},
      {ObjectType::Commit, bytes(t + a + c + std::string("x\0y z\n\n", 7))},
      {ObjectType::Commit, bytes(t + a + "committer C <c> 1 +0000")},
      {ObjectType::Tag, bytes(o + "type blob\ntag v1\ntagger T <t@example.com> 1 +0000\n\nmsg\n")},
      {ObjectType::Tag, bytes(o + "type blob\ntag v1\n\nno tagger\n")},
      {ObjectType::Tag, bytes(o + "type blub\ntag v1\n\n")},
      {ObjectType::Tag, bytes(o + "type blob\ntag a..b\ntagger T <t@example.com> 1 +0000\n\n")},
      {ObjectType::Tag, bytes(o + "type blob\ntag v1\ntagger T <t@example.com> 1 +0000\nextra header\n\n")},
      {ObjectType::Tag, bytes(o + "tag v1\ntype blob\n\n")},
      {ObjectType::Tag, bytes("type blob\n" + o + "tag v1\n\n")},
      {ObjectType::Tag, bytes(o + "type blob\ntag v1\ntagger T <t@example.com> 01 +0000\n\n")},
  };
  std::vector<ObjectId> ids;
  for (const auto& object : cases) ids.push_back(write_unchecked(dir, algo(), object));
  // Strict: git fsck --strict says nothing about the object (no error, no warning).
  // Lenient: plain git fsck reports no error for it (warnings allowed).
  const auto strict = run("git -C '" + dir + "' fsck --strict --no-dangling --no-progress 2>&1").out;
  const auto plain = run("git -C '" + dir + "' fsck --no-dangling --no-progress 2>&1").out;
  // Whether a line of fsck's output that starts with `prefix` names the object.
  const auto mentions = [](const std::string& out, const std::string& prefix, const ObjectId& id) {
    std::size_t p = 0;
    while (p < out.size()) {
      const auto nl = std::min(out.find('\n', p), out.size());
      const std::string_view line(out.data() + p, nl - p);
      if (line.substr(0, prefix.size()) == prefix && line.find(id.hex()) != std::string_view::npos) return true;
      p = nl + 1;
    }
    return false;
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const bool git_strict_ok = !mentions(strict, "error", ids[i]) && !mentions(strict, "warning", ids[i]);
    const bool git_plain_ok = !mentions(plain, "error", ids[i]);
    const auto ours_strict = git::check_object(cases[i], algo(), git::Check::Strict);
    const auto ours_lenient = git::check_object(cases[i], algo(), git::Check::Lenient);
    EXPECT_EQ(ours_strict.has_value(), git_strict_ok)
        << "case " << i << " (" << git::type_name(cases[i].type) << " " << ids[i].hex() << "), strict: ours says "
        << (ours_strict ? std::string("fine") : ours_strict.error().message);
    EXPECT_EQ(ours_lenient.has_value(), git_plain_ok)
        << "case " << i << " (" << git::type_name(cases[i].type) << " " << ids[i].hex() << "), lenient: ours says "
        << (ours_lenient ? std::string("fine") : ours_lenient.error().message);
  }
  if (HasFailure()) ADD_FAILURE() << "git fsck --strict:\n" << strict << "\ngit fsck:\n" << plain;
}

INSTANTIATE_TEST_SUITE_P(ObjectFormats, GitInterop, ::testing::Values(HashAlgo::Sha1, HashAlgo::Sha256),
                         [](const auto& info) { return info.param == HashAlgo::Sha1 ? "Sha1" : "Sha256"; });

}  // namespace
