#include <gtest/gtest.h>
#include <irmin/contents.hpp>
#include <irmin/path.hpp>

#include <limits>
#include <string>

namespace {

using irmin::Errc;
using irmin::contents::Counter;
using irmin::contents::String;

static_assert(irmin::Contents<String>);
static_assert(irmin::Contents<Counter>);
static_assert(!irmin::Contents<int>);

std::vector<std::uint8_t> bytes(std::string_view s) {
  return {s.begin(), s.end()};
}

TEST(Contents, StringRoundTripsAnyBytes) {
  const String s{std::string("a\0b\n\xff", 5)};
  auto back = String::decode(s.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
}

TEST(Contents, CounterRoundTripsItsRange) {
  for (std::int64_t v :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{1234567},
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    auto back = Counter::decode(Counter{v}.encode());
    ASSERT_TRUE(back) << v;
    EXPECT_EQ(back->value, v);
  }
  EXPECT_EQ(Counter{-42}.encode(), bytes("-42"));
}

TEST(Contents, CounterRejectsWhatItNeverWrites) {
  for (const char* bad :
       {"", "-", "01", "-0", "+1", "1 ", "1a", "9223372036854775808", "-9223372036854775809"}) {
    auto r = Counter::decode(bytes(bad));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Errc::BadContents) << bad;
  }
}

TEST(Contents, CounterMergesAsACounter) {
  auto r = Counter::merge(Counter{1}, Counter{3}, Counter{6});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->value, 8);
  EXPECT_FALSE(
      Counter::merge(Counter{0}, Counter{std::numeric_limits<std::int64_t>::max()}, Counter{1}));
}

TEST(Contents, StringMergeConflictsOnTwoEdits) {
  EXPECT_EQ(String::merge(String{"a"}, String{"a"}, String{"b"}), String{"b"});
  EXPECT_FALSE(String::merge(String{"a"}, String{"c"}, String{"b"}));
}

TEST(Paths, AcceptOnlyNamesGitAccepts) {
  EXPECT_TRUE(irmin::check_path({}));
  EXPECT_TRUE(irmin::check_path({"a", "b.txt", ".hidden"}));
  for (const irmin::Path& bad : {irmin::Path{""}, irmin::Path{"a/b"}, irmin::Path{"."},
                                 irmin::Path{".."}, irmin::Path{"x", ".git"}, irmin::Path{".GIT"},
                                 irmin::Path{"git~1"}, irmin::Path{std::string("a\0b", 3)}}) {
    auto r = irmin::check_path(bad);
    ASSERT_FALSE(r) << irmin::path_string(bad);
    EXPECT_EQ(r.error().code, Errc::BadPath);
  }
}

TEST(Paths, ParseAndPrint) {
  auto p = irmin::parse_path("a/b/c");
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (irmin::Path{"a", "b", "c"}));
  EXPECT_EQ(irmin::path_string(*p), "a/b/c");
  EXPECT_EQ(irmin::path_string({}), "/");
  EXPECT_EQ(irmin::parse_path("")->size(), 0u);
  EXPECT_FALSE(irmin::parse_path("/a"));
  EXPECT_FALSE(irmin::parse_path("a//b"));
  EXPECT_FALSE(irmin::parse_path("a/"));
}

TEST(Branches, NamesMustMakeRefs) {
  EXPECT_TRUE(irmin::check_branch_name("main"));
  EXPECT_TRUE(irmin::check_branch_name("feature/x"));
  for (const char* bad : {"", "a..b", "a b", "x.lock", "a~", "/a", "a/", "a:b"}) {
    auto r = irmin::check_branch_name(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Errc::BadBranch) << bad;
  }
}

}  // namespace

namespace {

TEST(Errors, EveryCodeHasItsName) {
  using irmin::Errc;
  EXPECT_STREQ(irmin::to_string(Errc::NotFound), "not found");
  EXPECT_STREQ(irmin::to_string(Errc::Conflict), "conflict");
  EXPECT_STREQ(irmin::to_string(Errc::BadContents), "bad contents");
  EXPECT_STREQ(irmin::to_string(Errc::Backend), "backend failure");
  EXPECT_STREQ(irmin::to_string(static_cast<Errc>(200)), "unknown error");
}

TEST(Errors, GitErrorsKeepWhatTheyMean) {
  EXPECT_EQ(irmin::Error(git::Error(git::Errc::NotFound, "x")).code, irmin::Errc::NotFound);
  EXPECT_EQ(irmin::Error(git::Error(git::Errc::Stale, "x")).code, irmin::Errc::Stale);
  EXPECT_EQ(irmin::Error(git::Error(git::Errc::Io, "x")).code, irmin::Errc::Backend);
  const irmin::Error bad(git::Error(git::Errc::BadTree, "tree entry 'a' is out of order"));
  EXPECT_EQ(bad.code, irmin::Errc::BadObject);
  EXPECT_EQ(bad.message, "tree entry 'a' is out of order");
}

}  // namespace
