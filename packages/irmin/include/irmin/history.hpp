#pragma once
// Walks over the commit graph: history, ancestry, and lowest common ancestors (the bases
// of a three-way merge).
#include <cstddef>
#include <cstdint>
#include <vector>

#include <irmin/error.hpp>
#include <irmin/objects.hpp>

namespace irmin {

// The commits reachable from `head`, itself included, each before all of its parents
// (among commits that are ready, the later committer time first, then the smaller id);
// at most `limit` of them.
Result<std::vector<git::ObjectId>> history(const ObjectAccess& access, const git::ObjectId& head,
                                           std::size_t limit = SIZE_MAX);

// True when `ancestor` is reachable from `descendant` (a commit is its own ancestor).
Result<bool> is_ancestor(const ObjectAccess& access, const git::ObjectId& ancestor,
                         const git::ObjectId& descendant);

// The common ancestors of a and b that are not ancestors of another common ancestor,
// ordered by id; empty when the histories are unrelated. Reads both whole histories.
Result<std::vector<git::ObjectId>> lowest_common_ancestors(const ObjectAccess& access,
                                                           const git::ObjectId& a,
                                                           const git::ObjectId& b);

}  // namespace irmin
