#pragma once
// A repository on disk (unix): objects loose and in packs, refs loose and packed, HEAD,
// reflogs. Everything it writes, git reads; everything git writes (with the limits in
// README.md), it reads. Implemented in unix/ over POSIX files.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <git/commit.hpp>
#include <git/config.hpp>
#include <git/error.hpp>
#include <git/object.hpp>
#include <git/object_id.hpp>
#include <git/loose.hpp>
#include <git/pack.hpp>
#include <git/pack_writer.hpp>
#include <git/refs.hpp>
#include <git/tag.hpp>
#include <git/tree.hpp>

namespace git {

struct InitOptions {
  bool bare = false;
  HashAlgo algo = HashAlgo::Sha1;
  std::string initial_branch = "main";
};

class Repository {
 public:
  // Creates a repository at `path` (its .git directory, or `path` itself when bare) with
  // HEAD pointing at the initial branch. Io if the directories cannot be made; BadConfig
  // if `path` already holds a repository.
  static Result<Repository> init(const std::string& path, const InitOptions& options = {});
  // Opens the repository at `path`: a work tree holding .git, or a git directory (bare).
  // Reads the object format from extensions.objectFormat. NotFound if there is none;
  // BadConfig for a repository format this code does not know.
  static Result<Repository> open(const std::string& path);

  HashAlgo algo() const noexcept { return algo_; }
  const std::string& git_dir() const noexcept { return git_dir_; }
  bool is_bare() const noexcept { return bare_; }
  const Config& config() const noexcept { return config_; }

  // ---- objects ----
  // The object called `id`, loose or packed; NotFound if neither has it, Checksum if the
  // bytes found hash to another id.
  Result<RawObject> read(const ObjectId& id) const;
  bool contains(const ObjectId& id) const;
  // The object `id` parsed as a tree, commit or tag (leniently: what plain git fsck
  // accepts); WrongType if it is another type.
  Result<Tree> read_tree(const ObjectId& id) const;
  Result<Commit> read_commit(const ObjectId& id) const;
  Result<Tag> read_tag(const ObjectId& id) const;
  // Writes a loose object (zlib, temporary file, fsync, rename, read-only) unless the
  // object is already there. The body is first checked as git fsck --strict would.
  Result<ObjectId> write(const RawObject& object);
  Result<ObjectId> write_blob(std::span<const std::uint8_t> data) { return write({ObjectType::Blob, {data.begin(), data.end()}}); }
  Result<ObjectId> write_tree(const Tree& tree) { return write({ObjectType::Tree, tree.encode()}); }
  Result<ObjectId> write_commit(const Commit& commit) { return write({ObjectType::Commit, commit.encode()}); }
  Result<ObjectId> write_tag(const Tag& tag) { return write({ObjectType::Tag, tag.encode()}); }
  // Writes `objects` as objects/pack/pack-<hex>.pack and .idx (the index last, so that
  // readers never see an index without its pack) and starts reading from it.
  Result<ObjectId> write_pack(std::span<const RawObject> objects, const PackWriteOptions& options = {});
  // Reads the pack directory again (after another process added packs).
  Result<void> reload_packs();
  // Every object id in the store, loose and packed, sorted, each once.
  Result<std::vector<ObjectId>> list_objects() const;

  // ---- refs ----
  // What the ref says, loose file first, then packed-refs; NotFound if it does not exist.
  Result<RefValue> read_ref(std::string_view name) const;
  // The id a ref finally names, following symbolic refs (at most 5, as git).
  Result<ObjectId> resolve_ref(std::string_view name) const;
  // Every ref under `prefix` (e.g. "refs/heads/") with the id it names directly
  // (symbolic refs resolved), loose ones hiding packed ones of the same name, sorted.
  Result<std::vector<std::pair<std::string, ObjectId>>> list_refs(std::string_view prefix = "refs/") const;
  // Compare-and-swap under `<name>.lock`: succeeds only when the ref (through HEAD if
  // `name` is "HEAD" and symbolic) currently names `expected` (a null id: the ref must not
  // exist; nullopt: any value). Appends "<old> <new> <who>\t<message>" to its reflog (and
  // HEAD's when HEAD points at it) as git does: for branches, and for any ref whose log
  // exists. LockFailed if another writer holds the lock, Stale if the value differs.
  Result<void> update_ref(std::string_view name, const ObjectId& new_id, const std::optional<ObjectId>& expected,
                          const Signature& who, std::string_view message);
  // Points `name` (usually HEAD) at another ref, under a lock.
  Result<void> set_symbolic_ref(std::string_view name, std::string_view target);
  // Removes a ref, loose and packed, if it names `expected` (nullopt: any value).
  Result<void> delete_ref(std::string_view name, const std::optional<ObjectId>& expected);
  // The reflog of a ref, oldest first; empty if it has none.
  Result<std::vector<ReflogEntry>> reflog(std::string_view name) const;

 private:
  Repository() = default;
  Result<RawObject> read_loose(const ObjectId& id) const;
  std::string loose_path(const ObjectId& id) const;
  Result<std::vector<PackedRef>> read_packed_refs() const;
  Result<void> append_reflog(std::string_view name, const ReflogEntry& entry, bool create);
  bool logs_by_default(std::string_view name) const;

  std::string git_dir_;
  bool bare_ = false;
  HashAlgo algo_ = HashAlgo::Sha1;
  Config config_;
  std::vector<PackFile> packs_;
};

}  // namespace git
