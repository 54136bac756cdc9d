#pragma once
// The behaviour every key-value store shares, as GoogleTest checks, so that kv-mem,
// kv-unix and any third-party store are held to one meaning of KvRo and KvRw.
//   check_kv_rw(store)  - store must start empty
//   check_kv_ro(store, files)  - store must hold exactly `files` (key -> contents)
#include <gtest/gtest.h>

#include <map>
#include <mirage/kv.hpp>
#include <mirage/testing/run.hpp>
#include <string>

namespace mirage::testing {

inline KvKey key(std::string_view text) { return *KvKey::parse(text); }

// What exists() answers, spelled for comparisons in tests.
using ExistsResult = std::expected<std::optional<KvKind>, KvError>;
inline ExistsResult is_value() { return std::optional<KvKind>(KvKind::Value); }
inline ExistsResult is_dictionary() { return std::optional<KvKind>(KvKind::Dictionary); }
inline ExistsResult is_absent() { return std::optional<KvKind>(); }

template <KvRo S>
void check_kv_ro(S& store, const std::map<std::string, std::string>& files) {
  for (const auto& [path, contents] : files) {
    SCOPED_TRACE(path);
    auto k = key(path);
    EXPECT_EQ(run(store.exists(k)), is_value());
    EXPECT_EQ(run(store.get(k)), contents);
    EXPECT_EQ(run(store.size(k)), contents.size());
    const std::size_t from = std::min<std::size_t>(1, contents.size());
    EXPECT_EQ(run(store.get_partial(k, from, 3)), contents.substr(from, 3));
    EXPECT_EQ(run(store.get_partial(k, contents.size(), 10)), std::string());
    EXPECT_EQ(run(store.get_partial(k, contents.size() + 1, 1)), std::unexpected(KvError::BadRange));
    // Every parent is a dictionary that lists this entry.
    auto parent = k.parent();
    EXPECT_EQ(run(store.exists(parent)), is_dictionary());
    auto listing = run(store.list(parent));
    ASSERT_TRUE(listing);
    EXPECT_NE(std::find(listing->begin(), listing->end(), KvEntry{std::string(k.basename()), KvKind::Value}),
              listing->end());
    EXPECT_TRUE(std::is_sorted(listing->begin(), listing->end()));
    EXPECT_EQ(run(store.list(k)), std::unexpected(KvError::DictionaryExpected));
    EXPECT_EQ(run(store.get(parent)), std::unexpected(KvError::ValueExpected));
    EXPECT_TRUE(run(store.last_modified(k)));
  }
  EXPECT_EQ(run(store.exists(key("/no/such/key"))), is_absent());
  EXPECT_EQ(run(store.get(key("/no-such-key"))), std::unexpected(KvError::NotFound));
  EXPECT_EQ(run(store.list(key("/no-such-dir"))), std::unexpected(KvError::NotFound));
  EXPECT_EQ(run(store.exists(KvKey())), is_dictionary());
}

template <KvRw S>
void check_kv_rw(S& store) {
  using Ok = std::expected<void, KvError>;
  EXPECT_EQ(run(store.list(KvKey())), (std::vector<KvEntry>{}));

  // set creates parents; get reads back; set replaces.
  EXPECT_EQ(run(store.set(key("a/b/c"), "one")), Ok());
  EXPECT_EQ(run(store.get(key("a/b/c"))), "one");
  EXPECT_EQ(run(store.set(key("a/b/c"), "two!")), Ok());
  EXPECT_EQ(run(store.get(key("a/b/c"))), "two!");
  EXPECT_EQ(run(store.set(key("a/x"), "")), Ok());
  EXPECT_EQ(run(store.list(key("a"))),
            (std::vector<KvEntry>{{"b", KvKind::Dictionary}, {"x", KvKind::Value}}));
  check_kv_ro(store, {{"/a/b/c", "two!"}, {"/a/x", ""}});

  // A value is not a dictionary and a dictionary is not a value.
  EXPECT_EQ(run(store.set(key("a/x/y"), "z")), std::unexpected(KvError::DictionaryExpected));
  EXPECT_EQ(run(store.set(key("a/b"), "z")), std::unexpected(KvError::ValueExpected));
  EXPECT_EQ(run(store.get(key("a/x/y"))), std::unexpected(KvError::DictionaryExpected));

  // set_partial writes inside a value and grows it with zero bytes.
  EXPECT_EQ(run(store.set_partial(key("a/b/c"), 1, "XY")), Ok());
  EXPECT_EQ(run(store.get(key("a/b/c"))), "tXY!");
  EXPECT_EQ(run(store.set_partial(key("a/b/c"), 6, "Z")), Ok());
  EXPECT_EQ(run(store.get(key("a/b/c"))), std::string("tXY!\0\0Z", 7));
  EXPECT_EQ(run(store.set_partial(key("a/nothing"), 0, "Z")), std::unexpected(KvError::NotFound));

  // rename moves values and dictionaries, replaces a value, refuses a dictionary target.
  EXPECT_EQ(run(store.rename(key("a/x"), key("a/y"))), Ok());
  EXPECT_EQ(run(store.exists(key("a/x"))), is_absent());
  EXPECT_EQ(run(store.get(key("a/y"))), "");
  EXPECT_EQ(run(store.set(key("d/e"), "E")), Ok());
  EXPECT_EQ(run(store.rename(key("d/e"), key("a/y"))), Ok());
  EXPECT_EQ(run(store.get(key("a/y"))), "E");
  EXPECT_EQ(run(store.rename(key("a/y"), key("a/b"))), std::unexpected(KvError::AlreadyPresent));
  EXPECT_EQ(run(store.rename(key("a/b"), key("moved"))), Ok());
  EXPECT_EQ(run(store.get(key("moved/c"))), std::string("tXY!\0\0Z", 7));
  EXPECT_EQ(run(store.rename(key("nothing"), key("else"))), std::unexpected(KvError::NotFound));
  EXPECT_EQ(run(store.rename(key("moved"), key("moved/inside"))), std::unexpected(KvError::Invalid));

  // remove deletes a value or a whole dictionary.
  EXPECT_EQ(run(store.remove(key("moved"))), Ok());
  EXPECT_EQ(run(store.exists(key("moved/c"))), is_absent());
  EXPECT_EQ(run(store.remove(key("moved"))), std::unexpected(KvError::NotFound));
  EXPECT_EQ(run(store.remove(key("a/y"))), Ok());
  EXPECT_EQ(run(store.remove(KvKey())), Ok());
  EXPECT_EQ(run(store.list(KvKey())), (std::vector<KvEntry>{}));
}

}  // namespace mirage::testing
