#pragma once
// crunch::Store: a read-only key-value store over files embedded in the program at build
// time by the CMake function crunch_add (cmake/Crunch.cmake). Portable: the bytes live in
// the image's read-only data, so it is the KvRo of the virtio and xen targets.
#include <cstdint>
#include <mirage/kv.hpp>
#include <span>
#include <string_view>

namespace crunch {

// One embedded file: its key ("/css/site.css") and its bytes.
struct File {
  std::string_view path;
  const unsigned char* data = nullptr;
  const std::uint64_t* size = nullptr;  // set by the linker, hence a pointer
  std::string_view bytes() const {
    return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(*size)};
  }
};

class Store {
 public:
  // A store over `files`, which must be sorted by path and outlive the store (the
  // generated code passes a static table). Directories are implied by the paths.
  explicit Store(std::span<const File> files) : files_(files) {}

  async::Task<std::expected<std::optional<mirage::KvKind>, mirage::KvError>> exists(const mirage::KvKey& key) const;
  async::Task<std::expected<std::string, mirage::KvError>> get(const mirage::KvKey& key) const;
  async::Task<std::expected<std::string, mirage::KvError>> get_partial(const mirage::KvKey& key,
                                                                      std::uint64_t offset,
                                                                      std::uint64_t length) const;
  async::Task<std::expected<std::vector<mirage::KvEntry>, mirage::KvError>> list(const mirage::KvKey& key) const;
  async::Task<std::expected<std::uint64_t, mirage::KvError>> size(const mirage::KvKey& key) const;
  // Always the epoch: embedded files carry no time, so that builds are reproducible.
  async::Task<std::expected<mirage::Ptime, mirage::KvError>> last_modified(const mirage::KvKey& key) const;

  // The embedded bytes of a value without copying (they live as long as the program), or
  // nullptr when `key` names no file.
  const File* find(const mirage::KvKey& key) const;
  std::size_t file_count() const { return files_.size(); }

 private:
  std::optional<mirage::KvKind> kind(const mirage::KvKey& key) const;
  std::span<const File> files_;
};

static_assert(mirage::KvRo<const Store>);

}  // namespace crunch
