#pragma once
// kv_mem::Store: a KvRw held in memory (MirageOS's mirage-kv-mem). Every operation
// completes at once; the coroutine interface is the one every key-value device shares.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mirage/kv.hpp>
#include <string>

namespace kv_mem {

class Store {
 public:
  using Clock = std::function<mirage::Ptime()>;

  // An empty store. `now` stamps every change (last_modified); without one, changes are
  // stamped with the epoch.
  explicit Store(Clock now = {});
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

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

  struct Node;

 private:
  Clock now_;
  std::unique_ptr<Node> root_;
};

static_assert(mirage::KvRw<Store>);

}  // namespace kv_mem
