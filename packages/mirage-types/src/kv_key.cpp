#include <mirage/kv_key.hpp>

#include <cassert>

namespace mirage {
namespace {
std::string_view bad_segment(std::string_view s) {
  if (s == ".") return "'.' is not allowed in a key";
  if (s == "..") return "'..' is not allowed in a key";
  if (s.find('\0') != std::string_view::npos) return "a key segment may not hold a NUL byte";
  return {};
}
}  // namespace

std::string KvKeyError::describe() const { return std::string(reason) + ": '" + segment + "'"; }

std::expected<KvKey, KvKeyError> KvKey::parse(std::string_view text) {
  KvKey key;
  while (!text.empty()) {
    auto slash = text.find('/');
    auto segment = text.substr(0, slash);
    text = slash == std::string_view::npos ? std::string_view{} : text.substr(slash + 1);
    if (segment.empty()) continue;
    if (auto why = bad_segment(segment); !why.empty())
      return std::unexpected(KvKeyError{why, std::string(segment)});
    key.segments_.emplace_back(segment);
  }
  return key;
}

KvKey KvKey::parent() const {
  KvKey p = *this;
  if (!p.segments_.empty()) p.segments_.pop_back();
  return p;
}

std::string_view KvKey::basename() const {
  return segments_.empty() ? std::string_view{} : std::string_view(segments_.back());
}

KvKey KvKey::append(std::string_view segment) const {
  assert(!segment.empty() && segment.find('/') == std::string_view::npos &&
         bad_segment(segment).empty());
  KvKey k = *this;
  k.segments_.emplace_back(segment);
  return k;
}

std::string KvKey::to_string() const {
  if (segments_.empty()) return "/";
  std::string out;
  for (const auto& s : segments_) {
    out += '/';
    out += s;
  }
  return out;
}

}  // namespace mirage
