#pragma once
// Three-way merge functions and combinators, after Irmin's Merge module. A merge function
// for values of T is called as f(old, ours, theirs): `old` is the value in the lowest
// common ancestor, nullopt when there is none (both sides added the value); it returns the
// merged value or a MergeConflict saying why it cannot choose.
#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <irmin/error.hpp>

namespace irmin {

struct MergeConflict {
  std::string reason;

  friend bool operator==(const MergeConflict&, const MergeConflict&) = default;
};

template <class T>
using MergeResult = std::expected<T, MergeConflict>;

// std::unexpected(MergeConflict{reason}), for `return conflict(...)` in a merge function.
inline std::unexpected<MergeConflict> conflict(std::string reason) {
  return std::unexpected(MergeConflict{std::move(reason)});
}

// A merge function for T: MergeResult<T>(const std::optional<T>& old, const T&, const T&).
template <class F, class T>
concept MergeFunction = requires(F f, const std::optional<T>& old, const T& v) {
  { f(old, v, v) } -> std::same_as<MergeResult<T>>;
};

namespace merge {

// Equal values merge to themselves; a side that kept the old value takes the other's;
// anything else is a conflict (Irmin's default for values with no better rule).
template <class T>
MergeResult<T> idempotent(const std::optional<T>& old, const T& ours, const T& theirs) {
  if (ours == theirs) return ours;
  if (old && *old == ours) return theirs;
  if (old && *old == theirs) return ours;
  return conflict("both sides changed the value differently");
}

// Counters: old + (ours - old) + (theirs - old), with no ancestor counted as 0. Conflict
// when the result does not fit 64 bits.
MergeResult<std::int64_t> counter(const std::optional<std::int64_t>& old, std::int64_t ours,
                                  std::int64_t theirs);

// A value with the time it was written (any clock the writers share, e.g. seconds).
template <class T>
struct Timestamped {
  std::uint64_t time = 0;
  T value{};

  friend bool operator==(const Timestamped&, const Timestamped&) = default;
};

// Last writer wins: the side with the later time. Equal times with different values are
// a conflict (no writer is the last); equal values merge to themselves.
template <class T>
MergeResult<Timestamped<T>> last_writer_wins(const std::optional<Timestamped<T>>& /*old*/,
                                             const Timestamped<T>& ours,
                                             const Timestamped<T>& theirs) {
  if (ours == theirs) return ours;
  if (ours.time > theirs.time) return ours;
  if (theirs.time > ours.time) return theirs;
  return conflict("both sides wrote different values at the same time " +
                  std::to_string(ours.time));
}

// Sets: what either side added, less what either side removed, relative to old (no
// ancestor is the empty set). Never a conflict: a removal and a keep is a removal.
template <class T>
MergeResult<std::set<T>> set(const std::optional<std::set<T>>& old, const std::set<T>& ours,
                             const std::set<T>& theirs) {
  static const std::set<T> none;
  const std::set<T>& base = old ? *old : none;
  std::set<T> out;
  for (const auto& v : ours)
    if (!base.contains(v) || theirs.contains(v)) out.insert(v);  // added by us, or kept by both
  for (const auto& v : theirs)
    if (!base.contains(v)) out.insert(v);  // added by them
  return out;
}

// Lifts f from T to optional values, nullopt meaning absent: a side that kept the old
// value takes the other's (deletions included), two present values merge with f (old
// nullopt when it was absent), and a deletion against a change is a conflict.
template <class T, class F>
requires MergeFunction<F, T> MergeResult<std::optional<T>> option(const std::optional<T>& old,
                                                                  const std::optional<T>& ours,
                                                                  const std::optional<T>& theirs,
                                                                  F&& f) {
  if (ours == theirs) return ours;
  if (ours == old) return theirs;
  if (theirs == old) return ours;
  if (ours && theirs) {
    auto merged = f(old, *ours, *theirs);
    if (!merged) return std::unexpected(std::move(merged).error());
    return std::optional<T>(std::move(*merged));
  }
  return conflict(ours ? "changed on our side, deleted on theirs"
                       : "deleted on our side, changed on theirs");
}

namespace detail {
template <class K>
std::string key_text(const K& key) {
  if constexpr (std::is_convertible_v<const K&, std::string_view>) {
    return "'" + std::string(std::string_view(key)) + "'";
  } else if constexpr (std::is_integral_v<K>) {
    return std::to_string(key);
  } else {
    return "a key";
  }
}
}  // namespace detail

// Maps of mergeable values: each key merged with option(f) (added, removed, changed on
// either side). Conflicts at several keys are reported together, each named by its key
// when the key is text or an integer.
template <class K, class V, class F>
requires MergeFunction<F, V> MergeResult<std::map<K, V>> map(
    const std::optional<std::map<K, V>>& old, const std::map<K, V>& ours,
    const std::map<K, V>& theirs, F&& f) {
  static const std::map<K, V> none;
  const std::map<K, V>& base = old ? *old : none;
  std::set<K> keys;
  for (const auto* m : {&base, &ours, &theirs})
    for (const auto& [k, v] : *m) keys.insert(k);
  auto lookup = [](const std::map<K, V>& m, const K& k) -> std::optional<V> {
    auto it = m.find(k);
    if (it == m.end()) return std::nullopt;
    return it->second;
  };
  std::map<K, V> out;
  std::string reasons;
  for (const auto& k : keys) {
    auto merged = option(lookup(base, k), lookup(ours, k), lookup(theirs, k), f);
    if (!merged) {
      if (!reasons.empty()) reasons += "; ";
      reasons += "key " + detail::key_text(k) + ": " + merged.error().reason;
    } else if (*merged) {
      out.emplace(k, std::move(**merged));
    }
  }
  if (!reasons.empty()) return conflict(std::move(reasons));
  return out;
}

// A merge function for std::map<K, V> that merges values with f.
template <class K, class V, class F>
auto map_with(F f) {
  return [f = std::move(f)](const std::optional<std::map<K, V>>& old, const std::map<K, V>& ours,
                            const std::map<K, V>& theirs) { return map(old, ours, theirs, f); };
}

}  // namespace merge
}  // namespace irmin
