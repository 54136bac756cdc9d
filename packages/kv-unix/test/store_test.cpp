#include <gtest/gtest.h>

#include <kv_unix/store.hpp>
#include <mirage/testing/kv_conformance.hpp>

#include <filesystem>
#include <fstream>

using mirage::KvError;
using mirage::KvKind;
using mirage::testing::key;
using mirage::testing::run;
namespace fs = std::filesystem;

namespace {
// A fresh directory per test: root/store is the store, root/outside is not.
class KvUnix : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("kv-unix-test-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "store");
    fs::create_directories(root_ / "outside");
    std::ofstream(root_ / "outside" / "secret") << "do not read";
  }
  void TearDown() override { fs::remove_all(root_); }
  kv_unix::Store open(bool read_only = false) {
    auto s = kv_unix::Store::open((root_ / "store").string(), read_only);
    EXPECT_TRUE(s) << s.error().describe();
    return std::move(*s);
  }
  fs::path root_;
};
}  // namespace

TEST_F(KvUnix, BehavesAsEveryKvRw) {
  auto store = open();
  mirage::testing::check_kv_rw(store);
}

TEST_F(KvUnix, ReadsFilesWrittenByOthers) {
  fs::create_directories(root_ / "store" / "www");
  std::ofstream(root_ / "store" / "www" / "index.html") << "<h1>hi</h1>";
  auto store = open(true);
  mirage::testing::check_kv_ro(store, {{"/www/index.html", "<h1>hi</h1>"}});
}

TEST_F(KvUnix, RefusesSymlinksThatLeaveTheDirectory) {
  fs::create_symlink(root_ / "outside" / "secret", root_ / "store" / "absolute");
  fs::create_symlink("../outside/secret", root_ / "store" / "relative");
  fs::create_symlink("../outside", root_ / "store" / "dirlink");
  auto store = open();
  EXPECT_EQ(run(store.get(key("absolute"))), std::unexpected(KvError::OutsideStore));
  EXPECT_EQ(run(store.get(key("relative"))), std::unexpected(KvError::OutsideStore));
  EXPECT_EQ(run(store.get(key("dirlink/secret"))), std::unexpected(KvError::OutsideStore));
  EXPECT_EQ(run(store.set(key("dirlink/new"), "x")), std::unexpected(KvError::OutsideStore));
  EXPECT_FALSE(fs::exists(root_ / "outside" / "new"));
  // Such links are not part of the store's listing either.
  EXPECT_EQ(run(store.list(mirage::KvKey())), (std::vector<mirage::KvEntry>{}));
}

TEST_F(KvUnix, FollowsSymlinksThatStayInside) {
  std::ofstream(root_ / "store" / "real") << "data";
  fs::create_symlink("real", root_ / "store" / "alias");
  auto store = open();
  EXPECT_EQ(run(store.get(key("alias"))), "data");
}

TEST_F(KvUnix, AbsoluteAndDotDotKeysNeverReachTheHost) {
  auto store = open();
  // A key is always relative to the store: "/etc/passwd" is <store>/etc/passwd.
  EXPECT_EQ(run(store.get(key("/etc/passwd"))), std::unexpected(KvError::NotFound));
  EXPECT_FALSE(mirage::KvKey::parse("../outside/secret"));
  EXPECT_FALSE(mirage::KvKey::parse("a/../../outside/secret"));
}

TEST_F(KvUnix, ReadOnlyRefusesChanges) {
  auto store = open(true);
  EXPECT_EQ(run(store.set(key("f"), "x")), std::unexpected(KvError::ReadOnly));
  EXPECT_EQ(run(store.remove(key("f"))), std::unexpected(KvError::ReadOnly));
  EXPECT_EQ(run(store.rename(key("f"), key("g"))), std::unexpected(KvError::ReadOnly));
  EXPECT_EQ(run(store.set_partial(key("f"), 0, "x")), std::unexpected(KvError::ReadOnly));
  EXPECT_TRUE(fs::is_empty(root_ / "store"));
}

TEST_F(KvUnix, OpenSaysWhichDirectoryIsMissing) {
  auto s = kv_unix::Store::open((root_ / "nope").string());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().describe(), "cannot open store directory " + (root_ / "nope").string() +
                                      ": No such file or directory");
}

TEST_F(KvUnix, SetLeavesNoTemporaryFileBehind) {
  auto store = open();
  ASSERT_TRUE(run(store.set(key("d/f"), "1")));
  ASSERT_TRUE(run(store.set(key("d/f"), "2")));
  EXPECT_EQ(run(store.list(key("d"))), (std::vector<mirage::KvEntry>{{"f", KvKind::Value}}));
}
