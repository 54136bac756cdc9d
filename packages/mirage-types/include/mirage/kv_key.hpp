#pragma once
// Keys of key-value stores: a path of segments, "/a/b/c", as MirageOS's Mirage_kv.Key.
#include <compare>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace mirage {

struct KvKeyError {
  std::string_view reason;  // e.g. "'..' is not allowed in a key"
  std::string segment;      // the offending segment
  std::string describe() const;
};

class KvKey {
 public:
  // The root: no segments, written "/".
  KvKey() = default;
  // Splits on '/', dropping empty segments ("a//b/" is "/a/b"). Refuses "." and "..",
  // and segments holding a NUL byte, so a key can never name a place outside its store.
  static std::expected<KvKey, KvKeyError> parse(std::string_view text);

  const std::vector<std::string>& segments() const { return segments_; }
  bool is_root() const { return segments_.empty(); }
  // The key without its last segment (the root's parent is the root).
  KvKey parent() const;
  // The last segment ("" for the root).
  std::string_view basename() const;
  // This key with one more segment; the segment must be a valid one (asserted).
  KvKey append(std::string_view segment) const;
  // "/a/b/c"; the root is "/".
  std::string to_string() const;
  auto operator<=>(const KvKey&) const = default;

 private:
  std::vector<std::string> segments_;
};

}  // namespace mirage
