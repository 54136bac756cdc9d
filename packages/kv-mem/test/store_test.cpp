#include <gtest/gtest.h>

#include <kv_mem/store.hpp>
#include <mirage/testing/kv_conformance.hpp>

using mirage::testing::key;
using mirage::testing::run;

TEST(KvMem, BehavesAsEveryKvRw) {
  kv_mem::Store store;
  mirage::testing::check_kv_rw(store);
}

TEST(KvMem, StampsChangesWithTheClockGiven) {
  std::int64_t t = 100;
  kv_mem::Store store([&] { return mirage::Ptime{t, 0}; });
  ASSERT_TRUE(run(store.set(key("dir/file"), "x")));
  EXPECT_EQ(run(store.last_modified(key("dir/file"))), (mirage::Ptime{100, 0}));
  t = 200;
  ASSERT_TRUE(run(store.set_partial(key("dir/file"), 1, "y")));
  EXPECT_EQ(run(store.last_modified(key("dir/file"))), (mirage::Ptime{200, 0}));
}

TEST(KvMem, WithoutClockStampsTheEpoch) {
  kv_mem::Store store;
  ASSERT_TRUE(run(store.set(key("f"), "x")));
  EXPECT_EQ(run(store.last_modified(key("f"))), mirage::Ptime{});
}
