// What open() refuses before it touches a device. The stack on a real tap device is tested
// by examples/echo/test.sh (direct and dhcp) and net-unix's interop test.
#include <tcpip_unix/stack.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace tcpip_unix {
namespace {

TEST(Stack, RefusesABadAddressSayingWhy) {
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  auto s = Stack::open(platform, loop, {.tap = "nonexistent-tap", .ipv4 = "10.0.0.300/24"});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("bad IPv4 address '10.0.0.300/24'"), std::string::npos) << s.error();
  s = Stack::open(platform, loop, {.tap = "t", .ipv4 = "10.0.0.2/24", .gateway = "10.9.9.9"});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("not on the network"), std::string::npos) << s.error();
  s = Stack::open(platform, loop, {.tap = "t", .ipv4 = "10.0.0.2/24", .gateway = "ten"});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("bad IPv4 gateway 'ten'"), std::string::npos) << s.error();
}

TEST(Stack, DhcpTakesNoGatewayAndBadAddressesMentionIt) {
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  auto s = Stack::open(platform, loop, {.tap = "t", .ipv4 = "dhcp", .gateway = "10.0.0.1"});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("gateway makes no sense with DHCP"), std::string::npos) << s.error();
  s = Stack::open(platform, loop, {.tap = "t", .ipv4 = "DHCP"});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("such as 10.0.0.2/24, or dhcp"), std::string::npos) << s.error();
}

TEST(Stack, RefusesABadIpv6AddressSayingWhy) {
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  auto s = Stack::open(platform, loop, {.tap = "t", .ipv4 = "10.0.0.2/24", .ipv6 = "2001:db8::zz/64"});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("bad IPv6 address '2001:db8::zz/64'"), std::string::npos) << s.error();
  s = Stack::open(platform, loop, {.tap = "t", .ipv4 = "10.0.0.2/24", .ipv6 = "ff02::1/64"});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("not a unicast address"), std::string::npos) << s.error();
}

TEST(Stack, ADeviceThatCannotBeOpenedIsReported) {
  if (geteuid() == 0) GTEST_SKIP() << "as root the tap device would be created";
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  auto s = Stack::open(platform, loop, {.tap = "mtap-test", .ipv4 = "10.0.0.2/24"});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("mtap-test"), std::string::npos) << s.error();
}

}  // namespace
}  // namespace tcpip_unix
