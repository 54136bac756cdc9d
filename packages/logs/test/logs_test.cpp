#include <logs/logs.hpp>
#include <logs/testing.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using logs::Level;
using logs::testing::CapturingReporter;

class LogsTest : public ::testing::Test {
 protected:
  void SetUp() override { logs::set_level(Level::Warning); }
};

TEST_F(LogsTest, LevelNamesRoundTrip) {
  for (Level l :
       {Level::Quiet, Level::App, Level::Error, Level::Warning, Level::Info, Level::Debug}) {
    EXPECT_EQ(logs::parse_level(logs::level_name(l)), l) << logs::level_name(l);
  }
}

TEST_F(LogsTest, ParseLevelRejectsUnknownAndUppercaseNames) {
  EXPECT_FALSE(logs::parse_level("loud"));
  EXPECT_FALSE(logs::parse_level("INFO"));
  EXPECT_FALSE(logs::parse_level(""));
}

TEST_F(LogsTest, NewSourceStartsAtWarning) {
  logs::Source src("fresh");
  EXPECT_EQ(src.level(), Level::Warning);
}

TEST_F(LogsTest, SourceReportsMessagesUpToItsLevel) {
  CapturingReporter cap;
  logs::Source src("net");
  src.set_level(Level::Info);
  LOGS_DEBUG(src, "debug");
  LOGS_INFO(src, "info");
  LOGS_WARN(src, "warning");
  LOGS_ERR(src, "error");
  LOGS_APP(src, "app");
  ASSERT_EQ(cap.count(), 4u);
  EXPECT_EQ(cap.count(Level::Debug), 0u);
  EXPECT_EQ(cap.records()[0].level, Level::Info);
  EXPECT_EQ(cap.records()[3].level, Level::App);
}

TEST_F(LogsTest, QuietSourceReportsNothingNotEvenApp) {
  CapturingReporter cap;
  logs::Source src("silent");
  src.set_level(Level::Quiet);
  LOGS_APP(src, "app");
  LOGS_ERR(src, "error");
  src.app([](auto& m) { m("app"); });
  EXPECT_EQ(cap.count(), 0u);
}

TEST_F(LogsTest, DisabledMacroDoesNotEvaluateArguments) {
  CapturingReporter cap;
  logs::Source src("lazy");
  int evaluated = 0;
  LOGS_DEBUG(src, "%d", ++evaluated);
  EXPECT_EQ(evaluated, 0);
  LOGS_ERR(src, "%d", ++evaluated);
  EXPECT_EQ(evaluated, 1);
  EXPECT_TRUE(cap.contains("1"));
}

TEST_F(LogsTest, DisabledCallbackIsNotCalled) {
  logs::Source src("lazy");
  bool called = false;
  src.debug([&](auto&) { called = true; });
  EXPECT_FALSE(called);
  src.err([&](auto&) { called = true; });
  EXPECT_TRUE(called);
}

TEST_F(LogsTest, MacroFormatsPrintfStyleWithSourceAndLevel) {
  CapturingReporter cap;
  logs::Source src("tcp");
  src.set_level(Level::Debug);
  const char* addr = "10.0.0.1";
  unsigned port = 80;
  LOGS_INFO(src, "accepted %s:%u", addr, port);
  ASSERT_EQ(cap.count(), 1u);
  EXPECT_EQ(cap.records()[0].level, Level::Info);
  EXPECT_EQ(cap.records()[0].source, "tcp");
  EXPECT_EQ(cap.records()[0].message, "accepted 10.0.0.1:80");
}

TEST_F(LogsTest, CallbackReportsOneMessagePerCall) {
  CapturingReporter cap;
  logs::Source src("udp");
  src.warn([](auto& m) {
    m("first %d", 1);
    m("second %s", "two");
  });
  ASSERT_EQ(cap.count(), 2u);
  EXPECT_EQ(cap.records()[0].message, "first 1");
  EXPECT_EQ(cap.records()[1].message, "second two");
  EXPECT_EQ(cap.count(Level::Warning), 2u);
}

TEST_F(LogsTest, LongMessageIsReportedWhole) {
  CapturingReporter cap;
  logs::Source src("big");
  const std::string payload(1000, 'x');
  LOGS_ERR(src, "<%s>", payload.c_str());
  ASSERT_EQ(cap.count(), 1u);
  EXPECT_EQ(cap.records()[0].message, "<" + payload + ">");
}

TEST_F(LogsTest, SetReporterReturnsTheReporterItReplaces) {
  CapturingReporter first;
  CapturingReporter second;
  EXPECT_EQ(&logs::reporter(), &second);
  logs::Reporter& replaced = logs::set_reporter(first);
  EXPECT_EQ(&replaced, &second);
  EXPECT_EQ(&logs::reporter(), &first);
  logs::set_reporter(second);
}

TEST_F(LogsTest, SetLevelChangesLiveAndLaterSources) {
  logs::Source before("before");
  logs::set_level(Level::Debug);
  logs::Source after("after");
  EXPECT_EQ(before.level(), Level::Debug);
  EXPECT_EQ(after.level(), Level::Debug);
}

TEST_F(LogsTest, DestroyedSourceLeavesTheList) {
  logs::Source kept("kept");
  {
    logs::Source gone("gone");
    logs::Source also_gone("also-gone");
  }
  logs::set_level(Level::Info);  // walks the list: a dangling entry would be found by ASan
  EXPECT_EQ(kept.level(), Level::Info);
}

TEST_F(LogsTest, FormatLineHasTagSourceAndMessage) {
  EXPECT_EQ(logs::format_line(Level::Info, "tcp", "up"), "INF [tcp] up");
  EXPECT_EQ(logs::format_line(Level::Error, "dns", "bad"), "ERR [dns] bad");
  EXPECT_EQ(logs::format_line(Level::Debug, "a", ""), "DBG [a] ");
}

}  // namespace
