// Against the git command line: a store's objects and branches, written into a .git
// directory by the git package (what an irmin-git backend will do), are a repository
// git accepts (fsck --strict) and reads back as the store has them (log, show,
// merge-base), in SHA-1 and SHA-256.
#include <gtest/gtest.h>
#include <irmin/store.hpp>
#include <irmin_mem/backend.hpp>

#include <git/repository.hpp>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "test_contents.hpp"

namespace {

using irmin::contents::String;
using irmin_mem_test::info;
using Store = irmin::Store<String, irmin_mem::Backend>;

struct Output {
  int status = -1;
  std::string out;
};

// Runs a shell command, its standard output (and error, if redirected) captured.
Output run(const std::string& command) {
  Output o;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return o;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) o.out.append(buf, n);
  o.status = ::pclose(pipe);
  return o;
}

class GitReadsTheStore : public ::testing::TestWithParam<git::HashAlgo> {
 protected:
  void SetUp() override {
    if (run("git --version >/dev/null 2>&1").status != 0) GTEST_SKIP() << "no git on PATH";
    char pattern[] = "/tmp/irmin-interop-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    // git reads no configuration but the repository's own.
    ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    ::setenv("HOME", dir_.c_str(), 1);
  }
  void TearDown() override {
    if (!dir_.empty()) run("rm -rf '" + dir_ + "'");
  }
  Output git(const std::string& args) {
    return run("git -C '" + dir_ + "/repo' " + args + " 2>&1");
  }

  std::string dir_;
};

TEST_P(GitReadsTheStore, ObjectsAndBranchesMakeARepository) {
  irmin_mem::Backend backend(GetParam());
  Store store(backend);
  ASSERT_TRUE(store.set("main", {"README"}, String{"hello\n"}, info("readme", 1700000001)));
  ASSERT_TRUE(store.set("main", {"src", "lib", "a.c"}, String{"int a;\n"}, info("a", 1700000002)));
  ASSERT_TRUE(store.clone("main", "topic"));
  ASSERT_TRUE(store.set("topic", {"src", "b.c"}, String{"int b;\n"}, info("b", 1700000003)));
  ASSERT_TRUE(store.remove("topic", {"src", "lib"}, info("rm lib", 1700000004)));
  ASSERT_TRUE(store.set("main", {"docs", "x.md"}, String{"# x\n"}, info("docs", 1700000005)));
  const auto fork = *store.lcas(**store.head("main"), **store.head("topic"));
  ASSERT_EQ(fork.size(), 1u);
  ASSERT_TRUE(store.merge("main", "topic", info("merge topic", 1700000006)));

  auto repo = git::Repository::init(dir_ + "/repo", {.algo = GetParam()});
  ASSERT_TRUE(repo) << repo.error().message;
  for (const auto& [id, object] : backend.objects()) {
    auto written = repo->write(object);
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_EQ(*written, id);
  }
  const auto branches = store.branches();
  ASSERT_TRUE(branches);
  for (const auto& name : *branches) {
    auto updated =
        repo->update_ref("refs/heads/" + name, **store.head(name), git::ObjectId(GetParam()),
                         git::Signature::make("T", "t@example.org", 1700000007, 0), "irmin");
    ASSERT_TRUE(updated) << updated.error().message;
  }

  const auto fsck = git("fsck --strict --no-dangling");
  EXPECT_EQ(fsck.status, 0) << fsck.out;
  EXPECT_EQ(fsck.out, "");
  const auto log = git("log --format=%s main");
  EXPECT_EQ(log.out, "merge topic\ndocs\nrm lib\nb\na\nreadme\n");
  EXPECT_EQ(git("show main:src/b.c").out, "int b;\n");
  EXPECT_EQ(git("show main:docs/x.md").out, "# x\n");
  EXPECT_NE(git("cat-file -e main:src/lib").status, 0);  // topic's removal was merged
  EXPECT_EQ(git("ls-tree main").out.find("100644 blob"), 0u);
  EXPECT_EQ(git("merge-base main^1 topic").out, fork[0].hex() + "\n");
  EXPECT_EQ(git("rev-parse main^2").out, (*store.head("topic"))->hex() + "\n");
}

INSTANTIATE_TEST_SUITE_P(BothFormats, GitReadsTheStore,
                         ::testing::Values(git::HashAlgo::Sha1, git::HashAlgo::Sha256),
                         [](const auto& p) { return std::string(git::hash_name(p.param)); });

}  // namespace
