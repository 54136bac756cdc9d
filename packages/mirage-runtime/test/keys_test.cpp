#include <mirage-runtime/keys.hpp>

#include <logs/logs.hpp>

#include <gtest/gtest.h>

#include <initializer_list>

namespace {

using namespace mirage_runtime;
using namespace std::chrono_literals;

class KeysTest : public ::testing::Test {
 protected:
  Keys keys{"hello", "Says hello"};
  Key<std::uint16_t> port = keys.declare<std::uint16_t>("port", 8080, "Port to listen on.");
  Key<std::string> name = keys.declare<std::string>("name", "world", "Who to greet.");
  Key<bool> verbose = keys.declare("verbose", false, "Say more.");
  Key<bool> colour = keys.declare("colour", true, "Use colours.");

  std::expected<Outcome, KeyError> parse(std::initializer_list<std::string_view> args) {
    return keys.parse(std::span<const std::string_view>(args.begin(), args.size()));
  }
  KeyError error_of(std::initializer_list<std::string_view> args) {
    auto outcome = parse(args);
    EXPECT_FALSE(outcome);
    return outcome ? KeyError{} : outcome.error();
  }
};

TEST_F(KeysTest, KeepsDefaultsWhenNothingIsGiven) {
  ASSERT_EQ(parse({}), Outcome::Run);
  EXPECT_EQ(port.get(), 8080);
  EXPECT_EQ(*name, "world");
  EXPECT_FALSE(verbose.get());
  EXPECT_TRUE(colour.get());
  EXPECT_FALSE(port.given());
}

TEST_F(KeysTest, ParsesKeyEqualsValue) {
  ASSERT_EQ(parse({"--port=80", "--name=you"}), Outcome::Run);
  EXPECT_EQ(port.get(), 80);
  EXPECT_EQ(name.get(), "you");
  EXPECT_TRUE(port.given());
}

TEST_F(KeysTest, ParsesKeyThenValue) {
  ASSERT_EQ(parse({"--port", "80", "--name", "-x"}), Outcome::Run);
  EXPECT_EQ(port.get(), 80);
  EXPECT_EQ(name.get(), "-x");
}

TEST_F(KeysTest, AcceptsAnEmptyValue) {
  ASSERT_EQ(parse({"--name="}), Outcome::Run);
  EXPECT_EQ(name.get(), "");
}

TEST_F(KeysTest, FlagAloneSetsTrueAndNoFlagSetsFalse) {
  ASSERT_EQ(parse({"--verbose", "--no-colour"}), Outcome::Run);
  EXPECT_TRUE(verbose.get());
  EXPECT_FALSE(colour.get());
}

TEST_F(KeysTest, FlagTakesAnExplicitValue) {
  ASSERT_EQ(parse({"--verbose=true", "--colour=false"}), Outcome::Run);
  EXPECT_TRUE(verbose.get());
  EXPECT_FALSE(colour.get());
}

TEST_F(KeysTest, FlagDoesNotTakeTheNextArgument) {
  auto e = error_of({"--verbose", "false"});
  EXPECT_EQ(e.kind, KeyError::Kind::UnexpectedArgument);
  EXPECT_EQ(e.message, "unexpected argument 'false': boot parameters are --key=value");
}

TEST_F(KeysTest, HelpWinsOverEveryOtherArgument) {
  EXPECT_EQ(parse({"--bogus", "--port=abc", "--help"}), Outcome::HelpRequested);
}

TEST_F(KeysTest, RejectsMalformedValueNamingKeyAndExpectation) {
  auto e = error_of({"--port=abc"});
  EXPECT_EQ(e.kind, KeyError::Kind::InvalidValue);
  EXPECT_EQ(e.key, "port");
  EXPECT_EQ(e.message, "invalid value 'abc' for --port: expected an integer in 0..65535");
  EXPECT_EQ(error_of({"--port", "65536"}).message,
            "invalid value '65536' for --port: expected an integer in 0..65535");
  EXPECT_EQ(error_of({"--verbose=yes"}).message,
            "invalid value 'yes' for --verbose: expected true or false");
}

TEST_F(KeysTest, RejectsUnknownKeySuggestingTheClosest) {
  auto e = error_of({"--prot=80"});
  EXPECT_EQ(e.kind, KeyError::Kind::UnknownKey);
  EXPECT_EQ(e.key, "prot");
  EXPECT_EQ(e.message, "unknown key --prot: did you mean --port?");
  EXPECT_EQ(error_of({"--hlep"}).message, "unknown key --hlep: did you mean --help?");
  EXPECT_EQ(error_of({"--verbos"}).message, "unknown key --verbos: did you mean --verbose?");
}

TEST_F(KeysTest, RejectsUnknownKeyWithoutSuggestionWhenNothingIsClose) {
  EXPECT_EQ(error_of({"--frobnicate"}).message, "unknown key --frobnicate");
  EXPECT_EQ(error_of({"--no-port"}).message, "unknown key --no-port");
  EXPECT_EQ(error_of({"--x"}).message, "unknown key --x");
}

TEST_F(KeysTest, RejectsMissingValue) {
  auto e = error_of({"--port"});
  EXPECT_EQ(e.kind, KeyError::Kind::MissingValue);
  EXPECT_EQ(e.key, "port");
  EXPECT_EQ(e.message, "missing value for --port: expected an integer in 0..65535");
}

TEST_F(KeysTest, DoesNotTakeAKeyAsAValue) {
  auto e = error_of({"--name", "--port=1"});
  EXPECT_EQ(e.kind, KeyError::Kind::MissingValue);
  EXPECT_EQ(e.message, "missing value for --name: expected a string");
}

TEST_F(KeysTest, RejectsAKeyGivenTwice) {
  auto e = error_of({"--port=1", "--port", "2"});
  EXPECT_EQ(e.kind, KeyError::Kind::DuplicateKey);
  EXPECT_EQ(e.message, "duplicate key --port: given more than once");
  EXPECT_EQ(error_of({"--verbose", "--no-verbose"}).kind, KeyError::Kind::DuplicateKey);
}

TEST_F(KeysTest, RejectsAValueAfterNoFlag) {
  auto e = error_of({"--no-verbose=true"});
  EXPECT_EQ(e.kind, KeyError::Kind::InvalidValue);
  EXPECT_EQ(e.key, "verbose");
  EXPECT_EQ(e.message, "invalid value 'true' for --no-verbose: expected no value");
}

TEST_F(KeysTest, RejectsWordsThatAreNotKeys) {
  for (std::string_view arg : {"foo", "-p", "--", "-"}) {
    auto e = error_of({arg});
    EXPECT_EQ(e.kind, KeyError::Kind::UnexpectedArgument) << arg;
  }
}

TEST_F(KeysTest, EveryParseStartsFromTheDefaults) {
  ASSERT_EQ(parse({"--port=80", "--verbose"}), Outcome::Run);
  ASSERT_EQ(parse({}), Outcome::Run);
  EXPECT_EQ(port.get(), 8080);
  EXPECT_FALSE(verbose.get());
  EXPECT_FALSE(port.given());
}

TEST_F(KeysTest, ParseArgvSkipsTheProgramName) {
  const char* argv[] = {"./hello", "--port=81", "--verbose"};
  ASSERT_EQ(keys.parse_argv(3, argv), Outcome::Run);
  EXPECT_EQ(port.get(), 81);
  EXPECT_TRUE(verbose.get());
}

TEST_F(KeysTest, ParsesACommandLineWithQuotes) {
  ASSERT_EQ(keys.parse_command_line(R"(--name="big world" --port 81)"), Outcome::Run);
  EXPECT_EQ(name.get(), "big world");
  EXPECT_EQ(port.get(), 81);
}

TEST_F(KeysTest, CommandLineSplittingErrorsComeBack) {
  auto outcome = keys.parse_command_line(R"(--name="big)");
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().kind, KeyError::Kind::UnterminatedQuote);
}

TEST_F(KeysTest, ErrorTextHasMessageUsageAndPointerToHelp) {
  EXPECT_EQ(keys.error_text(error_of({"--prot=80"})),
            "hello: unknown key --prot: did you mean --port?\n"
            "Usage: hello [OPTION]...\n"
            "Try 'hello --help' for more information.\n");
}

TEST(RequiredKey, IsRejectedWhenMissingAndReadWhenGiven) {
  Keys keys("net", "");
  auto ip = keys.declare_required<Ipv4Interface>("ipv4", "Address and network.");
  auto outcome = keys.parse({});
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().kind, KeyError::Kind::MissingRequired);
  EXPECT_EQ(outcome.error().key, "ipv4");
  EXPECT_EQ(outcome.error().message,
            "missing required key --ipv4: expected an IPv4 address and prefix length like "
            "10.0.0.2/24");
  ASSERT_EQ(keys.parse_command_line("--ipv4=10.0.0.2/24"), Outcome::Run);
  EXPECT_EQ(ip.get().to_string(), "10.0.0.2/24");
}

TEST(TypedKeys, EveryKeyTypeComesBackTyped) {
  Keys keys("all", "");
  auto gateway =
      keys.declare<std::optional<ipaddr::Ipv4Address>>("gateway", std::nullopt, "Gateway.");
  auto timeout = keys.declare<Duration>("timeout", 1s, "Timeout.");
  auto ports = keys.declare<std::vector<std::uint16_t>>("ports", {80}, "Ports.");
  auto count = keys.declare<std::int64_t>("count", -1, "Count.");
  ASSERT_EQ(keys.parse_command_line("--timeout=1m30s --ports=80,443 --count -7"), Outcome::Run);
  EXPECT_FALSE(gateway.get());
  EXPECT_EQ(timeout.get(), 90s);
  EXPECT_EQ(ports.get(), (std::vector<std::uint16_t>{80, 443}));
  EXPECT_EQ(count.get(), -7);
  ASSERT_EQ(keys.parse_command_line("--gateway 10.0.0.1"), Outcome::Run);
  ASSERT_TRUE(gateway.get());
  EXPECT_EQ(gateway.get()->to_string(), "10.0.0.1");
  EXPECT_EQ(timeout.get(), 1s);
}

class LogsKeyTest : public ::testing::Test {
 protected:
  void SetUp() override { logs::set_level(logs::Level::Warning); }
  Keys keys{"hello", ""};
  Key<std::uint16_t> port = keys.declare<std::uint16_t>("port", 8080, "Port.");
  logs::Source tcp{"tcp"};
  logs::Source udp{"udp"};
};

TEST_F(LogsKeyTest, SetsLogLevelsAfterParsing) {
  ASSERT_EQ(keys.parse_command_line("--logs=*:error,tcp:debug"), Outcome::Run);
  EXPECT_EQ(tcp.level(), logs::Level::Debug);
  EXPECT_EQ(udp.level(), logs::Level::Error);
}

TEST_F(LogsKeyTest, RejectsABadSpecAsAnInvalidValue) {
  auto outcome = keys.parse_command_line("--logs=tcp:loud");
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().kind, KeyError::Kind::InvalidValue);
  EXPECT_EQ(outcome.error().message,
            "invalid value 'tcp:loud' for --logs: expected a comma-separated list of LEVEL or "
            "SOURCE:LEVEL, LEVEL one of quiet, app, error, warning, info, debug");
  EXPECT_EQ(tcp.level(), logs::Level::Warning);
}

TEST_F(LogsKeyTest, LeavesLevelsAloneWhenAnotherKeyFails) {
  EXPECT_FALSE(keys.parse_command_line("--logs=debug --port=abc"));
  EXPECT_EQ(tcp.level(), logs::Level::Warning);
  EXPECT_EQ(keys.parse_command_line("--logs=debug --help"), Outcome::HelpRequested);
  EXPECT_EQ(tcp.level(), logs::Level::Warning);
}

TEST(DeclaringKeys, AClashingNameIsABug) {
#ifdef NDEBUG
  GTEST_SKIP() << "declaration checks are assertions";
#else
  Keys keys("bugs", "");
  keys.declare<int>("port", 1, "");
  EXPECT_DEATH(keys.declare<int>("port", 2, ""), "");
  EXPECT_DEATH(keys.declare<int>("help", 2, ""), "");
  EXPECT_DEATH(keys.declare<int>("logs", 2, ""), "");
  EXPECT_DEATH(keys.declare<int>("Bad_Name", 2, ""), "");
#endif
}

}  // namespace
