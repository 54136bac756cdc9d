#include <irmin/tree_merge.hpp>

#include <irmin/path.hpp>

#include <array>
#include <map>
#include <set>
#include <string>

namespace irmin {

namespace {

using Entry = std::optional<git::TreeEntry>;

enum class Shape : std::uint8_t { Absent, Tree, Contents, Other };

Shape shape_of(const Entry& e) {
  if (!e) return Shape::Absent;
  if (e->is_tree()) return Shape::Tree;
  if (e->mode == git::mode::gitlink) return Shape::Other;
  return Shape::Contents;
}

// Entries compare by mode and id only: the name is the same by construction.
bool same(const Entry& a, const Entry& b) {
  if (!a || !b) return !a && !b;
  return a->mode == b->mode && a->id == b->id;
}

class Merger {
 public:
  Merger(const ObjectAccess& access, const ContentsMerge& merge_contents)
      : access_(access), merge_contents_(merge_contents) {}

  std::vector<Conflict> conflicts;

  // The merged tree of three optional trees; nullopt when it is empty (not written).
  Result<std::optional<git::ObjectId>> trees(const Path& path,
                                             const std::optional<git::ObjectId>& old,
                                             const std::optional<git::ObjectId>& ours,
                                             const std::optional<git::ObjectId>& theirs) {
    if (ours == theirs) return ours;
    if (ours == old) return theirs;
    if (theirs == old) return ours;
    std::map<std::string, std::array<Entry, 3>> names;
    const std::optional<git::ObjectId>* sides[3] = {&old, &ours, &theirs};
    for (int i = 0; i < 3; ++i) {
      if (!*sides[i]) continue;
      IRMIN_TRY(auto tree, read_tree(access_, **sides[i]));
      for (auto& e : tree.entries) {
        std::string name = e.name;
        names[name][i] = std::move(e);
      }
    }
    git::Tree merged;
    Path child = path;
    child.emplace_back();
    for (auto& [name, e] : names) {
      child.back() = name;
      IRMIN_TRY(auto entry, this->entry(child, e[0], e[1], e[2]));
      if (entry) {
        entry->name = name;
        merged.entries.push_back(std::move(*entry));
      }
    }
    if (merged.entries.empty()) return std::nullopt;
    if (!conflicts.empty()) return ours;  // the merge fails: write nothing more
    IRMIN_TRY(auto id, write_tree(access_, std::move(merged)));
    return std::optional<git::ObjectId>(id);
  }

 private:
  Result<Entry> entry(const Path& path, const Entry& old, const Entry& ours, const Entry& theirs) {
    if (same(ours, theirs)) return ours;
    if (same(ours, old)) return theirs;
    if (same(theirs, old)) return ours;
    const Shape o = shape_of(old), a = shape_of(ours), b = shape_of(theirs);
    const auto tree_or_absent = [](Shape s) { return s == Shape::Tree || s == Shape::Absent; };
    const auto contents_or_absent = [](Shape s) {
      return s == Shape::Contents || s == Shape::Absent;
    };
    if (tree_or_absent(a) && tree_or_absent(b)) {
      // A tree on at least one side: merge as trees, what was not a tree counting as empty.
      auto tree_id = [](const Entry& e, Shape s) {
        return s == Shape::Tree ? std::optional<git::ObjectId>(e->id) : std::nullopt;
      };
      IRMIN_TRY(auto id, trees(path, tree_id(old, o), tree_id(ours, a), tree_id(theirs, b)));
      if (!id) return Entry();
      return Entry(git::TreeEntry{git::mode::tree, {}, *id});
    }
    if (contents_or_absent(a) && contents_or_absent(b) && o != Shape::Other) {
      auto bytes = [this](const Entry& e, Shape s) -> Result<std::optional<Bytes>> {
        if (s != Shape::Contents) return std::nullopt;
        IRMIN_TRY(auto data, read_blob(access_, e->id));
        return std::optional<Bytes>(std::move(data));
      };
      IRMIN_TRY(auto old_bytes, bytes(old, o));
      IRMIN_TRY(auto our_bytes, bytes(ours, a));
      IRMIN_TRY(auto their_bytes, bytes(theirs, b));
      auto merged = merge_contents_(path, old_bytes, our_bytes, their_bytes);
      if (!merged) {
        if (merged.error().code != Errc::Conflict)
          return std::unexpected(std::move(merged).error());
        conflicts.push_back(Conflict{path, std::move(merged).error().message});
        return ours;  // kept only so the walk can go on; the merge fails as a whole
      }
      if (!*merged) return Entry();
      IRMIN_TRY(auto id,
                write_checked(access_, git::RawObject{git::ObjectType::Blob, std::move(**merged)}));
      return Entry(git::TreeEntry{git::mode::blob, {}, id});
    }
    if (a == Shape::Other || b == Shape::Other || o == Shape::Other) {
      conflicts.push_back(Conflict{path, "a submodule changed on both sides"});
    } else {
      conflicts.push_back(Conflict{path, a == Shape::Tree
                                             ? "a tree on our side, contents on theirs"
                                             : "contents on our side, a tree on theirs"});
    }
    return ours;
  }

  const ObjectAccess& access_;
  const ContentsMerge& merge_contents_;
};

}  // namespace

Result<git::ObjectId> merge_trees(const ObjectAccess& access,
                                  const std::optional<git::ObjectId>& old,
                                  const std::optional<git::ObjectId>& ours,
                                  const std::optional<git::ObjectId>& theirs,
                                  const ContentsMerge& merge_contents) {
  Merger merger(access, merge_contents);
  IRMIN_TRY(auto id, merger.trees({}, old, ours, theirs));
  if (!merger.conflicts.empty()) {
    std::string message = std::to_string(merger.conflicts.size()) + " conflict(s):";
    for (const auto& c : merger.conflicts)
      message += " " + path_string(c.path) + " (" + c.reason + ");";
    message.pop_back();
    Error error(Errc::Conflict, std::move(message));
    error.conflicts = std::move(merger.conflicts);
    return std::unexpected(std::move(error));
  }
  if (id) return *id;
  return write_tree(access, git::Tree{});
}

}  // namespace irmin
