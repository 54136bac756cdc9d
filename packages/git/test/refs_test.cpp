// Ref names and files, packed-refs, reflogs, config, and the repository on disk (without
// the git binary: interop_test.cpp has git's view).
#include <gtest/gtest.h>

#include <git/config.hpp>
#include <git/refs.hpp>
#include <git/repository.hpp>

#include <string>
#include <thread>

#include "support.hpp"

namespace {

using git::Errc;
using git::HashAlgo;
using git::ObjectId;
using git::ObjectType;

ObjectId some_id(std::string_view seed, HashAlgo algo = HashAlgo::Sha1) {
  return git::hash_object(algo, ObjectType::Blob, git::as_bytes(seed));
}

TEST(RefName, AcceptsWhatCheckRefFormatAccepts) {
  for (std::string_view ok : {"HEAD", "refs/heads/main", "refs/tags/v1.0", "refs/heads/a/b-c_d", "refs/x/@",
                              "refs/heads/ünïcode"})
    EXPECT_TRUE(git::check_ref_name(ok)) << ok;
  for (std::string_view bad :
       {"main", "refs/heads/", "refs//x", "refs/heads/.hidden", "refs/heads/x.lock", "refs/heads/a..b",
        "refs/heads/a@{1}", "refs/heads/a b", "refs/heads/a~1", "refs/heads/a^", "refs/heads/a:b", "refs/heads/a?",
        "refs/heads/a*", "refs/heads/a[", "refs/heads/a\\b", "refs/heads/a.", "refs/heads/\x01", "refs/heads/\x7f",
        "HEAD/x", ""})
    EXPECT_EQ(git::check_ref_name(bad).error().code, Errc::BadRef) << bad;
}

TEST(RefFile, ParsesDirectAndSymbolicRefs) {
  const auto id = some_id("x");
  EXPECT_EQ(*git::parse_ref_file(id.hex() + "\n", HashAlgo::Sha1), git::RefValue::direct(id));
  EXPECT_EQ(*git::parse_ref_file(id.hex(), HashAlgo::Sha1), git::RefValue::direct(id));
  EXPECT_EQ(*git::parse_ref_file("ref: refs/heads/main\n", HashAlgo::Sha1), git::RefValue::symbolic("refs/heads/main"));
  EXPECT_EQ(git::format_ref_file(git::RefValue::symbolic("refs/heads/x")), "ref: refs/heads/x\n");
  EXPECT_EQ(git::format_ref_file(git::RefValue::direct(id)), id.hex() + "\n");
  EXPECT_FALSE(git::parse_ref_file(id.hex() + "x\n", HashAlgo::Sha1));
  EXPECT_FALSE(git::parse_ref_file(id.hex() + "\nmore", HashAlgo::Sha1));
  EXPECT_FALSE(git::parse_ref_file(id.hex() + "\n", HashAlgo::Sha256));
  EXPECT_FALSE(git::parse_ref_file("ref: main\n", HashAlgo::Sha1));
  EXPECT_FALSE(git::parse_ref_file("", HashAlgo::Sha1));
}

TEST(PackedRefs, RoundTripsWithPeeledTagsAndRejectsJunk) {
  const std::vector<git::PackedRef> refs = {{"refs/tags/v1", some_id("tag"), some_id("commit")},
                                            {"refs/heads/main", some_id("commit"), std::nullopt}};
  const auto text = git::format_packed_refs(refs);
  EXPECT_EQ(text.substr(0, text.find('\n')), "# pack-refs with: peeled fully-peeled sorted ");
  const auto back = git::parse_packed_refs(text, HashAlgo::Sha1);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0], refs[1]);  // sorted by name
  EXPECT_EQ((*back)[1], refs[0]);
  EXPECT_FALSE(git::parse_packed_refs("^" + some_id("a").hex() + "\n", HashAlgo::Sha1));
  EXPECT_FALSE(git::parse_packed_refs(some_id("a").hex() + " refs/heads/x", HashAlgo::Sha1));  // no newline
  EXPECT_FALSE(git::parse_packed_refs(some_id("a").hex() + " bad name\n", HashAlgo::Sha1));
  EXPECT_FALSE(git::parse_packed_refs("# header\n# second comment is not a ref\n", HashAlgo::Sha1));
}

TEST(Reflog, FormatsGitsLineAndParsesItBack) {
  const git::ReflogEntry e{ObjectId(HashAlgo::Sha1), some_id("a"), git::Signature::make("N", "e@x", 5, -60),
                           "commit (initial): two\nlines"};
  const auto line = git::format_reflog_entry(e);
  EXPECT_EQ(line, std::string(40, '0') + " " + some_id("a").hex() + " N <e@x> 5 -0100\tcommit (initial): two lines\n");
  const auto back = git::parse_reflog(line + line, HashAlgo::Sha1);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].message, "commit (initial): two lines");
  EXPECT_EQ((*back)[0].who, e.who);
  auto no_message = e;
  no_message.message = "";
  EXPECT_EQ(git::format_reflog_entry(no_message).find('\t'), std::string::npos);
  EXPECT_EQ((*git::parse_reflog(git::format_reflog_entry(no_message), HashAlgo::Sha1))[0].message, "");
  EXPECT_FALSE(git::parse_reflog("junk\n", HashAlgo::Sha1));
}

TEST(Config, ReadsSectionsSubsectionsQuotesAndBooleans) {
  const auto c = git::Config::parse(
      "# comment\n[core]\n\trepositoryformatversion = 1\n\tBare = false ; trailing\n\tfilemode\n"
      "[extensions]\n\tobjectFormat = sha256\n[remote \"origin\"]\n\turl = \"a b\\\"c\" # x\n"
      "[core]\n\tbare = yes\n\tlong = one \\\n two\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->get("core", "repositoryformatversion"), "1");
  EXPECT_EQ(c->get_bool("core", "bare"), true);  // the last value wins
  EXPECT_EQ(c->get_bool("core", "filemode"), true);
  EXPECT_EQ(c->get("Extensions", "objectformat"), "sha256");
  EXPECT_EQ(c->get("remote", "origin", "url"), "a b\"c");
  EXPECT_EQ(c->get("core", "long"), "one  two");
  EXPECT_EQ(c->get("core", "missing"), std::nullopt);
  for (std::string_view bad : {"key = value\n", "[core\n", "[core]\n\tx = \"open\n", "[core]\n\tx = \\q\n",
                               "[a \"b]\n", "[core]\n\t=v\n"})
    EXPECT_EQ(git::Config::parse(bad).error().code, Errc::BadConfig) << bad;
}

class RepositoryOnDisk : public ::testing::TestWithParam<HashAlgo> {};

TEST_P(RepositoryOnDisk, WritesReadsAndListsObjectsLooseAndPacked) {
  git_test::TempDir tmp;
  const HashAlgo algo = GetParam();
  auto repo = git::Repository::init(tmp.path() + "/r", {.bare = false, .algo = algo});
  ASSERT_TRUE(repo) << repo.error().message;
  EXPECT_FALSE(repo->is_bare());
  EXPECT_EQ(git::Repository::init(tmp.path() + "/r", {}).error().code, Errc::BadConfig);
  const auto blob = repo->write_blob(git::as_bytes("contents\n"));
  ASSERT_TRUE(blob);
  const std::string hex = blob->hex();
  EXPECT_EQ(git_test::run("stat -c %a '" + tmp.path() + "/r/.git/objects/" + hex.substr(0, 2) + "/" + hex.substr(2) + "'").out,
            "444\n");
  EXPECT_EQ(git_test::run("ls '" + tmp.path() + "/r/.git/objects/" + hex.substr(0, 2) + "'").out, hex.substr(2) + "\n");
  // A tree git fsck --strict would refuse is not written.
  git::Tree bad;
  bad.entries = {{git::mode::blob, ".git", *blob}};
  EXPECT_EQ(repo->write_tree(bad).error().code, Errc::BadTree);
  const std::vector<git::RawObject> packed = {{ObjectType::Blob, {1, 2, 3}}, {ObjectType::Blob, {4, 5}}};
  ASSERT_TRUE(repo->write_pack(packed));
  auto reopened = git::Repository::open(tmp.path() + "/r");
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ(reopened->algo(), algo);
  EXPECT_EQ(reopened->read(*blob)->data, std::vector<std::uint8_t>(git::as_bytes("contents\n").begin(),
                                                                   git::as_bytes("contents\n").end()));
  EXPECT_EQ(*reopened->read(git::hash_object(algo, packed[1])), packed[1]);
  EXPECT_EQ(reopened->read(some_id("absent", algo)).error().code, Errc::NotFound);
  EXPECT_EQ(reopened->list_objects()->size(), 3u);
  // A loose object whose bytes were replaced is caught by its id.
  const std::string path = tmp.path() + "/r/.git/objects/" + hex.substr(0, 2) + "/" + hex.substr(2);
  const auto other = *git::encode_loose(ObjectType::Blob, git::as_bytes("other\n"));
  git_test::run("chmod 644 '" + path + "'");
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(other.data(), 1, other.size(), f);
  std::fclose(f);
  EXPECT_EQ(reopened->read(*blob).error().code, Errc::Checksum);
}

TEST_P(RepositoryOnDisk, ConcurrentCompareAndSwapUpdatesNeverLoseOne) {
  git_test::TempDir tmp;
  const HashAlgo algo = GetParam();
  auto repo = git::Repository::init(tmp.path() + "/r", {.bare = true, .algo = algo});
  ASSERT_TRUE(repo);
  const auto who = git::Signature::make("N", "e@x", 1, 0);
  std::vector<ObjectId> ids;
  for (int i = 0; i < 41; ++i) ids.push_back(some_id(std::to_string(i), algo));
  ASSERT_TRUE(repo->update_ref("refs/heads/main", ids[0], ObjectId(algo), who, "start"));
  // Four writers race to move main along ids, each step a CAS from the previous id: every
  // step succeeds exactly once; losers see Stale or LockFailed.
  std::atomic<int> wins{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      auto mine = git::Repository::open(tmp.path() + "/r");
      for (std::size_t step = 1; step < ids.size(); ++step)
        for (int attempt = 0; attempt < 1000; ++attempt) {
          const auto r = mine->update_ref("refs/heads/main", ids[step], ids[step - 1], who, "step");
          if (r) {
            ++wins;
            break;
          }
          if (r.error().code == Errc::Stale) break;  // someone else made this step
          ASSERT_EQ(r.error().code, Errc::LockFailed) << r.error().message;
        }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 40);
  EXPECT_EQ(*repo->resolve_ref("refs/heads/main"), ids.back());
  EXPECT_EQ(repo->read_ref("HEAD")->target, "refs/heads/main");
  // A bare repository logs only refs whose log exists.
  EXPECT_TRUE(repo->reflog("refs/heads/main")->empty());
}

INSTANTIATE_TEST_SUITE_P(ObjectFormats, RepositoryOnDisk, ::testing::Values(HashAlgo::Sha1, HashAlgo::Sha256),
                         [](const auto& info) { return info.param == HashAlgo::Sha1 ? "Sha1" : "Sha256"; });

}  // namespace
