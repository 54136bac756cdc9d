#include <logs/testing.hpp>

#include <gtest/gtest.h>

namespace {

using logs::Level;
using logs::testing::CapturingReporter;

TEST(CapturingReporter, RestoresThePreviousReporterWhenDestroyed) {
  logs::Reporter& before = logs::reporter();
  {
    CapturingReporter outer;
    {
      CapturingReporter inner;
      EXPECT_EQ(&logs::reporter(), &inner);
    }
    EXPECT_EQ(&logs::reporter(), &outer);
  }
  EXPECT_EQ(&logs::reporter(), &before);
}

TEST(CapturingReporter, CountsByLevelAndFindsText) {
  CapturingReporter cap;
  logs::Source src("count");
  LOGS_ERR(src, "disk %s", "full");
  LOGS_WARN(src, "slow");
  LOGS_ERR(src, "again");
  EXPECT_EQ(cap.count(), 3u);
  EXPECT_EQ(cap.count(Level::Error), 2u);
  EXPECT_EQ(cap.count(Level::Warning), 1u);
  EXPECT_TRUE(cap.contains("disk full"));
  EXPECT_FALSE(cap.contains("empty"));
  cap.clear();
  EXPECT_EQ(cap.count(), 0u);
}

TEST(ScopedLevel, RaisesALevelForItsScopeOnly) {
  logs::Source src("scoped");
  src.set_level(Level::Error);
  {
    logs::testing::ScopedLevel debug(src, Level::Debug);
    EXPECT_TRUE(src.enabled(Level::Debug));
  }
  EXPECT_EQ(src.level(), Level::Error);
}

}  // namespace
