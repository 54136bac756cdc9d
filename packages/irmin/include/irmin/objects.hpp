#pragma once
// The store's view of a backend's objects, with the contents' type and the backend's
// type erased: the code that edits, merges and walks trees and commits is compiled once
// against this and Store<Contents, Backend> hands it its backend.
#include <functional>
#include <optional>

#include <git/commit.hpp>
#include <git/object.hpp>
#include <git/object_id.hpp>
#include <git/tree.hpp>
#include <irmin/error.hpp>

namespace irmin {

struct ObjectAccess {
  git::HashAlgo algo = git::HashAlgo::Sha1;
  // The object called id; NotFound when the backend has none.
  std::function<Result<git::RawObject>(const git::ObjectId&)> read;
  // Stores an object and returns its id.
  std::function<Result<git::ObjectId>(const git::RawObject&)> write;
};

// Checks an object as `git fsck --strict` would (BadObject otherwise), then writes it.
Result<git::ObjectId> write_checked(const ObjectAccess& access, const git::RawObject& object);

// The tree, commit or blob called id, decoded strictly; BadObject when it has another type
// or does not decode.
Result<git::Tree> read_tree(const ObjectAccess& access, const git::ObjectId& id);
Result<git::Commit> read_commit(const ObjectAccess& access, const git::ObjectId& id);
Result<std::vector<std::uint8_t>> read_blob(const ObjectAccess& access, const git::ObjectId& id);

// Writes the tree (sorting its entries first) and returns its id.
Result<git::ObjectId> write_tree(const ObjectAccess& access, git::Tree tree);

// Who made a commit, when, and why: written as the commit's author, committer and message.
struct Info {
  git::Signature author;
  git::Signature committer;
  std::string message;

  // Author and committer both `name <email>` at `time` (seconds since the epoch, UTC).
  static Info make(std::string name, std::string email, std::uint64_t time, std::string message);
};

// Writes a commit of `tree` with `parents` and returns its id.
Result<git::ObjectId> write_commit(const ObjectAccess& access, const git::ObjectId& tree,
                                   std::vector<git::ObjectId> parents, const Info& info);

}  // namespace irmin
