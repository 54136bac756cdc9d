#pragma once
// Store<Contents, Backend>: a branchable store of typed contents at paths, kept as git
// objects. Every update of a branch is a git commit (of a git tree of git blobs) and moves
// the branch by test-and-set; branches merge three ways, fast-forward when they can.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <irmin/backend.hpp>
#include <irmin/contents.hpp>
#include <irmin/error.hpp>
#include <irmin/history.hpp>
#include <irmin/objects.hpp>
#include <irmin/path.hpp>
#include <irmin/tree_editor.hpp>
#include <irmin/tree_merge.hpp>

namespace irmin {

template <Contents C, Backend B>
class Store;

// What Transaction::commit does when the branch moved since the transaction began.
enum class OnMoved : std::uint8_t {
  Fail,   // Stale; the branch is left as it is
  Merge,  // the transaction's commit (on the old head) is merged into the branch
};

// Several updates of one branch made as one commit. Reads see the updates made so far.
// The store must outlive it; it commits once (a second commit finds the branch moved).
template <Contents C, Backend B>
class Transaction {
 public:
  // The contents at `path` as the transaction has them; nullopt when absent.
  Result<std::optional<C>> find(const Path& path) {
    IRMIN_TRY(auto bytes, editor_.find(path));
    if (!bytes) return std::nullopt;
    IRMIN_TRY(auto value, C::decode(*bytes));
    return std::optional<C>(std::move(value));
  }
  // Puts `value` at `path` (see TreeEditor::set).
  Result<void> set(const Path& path, const C& value) { return editor_.set(path, value.encode()); }
  // Removes what is at `path` (contents or a tree).
  Result<void> remove(const Path& path) { return editor_.remove(path); }
  // The names under `path`.
  Result<std::vector<std::pair<std::string, Kind>>> list(const Path& path) {
    return editor_.list(path);
  }

  // Writes every update as one commit whose parent is the head the transaction began
  // from, and moves the branch to it; with nothing changed, the head as it was. When the
  // branch has moved meanwhile: Stale, or with OnMoved::Merge a merge of that commit into
  // the branch (Conflict if it conflicts). Returns the branch's new head.
  Result<git::ObjectId> commit(const Info& info, OnMoved on_moved = OnMoved::Fail) {
    IRMIN_TRY(auto tree, editor_.write());
    if (base_ && tree == base_tree_) return *base_;
    std::vector<git::ObjectId> parents;
    if (base_) parents.push_back(*base_);
    IRMIN_TRY(auto id, write_commit(store_->objects(), tree, std::move(parents), info));
    auto moved = store_->test_and_set_head(branch_, base_, id);
    if (moved) return id;
    if (moved.error().code != Errc::Stale || on_moved == OnMoved::Fail)
      return std::unexpected(moved.error());
    return store_->merge_commit(branch_, id, info);
  }

 private:
  friend class Store<C, B>;
  Transaction(Store<C, B>& store, std::string branch, std::optional<git::ObjectId> base,
              std::optional<git::ObjectId> base_tree)
      : store_(&store),
        branch_(std::move(branch)),
        base_(base),
        base_tree_(base_tree),
        editor_(store.objects(), base_tree) {}

  Store<C, B>* store_;
  std::string branch_;
  std::optional<git::ObjectId> base_;
  std::optional<git::ObjectId> base_tree_;
  TreeEditor editor_;
};

template <Contents C, Backend B>
class Store {
 public:
  using WatchId = std::uint64_t;
  // Called with the branch's head before and after a change (nullopt: no branch).
  using BranchWatch =
      std::function<void(std::string_view branch, const std::optional<git::ObjectId>& before,
                         const std::optional<git::ObjectId>& after)>;
  // Called with the contents at a path before and after a change (nullopt: absent).
  using KeyWatch = std::function<void(const Path& path, const std::optional<C>& before,
                                      const std::optional<C>& after)>;

  // A store over `backend`, which must outlive it.
  explicit Store(B& backend) : backend_(&backend) {
    access_.algo = backend.algo();
    access_.read = [b = backend_](const git::ObjectId& id) { return b->get_object(id); };
    access_.write = [b = backend_](const git::RawObject& o) { return b->put_object(o); };
  }
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  B& backend() noexcept { return *backend_; }
  // The backend's objects, as the tree and history functions take them.
  const ObjectAccess& objects() const noexcept { return access_; }

  // ---- Branches

  // The commit the branch names; nullopt when it does not exist. BadBranch for a bad name.
  Result<std::optional<git::ObjectId>> head(std::string_view branch) {
    IRMIN_TRY_VOID(check_branch_name(branch));
    return backend_->get_branch(branch);
  }
  // Every branch, sorted.
  Result<std::vector<std::string>> branches() { return backend_->list_branches(); }
  // If the branch names `expected` (nullopt: absent), makes it name `desired` (nullopt:
  // removes it), else Stale. `desired` must be a commit in the store (BadObject if not).
  Result<void> test_and_set_head(std::string_view branch,
                                 const std::optional<git::ObjectId>& expected,
                                 const std::optional<git::ObjectId>& desired) {
    IRMIN_TRY_VOID(check_branch_name(branch));
    if (desired) IRMIN_TRY_VOID(irmin::read_commit(access_, *desired));
    IRMIN_TRY_VOID(backend_->test_and_set_branch(branch, expected, desired));
    (void)notify(branch);  // the change is made; a watcher not told now is told by poll()
    return {};
  }
  // Makes the branch name `commit` whatever it named before.
  Result<void> set_head(std::string_view branch, const git::ObjectId& commit) {
    for (int attempt = 0; attempt < max_attempts; ++attempt) {
      IRMIN_TRY(auto before, head(branch));
      auto done = test_and_set_head(branch, before, commit);
      if (done || done.error().code != Errc::Stale) return done;
    }
    return fail(Errc::Stale, "branch '" + std::string(branch) + "' kept moving");
  }
  // Removes the branch (its commits stay); nothing when absent.
  Result<void> remove_branch(std::string_view branch) {
    IRMIN_TRY_VOID(check_branch_name(branch));
    IRMIN_TRY_VOID(backend_->remove_branch(branch));
    (void)notify(branch);
    return {};
  }
  // A new branch `to` at the head of `from`: NotFound when `from` does not exist, Stale
  // when `to` already does. Returns the head.
  Result<git::ObjectId> clone(std::string_view from, std::string_view to) {
    IRMIN_TRY(auto at, head(from));
    if (!at) return fail(Errc::NotFound, "no branch '" + std::string(from) + "'");
    IRMIN_TRY_VOID(test_and_set_head(to, std::nullopt, *at));
    return *at;
  }

  // ---- Reading

  // The contents at `path` on the branch; nullopt when the branch or the path is absent
  // or holds a tree.
  Result<std::optional<C>> find(std::string_view branch, const Path& path) {
    IRMIN_TRY(auto at, head(branch));
    return find_in(at, path);
  }
  // As find, but NotFound when there is nothing.
  Result<C> get(std::string_view branch, const Path& path) {
    IRMIN_TRY(auto value, find(branch, path));
    if (!value)
      return fail(Errc::NotFound,
                  "no contents at '" + path_string(path) + "' on '" + std::string(branch) + "'");
    return std::move(*value);
  }
  // The contents at `path` in the commit (nullopt: the empty history).
  Result<std::optional<C>> find_in(const std::optional<git::ObjectId>& commit, const Path& path) {
    IRMIN_TRY(auto root, tree_of(commit));
    TreeEditor editor(access_, root);
    IRMIN_TRY(auto bytes, editor.find(path));
    if (!bytes) return std::nullopt;
    auto value = C::decode(*bytes);
    if (!value)
      return fail(Errc::BadContents, "'" + path_string(path) + "': " + value.error().message);
    return std::optional<C>(std::move(*value));
  }
  // The names under `path` on the branch, in git's order, each contents or a tree.
  Result<std::vector<std::pair<std::string, Kind>>> list(std::string_view branch,
                                                         const Path& path) {
    IRMIN_TRY(auto at, head(branch));
    IRMIN_TRY(auto root, tree_of(at));
    TreeEditor editor(access_, root);
    return editor.list(path);
  }
  // The root tree of a commit; nullopt for nullopt.
  Result<std::optional<git::ObjectId>> tree_of(const std::optional<git::ObjectId>& commit) {
    if (!commit) return std::nullopt;
    IRMIN_TRY(auto c, irmin::read_commit(access_, *commit));
    return std::optional<git::ObjectId>(c.tree);
  }

  // ---- Writing (each call one commit)

  // Puts `value` at `path` on the branch (created if absent) in a commit whose parent is
  // the head; retried on the new head if another writer moved the branch meanwhile. With
  // nothing changed, no commit: the head as it was. Returns the new head.
  Result<git::ObjectId> set(std::string_view branch, const Path& path, const C& value,
                            const Info& info) {
    IRMIN_TRY_VOID(check_path(path));
    auto bytes = value.encode();
    return update(branch, info, [&](TreeEditor& editor) { return editor.set(path, bytes); });
  }
  // Removes what is at `path` (contents or a whole tree) in one commit, as set does.
  Result<git::ObjectId> remove(std::string_view branch, const Path& path, const Info& info) {
    IRMIN_TRY_VOID(check_path(path));
    return update(branch, info, [&](TreeEditor& editor) { return editor.remove(path); });
  }
  // A transaction on the branch from its current head.
  Result<Transaction<C, B>> transaction(std::string_view branch) {
    IRMIN_TRY(auto at, head(branch));
    IRMIN_TRY(auto root, tree_of(at));
    return Transaction<C, B>(*this, std::string(branch), at, root);
  }

  // ---- History

  Result<git::Commit> read_commit(const git::ObjectId& id) {
    return irmin::read_commit(access_, id);
  }
  // The branch's commits, newest first, each before its parents; empty for no branch.
  Result<std::vector<git::ObjectId>> history(std::string_view branch,
                                             std::size_t limit = SIZE_MAX) {
    IRMIN_TRY(auto at, head(branch));
    if (!at) return std::vector<git::ObjectId>{};
    return irmin::history(access_, *at, limit);
  }
  Result<std::vector<git::ObjectId>> lcas(const git::ObjectId& a, const git::ObjectId& b) {
    return lowest_common_ancestors(access_, a, b);
  }
  Result<bool> is_ancestor(const git::ObjectId& ancestor, const git::ObjectId& descendant) {
    return irmin::is_ancestor(access_, ancestor, descendant);
  }

  // ---- Merging

  // Merges the head of `from` into `into` (see merge_commit).
  Result<git::ObjectId> merge(std::string_view into, std::string_view from, const Info& info) {
    IRMIN_TRY(auto theirs, head(from));
    if (!theirs) return fail(Errc::NotFound, "no branch '" + std::string(from) + "'");
    return merge_commit(into, *theirs, info);
  }
  // Merges a commit into the branch: nothing when the branch already contains it, a
  // fast-forward when the branch is its ancestor (or absent), else a merge commit (parents:
  // the head, then `commit`) of the three-way merge of the trees from their lowest common
  // ancestors, contents merged with C::merge. Conflict, with every path, leaves the branch
  // as it was. Returns the branch's new head.
  Result<git::ObjectId> merge_commit(std::string_view into, const git::ObjectId& commit,
                                     const Info& info) {
    IRMIN_TRY_VOID(irmin::read_commit(access_, commit));
    for (int attempt = 0; attempt < max_attempts; ++attempt) {
      IRMIN_TRY(auto ours, head(into));
      std::optional<git::ObjectId> next;
      if (!ours) {
        next = commit;
      } else {
        IRMIN_TRY(bool contained, is_ancestor(commit, *ours));
        if (contained) return *ours;
        IRMIN_TRY(bool behind, is_ancestor(*ours, commit));
        if (behind) {
          next = commit;
        } else {
          IRMIN_TRY(auto base, merge_base_tree(*ours, commit, 0));
          IRMIN_TRY(auto our_tree, tree_of(ours));
          IRMIN_TRY(auto their_tree, tree_of(commit));
          IRMIN_TRY(auto tree, merge_trees(access_, base, our_tree, their_tree, contents_merge()));
          IRMIN_TRY(next, write_commit(access_, tree, {*ours, commit}, info));
        }
      }
      auto moved = test_and_set_head(into, ours, next);
      if (moved) return *next;
      if (moved.error().code != Errc::Stale) return std::unexpected(moved.error());
    }
    return fail(Errc::Stale, "branch '" + std::string(into) + "' kept moving");
  }

  // ---- Watches (called synchronously, after the change)

  // Calls `fn` whenever the branch's head changes.
  Result<WatchId> watch(std::string_view branch, BranchWatch fn) {
    IRMIN_TRY_VOID(remember(branch));
    branch_watches_.push_back({next_watch_, std::string(branch), std::move(fn)});
    return next_watch_++;
  }
  // Calls `fn` whenever the contents at `path` on the branch change (appear, change, go).
  Result<WatchId> watch_key(std::string_view branch, const Path& path, KeyWatch fn) {
    IRMIN_TRY_VOID(check_path(path));
    IRMIN_TRY_VOID(remember(branch));
    key_watches_.push_back({next_watch_, std::string(branch), path, std::move(fn)});
    return next_watch_++;
  }
  // Stops a watch; nothing for an unknown id.
  void unwatch(WatchId id) {
    std::erase_if(branch_watches_, [id](const auto& w) { return w.id == id; });
    std::erase_if(key_watches_, [id](const auto& w) { return w.id == id; });
  }
  // Tells the watchers of every watched branch about changes this store did not make
  // (another store over the same backend, another process).
  Result<void> poll() {
    std::vector<std::string> names;
    for (const auto& [name, at] : seen_) names.push_back(name);
    for (const auto& name : names) IRMIN_TRY_VOID(notify(name));
    return {};
  }

 private:
  static constexpr int max_attempts = 16;

  struct BranchWatcher {
    WatchId id;
    std::string branch;
    BranchWatch fn;
  };
  struct KeyWatcher {
    WatchId id;
    std::string branch;
    Path path;
    KeyWatch fn;
  };

  template <class Edit>
  Result<git::ObjectId> update(std::string_view branch, const Info& info, Edit&& edit) {
    for (int attempt = 0; attempt < max_attempts; ++attempt) {
      IRMIN_TRY(auto at, head(branch));
      IRMIN_TRY(auto root, tree_of(at));
      TreeEditor editor(access_, root);
      IRMIN_TRY_VOID(edit(editor));
      IRMIN_TRY(auto tree, editor.write());
      if (at && tree == root) return *at;
      std::vector<git::ObjectId> parents;
      if (at) parents.push_back(*at);
      IRMIN_TRY(auto id, write_commit(access_, tree, std::move(parents), info));
      auto moved = test_and_set_head(branch, at, id);
      if (moved) return id;
      if (moved.error().code != Errc::Stale) return std::unexpected(moved.error());
    }
    return fail(Errc::Stale, "branch '" + std::string(branch) + "' kept moving");
  }

  // The tree to merge from: the lowest common ancestor's, nullopt for unrelated
  // histories, or with several (criss-cross merges) their own merge, recursively.
  Result<std::optional<git::ObjectId>> merge_base_tree(const git::ObjectId& a,
                                                       const git::ObjectId& b, int depth) {
    IRMIN_TRY(auto bases, lcas(a, b));
    if (bases.empty()) return std::nullopt;
    IRMIN_TRY(auto tree, tree_of(bases[0]));
    if (bases.size() == 1) return tree;
    if (depth >= max_attempts)
      return fail(Errc::Conflict, "the common ancestors are too deeply criss-crossed to merge");
    for (std::size_t i = 1; i < bases.size(); ++i) {
      IRMIN_TRY(auto old, merge_base_tree(bases[0], bases[i], depth + 1));
      IRMIN_TRY(auto other, tree_of(bases[i]));
      auto merged = merge_trees(access_, old, tree, other, contents_merge());
      if (!merged) {
        merged.error().message = "merging the common ancestors: " + merged.error().message;
        return std::unexpected(std::move(merged).error());
      }
      tree = *merged;
    }
    return tree;
  }

  // C's merge function over bytes, absent values merged as merge::option does.
  static ContentsMerge contents_merge() {
    return [](const Path& path, const std::optional<Bytes>& old, const std::optional<Bytes>& ours,
              const std::optional<Bytes>& theirs) -> Result<std::optional<Bytes>> {
      auto decode = [&path](const std::optional<Bytes>& bytes) -> Result<std::optional<C>> {
        if (!bytes) return std::nullopt;
        auto value = C::decode(*bytes);
        if (!value)
          return fail(Errc::BadContents, "'" + path_string(path) + "': " + value.error().message);
        return std::optional<C>(std::move(*value));
      };
      IRMIN_TRY(auto o, decode(old));
      IRMIN_TRY(auto a, decode(ours));
      IRMIN_TRY(auto b, decode(theirs));
      auto merged = merge::option(o, a, b, [](const std::optional<C>& x, const C& y, const C& z) {
        return C::merge(x, y, z);
      });
      if (!merged) return fail(Errc::Conflict, std::move(merged).error().reason);
      if (!*merged) return std::nullopt;
      return std::optional<Bytes>((*merged)->encode());
    };
  }

  Result<void> remember(std::string_view branch) {
    IRMIN_TRY(auto at, head(branch));
    seen_.try_emplace(std::string(branch), at);
    return {};
  }

  // Compares the branch's head with the one its watchers last saw and tells them.
  Result<void> notify(std::string_view branch) {
    auto it = seen_.find(branch);
    if (it == seen_.end()) return {};
    IRMIN_TRY(auto after, backend_->get_branch(branch));
    const auto before = it->second;
    if (before == after) return {};
    // Everything the key watchers need is read before anyone is told.
    std::vector<std::pair<KeyWatcher, std::pair<std::optional<C>, std::optional<C>>>> keys;
    for (const auto& w : key_watches_) {
      if (w.branch != branch) continue;
      IRMIN_TRY(auto old_value, find_in(before, w.path));
      IRMIN_TRY(auto new_value, find_in(after, w.path));
      if (old_value != new_value) keys.push_back({w, {std::move(old_value), std::move(new_value)}});
    }
    it->second = after;
    auto branches = branch_watches_;
    const auto alive = [this](WatchId id) {
      for (const auto& w : branch_watches_)
        if (w.id == id) return true;
      for (const auto& w : key_watches_)
        if (w.id == id) return true;
      return false;
    };
    for (const auto& w : branches)
      if (w.branch == branch && alive(w.id)) w.fn(branch, before, after);
    for (const auto& [w, values] : keys)
      if (alive(w.id)) w.fn(w.path, values.first, values.second);
    return {};
  }

  B* backend_;
  ObjectAccess access_;
  std::vector<BranchWatcher> branch_watches_;
  std::vector<KeyWatcher> key_watches_;
  std::map<std::string, std::optional<git::ObjectId>, std::less<>> seen_;
  WatchId next_watch_ = 1;
};

}  // namespace irmin
