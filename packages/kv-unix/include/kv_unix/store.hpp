#pragma once
// kv_unix::Store: a directory on the host as a KvRw (or KvRo when opened read-only).
//
// Every path is resolved by the kernel with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)
// relative to the directory, so neither a key nor a symbolic link inside the directory
// can reach a file outside it: such a key fails with KvError::OutsideStore. Keys cannot
// hold "." or ".." segments at all (mirage::KvKey refuses them). Operations are plain
// blocking system calls, which is what local files give on Linux.
#include <cstdint>
#include <expected>
#include <mirage/kv.hpp>
#include <string>
#include <string_view>

namespace kv_unix {

struct OpenError {
  std::string path;
  int errno_value = 0;
  // "cannot open store directory PATH: No such file or directory".
  std::string describe() const;
};

class Store {
 public:
  // Opens `directory` (which must exist and be a directory). A read-only store refuses
  // every change with KvError::ReadOnly.
  static std::expected<Store, OpenError> open(const std::string& directory, bool read_only = false);
  Store(Store&& other) noexcept;
  Store& operator=(Store&& other) noexcept;
  Store(const Store&) = delete;
  ~Store();

  bool read_only() const { return read_only_; }

  async::Task<std::expected<std::optional<mirage::KvKind>, mirage::KvError>> exists(const mirage::KvKey& key);
  async::Task<std::expected<std::string, mirage::KvError>> get(const mirage::KvKey& key);
  async::Task<std::expected<std::string, mirage::KvError>> get_partial(const mirage::KvKey& key,
                                                                      std::uint64_t offset,
                                                                      std::uint64_t length);
  async::Task<std::expected<std::vector<mirage::KvEntry>, mirage::KvError>> list(const mirage::KvKey& key);
  async::Task<std::expected<std::uint64_t, mirage::KvError>> size(const mirage::KvKey& key);
  async::Task<std::expected<mirage::Ptime, mirage::KvError>> last_modified(const mirage::KvKey& key);
  async::Task<std::expected<void, mirage::KvError>> set(const mirage::KvKey& key, std::string_view data);
  async::Task<std::expected<void, mirage::KvError>> set_partial(const mirage::KvKey& key,
                                                               std::uint64_t offset,
                                                               std::string_view data);
  async::Task<std::expected<void, mirage::KvError>> remove(const mirage::KvKey& key);
  async::Task<std::expected<void, mirage::KvError>> rename(const mirage::KvKey& from,
                                                          const mirage::KvKey& to);

 private:
  Store(int dirfd, bool read_only) : dirfd_(dirfd), read_only_(read_only) {}
  int dirfd_ = -1;
  bool read_only_ = false;
};

static_assert(mirage::KvRw<Store>);

}  // namespace kv_unix
