#pragma once
#include <async/task.hpp>
#include <concepts>
#include <cstdint>
#include <expected>
#include <mirage/clock.hpp>
#include <mirage/error.hpp>
#include <mirage/kv_key.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mirage {

enum class KvKind { Value, Dictionary };

struct KvEntry {
  std::string name;  // one segment
  KvKind kind;
  auto operator<=>(const KvEntry&) const = default;
};

// KvRo: a read-only tree of values (MirageOS's Mirage_kv.RO). exists() says what a key
// names, or nullopt; get() reads a whole value (ValueExpected on a dictionary, NotFound
// when absent); get_partial() reads at most `length` bytes from `offset` (BadRange past
// the end); list() gives a dictionary's entries sorted by name; size() a value's length;
// last_modified() when it last changed (the epoch when the store cannot tell).
template <class K>
concept KvRo = requires(K& k, const KvKey& key, std::uint64_t offset, std::uint64_t length) {
  { k.exists(key) } -> std::same_as<async::Task<std::expected<std::optional<KvKind>, KvError>>>;
  { k.get(key) } -> std::same_as<async::Task<std::expected<std::string, KvError>>>;
  { k.get_partial(key, offset, length) } -> std::same_as<async::Task<std::expected<std::string, KvError>>>;
  { k.list(key) } -> std::same_as<async::Task<std::expected<std::vector<KvEntry>, KvError>>>;
  { k.size(key) } -> std::same_as<async::Task<std::expected<std::uint64_t, KvError>>>;
  { k.last_modified(key) } -> std::same_as<async::Task<std::expected<Ptime, KvError>>>;
};

// KvRw: a KvRo that can change (Mirage_kv.RW). set() creates or replaces a value and
// its missing parent dictionaries (DictionaryExpected when a parent is a value);
// set_partial() writes `data` at `offset` into an existing value, growing it as needed;
// remove() deletes a value or a whole dictionary (NotFound when absent); rename() moves a
// value or dictionary, replacing a value at the destination.
template <class K>
concept KvRw = KvRo<K> && requires(K& k, const KvKey& key, std::string_view data,
                                   std::uint64_t offset) {
  { k.set(key, data) } -> std::same_as<async::Task<std::expected<void, KvError>>>;
  { k.set_partial(key, offset, data) } -> std::same_as<async::Task<std::expected<void, KvError>>>;
  { k.remove(key) } -> std::same_as<async::Task<std::expected<void, KvError>>>;
  { k.rename(key, key) } -> std::same_as<async::Task<std::expected<void, KvError>>>;
};

}  // namespace mirage
