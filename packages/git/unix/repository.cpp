// git::Repository over POSIX files.
#include <git/repository.hpp>

#include <algorithm>
#include <functional>
#include <map>

#include <git/loose.hpp>

#include "fs.hpp"

namespace git {

namespace {

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string text_of(const std::vector<std::uint8_t>& bytes) { return {bytes.begin(), bytes.end()}; }

// Every file under `dir` (recursively) as a path relative to `base`.
void walk_files(const std::string& dir, const std::string& rel, std::vector<std::string>& out) {
  auto names = fs::list_directory(dir);
  if (!names) return;
  for (const auto& n : *names) {
    const std::string path = dir + "/" + n, sub = rel + "/" + n;
    if (fs::is_directory(path)) walk_files(path, sub, out);
    else out.push_back(sub);
  }
}

}  // namespace

Result<Repository> Repository::init(const std::string& path, const InitOptions& options) {
  const std::string git_dir = options.bare ? path : path + "/.git";
  if (fs::exists(git_dir + "/HEAD")) return fail(Errc::BadConfig, git_dir + " already holds a repository");
  GIT_TRY_VOID(check_ref_name("refs/heads/" + options.initial_branch));
  for (const char* sub : {"/objects/info", "/objects/pack", "/refs/heads", "/refs/tags"})
    GIT_TRY_VOID(fs::make_directories(git_dir + sub));
  std::string config = "[core]\n";
  config += options.algo == HashAlgo::Sha256 ? "\trepositoryformatversion = 1\n" : "\trepositoryformatversion = 0\n";
  config += "\tfilemode = true\n";
  config += options.bare ? "\tbare = true\n" : "\tbare = false\n\tlogallrefupdates = true\n";
  if (options.algo == HashAlgo::Sha256) config += "[extensions]\n\tobjectformat = sha256\n";
  GIT_TRY_VOID(fs::write_atomically(git_dir + "/config", as_bytes(config), 0644));
  const std::string head = format_ref_file(RefValue::symbolic("refs/heads/" + options.initial_branch));
  GIT_TRY_VOID(fs::write_atomically(git_dir + "/HEAD", as_bytes(head), 0644));
  return open(path);
}

Result<Repository> Repository::open(const std::string& path) {
  Repository repo;
  if (fs::is_directory(path + "/.git")) {
    repo.git_dir_ = path + "/.git";
  } else if (fs::exists(path + "/.git")) {
    // A "gitdir: <path>" file (worktrees, submodules).
    GIT_TRY(const auto bytes, fs::read_file(path + "/.git"));
    std::string text = text_of(bytes);
    if (text.substr(0, 8) != "gitdir: ") return fail(Errc::BadConfig, path + "/.git is neither a directory nor a gitdir file");
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    repo.git_dir_ = text.substr(8);
    if (!repo.git_dir_.empty() && repo.git_dir_[0] != '/') repo.git_dir_ = path + "/" + repo.git_dir_;
  } else {
    repo.git_dir_ = path;
  }
  if (!fs::exists(repo.git_dir_ + "/HEAD") || !fs::is_directory(repo.git_dir_ + "/objects"))
    return fail(Errc::NotFound, path + " is not a git repository");
  auto config_bytes = fs::read_file(repo.git_dir_ + "/config");
  if (!config_bytes && config_bytes.error().code != Errc::NotFound) return std::unexpected(config_bytes.error());
  if (config_bytes) {
    GIT_TRY(repo.config_, Config::parse(text_of(*config_bytes)));
  }
  const auto version = repo.config_.get("core", "repositoryformatversion").value_or("0");
  if (version != "0" && version != "1")
    return fail(Errc::BadConfig, "repository format version " + version + " is not 0 or 1");
  const auto format = repo.config_.get("extensions", "objectformat").value_or("sha1");
  if (format == "sha256" && version == "1") repo.algo_ = HashAlgo::Sha256;
  else if (format != "sha1") return fail(Errc::BadConfig, "object format '" + format + "' is not known");
  repo.bare_ = repo.config_.get_bool("core", "bare").value_or(repo.git_dir_ == path);
  GIT_TRY_VOID(repo.reload_packs());
  return repo;
}

// ---- objects ----

std::string Repository::loose_path(const ObjectId& id) const {
  const std::string hex = id.hex();
  return git_dir_ + "/objects/" + hex.substr(0, 2) + "/" + hex.substr(2);
}

Result<RawObject> Repository::read_loose(const ObjectId& id) const {
  GIT_TRY(const auto file, fs::read_file(loose_path(id)));
  auto object = decode_loose(file);
  if (!object) return fail(object.error().code, "loose object " + id.hex() + ": " + object.error().message);
  if (hash_object(algo_, *object) != id) return fail(Errc::Checksum, "loose object " + id.hex() + " hashes to another id");
  return object;
}

Result<RawObject> Repository::read(const ObjectId& id) const {
  if (id.algo() != algo_) return fail(Errc::BadId, "a " + std::string(hash_name(id.algo())) + " id in a " +
                                                       std::string(hash_name(algo_)) + " repository");
  for (const auto& pack : packs_)
    if (pack.contains(id)) return pack.read(id);
  auto loose = read_loose(id);
  if (!loose && loose.error().code == Errc::NotFound) return fail(Errc::NotFound, "no object " + id.hex());
  return loose;
}

namespace {

template <class T>
Result<T> parse_as(Result<RawObject> object, ObjectType type, const ObjectId& id, HashAlgo algo) {
  if (!object) return std::unexpected(std::move(object).error());
  if (object->type != type)
    return fail(Errc::WrongType, "object " + id.hex() + " is a " + std::string(type_name(object->type)) + ", not a " +
                                     std::string(type_name(type)));
  return T::decode(object->data, algo, Check::Lenient);
}

}  // namespace

Result<Tree> Repository::read_tree(const ObjectId& id) const {
  return parse_as<Tree>(read(id), ObjectType::Tree, id, algo_);
}

Result<Commit> Repository::read_commit(const ObjectId& id) const {
  return parse_as<Commit>(read(id), ObjectType::Commit, id, algo_);
}

Result<Tag> Repository::read_tag(const ObjectId& id) const {
  return parse_as<Tag>(read(id), ObjectType::Tag, id, algo_);
}

bool Repository::contains(const ObjectId& id) const {
  if (id.algo() != algo_) return false;
  for (const auto& pack : packs_)
    if (pack.contains(id)) return true;
  return fs::exists(loose_path(id));
}

Result<ObjectId> Repository::write(const RawObject& object) {
  GIT_TRY_VOID(check_object(object, algo_));
  const ObjectId id = hash_object(algo_, object);
  if (contains(id)) return id;
  GIT_TRY(const auto file, encode_loose(object.type, object.data));
  GIT_TRY_VOID(fs::write_atomically(loose_path(id), file, 0444));
  return id;
}

Result<ObjectId> Repository::write_pack(std::span<const RawObject> objects, const PackWriteOptions& options) {
  for (const auto& o : objects) GIT_TRY_VOID(check_object(o, algo_));
  GIT_TRY(auto written, git::write_pack(objects, algo_, options));
  const std::string base = git_dir_ + "/objects/pack/pack-" + written.checksum.hex();
  if (!fs::exists(base + ".idx")) {
    GIT_TRY_VOID(fs::write_atomically(base + ".pack", written.pack, 0444));
    GIT_TRY_VOID(fs::write_atomically(base + ".idx", written.index, 0444));
  }
  GIT_TRY_VOID(reload_packs());
  return written.checksum;
}

Result<void> Repository::reload_packs() {
  packs_.clear();
  const std::string dir = git_dir_ + "/objects/pack";
  auto names = fs::list_directory(dir);
  if (!names) return names.error().code == Errc::NotFound ? Result<void>{} : std::unexpected(names.error());
  std::sort(names->begin(), names->end());
  for (const auto& n : *names) {
    if (n.size() < 9 || n.substr(0, 5) != "pack-" || n.substr(n.size() - 4) != ".idx") continue;
    const std::string base = dir + "/" + n.substr(0, n.size() - 4);
    if (!fs::exists(base + ".pack")) continue;  // an index whose pack is being written or removed
    GIT_TRY(auto idx_bytes, fs::read_file(base + ".idx"));
    GIT_TRY(auto pack_bytes, fs::read_file(base + ".pack"));
    auto index = PackIndex::parse(std::move(idx_bytes), algo_);
    if (!index) return fail(index.error().code, base + ".idx: " + index.error().message);
    auto pack = Pack::parse(std::move(pack_bytes), algo_);
    if (!pack) return fail(pack.error().code, base + ".pack: " + pack.error().message);
    GIT_TRY(auto file, PackFile::open(std::move(*pack), std::move(*index)));
    packs_.push_back(std::move(file));
  }
  return {};
}

Result<std::vector<ObjectId>> Repository::list_objects() const {
  std::vector<ObjectId> ids;
  for (const auto& pack : packs_)
    for (std::uint32_t i = 0; i < pack.index().size(); ++i) ids.push_back(pack.index().id(i));
  const std::size_t rest = 2 * digest_size(algo_) - 2;
  for (int b = 0; b < 256; ++b) {
    static constexpr char digits[] = "0123456789abcdef";
    const std::string prefix = {digits[b >> 4], digits[b & 15]};
    auto names = fs::list_directory(git_dir_ + "/objects/" + prefix);
    if (!names) continue;
    for (const auto& n : *names)
      if (n.size() == rest && is_hex(n))
        if (auto id = ObjectId::from_hex(prefix + n, algo_)) ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// ---- refs ----

Result<std::vector<PackedRef>> Repository::read_packed_refs() const {
  auto bytes = fs::read_file(git_dir_ + "/packed-refs");
  if (!bytes) {
    if (bytes.error().code == Errc::NotFound) return std::vector<PackedRef>{};
    return std::unexpected(bytes.error());
  }
  return parse_packed_refs(text_of(*bytes), algo_);
}

Result<RefValue> Repository::read_ref(std::string_view name) const {
  GIT_TRY_VOID(check_ref_name(name));
  const std::string path = git_dir_ + "/" + std::string(name);
  if (!fs::is_directory(path)) {
    auto bytes = fs::read_file(path);
    if (bytes) {
      auto value = parse_ref_file(text_of(*bytes), algo_);
      if (!value) return fail(Errc::BadRef, std::string(name) + ": " + value.error().message);
      return value;
    }
    if (bytes.error().code != Errc::NotFound) return std::unexpected(bytes.error());
  }
  GIT_TRY(const auto packed, read_packed_refs());
  for (const auto& r : packed)
    if (r.name == name) return RefValue::direct(r.id);
  return fail(Errc::NotFound, "no ref " + std::string(name));
}

Result<ObjectId> Repository::resolve_ref(std::string_view name) const {
  std::string current(name);
  for (int hops = 0; hops <= 5; ++hops) {
    GIT_TRY(const auto value, read_ref(current));
    if (!value.is_symbolic()) return *value.id;
    current = value.target;
  }
  return fail(Errc::BadRef, "symbolic refs from " + std::string(name) + " nest deeper than 5");
}

Result<std::vector<std::pair<std::string, ObjectId>>> Repository::list_refs(std::string_view prefix) const {
  std::map<std::string, ObjectId> refs;
  GIT_TRY(const auto packed, read_packed_refs());
  for (const auto& r : packed) refs[r.name] = r.id;
  std::vector<std::string> files;
  walk_files(git_dir_ + "/refs", "refs", files);
  for (const auto& f : files) {
    if (!check_ref_name(f)) continue;  // lock files, editor leftovers
    auto id = resolve_ref(f);
    if (id) refs[f] = *id;
  }
  std::vector<std::pair<std::string, ObjectId>> out;
  for (auto& [name, id] : refs)
    if (name.compare(0, prefix.size(), prefix) == 0) out.emplace_back(name, id);
  return out;
}

bool Repository::logs_by_default(std::string_view name) const {
  const auto setting = config_.get("core", "logallrefupdates");
  if (setting && (*setting == "always" || *setting == "Always")) return true;
  const bool on = setting ? config_.get_bool("core", "logallrefupdates").value_or(false) : !bare_;
  if (!on) return false;
  return name == "HEAD" || name.substr(0, 11) == "refs/heads/" || name.substr(0, 13) == "refs/remotes/" ||
         name.substr(0, 11) == "refs/notes/";
}

Result<void> Repository::append_reflog(std::string_view name, const ReflogEntry& entry, bool create) {
  const std::string path = git_dir_ + "/logs/" + std::string(name);
  auto r = fs::append_file(path, format_reflog_entry(entry), create);
  if (!r && r.error().code == Errc::NotFound && !create) return {};
  return r;
}

Result<void> Repository::update_ref(std::string_view name, const ObjectId& new_id, const std::optional<ObjectId>& expected,
                                    const Signature& who, std::string_view message) {
  GIT_TRY_VOID(check_ref_name(name));
  if (new_id.algo() != algo_ || (expected && expected->algo() != algo_))
    return fail(Errc::BadId, "an id of another object format");
  // Follow symbolic refs to the ref that holds the id (HEAD -> refs/heads/main).
  std::string target(name);
  for (int hops = 0;; ++hops) {
    auto value = read_ref(target);
    if (!value || !value->is_symbolic()) break;
    if (hops == 5) return fail(Errc::BadRef, "symbolic refs from " + std::string(name) + " nest deeper than 5");
    target = value->target;
  }
  GIT_TRY(auto lock, fs::LockFile::acquire(git_dir_ + "/" + target));
  auto current = read_ref(target);
  if (!current && current.error().code != Errc::NotFound) return std::unexpected(current.error());
  const ObjectId old_id = current ? current->id.value_or(ObjectId(algo_)) : ObjectId(algo_);
  if (expected && *expected != old_id)
    return fail(Errc::Stale, target + " is " + (current ? old_id.hex() : std::string("absent")) + ", not " +
                                 (expected->is_null() ? std::string("absent") : expected->hex()));
  const ReflogEntry entry{old_id, new_id, who, std::string(message)};
  GIT_TRY_VOID(append_reflog(target, entry, logs_by_default(target)));
  // HEAD's log records what happens to the branch it points at.
  if (target != "HEAD") {
    auto head = read_ref("HEAD");
    if (head && head->is_symbolic() && head->target == target)
      GIT_TRY_VOID(append_reflog("HEAD", entry, logs_by_default("HEAD")));
  }
  return lock.commit(format_ref_file(RefValue::direct(new_id)));
}

Result<void> Repository::set_symbolic_ref(std::string_view name, std::string_view target) {
  GIT_TRY_VOID(check_ref_name(name));
  GIT_TRY_VOID(check_ref_name(target));
  GIT_TRY(auto lock, fs::LockFile::acquire(git_dir_ + "/" + std::string(name)));
  return lock.commit(format_ref_file(RefValue::symbolic(std::string(target))));
}

Result<void> Repository::delete_ref(std::string_view name, const std::optional<ObjectId>& expected) {
  GIT_TRY_VOID(check_ref_name(name));
  GIT_TRY(auto lock, fs::LockFile::acquire(git_dir_ + "/" + std::string(name)));
  GIT_TRY(const auto current, read_ref(name));
  if (expected && (current.is_symbolic() || *current.id != *expected))
    return fail(Errc::Stale, std::string(name) + " does not name " + expected->hex());
  GIT_TRY(auto packed, read_packed_refs());
  const auto it = std::find_if(packed.begin(), packed.end(), [&](const auto& r) { return r.name == name; });
  if (it != packed.end()) {
    GIT_TRY(auto packed_lock, fs::LockFile::acquire(git_dir_ + "/packed-refs"));
    packed.erase(it);
    GIT_TRY_VOID(packed_lock.commit(format_packed_refs(std::move(packed))));
  }
  GIT_TRY_VOID(lock.remove_target());
  if (auto log = fs::remove_file(git_dir_ + "/logs/" + std::string(name)); !log && log.error().code != Errc::NotFound)
    return log;
  return {};
}

Result<std::vector<ReflogEntry>> Repository::reflog(std::string_view name) const {
  GIT_TRY_VOID(check_ref_name(name));
  auto bytes = fs::read_file(git_dir_ + "/logs/" + std::string(name));
  if (!bytes) {
    if (bytes.error().code == Errc::NotFound) return std::vector<ReflogEntry>{};
    return std::unexpected(bytes.error());
  }
  return parse_reflog(text_of(*bytes), algo_);
}

}  // namespace git
