// Interop: cstruct::hexdump against the real `hexdump -C`, and to_hex against `xxd -p`,
// on the same bytes. Skips when the tool is not installed.
#include <cstruct/hexdump.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;

bool have(const char* tool) {
  const std::string probe = std::string("command -v ") + tool + " >/dev/null 2>&1";
  return std::system(probe.c_str()) == 0;
}

// What `command FILE` prints, FILE holding `bytes`; nothing if it could not run.
std::optional<std::string> run_on(const std::string& command, const Bytes& bytes) {
  char path[] = "/tmp/cstruct-interop-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return std::nullopt;
  const bool wrote =
      bytes.empty() || write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  close(fd);
  std::optional<std::string> out;
  if (FILE* p = wrote ? popen((command + " " + path).c_str(), "r") : nullptr) {
    out.emplace();
    char chunk[4096];
    for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, p)) > 0;) out->append(chunk, n);
    if (pclose(p) != 0) out.reset();
  }
  unlink(path);
  return out;
}

// Inputs around the line length, with runs of equal lines, and every byte value.
std::vector<Bytes> inputs() {
  std::vector<Bytes> all;
  std::uint32_t x = 12345;
  auto next = [&x] { return static_cast<std::uint8_t>((x = x * 1103515245 + 12345) >> 16); };
  for (std::size_t n : {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 1000}) {
    Bytes b(n);
    for (auto& c : b) c = next();
    all.push_back(b);
  }
  Bytes every(256);
  for (int i = 0; i < 256; ++i) every[i] = static_cast<std::uint8_t>(i);
  all.push_back(every);
  all.push_back(Bytes(4096, 0));
  Bytes runs(16 * 9 + 5, 'x');  // repeats, a different line, repeats, a tail
  runs[16 * 4] = 'y';
  all.push_back(runs);
  return all;
}

TEST(HexdumpInterop, MatchesHexdumpC) {
  if (!have("hexdump")) GTEST_SKIP() << "hexdump is not installed";
  for (const Bytes& in : inputs()) {
    const auto expected = run_on("hexdump -C", in);
    ASSERT_TRUE(expected) << "hexdump -C failed";
    EXPECT_EQ(cstruct::hexdump(in), *expected) << in.size() << " bytes";
  }
}

TEST(HexdumpInterop, ToHexMatchesXxdPlain) {
  if (!have("xxd")) GTEST_SKIP() << "xxd is not installed";
  for (const Bytes& in : inputs()) {
    auto expected = run_on("xxd -p", in);
    ASSERT_TRUE(expected) << "xxd -p failed";
    std::erase(*expected, '\n');  // xxd -p breaks lines every 30 bytes
    EXPECT_EQ(cstruct::to_hex(in), *expected) << in.size() << " bytes";
  }
}

}  // namespace
