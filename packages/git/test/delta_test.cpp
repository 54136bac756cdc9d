// Deltas: applying git's instructions with every bound checked, and making them.
#include <gtest/gtest.h>

#include <git/delta.hpp>

#include <string>

#include "support.hpp"

namespace {

using git_test::pseudo_random;

using git::Errc;

std::vector<std::uint8_t> v(std::initializer_list<int> l) {
  std::vector<std::uint8_t> out;
  for (int x : l) out.push_back(static_cast<std::uint8_t>(x));
  return out;
}
std::vector<std::uint8_t> text(std::string_view s) { return {s.begin(), s.end()}; }

TEST(Delta, AppliesCopiesAndInserts) {
  const auto base = text("hello, world");
  // base 12, result 11: copy offset 7 size 5 ("world"), insert 1 " ", copy offset 0 size 5.
  const auto d = v({12, 11, 0x91, 7, 5, 1, ' ', 0x90, 5});
  const auto out = git::apply_delta(base, d);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(std::string(out->begin(), out->end()), "world hello");
}

TEST(Delta, CopySizeZeroMeans64KiB) {
  std::vector<std::uint8_t> base(0x10000, 'x');
  const auto d = v({0x80, 0x80, 0x04, 0x80, 0x80, 0x04, 0x80});
  const auto out = git::apply_delta(base, d);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, base);
}

TEST(Delta, RejectsEveryOutOfBoundsInstruction) {
  const auto base = text("0123456789");
  const auto check = [&](std::vector<std::uint8_t> d, Errc want) {
    const auto r = git::apply_delta(base, d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, want);
  };
  check(v({11, 1, 1, 'a'}), Errc::BadDelta);              // wrong base size
  check(v({10, 2, 0x91, 9, 2}), Errc::BadDelta);          // copy past the base's end
  check(v({10, 2, 0x91, 0, 3}), Errc::BadDelta);          // copy past the result size
  check(v({10, 2, 3, 'a', 'b', 'c'}), Errc::BadDelta);    // insert past the result size
  check(v({10, 3, 3, 'a', 'b'}), Errc::BadDelta);         // insert cut short
  check(v({10, 2, 0, 1, 'a'}), Errc::BadDelta);           // reserved 0
  check(v({10, 3, 1, 'a'}), Errc::BadDelta);              // result shorter than stated
  check(v({10, 2, 0x91, 0}), Errc::BadDelta);             // copy cut short
  check(v({10}), Errc::BadDelta);                         // no result size
  check(v({10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}), Errc::BadDelta);  // overflow
  const auto big = git::apply_delta(base, v({10, 0x80, 0x08}), 1000);
  EXPECT_EQ(big.error().code, Errc::TooLarge);
}

TEST(Delta, MakesSmallDeltasForSimilarInputsThatApplyBack) {
  auto base = pseudo_random(200000, 1);
  auto target = base;
  target.insert(target.begin() + 5000, {'n', 'e', 'w'});
  target.erase(target.begin() + 100000, target.begin() + 100100);
  for (std::size_t i = 150000; i < 150050; ++i) target[i] ^= 0x5a;
  const auto d = git::make_delta(base, target);
  EXPECT_LT(d.size(), 1000u);
  const auto back = git::apply_delta(base, d);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, target);
}

TEST(Delta, MakesValidDeltasForUnrelatedAndEmptyInputs) {
  const std::vector<std::vector<std::uint8_t>> inputs = {{}, text("short"), pseudo_random(70000, 2),
                                                         pseudo_random(70000, 3), std::vector<std::uint8_t>(200000, 'a')};
  for (const auto& a : inputs)
    for (const auto& b : inputs) {
      const auto back = git::apply_delta(a, git::make_delta(a, b));
      ASSERT_TRUE(back) << back.error().message;
      EXPECT_EQ(*back, b);
    }
}

}  // namespace
