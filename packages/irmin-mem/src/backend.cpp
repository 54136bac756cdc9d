#include <irmin_mem/backend.hpp>

#include <string>

namespace irmin_mem {

using irmin::Errc;
using irmin::fail;

irmin::Result<git::ObjectId> Backend::put_object(const git::RawObject& object) {
  if (auto ok = git::check_object(object, algo_, git::Check::Strict); !ok)
    return fail(Errc::BadObject, "not a valid " + std::string(git::type_name(object.type)) + ": " +
                                     ok.error().message);
  const auto id = git::hash_object(algo_, object);
  objects_.try_emplace(id, object);
  return id;
}

irmin::Result<git::RawObject> Backend::get_object(const git::ObjectId& id) const {
  auto it = objects_.find(id);
  if (it == objects_.end()) return fail(Errc::NotFound, "no object " + id.hex());
  return it->second;
}

irmin::Result<std::optional<git::ObjectId>> Backend::get_branch(std::string_view name) const {
  auto it = branches_.find(name);
  if (it == branches_.end()) return std::nullopt;
  return std::optional<git::ObjectId>(it->second);
}

irmin::Result<void> Backend::test_and_set_branch(std::string_view name,
                                                 const std::optional<git::ObjectId>& expected,
                                                 const std::optional<git::ObjectId>& desired) {
  auto it = branches_.find(name);
  const std::optional<git::ObjectId> current =
      it == branches_.end() ? std::nullopt : std::optional<git::ObjectId>(it->second);
  if (current != expected)
    return fail(Errc::Stale, "branch '" + std::string(name) + "' is " +
                                 (current ? current->hex() : "absent") + ", not " +
                                 (expected ? expected->hex() : "absent"));
  if (!desired) {
    if (it != branches_.end()) branches_.erase(it);
  } else if (it == branches_.end()) {
    branches_.emplace(std::string(name), *desired);
  } else {
    it->second = *desired;
  }
  return {};
}

irmin::Result<std::vector<std::string>> Backend::list_branches() const {
  std::vector<std::string> names;
  for (const auto& [name, id] : branches_) names.push_back(name);
  return names;
}

irmin::Result<void> Backend::remove_branch(std::string_view name) {
  auto it = branches_.find(name);
  if (it != branches_.end()) branches_.erase(it);
  return {};
}

}  // namespace irmin_mem
