#include <mirage-runtime/keys.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace {

using namespace mirage_runtime;

TEST(Help, LaysOutKeysInCmdlinersStyle) {
  Keys keys("hello", "Says hello to the world");
  keys.declare<std::uint16_t>("port", 8080, "Port to listen on.");
  keys.declare<std::string>("name", "world", "Who to greet.");
  keys.declare("verbose", false, "Say more.");
  keys.declare_required<Ipv4Interface>("ipv4", "Address and network of the interface.");
  keys.declare<std::optional<ipaddr::Ipv4Address>>("gateway", std::nullopt, "");
  EXPECT_EQ(keys.help(),
            "NAME\n"
            "       hello - Says hello to the world\n"
            "\n"
            "SYNOPSIS\n"
            "       hello [OPTION]...\n"
            "\n"
            "OPTIONS\n"
            "       --gateway=IPV4\n"
            "\n"
            "       --ipv4=CIDR (required)\n"
            "           Address and network of the interface.\n"
            "\n"
            "       --name=STRING (absent=world)\n"
            "           Who to greet.\n"
            "\n"
            "       --port=PORT (absent=8080)\n"
            "           Port to listen on.\n"
            "\n"
            "       --[no-]verbose (absent=false)\n"
            "           Say more.\n"
            "\n"
            "COMMON OPTIONS\n"
            "       --help\n"
            "           Show this help and exit.\n"
            "\n"
            "       --logs=SPEC\n"
            "           Be more or less verbose. SPEC is a comma-separated list of LEVEL or\n"
            "           SOURCE:LEVEL, where LEVEL is one of quiet, app, error, warning, info,\n"
            "           debug; a bare LEVEL or *:LEVEL sets every source and SOURCE:LEVEL one\n"
            "           source, whatever the order. For example *:info,tcp:debug.\n"
            "\n"
            "EXIT STATUS\n"
            "       hello exits with:\n"
            "\n"
            "       0   on success, and after showing this help.\n"
            "\n"
            "       1   on application failure.\n"
            "\n"
            "       64  on any boot parameter error.\n"
            "\n"
            "       125 on unexpected internal errors (bugs).\n");
}

TEST(Help, WrapsLongHelpWithinEightyColumns) {
  Keys keys("wrap", "");
  std::string text;
  for (int i = 0; i < 40; ++i) text += "word" + std::to_string(i) + " ";
  keys.declare<int>("long", 0, text);
  const std::string help = keys.help();
  const std::size_t start = help.find("--long=INT");
  ASSERT_NE(start, std::string::npos);
  std::istringstream lines(help.substr(help.find('\n', start) + 1));
  std::string line;
  int wrapped = 0;
  std::string rejoined;
  while (std::getline(lines, line) && !line.empty()) {
    EXPECT_LE(line.size(), 80u) << line;
    EXPECT_EQ(line.rfind("           word", 0), 0u) << line;
    rejoined += line.substr(11) + " ";
    ++wrapped;
  }
  EXPECT_GT(wrapped, 1);
  EXPECT_EQ(rejoined, text);
}

TEST(Help, WithoutKeysHasNoOptionsSection) {
  Keys keys("bare", "");
  const std::string help = keys.help();
  EXPECT_EQ(
      help.rfind("NAME\n       bare\n\nSYNOPSIS\n       bare [OPTION]...\n\nCOMMON OPTIONS\n", 0),
      0u);
  EXPECT_EQ(help.find("\nOPTIONS\n"), std::string::npos);
}

}  // namespace
