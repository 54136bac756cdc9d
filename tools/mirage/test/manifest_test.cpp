#include <gtest/gtest.h>

#include "manifest.hpp"

using namespace mirage_tool;

namespace {
const char* kGood = R"({"name": "kv-mem", "version": "1.2.3", "synopsis": "s", "license": "ISC",
  "depends": {"mirage-types": "^1.0"}, "build-depends": {"mirage-cmake": "^1.0"},
  "targets": ["unix", "virtio"]})";

std::string error_of(std::string_view text) {
  auto m = parse_manifest(text, "p/package.json");
  EXPECT_FALSE(m);
  return m ? "" : m.error().message;
}
}  // namespace

TEST(Manifest, ParsesEveryField) {
  auto m = parse_manifest(kGood, "p/package.json");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->name, "kv-mem");
  EXPECT_EQ(m->version.to_string(), "1.2.3");
  EXPECT_EQ(m->depends.at("mirage-types").text, "^1.0");
  EXPECT_TRUE(m->depends.at("mirage-types").versions.contains(*solver::Version::parse("1.9.0")));
  EXPECT_FALSE(m->depends.at("mirage-types").versions.contains(*solver::Version::parse("2.0.0")));
  EXPECT_EQ(m->targets, (std::vector<std::string>{"unix", "virtio"}));
}

TEST(Manifest, NamesTheFileAndFieldOfEachMistake) {
  std::string good = kGood;
  auto with = [&](std::string from, std::string to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  EXPECT_EQ(error_of(with("\"license\"", "\"licence\"")).substr(0, 43), "p/package.json: unknown field 'licence' (kn");
  EXPECT_EQ(error_of(with("\"kv-mem\"", "\"KV\"")), "p/package.json.name: 'KV' is not a package name (lower-case letters, digits, dashes)");
  EXPECT_NE(error_of(with("1.2.3", "1.2")).find("p/package.json.version:"), std::string::npos);
  EXPECT_NE(error_of(with("^1.0\"}, \"build", ">= x\"}, \"build")).find("p/package.json.depends.mirage-types: bad constraint \">= x\""),
            std::string::npos);
  EXPECT_EQ(error_of(with("\"virtio\"", "\"arm\"")), "p/package.json.targets: \"arm\" is not a target (unix, virtio, xen)");
  EXPECT_EQ(error_of("{\"name\": 1"), "p/package.json: not a JSON object (check for a missing comma or brace)");
  EXPECT_EQ(error_of(with("\"synopsis\": \"s\",", "")), "p/package.json: missing field 'synopsis'");
}

TEST(Manifest, PackageNames) {
  EXPECT_TRUE(valid_package_name("mirage-types"));
  EXPECT_TRUE(valid_package_name("ipv4"));
  EXPECT_FALSE(valid_package_name("-x"));
  EXPECT_FALSE(valid_package_name("x-"));
  EXPECT_FALSE(valid_package_name("4x"));
  EXPECT_FALSE(valid_package_name("a_b"));
  EXPECT_FALSE(valid_package_name(""));
}
