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

TEST(Codegen, AStackIsTheSocketStackOrTheDirectStack) {
  Unikernel u = hello_plan().unikernel;
  u.devices = {{"net0", "stack", "", ""}};
  auto socket = make_plan(u, {"unix", "socket", "crunch"});
  ASSERT_TRUE(socket);
  EXPECT_EQ(socket->impls[0].type, "tcpip_socket::Stack");
  auto direct = make_plan(u, {"unix", "direct", "crunch"});
  ASSERT_TRUE(direct);
  EXPECT_EQ(direct->impls[0].type, "tcpip_unix::Stack");
  EXPECT_EQ(direct->impls[0].package, "tcpip-unix");
  auto main = generate_main(*direct);
  EXPECT_NE(main.find("keys.declare<std::string>(\"net0-tap\", \"tap0\""), std::string::npos) << main;
  EXPECT_NE(main.find("keys.declare<std::string>(\"net0-ipv4\", \"10.0.0.2/24\""), std::string::npos);
  EXPECT_NE(main.find("keys.declare<std::string>(\"net0-ipv4-gateway\""), std::string::npos);
  EXPECT_NE(main.find("keys.declare<std::string>(\"net0-ipv6\", \"auto\""), std::string::npos);
  EXPECT_NE(main.find("tcpip_unix::Stack::open(platform, loop, {.tap = net_net0_tap.get(), .ipv4 = "
                      "net_net0_ipv4.get(), .gateway = net_net0_gateway.get(), .ipv6 = net_net0_ipv6.get()})"),
            std::string::npos) << main;
  EXPECT_NE(main.find("tcpip_unix::Stack& net0 = **net0_opened;"), std::string::npos);
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

TEST(Codegen, StackIsTheSocketStackOnUnix) {
  Unikernel u = hello_plan().unikernel;
  u.devices = {{"console", "console", "", ""}, {"net4", "stack", "", ""}};
  auto plan = make_plan(u, {"unix", "socket", "crunch"});
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan->impls[1].type, "tcpip_socket::Stack");
  EXPECT_EQ(plan->impls[1].package, "tcpip-socket");
  auto main = generate_main(*plan);
  EXPECT_NE(main.find("#include <tcpip-socket/stack.hpp>"), std::string::npos) << main;
  // Built on the platform the loop runs on, after it.
  auto platform = main.find("mirage_unix::Platform platform;");
  auto stack = main.find("tcpip_socket::Stack net4(platform);");
  ASSERT_NE(stack, std::string::npos) << main;
  EXPECT_LT(platform, stack);
  EXPECT_NE(main.find("using Application = Unikernel<mirage_unix::Console, tcpip_socket::Stack>;"), std::string::npos);
  EXPECT_NE(main.find("Application::start(console, net4, boot)"), std::string::npos);
  EXPECT_NE(main.find("`mirage configure -t unix --net socket --kv-ro crunch`"), std::string::npos);
  bool needs_socket_stack = false;
  for (const auto& d : plan_requirements(*plan)) needs_socket_stack |= d.package == "tcpip-socket";
  EXPECT_TRUE(needs_socket_stack);
}

TEST(Codegen, DescribeShowsTheNetworkChoice) {
  Unikernel u = hello_plan().unikernel;
  u.devices = {{"stack", "stack", "", ""}};
  auto plan = make_plan(u, {});
  ASSERT_TRUE(plan) << plan.error().message;
  LockFile lock{"unix", {}};
  lock.packages["tcpip-socket"] = {*solver::Version::parse("1.0.0"), "main", {}, ""};
  auto text = describe(*plan, lock, false);
  EXPECT_EQ(text.substr(0, text.find('\n')), "hello for target unix (--net socket --kv-ro crunch): Unikernel<1 devices>");
  EXPECT_NE(text.find("└─ 1. stack (stack) -> tcpip_socket::Stack from tcpip-socket 1.0.0: the host's TCP and UDP sockets"),
            std::string::npos)
      << text;
  EXPECT_NE(describe(*plan, lock, true).find("--net socket"), std::string::npos);
}

TEST(Codegen, UnavailableDevicesSayWhy) {
  Unikernel u = hello_plan().unikernel;
  u.devices = {{"frames", "net", "", ""}};
  auto plan = make_plan(u, {});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().message.substr(0, 62), "device 'frames' (net) has no implementation for target unix: a");
  EXPECT_NE(plan.error().message.find("use a stack device"), std::string::npos) << plan.error().message;
  u.devices = {{"disk", "block", "", "disk.img"}};
  plan = make_plan(u, {});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().message, "device 'disk' (block) has no implementation for target unix: the unix block device arrives with the block-unix package");
  u.devices = {{"stack", "stack", "", ""}};
  plan = make_plan(u, {"virtio", "socket", "crunch"});
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("the virtio target is not available"), std::string::npos) << plan.error().message;
}
