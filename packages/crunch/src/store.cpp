#include <crunch/store.hpp>

#include <algorithm>

namespace crunch {

using mirage::KvError;
using mirage::KvKey;
using mirage::KvKind;

namespace {
// "/a/b/" for a dictionary key, the prefix every path inside it starts with.
std::string dir_prefix(const KvKey& key) {
  std::string p = key.to_string();
  if (p.back() != '/') p += '/';
  return p;
}
}  // namespace

const File* Store::find(const KvKey& key) const {
  const std::string path = key.to_string();
  auto it = std::lower_bound(files_.begin(), files_.end(), path,
                             [](const File& f, const std::string& p) { return f.path < p; });
  if (it != files_.end() && it->path == path) return &*it;
  return nullptr;
}

std::optional<KvKind> Store::kind(const KvKey& key) const {
  if (key.is_root()) return KvKind::Dictionary;
  if (find(key)) return KvKind::Value;
  const std::string prefix = dir_prefix(key);
  auto it = std::lower_bound(files_.begin(), files_.end(), prefix,
                             [](const File& f, const std::string& p) { return f.path < p; });
  if (it != files_.end() && it->path.starts_with(prefix)) return KvKind::Dictionary;
  return std::nullopt;
}

async::Task<std::expected<std::optional<KvKind>, KvError>> Store::exists(const KvKey& key) const {
  co_return kind(key);
}

async::Task<std::expected<std::string, KvError>> Store::get(const KvKey& key) const {
  if (const File* f = find(key)) co_return std::string(f->bytes());
  co_return std::unexpected(kind(key) ? KvError::ValueExpected : KvError::NotFound);
}

async::Task<std::expected<std::string, KvError>> Store::get_partial(const KvKey& key,
                                                                   std::uint64_t offset,
                                                                   std::uint64_t length) const {
  const File* f = find(key);
  if (!f) co_return std::unexpected(kind(key) ? KvError::ValueExpected : KvError::NotFound);
  auto bytes = f->bytes();
  if (offset > bytes.size()) co_return std::unexpected(KvError::BadRange);
  co_return std::string(bytes.substr(offset, length));
}

async::Task<std::expected<std::vector<mirage::KvEntry>, KvError>> Store::list(const KvKey& key) const {
  auto k = kind(key);
  if (!k) co_return std::unexpected(KvError::NotFound);
  if (*k != KvKind::Dictionary) co_return std::unexpected(KvError::DictionaryExpected);
  const std::string prefix = dir_prefix(key);
  std::vector<mirage::KvEntry> out;
  auto it = std::lower_bound(files_.begin(), files_.end(), prefix,
                             [](const File& f, const std::string& p) { return f.path < p; });
  for (; it != files_.end() && it->path.starts_with(prefix); ++it) {
    auto rest = it->path.substr(prefix.size());
    auto slash = rest.find('/');
    mirage::KvEntry e{std::string(rest.substr(0, slash)),
                      slash == std::string_view::npos ? KvKind::Value : KvKind::Dictionary};
    if (out.empty() || out.back().name != e.name) out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end());
  co_return out;
}

async::Task<std::expected<std::uint64_t, KvError>> Store::size(const KvKey& key) const {
  if (const File* f = find(key)) co_return *f->size;
  co_return std::unexpected(kind(key) ? KvError::ValueExpected : KvError::NotFound);
}

async::Task<std::expected<mirage::Ptime, KvError>> Store::last_modified(const KvKey& key) const {
  if (!kind(key)) co_return std::unexpected(KvError::NotFound);
  co_return mirage::Ptime{};
}

}  // namespace crunch
