#include <irmin/path.hpp>

#include <git/refs.hpp>
#include <git/tree.hpp>

namespace irmin {

Result<void> check_path(const Path& path) {
  for (const auto& step : path) {
    if (step.empty())
      return fail(Errc::BadPath, "path '" + path_string(path) + "' has an empty step");
    if (step.find('/') != std::string::npos || step.find('\0') != std::string::npos)
      return fail(Errc::BadPath, "path step '" + step + "' holds a '/' or a NUL");
    if (step == "." || step == "..")
      return fail(Errc::BadPath, "path step '" + step + "' is not a name");
    if (git::is_dotgit_name(step))
      return fail(Errc::BadPath, "path step '" + step + "' would be read as .git");
  }
  return {};
}

Result<Path> parse_path(std::string_view text) {
  Path path;
  if (text.empty()) return path;
  std::size_t start = 0;
  while (true) {
    const auto slash = text.find('/', start);
    path.emplace_back(
        text.substr(start, slash == std::string_view::npos ? text.npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  IRMIN_TRY_VOID(check_path(path));
  return path;
}

std::string path_string(const Path& path) {
  if (path.empty()) return "/";
  std::string out;
  for (const auto& step : path) {
    if (!out.empty()) out += '/';
    out += step;
  }
  return out;
}

Result<void> check_branch_name(std::string_view name) {
  if (name.empty()) return fail(Errc::BadBranch, "empty branch name");
  std::string ref = "refs/heads/";
  ref += name;
  if (auto ok = git::check_ref_name(ref); !ok)
    return fail(Errc::BadBranch, "branch '" + std::string(name) + "': " + ok.error().message);
  return {};
}

}  // namespace irmin
