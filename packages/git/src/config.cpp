#include <git/config.hpp>

#include <algorithm>

namespace git {

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }
bool is_key_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

Result<Config> Config::parse(std::string_view text) {
  Config config;
  std::string section, subsection;
  std::size_t p = 0, line = 1;
  const auto bad = [&](std::string_view why) {
    return fail(Errc::BadConfig, "config line " + std::to_string(line) + ": " + std::string(why));
  };
  while (p < text.size()) {
    const char c = text[p];
    if (c == '\n') { ++line; ++p; continue; }
    if (is_space(c)) { ++p; continue; }
    if (c == '#' || c == ';') {
      while (p < text.size() && text[p] != '\n') ++p;
      continue;
    }
    if (c == '[') {
      ++p;
      const std::size_t start = p;
      while (p < text.size() && (is_key_char(text[p]) || text[p] == '.')) ++p;
      if (p == start) return bad("a section with no name");
      section = lowercase(text.substr(start, p - start));
      subsection.clear();
      if (p < text.size() && text[p] == ' ') {
        ++p;
        if (p >= text.size() || text[p] != '"') return bad("a subsection not in quotes");
        ++p;
        while (p < text.size() && text[p] != '"') {
          if (text[p] == '\n') return bad("a subsection not closed");
          if (text[p] == '\\' && p + 1 < text.size()) ++p;
          subsection += text[p++];
        }
        if (p >= text.size()) return bad("a subsection not closed");
        ++p;
      }
      if (p >= text.size() || text[p] != ']') return bad("a section header not closed by ']'");
      ++p;
      continue;
    }
    if (!is_key_char(c) || section.empty()) return bad("a line that is neither a section nor a key");
    const std::size_t start = p;
    while (p < text.size() && is_key_char(text[p])) ++p;
    Entry e{section, subsection, lowercase(text.substr(start, p - start)), "true"};
    while (p < text.size() && is_space(text[p])) ++p;
    if (p < text.size() && text[p] == '=') {
      ++p;
      e.value.clear();
      bool quoted = false;
      std::size_t pending_space = 0;  // spaces kept only if something follows them
      while (p < text.size()) {
        const char v = text[p];
        if (v == '\n' && !quoted) break;
        if (v == '\n') return bad("a quoted value not closed");
        if (!quoted && (v == '#' || v == ';')) {
          while (p < text.size() && text[p] != '\n') ++p;
          break;
        }
        ++p;
        if (v == '"') {
          quoted = !quoted;
          continue;
        }
        if (!quoted && is_space(v)) {
          if (!e.value.empty()) ++pending_space;
          continue;
        }
        e.value.append(pending_space, ' ');
        pending_space = 0;
        if (v == '\\') {
          if (p >= text.size()) return bad("a '\\' at the end");
          const char x = text[p++];
          switch (x) {
            case '\n': ++line; break;
            case 'n': e.value += '\n'; break;
            case 't': e.value += '\t'; break;
            case 'b': if (!e.value.empty()) e.value.pop_back(); break;
            case '"': case '\\': e.value += x; break;
            default: return bad("an unknown escape");
          }
          continue;
        }
        e.value += v;
      }
      if (quoted) return bad("a quoted value not closed");
    } else if (p < text.size() && text[p] != '\n' && text[p] != '#' && text[p] != ';') {
      return bad("a key followed by something other than '='");
    }
    config.entries_.push_back(std::move(e));
  }
  return config;
}

std::optional<std::string> Config::get(std::string_view section, std::string_view key) const {
  return get(section, "", key);
}

std::optional<std::string> Config::get(std::string_view section, std::string_view subsection,
                                       std::string_view key) const {
  const std::string s = lowercase(section), k = lowercase(key);
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
    if (it->section == s && it->subsection == subsection && it->key == k) return it->value;
  return std::nullopt;
}

std::optional<bool> Config::get_bool(std::string_view section, std::string_view key) const {
  const auto v = get(section, key);
  if (!v) return std::nullopt;
  const std::string l = lowercase(*v);
  if (l == "true" || l == "yes" || l == "on" || l == "1") return true;
  if (l == "false" || l == "no" || l == "off" || l == "0" || l.empty()) return false;
  return std::nullopt;
}

}  // namespace git
