#include "publish.hpp"

#include <algorithm>

namespace mirage_tool {

namespace {

// A reproducible archive of the package directory: sorted names, fixed mtime.
Result<std::string> make_archive(const std::filesystem::path& dir, const std::filesystem::path& out) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) {
      auto r = std::filesystem::relative(e.path(), dir.parent_path()).string();
      if (r.find("/build") == std::string::npos && r.find("/.git/") == std::string::npos) files.push_back(r);
    }
  std::sort(files.begin(), files.end());
  std::vector<std::string> argv = {"cmake", "-E", "tar", "czf", out.string(), "--mtime=1970-01-01 00:00:00 UTC",
                                   "--format=gnutar", "--"};
  argv.insert(argv.end(), files.begin(), files.end());
  std::string log;
  if (run_program(argv, dir.parent_path(), &log) != 0)
    return fail("cannot write the archive " + out.string() + ":\n" + log, exit_status::io);
  auto bytes = read_file(out);
  if (!bytes) return bytes;
  // gzip stamps the time of compression in bytes 4-7 (RFC 1952 MTIME): zero means none,
  // and makes the same directory give the same archive and checksum every time.
  if (bytes->size() > 8 && (*bytes)[0] == '\x1f' && (*bytes)[1] == '\x8b') {
    for (int i = 4; i < 8; ++i) (*bytes)[std::size_t(i)] = 0;
    if (auto w = write_file_atomic(out, *bytes); !w) return std::unexpected(w.error());
  }
  return bytes;
}

}  // namespace

Result<Published> publish(const std::filesystem::path& dir_in, const IndexSet& indexes, const Config& config,
                          const PublishOptions& o) {
  auto dir = std::filesystem::absolute(dir_in).lexically_normal();
  auto report = lint_package(dir, indexes, config, o.lint);
  if (!report) return std::unexpected(report.error());
  if (!report->ok())
    return fail("not published: " + dir_in.string() + " fails lint:\n  - " + join(report->problems, "\n  - "),
                exit_status::not_satisfiable);
  auto m = load_manifest(dir);
  if (!m) return std::unexpected(m.error());

  // The index to write: a local one.
  std::filesystem::path file;
  if (o.index.empty() || o.index == "main") {
    file = repository_root() / "index.json";
  } else {
    auto it = std::find_if(config.indexes.begin(), config.indexes.end(), [&](const auto& e) { return e.name == o.index; });
    if (it == config.indexes.end())
      return fail("no index named '" + o.index + "': see `mirage index list`, or add one with `mirage index add`",
                  exit_status::usage);
    if (it->location.starts_with("http://") || it->location.starts_with("https://"))
      return fail("index '" + o.index + "' is remote (" + it->location + "); publish to a local index", exit_status::usage);
    file = it->location.starts_with("file://") ? it->location.substr(7) : it->location;
    if (std::filesystem::is_directory(file)) file /= "index.json";
  }
  Index index{o.index.empty() ? "main" : o.index, file.string(), file.parent_path(), {}};
  if (std::filesystem::exists(file)) {
    auto loaded = load_index(index.name, file.string());
    if (!loaded) return std::unexpected(loaded.error());
    index = std::move(*loaded);
  }
  auto root = std::filesystem::absolute(file.parent_path()).lexically_normal();

  Source source;
  std::string archive_bytes;
  auto inside = std::filesystem::relative(dir, root);
  if (!inside.empty() && *inside.begin() != "..") {
    source.path = inside.string();
  } else {
    auto name = "archives/" + m->name + "-" + m->version.to_string() + ".tar.gz";
    std::filesystem::create_directories(root / "archives");
    auto tmp = root / (name + ".new");
    auto bytes = make_archive(dir, tmp);
    if (!bytes) return std::unexpected(bytes.error());
    archive_bytes = std::move(*bytes);
    source.url = name;
    source.sha256 = sha256_hex(archive_bytes);
  }
  auto entry = entry_for(*m, source);
  auto discard = [&] {
    if (!source.url.empty()) std::filesystem::remove(root / (source.url + ".new"));
  };

  auto& pkg = index.packages[m->name];
  pkg.name = m->name;
  if (auto existing = pkg.versions.find(m->version); existing != pkg.versions.end()) {
    discard();
    if (same_entry(existing->second, entry))
      return Published{m->name, m->version.to_string(), file.string(), true};
    return fail(m->name + " " + m->version.to_string() + " is already in " + file.string() +
                    " with different contents; published versions do not change: bump the version in " +
                    (dir / "package.json").string(),
                exit_status::not_satisfiable);
  }
  // Other indexes count too: a version must not mean two things.
  if (const IndexVersion* other = indexes.find(m->name, m->version); other && other->manifest_sha256 != entry.manifest_sha256) {
    discard();
    return fail(m->name + " " + m->version.to_string() + " is already published in another index (" +
                    indexes.origin(m->name, m->version)->name + ") with a different manifest; bump the version",
                exit_status::not_satisfiable);
  }
  if (!pkg.versions.empty() && m->version < pkg.versions.rbegin()->first && !o.backport) {
    discard();
    return fail(m->name + " " + m->version.to_string() + " is lower than the newest published version " +
                    pkg.versions.rbegin()->first.to_string() + "; pass --backport to publish it anyway",
                exit_status::not_satisfiable);
  }
  pkg.synopsis = m->synopsis;
  pkg.license = m->license;
  // Path sources always name the current manifest: an older version published from the
  // same directory is turned into nothing we can still build, so refuse instead.
  if (!source.path.empty())
    for (const auto& [v, e] : pkg.versions)
      if (e.source.path == source.path) {
        discard();
        return fail(m->name + " " + v.to_string() + " is published from " + source.path +
                        " too; publish the older version as an archive first (it would lose its source)",
                    exit_status::not_satisfiable);
      }
  pkg.versions.emplace(m->version, std::move(entry));
  if (!source.url.empty()) {
    std::error_code ec;
    std::filesystem::rename(root / (source.url + ".new"), root / source.url, ec);
    if (ec) return fail("cannot move the archive into " + (root / source.url).string() + ": " + ec.message(), exit_status::io);
  }
  if (auto w = write_file_atomic(file, serialize_index(index)); !w) return std::unexpected(w.error());
  return Published{m->name, m->version.to_string(), file.string(), false};
}

}  // namespace mirage_tool
