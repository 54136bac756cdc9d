// Replays a libFuzzer target over files and directories given on the command line, so
// every fuzz corpus is also a regression test in builds made without libFuzzer (g++,
// sanitizers). Exit status is non-zero when a path cannot be read.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {
bool run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz-driver: cannot read %s\n", path.c_str());
    return false;
  }
  std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return true;
}
}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) {
          ok = run_file(entry.path()) && ok;
          ++count;
        }
      }
    } else {
      ok = run_file(arg) && ok;
      ++count;
    }
  }
  // Inputs that are not in the corpus still get a pass: empty and one-byte buffers.
  LLVMFuzzerTestOneInput(nullptr, 0);
  for (int b = 0; b < 256; ++b) {
    const auto byte = static_cast<std::uint8_t>(b);
    LLVMFuzzerTestOneInput(&byte, 1);
  }
  std::printf("fuzz-driver: replayed %zu inputs\n", count);
  return ok ? 0 : 1;
}
