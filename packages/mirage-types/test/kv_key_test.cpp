#include <gtest/gtest.h>

#include <mirage/kv_key.hpp>

using mirage::KvKey;

TEST(KvKey, SplitsAndDropsEmptySegments) {
  auto k = KvKey::parse("a//b/c/");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->segments(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(k->to_string(), "/a/b/c");
  EXPECT_EQ(k->parent().to_string(), "/a/b");
  EXPECT_EQ(k->basename(), "c");
  EXPECT_TRUE(KvKey::parse("/")->is_root());
  EXPECT_EQ(KvKey().to_string(), "/");
  EXPECT_EQ(KvKey().parent(), KvKey());
  EXPECT_EQ(KvKey().append("x").append("y").to_string(), "/x/y");
}

TEST(KvKey, RefusesDotSegmentsAndNul) {
  auto up = KvKey::parse("a/../b");
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().describe(), "'..' is not allowed in a key: '..'");
  EXPECT_FALSE(KvKey::parse("./a"));
  EXPECT_FALSE(KvKey::parse(std::string_view("a\0b", 3)));
  EXPECT_TRUE(KvKey::parse("...")) << "three dots is an ordinary name";
}
