#pragma once
// The few POSIX file operations the repository needs, with errors as values (internal).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <git/error.hpp>

namespace git::fs {

// The whole file; NotFound if it does not exist, Io for other failures.
Result<std::vector<std::uint8_t>> read_file(const std::string& path);
bool exists(const std::string& path);
bool is_directory(const std::string& path);
// mkdir -p; Io on failure.
Result<void> make_directories(const std::string& path);
// Names in a directory (not "." or ".."); NotFound if it does not exist.
Result<std::vector<std::string>> list_directory(const std::string& path);
// Writes `data` to a new temporary file beside `path`, fsyncs it, gives it `mode`,
// renames it over `path` and fsyncs the directory: readers see the old file or the new
// one, never a part.
Result<void> write_atomically(const std::string& path, std::span<const std::uint8_t> data, unsigned mode);
// Appends to `path` (creating it, and its directories, when `create`), then fsyncs.
// NotFound when it does not exist and `create` is false.
Result<void> append_file(const std::string& path, std::string_view data, bool create);
Result<void> remove_file(const std::string& path);
// The directory part of a path ("a/b/c" -> "a/b").
std::string parent(const std::string& path);

// A lock file, as git takes them: `<path>.lock` created exclusively. Commit writes the
// contents and renames it over `path`; destruction without commit removes it.
class LockFile {
 public:
  // LockFailed when the lock file exists (another writer); Io otherwise.
  static Result<LockFile> acquire(const std::string& path);
  LockFile(LockFile&& other) noexcept;
  LockFile& operator=(LockFile&&) = delete;
  ~LockFile();
  // Writes, fsyncs, closes and renames into place.
  Result<void> commit(std::string_view contents);
  // Removes the lock and the file it guards (for deleting a ref).
  Result<void> remove_target();

 private:
  LockFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
  bool done_ = false;
};

}  // namespace git::fs
