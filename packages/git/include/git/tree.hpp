#pragma once
// Tree objects: sorted entries of "<octal mode> <name>\0<raw id>".
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <git/error.hpp>
#include <git/object.hpp>
#include <git/object_id.hpp>

namespace git {

// The modes git writes (mode 040000 is written "40000").
namespace mode {
inline constexpr std::uint32_t tree = 0040000;
inline constexpr std::uint32_t blob = 0100644;
inline constexpr std::uint32_t executable = 0100755;
inline constexpr std::uint32_t symlink = 0120000;
inline constexpr std::uint32_t gitlink = 0160000;  // a submodule's commit
}  // namespace mode

struct TreeEntry {
  std::uint32_t mode;
  std::string name;
  ObjectId id;

  bool is_tree() const noexcept { return (mode & 0170000) == mode::tree; }
  friend bool operator==(const TreeEntry&, const TreeEntry&) = default;
};

// Git's tree order: names compared bytewise as if every tree's name ended with '/'.
bool tree_entry_less(const TreeEntry& a, const TreeEntry& b) noexcept;

// True when `name` is ".git" to some filesystem: any letter case, NTFS's trailing dots
// and spaces and its "git~1" short name, HFS+'s ignored Unicode code points.
bool is_dotgit_name(std::string_view name) noexcept;

struct Tree {
  std::vector<TreeEntry> entries;

  // Reads a tree body whose ids are `algo` digests: the entry syntax (octal mode,
  // NUL-ended name, whole id), then check_tree; under Check::Strict no zero-padded mode.
  static Result<Tree> decode(std::span<const std::uint8_t> body, HashAlgo algo, Check check = Check::Strict);
  // The body, entries in their current order (sort() first for a tree git accepts).
  std::vector<std::uint8_t> encode() const;
  // Puts the entries in git's order.
  void sort();
  // The entry called `name`, or null.
  const TreeEntry* find(std::string_view name) const noexcept;

  friend bool operator==(const Tree&, const Tree&) = default;
};

// The checks of git fsck on a tree. Always (what plain git fsck calls an error): no empty
// name, no symlink called .gitmodules, entries in git's order with no name twice. Under
// Check::Strict also all that `git fsck --strict` reports: modes other than 100644,
// 100755, 120000, 40000 and 160000; '/' in a name; ".", "..", or ".git" (see
// is_dotgit_name); a null id; .gitignore, .gitattributes or .mailmap as symbolic links.
Result<void> check_tree(const Tree& tree, Check check = Check::Strict);

}  // namespace git
