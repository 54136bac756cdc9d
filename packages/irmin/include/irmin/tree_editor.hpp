#pragma once
// Edits of a stored git tree by path, held in memory and written out as new git trees and
// blobs at the end: subdirectories are tree entries (mode 40000), contents are blobs (mode
// 100644). Only what an edit touches is read; unchanged subtrees keep their ids.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <irmin/error.hpp>
#include <irmin/objects.hpp>

namespace irmin {

enum class Kind : std::uint8_t { Contents, Tree };

class TreeEditor {
 public:
  // Starts from the tree `root` (nullopt: the empty tree). `access` must outlive the editor.
  TreeEditor(const ObjectAccess& access, std::optional<git::ObjectId> root);
  TreeEditor(TreeEditor&&) noexcept;
  TreeEditor& operator=(TreeEditor&&) noexcept;
  ~TreeEditor();

  // The bytes of the contents at `path`; nullopt when there is nothing there or a tree.
  Result<std::optional<std::vector<std::uint8_t>>> find(const Path& path);
  // What is at `path`: contents, a tree, or nothing (the root is always a tree).
  Result<std::optional<Kind>> kind(const Path& path);
  // The names under the tree at `path`, in git's order, with what each is; empty when
  // `path` is absent or holds contents.
  Result<std::vector<std::pair<std::string, Kind>>> list(const Path& path);
  // Puts contents at `path`, replacing a tree there and making the trees above as needed
  // (replacing contents in their way). BadPath for the root or an invalid step.
  Result<void> set(const Path& path, std::vector<std::uint8_t> bytes);
  // Removes what is at `path` (contents or a whole tree), then every tree left empty
  // above it; nothing when absent. The root's removal empties the tree.
  Result<void> remove(const Path& path);
  // Writes the changed blobs and trees; returns the root tree's id (the empty tree's id
  // when there is nothing). The editor stays usable.
  Result<git::ObjectId> write();

 private:
  struct Node;
  struct Entry;
  Result<void> load(Node& node);
  Result<Node*> walk(const Path& path, std::size_t depth, bool create);
  Result<std::optional<git::ObjectId>> write_node(Node& node, bool is_root);

  const ObjectAccess* access_;
  std::unique_ptr<Node> root_;
};

}  // namespace irmin
