#include <git/tree.hpp>

#include <algorithm>

namespace git {

namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Length of an HFS+-ignored code point (U+200C..U+200F, U+202A..U+202E, U+206A..U+206F,
// U+FEFF) at the start of `s` in UTF-8, or 0.
std::size_t hfs_ignorable(std::string_view s) noexcept {
  if (s.size() < 3) return 0;
  const auto b0 = static_cast<unsigned char>(s[0]), b1 = static_cast<unsigned char>(s[1]),
             b2 = static_cast<unsigned char>(s[2]);
  if (b0 == 0xe2 && b1 == 0x80 && ((b2 >= 0x8c && b2 <= 0x8f) || (b2 >= 0xaa && b2 <= 0xae))) return 3;
  if (b0 == 0xe2 && b1 == 0x81 && b2 >= 0xaa && b2 <= 0xaf) return 3;
  if (b0 == 0xef && b1 == 0xbb && b2 == 0xbf) return 3;
  return 0;
}

bool is_hfs_dotgit(std::string_view name) noexcept {
  static constexpr std::string_view want = ".git";
  std::size_t w = 0;
  for (std::size_t i = 0; i < name.size();) {
    if (const auto skip = hfs_ignorable(name.substr(i))) {
      i += skip;
      continue;
    }
    if (w == want.size() || lower(name[i]) != want[w]) return false;
    ++w;
    ++i;
  }
  return w == want.size();
}

bool is_ntfs_dotgit(std::string_view name) noexcept {
  std::string_view stem = name;
  while (!stem.empty() && (stem.back() == '.' || stem.back() == ' ')) stem.remove_suffix(1);
  return iequals(stem, ".git") || iequals(stem, "git~1");
}

// `name` without the trailing dots and spaces NTFS ignores.
std::string_view ntfs_stem(std::string_view name) noexcept {
  while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.remove_suffix(1);
  return name;
}

bool is_gitmodules_name(std::string_view name) noexcept {
  return iequals(ntfs_stem(name), ".gitmodules") || iequals(ntfs_stem(name), "gitmod~1");
}

// Files git reads from the tree whose being a symbolic link git fsck --strict reports.
bool is_read_by_git(std::string_view name) noexcept {
  const auto stem = ntfs_stem(name);
  return iequals(stem, ".gitignore") || iequals(stem, ".gitattributes") || iequals(stem, ".mailmap");
}

bool valid_mode(std::uint32_t m) noexcept {
  return m == mode::blob || m == mode::executable || m == mode::symlink || m == mode::tree || m == mode::gitlink;
}

std::string octal(std::uint32_t m) {
  std::string out;
  do {
    out.insert(out.begin(), static_cast<char>('0' + (m & 7)));
    m >>= 3;
  } while (m != 0);
  return out;
}

std::unexpected<Error> bad_tree(std::string why) { return fail(Errc::BadTree, "tree: " + why); }

}  // namespace

bool tree_entry_less(const TreeEntry& a, const TreeEntry& b) noexcept {
  const std::size_t n = std::min(a.name.size(), b.name.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto ca = static_cast<unsigned char>(a.name[i]), cb = static_cast<unsigned char>(b.name[i]);
    if (ca != cb) return ca < cb;
  }
  const unsigned char ea = a.name.size() > n ? static_cast<unsigned char>(a.name[n]) : a.is_tree() ? '/' : 0;
  const unsigned char eb = b.name.size() > n ? static_cast<unsigned char>(b.name[n]) : b.is_tree() ? '/' : 0;
  return ea < eb;
}

bool is_dotgit_name(std::string_view name) noexcept { return is_hfs_dotgit(name) || is_ntfs_dotgit(name); }

Result<Tree> Tree::decode(std::span<const std::uint8_t> body, HashAlgo algo, Check check) {
  Tree tree;
  const std::size_t idlen = digest_size(algo);
  std::size_t p = 0;
  while (p < body.size()) {
    const std::size_t start = p;
    std::uint32_t m = 0;
    for (; p < body.size() && body[p] != ' '; ++p) {
      if (body[p] < '0' || body[p] > '7') return bad_tree("entry at offset " + std::to_string(start) + " has a mode that is not octal");
      if (m > 0777777) return bad_tree("entry at offset " + std::to_string(start) + " has a mode that is too long");
      m = m << 3 | static_cast<std::uint32_t>(body[p] - '0');
    }
    if (p == start || p == body.size()) return bad_tree("entry at offset " + std::to_string(start) + " has no mode");
    if (check == Check::Strict && body[start] == '0')
      return fail(Errc::BadMode, "tree: entry at offset " + std::to_string(start) + " has a zero-padded mode");
    ++p;
    const std::size_t name_start = p;
    while (p < body.size() && body[p] != 0) ++p;
    if (p == body.size()) return bad_tree("entry at offset " + std::to_string(start) + " has a name not ended by NUL");
    std::string name(as_text(body.subspan(name_start, p - name_start)));
    ++p;
    if (body.size() - p < idlen) return bad_tree("entry '" + name + "' is cut short in its id");
    auto id = ObjectId::from_raw(body.subspan(p, idlen), algo);
    p += idlen;
    tree.entries.push_back(TreeEntry{m, std::move(name), *id});
  }
  GIT_TRY_VOID(check_tree(tree, check));
  return tree;
}

std::vector<std::uint8_t> Tree::encode() const {
  std::vector<std::uint8_t> out;
  for (const auto& e : entries) {
    const std::string m = octal(e.mode);
    out.insert(out.end(), m.begin(), m.end());
    out.push_back(' ');
    out.insert(out.end(), e.name.begin(), e.name.end());
    out.push_back(0);
    const auto raw = e.id.raw();
    out.insert(out.end(), raw.begin(), raw.end());
  }
  return out;
}

void Tree::sort() { std::sort(entries.begin(), entries.end(), tree_entry_less); }

const TreeEntry* Tree::find(std::string_view name) const noexcept {
  for (const auto& e : entries)
    if (e.name == name) return &e;
  return nullptr;
}

Result<void> check_tree(const Tree& tree, Check check) {
  const bool strict = check == Check::Strict;
  for (std::size_t i = 0; i < tree.entries.size(); ++i) {
    const auto& e = tree.entries[i];
    // What even plain git fsck refuses.
    if (e.name.empty()) return bad_tree("an entry has an empty name");
    if (e.name.find('\0') != std::string::npos) return bad_tree("an entry has a NUL in its name");
    if (e.mode == mode::symlink && is_gitmodules_name(e.name)) return bad_tree(".gitmodules is a symbolic link");
    if (!strict) continue;
    if (!valid_mode(e.mode))
      return fail(Errc::BadMode, "tree: entry '" + e.name + "' has mode " + octal(e.mode) + ", which git does not accept");
    if (e.name.find('/') != std::string::npos) return bad_tree("entry '" + e.name + "' has a '/' in its name");
    if (e.name == "." || e.name == "..") return bad_tree("an entry is called '" + e.name + "'");
    if (is_dotgit_name(e.name)) return bad_tree("entry '" + e.name + "' is .git to some filesystem");
    if (e.mode == mode::symlink && is_read_by_git(e.name)) return bad_tree(e.name + " is a symbolic link");
    if (e.id.is_null()) return bad_tree("entry '" + e.name + "' has the null id");
  }
  std::vector<std::string_view> names;
  names.reserve(tree.entries.size());
  for (const auto& e : tree.entries) names.push_back(e.name);
  std::sort(names.begin(), names.end());
  if (const auto dup = std::adjacent_find(names.begin(), names.end()); dup != names.end())
    return bad_tree("entry '" + std::string(*dup) + "' appears twice");
  for (std::size_t i = 1; i < tree.entries.size(); ++i)
    if (!tree_entry_less(tree.entries[i - 1], tree.entries[i]))
      return bad_tree("entries '" + tree.entries[i - 1].name + "' and '" + tree.entries[i].name + "' are out of order");
  return {};
}

}  // namespace git
