#pragma once
// An in-memory irmin backend: git objects in a map by id, branches in a map by name. One
// thread at a time (like the rest of a unikernel); test-and-set makes the branch updates
// of several stores sharing it safe against each other.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <git/object.hpp>
#include <git/object_id.hpp>
#include <irmin/backend.hpp>
#include <irmin/error.hpp>

namespace irmin_mem {

class Backend {
 public:
  // An empty store whose objects are named by `algo`.
  explicit Backend(git::HashAlgo algo = git::HashAlgo::Sha1) : algo_(algo) {}

  git::HashAlgo algo() const noexcept { return algo_; }
  // Stores the object under hash_object(algo(), object) and returns that id; BadObject,
  // storing nothing, when `git fsck --strict` would not accept it.
  irmin::Result<git::ObjectId> put_object(const git::RawObject& object);
  // A copy of the object; NotFound when there is none (or the id is of another hash).
  irmin::Result<git::RawObject> get_object(const git::ObjectId& id) const;
  bool contains(const git::ObjectId& id) const { return objects_.contains(id); }

  // The branch's commit; nullopt when there is no such branch.
  irmin::Result<std::optional<git::ObjectId>> get_branch(std::string_view name) const;
  // If the branch names `expected` (nullopt: absent), makes it name `desired` (nullopt:
  // removes it); Stale otherwise, changing nothing.
  irmin::Result<void> test_and_set_branch(std::string_view name,
                                          const std::optional<git::ObjectId>& expected,
                                          const std::optional<git::ObjectId>& desired);
  // Every branch name, sorted.
  irmin::Result<std::vector<std::string>> list_branches() const;
  // Removes the branch; nothing when absent.
  irmin::Result<void> remove_branch(std::string_view name);

  // Every object, by id (for tests and for copying into another backend).
  const std::map<git::ObjectId, git::RawObject>& objects() const noexcept { return objects_; }
  std::size_t object_count() const noexcept { return objects_.size(); }

 private:
  git::HashAlgo algo_;
  std::map<git::ObjectId, git::RawObject> objects_;
  std::map<std::string, git::ObjectId, std::less<>> branches_;
};

static_assert(irmin::Backend<Backend>);

}  // namespace irmin_mem
