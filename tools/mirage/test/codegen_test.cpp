#include <gtest/gtest.h>

#include <cstdlib>

#include "codegen.hpp"

using namespace mirage_tool;

namespace {
Plan hello_plan(TargetChoice choice = {}) {
  auto dir = std::filesystem::path(std::getenv("MIRAGE_FIXTURES")) / "../../../../examples/hello";
  auto u = load_unikernel(dir);
  EXPECT_TRUE(u) << u.error().message;
  auto plan = make_plan(*u, choice);
  EXPECT_TRUE(plan) << plan.error().message;
  return *plan;
}
}  // namespace

TEST(Codegen, MainInstantiatesTheTemplateWithTheTargetsDevices) {
  auto main = generate_main(hello_plan());
  EXPECT_NE(main.find("using Application = Unikernel<mirage_unix::Console, mirage_unix::Time>;"), std::string::npos) << main;
  EXPECT_NE(main.find("mirage_unix::Time time(loop);"), std::string::npos);
  EXPECT_NE(main.find("keys.declare<std::string>(\"hello\", default_value<std::string>(\"hello\", \"Hello World!\")"),
            std::string::npos);
  EXPECT_NE(main.find("Application::start(console, time, boot)"), std::string::npos);
  EXPECT_NE(main.find("return mirage_runtime::exit_code::argument_error;"), std::string::npos);
}

TEST(Codegen, KvRoIsCrunchedOrReadAtRunTime) {
  Unikernel u = hello_plan().unikernel;
  u.devices = {{"files", "kv_ro", ".", ""}};
  auto crunched = make_plan(u, {"unix", "socket", "crunch"});
  ASSERT_TRUE(crunched);
  EXPECT_EQ(crunched->impls[0].type, "const crunch::Store");
  EXPECT_NE(generate_main(*crunched).find("crunch::generated::hello_files()"), std::string::npos);
  auto direct = make_plan(u, {"unix", "socket", "direct"});
  ASSERT_TRUE(direct);
  auto main = generate_main(*direct);
  EXPECT_NE(main.find("keys.declare<std::string>(\"files-directory\""), std::string::npos) << main;
  EXPECT_NE(main.find("kv_unix::Store::open(dir_files.get(), true)"), std::string::npos);
}

TEST(Codegen, CMakeFindsExactlyTheLockedVersions) {
  LockFile lock{"unix", {}};
  lock.packages["mirage-unix"] = {*solver::Version::parse("1.2.0"), "main", {}, ""};
  lock.packages["mirage-cmake"] = {*solver::Version::parse("1.0.0"), "main", {}, ""};
  auto cmake = generate_cmake(hello_plan(), lock);
  EXPECT_NE(cmake.find("find_package(mirage-unix 1.2.0 EXACT REQUIRED)"), std::string::npos) << cmake;
  EXPECT_EQ(cmake.find("find_package(mirage-cmake"), std::string::npos);
}

TEST(Codegen, NamesTheDeviceThatDoesNotFitTheTemplate) {
  auto plan = hello_plan();
  std::swap(plan.unikernel.devices[0], plan.unikernel.devices[1]);
  std::swap(plan.impls[0], plan.impls[1]);
  for (const char* out : {
           "x.hpp:14:9:   required for the satisfaction of 'Console<C>' [with C = mirage_unix::Time]\n",
           "x.hpp:14:9:   required for the satisfaction of \xE2\x80\x98" "Console<C>\xE2\x80\x99 [with C = mirage_unix::Time]\n"}) {
    auto lines = explain_concept_failures(plan, out);
    ASSERT_EQ(lines.size(), 1u) << out;
    EXPECT_EQ(lines[0], "device 1 'time' (time, mirage_unix::Time) does not satisfy mirage::Console, which Unikernel requires at that position");
  }
  EXPECT_TRUE(explain_concept_failures(plan, "main.cpp:3: error: expected ';'").empty());
}

TEST(Codegen, UnavailableDevicesSayWhy) {
  Unikernel u = hello_plan().unikernel;
  u.devices = {{"stack", "stack", "", ""}};
  auto plan = make_plan(u, {});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().message.substr(0, 62), "device 'stack' (stack) has no implementation for target unix: ");
}
