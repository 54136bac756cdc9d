#include <irmin/tree_editor.hpp>

#include <irmin/path.hpp>

#include <map>

namespace irmin {

struct TreeEditor::Entry {
  std::uint32_t mode = git::mode::blob;
  std::optional<git::ObjectId> id;                 // the stored blob or tree, while unchanged
  std::optional<std::vector<std::uint8_t>> bytes;  // contents set here, not yet written
  std::unique_ptr<Node> node;                      // a tree entry once walked into

  bool is_tree() const noexcept { return (mode & 0170000) == git::mode::tree; }
};

struct TreeEditor::Node {
  std::optional<git::ObjectId> id;  // the stored tree, while unchanged
  bool loaded = false;
  bool dirty = false;
  std::map<std::string, Entry> entries;
};

TreeEditor::TreeEditor(const ObjectAccess& access, std::optional<git::ObjectId> root)
    : access_(&access), root_(std::make_unique<Node>()) {
  root_->id = root;
  root_->loaded = !root.has_value();
  root_->dirty = !root.has_value();
}
TreeEditor::TreeEditor(TreeEditor&&) noexcept = default;
TreeEditor& TreeEditor::operator=(TreeEditor&&) noexcept = default;
TreeEditor::~TreeEditor() = default;

Result<void> TreeEditor::load(Node& node) {
  if (node.loaded) return {};
  IRMIN_TRY(auto tree, read_tree(*access_, *node.id));
  for (auto& e : tree.entries) {
    Entry entry;
    entry.mode = e.mode;
    entry.id = e.id;
    node.entries.emplace(std::move(e.name), std::move(entry));
  }
  node.loaded = true;
  return {};
}

// The node of the tree at the first `depth` steps of `path`. With `create`, contents or
// nothing in the way become empty trees and every node on the way is marked changed;
// without, nullptr when there is no tree there.
Result<TreeEditor::Node*> TreeEditor::walk(const Path& path, std::size_t depth, bool create) {
  Node* node = root_.get();
  IRMIN_TRY_VOID(load(*node));
  if (create) node->dirty = true;
  for (std::size_t i = 0; i < depth; ++i) {
    auto it = node->entries.find(path[i]);
    if (it == node->entries.end() || !it->second.is_tree()) {
      if (!create) return nullptr;
      Entry fresh;
      fresh.mode = git::mode::tree;
      fresh.node = std::make_unique<Node>();
      fresh.node->loaded = true;
      it = node->entries.insert_or_assign(path[i], std::move(fresh)).first;
    }
    Entry& entry = it->second;
    if (!entry.node) {
      entry.node = std::make_unique<Node>();
      entry.node->id = entry.id;
    }
    IRMIN_TRY_VOID(load(*entry.node));
    if (create) {
      entry.node->dirty = true;
      entry.id.reset();
    }
    node = entry.node.get();
  }
  return node;
}

Result<std::optional<std::vector<std::uint8_t>>> TreeEditor::find(const Path& path) {
  IRMIN_TRY_VOID(check_path(path));
  if (path.empty()) return std::nullopt;
  IRMIN_TRY(Node * parent, walk(path, path.size() - 1, false));
  if (!parent) return std::nullopt;
  auto it = parent->entries.find(path.back());
  if (it == parent->entries.end() || it->second.is_tree()) return std::nullopt;
  const Entry& entry = it->second;
  if (entry.bytes) return entry.bytes;
  if (entry.mode == git::mode::gitlink)
    return fail(Errc::BadObject, "'" + path_string(path) + "' is a submodule, not contents");
  IRMIN_TRY(auto bytes, read_blob(*access_, *entry.id));
  return std::optional<std::vector<std::uint8_t>>(std::move(bytes));
}

Result<std::optional<Kind>> TreeEditor::kind(const Path& path) {
  IRMIN_TRY_VOID(check_path(path));
  if (path.empty()) return Kind::Tree;
  IRMIN_TRY(Node * parent, walk(path, path.size() - 1, false));
  if (!parent) return std::nullopt;
  auto it = parent->entries.find(path.back());
  if (it == parent->entries.end()) return std::nullopt;
  return it->second.is_tree() ? Kind::Tree : Kind::Contents;
}

Result<std::vector<std::pair<std::string, Kind>>> TreeEditor::list(const Path& path) {
  IRMIN_TRY_VOID(check_path(path));
  std::vector<std::pair<std::string, Kind>> out;
  IRMIN_TRY(Node * node, walk(path, path.size(), false));
  if (!node) return out;
  // git's order: a tree's name sorts as if it ended with '/'.
  std::vector<git::TreeEntry> sorted;
  for (const auto& [name, entry] : node->entries)
    sorted.push_back(git::TreeEntry{entry.mode, name, git::ObjectId(access_->algo)});
  git::Tree tree{std::move(sorted)};
  tree.sort();
  for (const auto& e : tree.entries)
    out.emplace_back(e.name, e.is_tree() ? Kind::Tree : Kind::Contents);
  return out;
}

Result<void> TreeEditor::set(const Path& path, std::vector<std::uint8_t> bytes) {
  IRMIN_TRY_VOID(check_path(path));
  if (path.empty()) return fail(Errc::BadPath, "the root is a tree and cannot hold contents");
  IRMIN_TRY(Node * parent, walk(path, path.size() - 1, true));
  Entry entry;
  entry.mode = git::mode::blob;
  entry.bytes = std::move(bytes);
  parent->entries.insert_or_assign(path.back(), std::move(entry));
  return {};
}

Result<void> TreeEditor::remove(const Path& path) {
  IRMIN_TRY_VOID(check_path(path));
  if (path.empty()) {
    root_ = std::make_unique<Node>();
    root_->loaded = true;
    root_->dirty = true;
    return {};
  }
  IRMIN_TRY(Node * parent, walk(path, path.size() - 1, false));
  if (!parent || !parent->entries.contains(path.back())) return {};
  // Present: mark the way changed, remove, then prune the trees left empty, bottom up.
  IRMIN_TRY(Node * holder, walk(path, path.size() - 1, true));
  holder->entries.erase(path.back());
  for (std::size_t depth = path.size() - 1; depth > 0; --depth) {
    IRMIN_TRY(Node * node, walk(path, depth, false));
    if (!node->entries.empty()) break;
    IRMIN_TRY(Node * above, walk(path, depth - 1, false));
    above->entries.erase(path[depth - 1]);
  }
  return {};
}

Result<std::optional<git::ObjectId>> TreeEditor::write_node(Node& node, bool is_root) {
  if (!node.dirty && node.id) return node.id;
  git::Tree tree;
  for (auto it = node.entries.begin(); it != node.entries.end();) {
    Entry& entry = it->second;
    if (entry.bytes) {
      IRMIN_TRY(auto id,
                write_checked(*access_, git::RawObject{git::ObjectType::Blob, *entry.bytes}));
      entry.id = id;
      entry.bytes.reset();
    } else if (entry.is_tree() && entry.node && (entry.node->dirty || !entry.node->id)) {
      IRMIN_TRY(auto id, write_node(*entry.node, false));
      if (!id) {  // an empty tree: git never stores one inside another
        it = node.entries.erase(it);
        continue;
      }
      entry.id = id;
    }
    tree.entries.push_back(git::TreeEntry{entry.mode, it->first, *entry.id});
    ++it;
  }
  if (tree.entries.empty() && !is_root) return std::nullopt;
  IRMIN_TRY(auto id, write_tree(*access_, std::move(tree)));
  node.id = id;
  node.dirty = false;
  return std::optional<git::ObjectId>(id);
}

Result<git::ObjectId> TreeEditor::write() {
  IRMIN_TRY(auto id, write_node(*root_, true));
  return *id;
}

}  // namespace irmin
