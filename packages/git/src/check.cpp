#include <git/commit.hpp>
#include <git/object.hpp>
#include <git/tag.hpp>
#include <git/tree.hpp>

namespace git {

Result<void> check_object(const RawObject& object, HashAlgo algo, Check check) {
  switch (object.type) {
    case ObjectType::Blob: return {};
    case ObjectType::Tree: {
      GIT_TRY_VOID(Tree::decode(object.data, algo, check));
      return {};
    }
    case ObjectType::Commit: {
      GIT_TRY_VOID(Commit::decode(object.data, algo, check));
      return {};
    }
    case ObjectType::Tag: {
      GIT_TRY_VOID(Tag::decode(object.data, algo, check));
      return {};
    }
  }
  return fail(Errc::BadHeader, "an object of unknown type");
}

}  // namespace git
