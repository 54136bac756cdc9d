#include <mirage-runtime/command_line.hpp>

#include <gtest/gtest.h>

namespace {

using mirage_runtime::KeyError;
using mirage_runtime::split_command_line;
using Words = std::vector<std::string>;

TEST(SplitCommandLine, SplitsOnBlanks) {
  EXPECT_EQ(split_command_line("  --a=1\t--b  2 \n"), (Words{"--a=1", "--b", "2"}));
}

TEST(SplitCommandLine, EmptyOrBlankLineGivesNoArguments) {
  EXPECT_EQ(split_command_line(""), Words{});
  EXPECT_EQ(split_command_line(" \t "), Words{});
}

TEST(SplitCommandLine, SingleQuotesKeepEverythingLiterally) {
  EXPECT_EQ(split_command_line(R"(--name='a  b\c "d"')"), (Words{R"(--name=a  b\c "d")"}));
}

TEST(SplitCommandLine, DoubleQuotesLetBackslashEscapeQuoteAndBackslash) {
  EXPECT_EQ(split_command_line(R"(--name="say \"hi\" \\ \n")"), (Words{R"(--name=say "hi" \ \n)"}));
}

TEST(SplitCommandLine, BackslashOutsideQuotesEscapesABlank) {
  EXPECT_EQ(split_command_line(R"(a\ b c)"), (Words{"a b", "c"}));
  EXPECT_EQ(split_command_line(R"(end\)"), (Words{R"(end\)"}));
}

TEST(SplitCommandLine, EmptyQuotesGiveAnEmptyArgument) {
  EXPECT_EQ(split_command_line(R"(--name "" '')"), (Words{"--name", "", ""}));
}

TEST(SplitCommandLine, RejectsUnterminatedQuote) {
  auto words = split_command_line(R"(--port=80 --name="abc)");
  ASSERT_FALSE(words);
  EXPECT_EQ(words.error().kind, KeyError::Kind::UnterminatedQuote);
  EXPECT_EQ(words.error().message, R"(unterminated quote in command line: "abc)");
  EXPECT_FALSE(split_command_line("'"));
  EXPECT_FALSE(split_command_line(R"("\")"));
}

}  // namespace
