#pragma once
// A map of objects behind an ObjectAccess, for testing the tree and history functions
// without a backend (the store itself is tested over irmin-mem).
#include <irmin/objects.hpp>

#include <map>

namespace irmin_test {

struct MapObjects {
  std::map<git::ObjectId, git::RawObject> objects;
  std::size_t writes = 0;
  irmin::ObjectAccess access;

  explicit MapObjects(git::HashAlgo algo = git::HashAlgo::Sha1) {
    access.algo = algo;
    access.read = [this](const git::ObjectId& id) -> irmin::Result<git::RawObject> {
      auto it = objects.find(id);
      if (it == objects.end()) return irmin::fail(irmin::Errc::NotFound, "no object " + id.hex());
      return it->second;
    };
    access.write = [this](const git::RawObject& o) -> irmin::Result<git::ObjectId> {
      ++writes;
      auto id = git::hash_object(access.algo, o);
      objects.emplace(id, o);
      return id;
    };
  }
  MapObjects(const MapObjects&) = delete;
};

}  // namespace irmin_test
