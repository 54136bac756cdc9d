#pragma once
// Small pieces every command uses: the tool's error value and exit codes, files, hashing,
// running a program.
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mirage_tool {

// Exit statuses (documented in tools/mirage/README.md).
namespace exit_status {
inline constexpr int ok = 0;
inline constexpr int not_satisfiable = 1;  // nothing found, no solution, lint failed
inline constexpr int usage = 2;            // wrong command line
inline constexpr int bad_input = 3;        // a malformed index, manifest or unikernel.json
inline constexpr int build_failed = 4;     // CMake, the compiler or a test failed
inline constexpr int io = 5;               // a file or URL could not be read or written
}  // namespace exit_status

struct Error {
  std::string message;  // complete sentences; says what is wrong and what to do
  int status = exit_status::not_satisfiable;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message, int status) {
  return std::unexpected(Error{std::move(message), status});
}

Result<std::string> read_file(const std::filesystem::path& path);
// Writes through a temporary file and a rename: readers see the old or the new contents.
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view contents);
std::string sha256_hex(std::string_view bytes);
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// Runs `argv` in `cwd`, output passed through (or captured into *output when given).
// Returns the exit status (or -1 when it could not be started).
int run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                std::string* output = nullptr);

// The closest of `candidates` to `word` (within two edits; mirage_runtime::closest_name),
// for "did you mean" hints; empty when none is close.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace mirage_tool
