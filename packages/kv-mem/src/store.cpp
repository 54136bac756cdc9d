#include <kv_mem/store.hpp>

namespace kv_mem {

using mirage::KvError;
using mirage::KvKey;
using mirage::KvKind;

struct Store::Node {
  bool dictionary = false;
  std::string value;
  mirage::Ptime modified;
  std::map<std::string, std::unique_ptr<Node>, std::less<>> children;
};

namespace {

using Node = Store::Node;

// The node a key names, or the error that says why there is none.
std::expected<Node*, KvError> find(Node* root, const KvKey& key) {
  Node* n = root;
  for (const auto& seg : key.segments()) {
    if (!n->dictionary) return std::unexpected(KvError::DictionaryExpected);
    auto it = n->children.find(seg);
    if (it == n->children.end()) return std::unexpected(KvError::NotFound);
    n = it->second.get();
  }
  return n;
}

std::expected<Node*, KvError> find_value(Node* root, const KvKey& key) {
  auto n = find(root, key);
  if (n && (*n)->dictionary) return std::unexpected(KvError::ValueExpected);
  return n;
}

}  // namespace

Store::Store(Clock now) : now_(std::move(now)), root_(std::make_unique<Node>()) {
  root_->dictionary = true;
}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

async::Task<std::expected<std::optional<KvKind>, KvError>> Store::exists(const KvKey& key) {
  auto n = find(root_.get(), key);
  if (!n) {
    if (n.error() == KvError::NotFound) co_return std::optional<KvKind>{};
    co_return std::unexpected(n.error());
  }
  co_return std::optional<KvKind>((*n)->dictionary ? KvKind::Dictionary : KvKind::Value);
}

async::Task<std::expected<std::string, KvError>> Store::get(const KvKey& key) {
  auto n = find_value(root_.get(), key);
  if (!n) co_return std::unexpected(n.error());
  co_return (*n)->value;
}

async::Task<std::expected<std::string, KvError>> Store::get_partial(const KvKey& key,
                                                                   std::uint64_t offset,
                                                                   std::uint64_t length) {
  auto n = find_value(root_.get(), key);
  if (!n) co_return std::unexpected(n.error());
  const std::string& v = (*n)->value;
  if (offset > v.size()) co_return std::unexpected(KvError::BadRange);
  co_return v.substr(offset, length);
}

async::Task<std::expected<std::vector<mirage::KvEntry>, KvError>> Store::list(const KvKey& key) {
  auto n = find(root_.get(), key);
  if (!n) co_return std::unexpected(n.error());
  if (!(*n)->dictionary) co_return std::unexpected(KvError::DictionaryExpected);
  std::vector<mirage::KvEntry> out;
  out.reserve((*n)->children.size());
  for (const auto& [name, child] : (*n)->children)
    out.push_back({name, child->dictionary ? KvKind::Dictionary : KvKind::Value});
  co_return out;
}

async::Task<std::expected<std::uint64_t, KvError>> Store::size(const KvKey& key) {
  auto n = find_value(root_.get(), key);
  if (!n) co_return std::unexpected(n.error());
  co_return std::uint64_t((*n)->value.size());
}

async::Task<std::expected<mirage::Ptime, KvError>> Store::last_modified(const KvKey& key) {
  auto n = find(root_.get(), key);
  if (!n) co_return std::unexpected(n.error());
  co_return (*n)->modified;
}

async::Task<std::expected<void, KvError>> Store::set(const KvKey& key, std::string_view data) {
  if (key.is_root()) co_return std::unexpected(KvError::ValueExpected);
  const auto stamp = now_ ? now_() : mirage::Ptime{};
  Node* n = root_.get();
  const auto& segs = key.segments();
  for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
    auto& slot = n->children[segs[i]];
    if (!slot) {
      slot = std::make_unique<Node>();
      slot->dictionary = true;
    } else if (!slot->dictionary) {
      co_return std::unexpected(KvError::DictionaryExpected);
    }
    slot->modified = stamp;
    n = slot.get();
  }
  auto& leaf = n->children[segs.back()];
  if (leaf && leaf->dictionary) co_return std::unexpected(KvError::ValueExpected);
  if (!leaf) leaf = std::make_unique<Node>();
  leaf->value.assign(data);
  leaf->modified = stamp;
  n->modified = stamp;
  root_->modified = stamp;
  co_return std::expected<void, KvError>{};
}

async::Task<std::expected<void, KvError>> Store::set_partial(const KvKey& key, std::uint64_t offset,
                                                            std::string_view data) {
  auto n = find_value(root_.get(), key);
  if (!n) co_return std::unexpected(n.error());
  std::string& v = (*n)->value;
  if (offset > v.max_size() - data.size()) co_return std::unexpected(KvError::BadRange);
  if (v.size() < offset + data.size()) v.resize(offset + data.size(), '\0');
  v.replace(offset, data.size(), data);
  if (now_) (*n)->modified = now_();
  co_return std::expected<void, KvError>{};
}

async::Task<std::expected<void, KvError>> Store::remove(const KvKey& key) {
  if (key.is_root()) {
    root_->children.clear();
    co_return std::expected<void, KvError>{};
  }
  auto parent = find(root_.get(), key.parent());
  if (!parent) co_return std::unexpected(parent.error());
  if (!(*parent)->dictionary) co_return std::unexpected(KvError::DictionaryExpected);
  auto it = (*parent)->children.find(key.basename());
  if (it == (*parent)->children.end()) co_return std::unexpected(KvError::NotFound);
  (*parent)->children.erase(it);
  co_return std::expected<void, KvError>{};
}

async::Task<std::expected<void, KvError>> Store::rename(const KvKey& from, const KvKey& to) {
  if (from.is_root() || to.is_root()) co_return std::unexpected(KvError::Invalid);
  // A dictionary cannot move inside itself.
  const auto& fs = from.segments();
  const auto& ts = to.segments();
  if (ts.size() > fs.size() && std::equal(fs.begin(), fs.end(), ts.begin()))
    co_return std::unexpected(KvError::Invalid);
  if (from == to) {
    auto n = find(root_.get(), from);
    if (!n) co_return std::unexpected(n.error());
    co_return std::expected<void, KvError>{};
  }
  auto src_parent = find(root_.get(), from.parent());
  if (!src_parent) co_return std::unexpected(src_parent.error());
  auto src = (*src_parent)->children.find(from.basename());
  if (src == (*src_parent)->children.end()) co_return std::unexpected(KvError::NotFound);
  auto dst_parent = find(root_.get(), to.parent());
  if (!dst_parent) co_return std::unexpected(dst_parent.error());
  if (!(*dst_parent)->dictionary) co_return std::unexpected(KvError::DictionaryExpected);
  auto dst = (*dst_parent)->children.find(to.basename());
  if (dst != (*dst_parent)->children.end() && dst->second->dictionary)
    co_return std::unexpected(KvError::AlreadyPresent);
  auto node = std::move(src->second);
  (*src_parent)->children.erase(src);
  (*dst_parent)->children.insert_or_assign(std::string(to.basename()), std::move(node));
  co_return std::expected<void, KvError>{};
}

}  // namespace kv_mem
