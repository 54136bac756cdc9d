#pragma once
// Three-way merge of git trees: names merged one by one, subtrees recursively, contents
// through a merge function of their bytes; every conflict is collected with its path.
#include <functional>
#include <optional>
#include <vector>

#include <irmin/error.hpp>
#include <irmin/objects.hpp>

namespace irmin {

using Bytes = std::vector<std::uint8_t>;

// Merges the contents at `path`: the bytes in the ancestor, ours and theirs (nullopt
// where absent, never all three equal). Returns the merged bytes, nullopt to leave the
// path absent, or an Errc::Conflict error whose message is the reason; any other error
// stops the merge.
using ContentsMerge = std::function<Result<std::optional<Bytes>>(
    const Path& path, const std::optional<Bytes>& old, const std::optional<Bytes>& ours,
    const std::optional<Bytes>& theirs)>;

// The merge of the trees `ours` and `theirs` from their ancestor `old` (nullopt: the
// empty tree): a name changed on one side only takes that side's entry, a name that is a
// tree on both sides (or absent on one) merges recursively, contents merge with
// `merge_contents`, and contents against a tree is a conflict. Trees left empty are
// dropped. Returns the merged tree's id (written to the store), or Errc::Conflict with
// every conflicting path in Error::conflicts.
Result<git::ObjectId> merge_trees(const ObjectAccess& access,
                                  const std::optional<git::ObjectId>& old,
                                  const std::optional<git::ObjectId>& ours,
                                  const std::optional<git::ObjectId>& theirs,
                                  const ContentsMerge& merge_contents);

}  // namespace irmin
