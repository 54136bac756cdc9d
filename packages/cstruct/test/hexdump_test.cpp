#include <cstruct/hexdump.hpp>
#include <gtest/gtest.h>
TEST(Hexdump, Bytes) { std::uint8_t b[] = {1, 0xab}; EXPECT_EQ(cstruct::hexdump(b), "01ab"); }
