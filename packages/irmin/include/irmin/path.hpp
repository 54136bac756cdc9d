#pragma once
// Paths (sequences of steps) and branch names, checked so that every tree and ref a store
// writes is one that `git fsck --strict` accepts.
#include <string>
#include <string_view>

#include <irmin/error.hpp>

namespace irmin {

// BadPath unless every step is a name git accepts in a tree: not empty, no '/' or NUL,
// not "." or "..", not ".git" in any spelling (git::is_dotgit_name). The root ({}) is valid.
Result<void> check_path(const Path& path);
// The steps of "a/b/c" (no empty step, no leading or trailing '/'), checked as above;
// "" is the root.
Result<Path> parse_path(std::string_view text);
// "a/b/c"; "/" for the root.
std::string path_string(const Path& path);
// BadBranch unless "refs/heads/<name>" is a valid ref name (git check-ref-format).
Result<void> check_branch_name(std::string_view name);

}  // namespace irmin
