#pragma once
// What a store keeps its data in: content-addressed git objects, and branches that name
// commits and change only by test-and-set. irmin-mem keeps both in memory; a git backend
// keeps them in a .git directory (objects under objects/, branches as refs/heads/NAME).
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <git/object.hpp>
#include <git/object_id.hpp>
#include <irmin/error.hpp>

namespace irmin {

// algo(): the hash that names the objects.
// put_object(o): stores o (already checked as git fsck --strict would) and returns its
//   id, hash_object(algo(), o); storing an object twice is harmless.
// get_object(id): the object, NotFound when there is none.
// get_branch(name): the commit the branch names; nullopt when there is no such branch.
// test_and_set_branch(name, expected, desired): atomically, if the branch names
//   `expected` (nullopt: does not exist), make it name `desired` (nullopt: remove it);
//   Stale, changing nothing, if it names anything else.
// list_branches(): every branch's name, sorted.
// remove_branch(name): removes it; nothing when absent.
// Names given are checked by the store first (check_branch_name).
template <class B>
concept Backend = requires(B& b, const git::ObjectId& id, const git::RawObject& object,
                           std::string_view name, const std::optional<git::ObjectId>& value) {
  { b.algo() } -> std::same_as<git::HashAlgo>;
  { b.put_object(object) } -> std::same_as<Result<git::ObjectId>>;
  { b.get_object(id) } -> std::same_as<Result<git::RawObject>>;
  { b.get_branch(name) } -> std::same_as<Result<std::optional<git::ObjectId>>>;
  { b.test_and_set_branch(name, value, value) } -> std::same_as<Result<void>>;
  { b.list_branches() } -> std::same_as<Result<std::vector<std::string>>>;
  { b.remove_branch(name) } -> std::same_as<Result<void>>;
};

}  // namespace irmin
