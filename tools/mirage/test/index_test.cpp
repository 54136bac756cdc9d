#include <gtest/gtest.h>

#include <cstdlib>

#include "index.hpp"
#include "indexes.hpp"
#include "resolve.hpp"

using namespace mirage_tool;

namespace {
Index classic() {
  const char* dir = std::getenv("MIRAGE_FIXTURES");
  auto text = read_file(std::filesystem::path(dir) / "indexes/classic.json");
  EXPECT_TRUE(text);
  auto idx = parse_index(*text, "classic", "classic.json", {});
  EXPECT_TRUE(idx) << idx.error().message;
  return *idx;
}
solver::Version v(const char* s) { return *solver::Version::parse(s); }
}  // namespace

TEST(Index, ParsesVersionsDependenciesAndSources) {
  auto idx = classic();
  ASSERT_EQ(idx.packages.size(), 3u);
  const auto& tls = idx.packages.at("tls");
  ASSERT_EQ(tls.versions.size(), 2u);
  EXPECT_EQ(tls.versions.at(v("2.0.0")).depends.at("x509").text, ">= 3.0.0");
  EXPECT_EQ(tls.versions.at(v("1.0.0")).source.url, "http://example.invalid/tls-1.0.0.tar.gz");
  EXPECT_EQ(idx.packages.at("asn1").versions.at(v("2.1.0")).targets, std::vector<std::string>{"unix"});
}

TEST(Index, SerialisesToWhatItParses) {
  auto idx = classic();
  auto again = parse_index(serialize_index(idx), "classic", "x", {});
  ASSERT_TRUE(again) << again.error().message;
  for (const auto& [name, p] : idx.packages)
    for (const auto& [ver, e] : p.versions) EXPECT_TRUE(same_entry(e, again->packages.at(name).versions.at(ver)));
  EXPECT_EQ(serialize_index(*again), serialize_index(idx));
}

TEST(Index, RefusesASourceWithBothPathAndUrl) {
  std::string text = serialize_index(classic());
  auto at = text.find("\"url\"");
  text.insert(at, "\"path\": \"x\", ");
  auto idx = parse_index(text, "c", "c.json", {});
  ASSERT_FALSE(idx);
  EXPECT_NE(idx.error().message.find(".source: give either a path or a url"), std::string::npos) << idx.error().message;
}

TEST(Resolve, RequirementForms) {
  auto plain = parse_requirement("tls");
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->versions.is_any());
  auto at = parse_requirement("tls@1.2.0");
  ASSERT_TRUE(at);
  EXPECT_TRUE(at->versions.contains(v("1.2.0")));
  EXPECT_FALSE(at->versions.contains(v("1.2.1")));
  auto range = parse_requirement("tls>=1.2");
  ASSERT_TRUE(range);
  EXPECT_TRUE(range->versions.contains(v("3.0.0")));
  EXPECT_FALSE(range->versions.contains(v("1.1.9")));
  EXPECT_FALSE(parse_requirement("Tls"));
  EXPECT_FALSE(parse_requirement("tls>=x"));
}

TEST(Resolve, TargetsMakeVersionsUnavailable) {
  IndexSet set({classic()});
  IndexProvider any(set, std::nullopt), virtio(set, "virtio");
  EXPECT_TRUE(any.info("asn1", v("2.1.0")));
  auto why = virtio.info("asn1", v("2.1.0"));
  ASSERT_FALSE(why);
  EXPECT_EQ(why.error().reason, "does not support target virtio");
  auto s = resolve(set, Config{}, {*parse_requirement("tls")}, {"virtio", false, {}});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->packages.at("tls"), v("1.0.0"));
}

TEST(Resolve, DependencyOrderPutsDependenciesFirst) {
  IndexSet set({classic()});
  auto s = resolve(set, Config{}, {*parse_requirement("tls")}, {});
  ASSERT_TRUE(s);
  EXPECT_EQ(dependency_order(set, *s), (std::vector<std::string>{"asn1", "x509", "tls"}));
}

TEST(Resolve, PinsForceAVersionAndExplainTheConflict) {
  IndexSet set({classic()});
  Config config;
  config.pins["asn1"] = Pin{"1.4.0", ""};
  auto s = resolve(set, config, {*parse_requirement("tls")}, {});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->packages.at("tls"), v("1.0.0"));
  auto none = resolve(set, config, {*parse_requirement("tls>=2")}, {});
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("asn1"), std::string::npos) << none.error().message;
}

TEST(Resolve, LockFileRoundTrips) {
  IndexSet set({classic()});
  auto s = resolve(set, Config{}, {*parse_requirement("tls")}, {});
  ASSERT_TRUE(s);
  auto lock = make_lock(set, *s, "unix");
  auto path = std::filesystem::temp_directory_path() / ("lock-test-" + std::to_string(::getpid()));
  ASSERT_TRUE(write_file_atomic(path, serialize_lock(lock)));
  auto back = load_lock(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->target, "unix");
  EXPECT_EQ(back->packages.at("x509").version, v("3.0.0"));
  EXPECT_EQ(back->packages.at("x509").source.url, "http://example.invalid/x509-3.0.0.tar.gz");
  EXPECT_EQ(serialize_lock(*back), serialize_lock(lock));
}
