#include <mirage-runtime/ipv4_interface.hpp>

#include <gtest/gtest.h>

namespace {

using mirage_runtime::Ipv4Interface;

TEST(Ipv4Interface, KeepsTheHostAddressAndMasksTheNetwork) {
  auto i = Ipv4Interface::parse("10.0.0.2/24");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->address, ipaddr::Ipv4Address::of_octets(10, 0, 0, 2));
  EXPECT_EQ(i->network.to_string(), "10.0.0.0/24");
  EXPECT_TRUE(i->network.contains(i->address));
  EXPECT_EQ(i->to_string(), "10.0.0.2/24");
}

TEST(Ipv4Interface, AcceptsEveryLengthFromZeroToThirtyTwo) {
  EXPECT_EQ(Ipv4Interface::parse("0.0.0.0/0")->network.length, 0);
  EXPECT_EQ(Ipv4Interface::parse("192.168.1.77/0")->network.to_string(), "0.0.0.0/0");
  EXPECT_EQ(Ipv4Interface::parse("192.168.1.77/20")->network.to_string(), "192.168.0.0/20");
  EXPECT_EQ(Ipv4Interface::parse("192.168.1.77/32")->network.to_string(), "192.168.1.77/32");
}

TEST(Ipv4Interface, RejectsBadLengths) {
  for (auto text : {"10.0.0.2/33", "10.0.0.2", "10.0.0.2/", "10.0.0.2/024", "/24", "10.0.0.2/2/4",
                    "10.0.0.2/+4", "10.0.0.2/x", "10.0.0.2/100"}) {
    EXPECT_FALSE(Ipv4Interface::parse(text)) << text;
  }
}

TEST(Ipv4Interface, ReportsWhereTheTextWentWrong) {
  EXPECT_EQ(Ipv4Interface::parse("10.0.0.2").error().offset, 8u);
  EXPECT_EQ(Ipv4Interface::parse("10.0.0.2/33").error().offset, 9u);
  EXPECT_EQ(Ipv4Interface::parse("10.0.0.2/33").error().reason, "expected a prefix length 0..32");
  EXPECT_EQ(Ipv4Interface::parse("10.0.0.256/8").error(),
            ipaddr::Ipv4Address::parse("10.0.0.256").error());
}

}  // namespace
