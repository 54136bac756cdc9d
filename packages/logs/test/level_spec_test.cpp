#include <logs/logs.hpp>

#include <gtest/gtest.h>

namespace {

using logs::Level;

class LevelSpecTest : public ::testing::Test {
 protected:
  void SetUp() override { logs::set_level(Level::Warning); }
};

TEST_F(LevelSpecTest, ParsesStarAndNamedEntries) {
  auto spec = logs::parse_levels("*:info,tcp:debug,dns:quiet");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->all, Level::Info);
  ASSERT_EQ(spec->sources.size(), 2u);
  EXPECT_EQ(spec->sources[0].first, "tcp");
  EXPECT_EQ(spec->sources[0].second, Level::Debug);
  EXPECT_EQ(spec->sources[1].first, "dns");
  EXPECT_EQ(spec->sources[1].second, Level::Quiet);
}

TEST_F(LevelSpecTest, BareLevelMeansEverySource) {
  auto spec = logs::parse_levels("error");
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->all, Level::Error);
  EXPECT_TRUE(spec->sources.empty());
}

TEST_F(LevelSpecTest, LastEntryForANameWins) {
  auto spec = logs::parse_levels("tcp:debug,tcp:error");
  ASSERT_TRUE(spec);
  ASSERT_EQ(spec->sources.size(), 1u);
  EXPECT_EQ(spec->sources[0].second, Level::Error);
}

TEST_F(LevelSpecTest, NamedEntryWinsOverStarWhateverTheOrder) {
  logs::Source tcp("tcp");
  logs::Source udp("udp");
  ASSERT_TRUE(logs::set_levels("tcp:debug,*:error"));
  EXPECT_EQ(tcp.level(), Level::Debug);
  EXPECT_EQ(udp.level(), Level::Error);
}

TEST_F(LevelSpecTest, RejectsUnknownLevelNamingItAndTheSource) {
  auto spec = logs::parse_levels("*:info,tcp:loud");
  ASSERT_FALSE(spec);
  EXPECT_EQ(spec.error().message,
            "unknown log level 'loud' for tcp: expected one of quiet, app, error, warning, info, "
            "debug");
}

TEST_F(LevelSpecTest, RejectsUnknownBareLevel) {
  auto spec = logs::parse_levels("verbose");
  ASSERT_FALSE(spec);
  EXPECT_EQ(spec.error().message,
            "unknown log level 'verbose': expected one of quiet, app, error, warning, info, debug");
}

TEST_F(LevelSpecTest, RejectsEmptyEntry) {
  auto spec = logs::parse_levels("tcp:debug,");
  ASSERT_FALSE(spec);
  EXPECT_EQ(spec.error().message, "empty entry in log level spec 'tcp:debug,'");
  EXPECT_FALSE(logs::parse_levels(""));
  EXPECT_FALSE(logs::parse_levels(",info"));
}

TEST_F(LevelSpecTest, RejectsMissingSourceName) {
  auto spec = logs::parse_levels(":debug");
  ASSERT_FALSE(spec);
  EXPECT_EQ(spec.error().message, "missing source name in ':debug'");
}

TEST_F(LevelSpecTest, FailedSetLevelsChangesNothing) {
  logs::Source tcp("tcp");
  tcp.set_level(Level::Error);
  EXPECT_FALSE(logs::set_levels("tcp:debug,udp:loud"));
  EXPECT_EQ(tcp.level(), Level::Error);
}

TEST_F(LevelSpecTest, SourceRegisteredAfterASpecGetsItsLevel) {
  ASSERT_TRUE(logs::set_levels("*:info,late:debug"));
  logs::Source late("late");
  logs::Source other("other");
  EXPECT_EQ(late.level(), Level::Debug);
  EXPECT_EQ(other.level(), Level::Info);
}

TEST_F(LevelSpecTest, SpecWithStarForgetsEarlierNames) {
  ASSERT_TRUE(logs::set_levels("tcp:debug"));
  ASSERT_TRUE(logs::set_levels("*:error"));
  logs::Source tcp("tcp");
  EXPECT_EQ(tcp.level(), Level::Error);
}

TEST_F(LevelSpecTest, SpecWithoutStarKeepsEarlierNames) {
  ASSERT_TRUE(logs::set_levels("tcp:debug"));
  ASSERT_TRUE(logs::set_levels("udp:info"));
  logs::Source tcp("tcp");
  logs::Source udp("udp");
  logs::Source dns("dns");
  EXPECT_EQ(tcp.level(), Level::Debug);
  EXPECT_EQ(udp.level(), Level::Info);
  EXPECT_EQ(dns.level(), Level::Warning);
}

}  // namespace
