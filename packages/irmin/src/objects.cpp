#include <irmin/objects.hpp>

#include <string>

namespace irmin {

namespace {
Result<git::RawObject> read_typed(const ObjectAccess& access, const git::ObjectId& id,
                                  git::ObjectType type) {
  if (id.algo() != access.algo)
    return fail(Errc::BadObject, "object id " + id.hex() + " is of another hash than the store's");
  IRMIN_TRY(auto object, access.read(id));
  if (object.type != type)
    return fail(Errc::BadObject, "object " + id.hex() + " is a " +
                                     std::string(git::type_name(object.type)) + ", not a " +
                                     std::string(git::type_name(type)));
  return object;
}
}  // namespace

Result<git::ObjectId> write_checked(const ObjectAccess& access, const git::RawObject& object) {
  if (auto ok = git::check_object(object, access.algo, git::Check::Strict); !ok)
    return fail(Errc::BadObject, "refusing to write an invalid " +
                                     std::string(git::type_name(object.type)) + ": " +
                                     ok.error().message);
  return access.write(object);
}

Result<git::Tree> read_tree(const ObjectAccess& access, const git::ObjectId& id) {
  IRMIN_TRY(auto object, read_typed(access, id, git::ObjectType::Tree));
  auto tree = git::Tree::decode(object.data, access.algo, git::Check::Strict);
  if (!tree) return fail(Errc::BadObject, "tree " + id.hex() + ": " + tree.error().message);
  return std::move(*tree);
}

Result<git::Commit> read_commit(const ObjectAccess& access, const git::ObjectId& id) {
  IRMIN_TRY(auto object, read_typed(access, id, git::ObjectType::Commit));
  auto commit = git::Commit::decode(object.data, access.algo, git::Check::Strict);
  if (!commit) return fail(Errc::BadObject, "commit " + id.hex() + ": " + commit.error().message);
  return std::move(*commit);
}

Result<std::vector<std::uint8_t>> read_blob(const ObjectAccess& access, const git::ObjectId& id) {
  IRMIN_TRY(auto object, read_typed(access, id, git::ObjectType::Blob));
  return std::move(object.data);
}

Result<git::ObjectId> write_tree(const ObjectAccess& access, git::Tree tree) {
  tree.sort();
  return write_checked(access, git::RawObject{git::ObjectType::Tree, tree.encode()});
}

Info Info::make(std::string name, std::string email, std::uint64_t time, std::string message) {
  auto sig = git::Signature::make(std::move(name), std::move(email), time, 0);
  return Info{sig, sig, std::move(message)};
}

Result<git::ObjectId> write_commit(const ObjectAccess& access, const git::ObjectId& tree,
                                   std::vector<git::ObjectId> parents, const Info& info) {
  git::Commit commit;
  commit.tree = tree;
  commit.parents = std::move(parents);
  commit.author = info.author;
  commit.committer = info.committer;
  commit.message = info.message;
  return write_checked(access, git::RawObject{git::ObjectType::Commit, commit.encode()});
}

}  // namespace irmin
