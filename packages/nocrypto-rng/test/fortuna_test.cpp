// Fortuna's generator recomputed from its definition, the accumulator's reseed rules (pool
// 0's threshold, the 100 ms interval, the 2^i schedule), seeding from a device, feeding on
// a timer, the default generator's refusal before it is seeded, and CPU entropy.
#include <nocrypto-rng/default.hpp>
#include <nocrypto-rng/entropy.hpp>
#include <nocrypto-rng/fortuna.hpp>

#include <async/loop.hpp>
#include <async/manual_platform.hpp>
#include <async/when.hpp>
#include <nocrypto/aes.hpp>
#include <nocrypto/sha2.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

namespace {

using namespace nocrypto;
using namespace nocrypto::rng;
using Bytes = std::vector<std::uint8_t>;

// The generator's output as the design defines it, built from AES blocks one at a time:
// K = SHA-256(SHA-256(K || seed)), C = C + 1, then E(K, C), E(K, C+1), ...
struct Model {
  std::array<std::uint8_t, 32> key{};
  std::array<std::uint8_t, 16> counter{};

  void increment() {
    for (int i = 15; i >= 0 && ++counter[static_cast<std::size_t>(i)] == 0; --i) {
    }
  }
  void reseed(ByteView seed) {
    Sha256 h;
    h.feed(key);
    h.feed(seed);
    key = digest<Sha256>(h.finish());
    increment();
  }
  Bytes blocks(std::size_t n) {
    auto aes = Aes::create(key);
    Bytes out;
    while (out.size() < n) {
      std::array<std::uint8_t, 16> block;
      aes->encrypt_block(counter, block);
      increment();
      out.insert(out.end(), block.begin(), block.end());
    }
    out.resize(n);
    return out;
  }
  Bytes generate(std::size_t n) {
    Bytes out = blocks(n);
    Bytes next = blocks(32);
    std::copy(next.begin(), next.end(), key.begin());
    return out;
  }
};

Bytes seed_bytes(std::size_t n, std::uint8_t start) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(start + i * 7);
  return b;
}

TEST(Generator, RefusesBeforeTheFirstReseed) {
  Generator g;
  Bytes out(40, 0xaa);
  EXPECT_FALSE(g.seeded());
  EXPECT_FALSE(g.generate(out));
  EXPECT_EQ(out, Bytes(40, 0));
}

TEST(Generator, MatchesTheDefinitionAcrossRequestsAndReseeds) {
  Generator g;
  Model m;
  for (int round = 0; round < 3; ++round) {
    const Bytes seed = seed_bytes(17 + static_cast<std::size_t>(round) * 40, static_cast<std::uint8_t>(round));
    g.reseed(seed);
    m.reseed(seed);
    for (std::size_t n : {1u, 16u, 31u, 64u, 1000u}) {
      Bytes out(n);
      ASSERT_TRUE(g.generate(out));
      EXPECT_EQ(out, m.generate(n)) << "round " << round << " n " << n;
    }
  }
  EXPECT_EQ(g.counter(), m.counter);
}

TEST(Generator, SplitsRequestsLongerThanTheLimitAndRekeysBetween) {
  Generator g;
  Model m;
  const Bytes seed = seed_bytes(32, 1);
  g.reseed(seed);
  m.reseed(seed);
  Bytes out(Generator::max_request + 100);
  ASSERT_TRUE(g.generate(out));
  Bytes expect = m.generate(Generator::max_request);
  const Bytes tail = m.generate(100);
  expect.insert(expect.end(), tail.begin(), tail.end());
  EXPECT_TRUE(out == expect);
}

TEST(Generator, TwoRequestsNeverRepeat) {
  Generator g;
  g.reseed(seed_bytes(32, 9));
  Bytes a(64), b(64);
  ASSERT_TRUE(g.generate(a));
  ASSERT_TRUE(g.generate(b));
  EXPECT_NE(a, b);
}

// A clock the test moves by hand.
struct FakeClock {
  std::uint64_t now = 0;
  std::function<std::uint64_t()> fn() {
    return [this] { return now; };
  }
};

void add(Fortuna& f, std::size_t pool, std::size_t bytes, std::uint8_t tag = 1) {
  while (bytes > 0) {
    const std::size_t n = std::min<std::size_t>(bytes, 32);
    const Bytes event(n, tag);
    ASSERT_TRUE(f.add_event(3, pool, event));
    bytes -= n;
  }
}

TEST(Fortuna, NeedsSixtyFourBytesInPoolZeroBeforeTheFirstOutput) {
  FakeClock clock;
  Fortuna f(clock.fn());
  Bytes out(16);
  EXPECT_FALSE(f.ready());
  EXPECT_FALSE(f.generate(out));
  add(f, 0, 30);  // 32 bytes with the event header
  add(f, 1, 200);
  EXPECT_FALSE(f.generate(out));
  EXPECT_EQ(f.reseed_count(), 0u);
  add(f, 0, 30);  // 64 now
  EXPECT_TRUE(f.ready());
  EXPECT_TRUE(f.generate(out));
  EXPECT_EQ(f.reseed_count(), 1u);
  EXPECT_EQ(f.pool_bytes(0), 0u);
  EXPECT_EQ(f.pool_bytes(1), 200u + 7 * 2) << "reseed 1 draws on pool 0 only";
}

TEST(Fortuna, ReseedsAtMostEveryHundredMilliseconds) {
  FakeClock clock;
  Fortuna f(clock.fn());
  Bytes out(16);
  add(f, 0, 64);
  ASSERT_TRUE(f.generate(out));
  EXPECT_EQ(f.reseed_count(), 1u);
  add(f, 0, 64);
  clock.now = 99'999'999;
  ASSERT_TRUE(f.generate(out));
  EXPECT_EQ(f.reseed_count(), 1u) << "too soon";
  clock.now = 100'000'000;
  ASSERT_TRUE(f.generate(out));
  EXPECT_EQ(f.reseed_count(), 2u);
}

TEST(Fortuna, ReseedNDrawsOnPoolsWhoseIndexPowerOfTwoDividesN) {
  FakeClock clock;
  Fortuna f(clock.fn());
  Bytes out(16);
  for (std::uint64_t n = 1; n <= 16; ++n) {
    for (std::size_t pool = 0; pool < 6; ++pool) add(f, pool, 64);
    clock.now += Fortuna::min_reseed_interval_ns;
    ASSERT_TRUE(f.generate(out));
    ASSERT_EQ(f.reseed_count(), n);
    for (std::size_t pool = 0; pool < 6; ++pool) {
      const bool drawn = n % (std::uint64_t{1} << pool) == 0;
      EXPECT_EQ(f.pool_bytes(pool) == 0, drawn) << "reseed " << n << " pool " << pool;
    }
  }
}

TEST(Fortuna, TheSameEventsGiveTheSameOutputAndDifferentOnesDiffer) {
  FakeClock clock;
  Fortuna a(clock.fn()), b(clock.fn()), c(clock.fn());
  add(a, 0, 64, 1);
  add(b, 0, 64, 1);
  add(c, 0, 64, 2);
  Bytes x(48), y(48), z(48);
  ASSERT_TRUE(a.generate(x));
  ASSERT_TRUE(b.generate(y));
  ASSERT_TRUE(c.generate(z));
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
}

TEST(Fortuna, RefusesMalformedEvents) {
  FakeClock clock;
  Fortuna f(clock.fn());
  const Bytes ok(32, 1), big(33, 1);
  EXPECT_EQ(f.add_event(0, 0, {}).error(), Error::InvalidParameter);
  EXPECT_EQ(f.add_event(0, 0, big).error(), Error::InvalidParameter);
  EXPECT_EQ(f.add_event(0, 32, ok).error(), Error::InvalidParameter);
  EXPECT_TRUE(f.add_event(0, 31, ok));
}

// A Random device that counts how often it was asked; its bytes are a counter.
struct CountingDevice {
  int calls = 0;
  void fill(std::span<std::uint8_t> out) {
    ++calls;
    for (auto& b : out) b = static_cast<std::uint8_t>(calls * 31 + (&b - out.data()));
  }
};

TEST(Entropy, SeedFromADeviceMakesTheGeneratorReadyAtOnce) {
  FakeClock clock;
  Fortuna f(clock.fn());
  CountingDevice device;
  seed_from(device, f);
  EXPECT_EQ(device.calls, 33);
  EXPECT_TRUE(f.ready());
  Bytes out(32);
  EXPECT_TRUE(f.generate(out));
  EXPECT_EQ(f.reseed_count(), 1u);
  static_assert(RandomSource<Fortuna>);
}

// mirage::Time over a loop with a virtual clock.
struct LoopTime {
  async::Loop* loop;
  async::Task<void> sleep(async::Duration d) { co_await loop->sleep(d); }
};

TEST(Entropy, KeepFeedingSpreadsEventsOverThePoolsInTurn) {
  using namespace std::chrono_literals;
  async::ManualPlatform platform;
  async::Loop loop(platform);
  LoopTime time{&loop};
  FakeClock clock;
  Fortuna f(clock.fn());
  CountingDevice device;
  auto result = loop.run(async::with_timeout(loop, 40500ms, keep_feeding(device, time, f, 1s)));
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->has_value()) << "keep_feeding runs until stopped";
  EXPECT_EQ(device.calls, 40);
  for (std::size_t pool = 0; pool < Fortuna::pools; ++pool)
    EXPECT_EQ(f.pool_bytes(pool), (pool < 8 ? 2u : 1u) * 34) << pool;
}

// One test, because the default generator lives for the whole process: it refuses output
// until seeded, then serves DefaultSource.
TEST(DefaultGenerator, RefusesUntilSeededThenServes) {
  Bytes out(16, 0x55);
  DefaultSource source;
  EXPECT_FALSE(source.generate(out));
  EXPECT_EQ(out, Bytes(16, 0));
  CountingDevice device;
  seed_from(device, default_generator());
  EXPECT_TRUE(source.generate(out));
  EXPECT_NE(out, Bytes(16, 0));
  static_assert(RandomSource<DefaultSource>);
}

TEST(CpuEntropy, FillsWithBytesThatDoNotRepeat) {
  auto cpu = CpuEntropy::create();
#if defined(__x86_64__)
  ASSERT_TRUE(cpu.has_value());
  std::printf("RDRAND: %s\n", cpu->has_rdrand() ? "yes" : "no");
  Bytes a(100), b(100);
  cpu->fill(a);
  cpu->fill(b);
  EXPECT_NE(a, b);
  EXPECT_NE(a, Bytes(100, 0));
  // The jitter varies: 64 samples are not all equal.
  std::vector<std::uint64_t> samples;
  for (int i = 0; i < 64; ++i) samples.push_back(CpuEntropy::jitter_sample());
  std::sort(samples.begin(), samples.end());
  EXPECT_NE(samples.front(), samples.back());
#else
  EXPECT_FALSE(cpu.has_value());
#endif
}

}  // namespace
