#include <git/refs.hpp>

#include <algorithm>

namespace git {

namespace {

std::unexpected<Error> bad_ref(std::string_view name, std::string_view why) {
  return fail(Errc::BadRef, "ref name '" + std::string(name.substr(0, 200)) + "': " + std::string(why));
}

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<void> check_ref_name(std::string_view name) {
  if (name == "HEAD") return {};
  if (name.substr(0, 5) != "refs/") return bad_ref(name, "not HEAD and not under refs/");
  if (name.back() == '/') return bad_ref(name, "ends with '/'");
  if (name.back() == '.') return bad_ref(name, "ends with '.'");
  if (name.find("..") != std::string_view::npos) return bad_ref(name, "contains '..'");
  if (name.find("@{") != std::string_view::npos) return bad_ref(name, "contains '@{'");
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return bad_ref(name, "contains a control character");
    if (std::string_view(" ~^:?*[\\").find(c) != std::string_view::npos)
      return bad_ref(name, std::string("contains '") + c + "'");
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    auto end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    const auto part = name.substr(start, end - start);
    if (part.empty()) return bad_ref(name, "has an empty component");
    if (part[0] == '.') return bad_ref(name, "has a component starting with '.'");
    if (part.size() >= 5 && part.substr(part.size() - 5) == ".lock") return bad_ref(name, "has a component ending in .lock");
    start = end + 1;
  }
  return {};
}

Result<RefValue> parse_ref_file(std::string_view text, HashAlgo algo) {
  if (text.substr(0, 5) == "ref: ") {
    const auto target = trim_right(text.substr(5));
    GIT_TRY_VOID(check_ref_name(target));
    return RefValue::symbolic(std::string(target));
  }
  const std::size_t n = 2 * digest_size(algo);
  if (text.size() < n || (text.size() > n && !is_space(text[n])))
    return fail(Errc::BadRef, "ref file: not an id or 'ref: <name>'");
  if (!trim_right(text.substr(n)).empty()) return fail(Errc::BadRef, "ref file: text after the id");
  auto id = ObjectId::from_hex(text.substr(0, n), algo);
  if (!id) return fail(Errc::BadRef, "ref file: " + id.error().message);
  return RefValue::direct(*id);
}

std::string format_ref_file(const RefValue& value) {
  if (value.is_symbolic()) return "ref: " + value.target + "\n";
  return value.id->hex() + "\n";
}

Result<std::vector<PackedRef>> parse_packed_refs(std::string_view text, HashAlgo algo) {
  std::vector<PackedRef> refs;
  const std::size_t n = 2 * digest_size(algo);
  std::size_t p = 0;
  std::size_t line_no = 0;
  while (p < text.size()) {
    const auto nl = text.find('\n', p);
    if (nl == std::string_view::npos) return fail(Errc::BadRef, "packed-refs: the last line has no newline");
    const auto line = text.substr(p, nl - p);
    p = nl + 1;
    ++line_no;
    const std::string where = "packed-refs line " + std::to_string(line_no) + ": ";
    if (line_no == 1 && line.substr(0, 1) == "#") continue;
    if (line.substr(0, 1) == "^") {
      if (refs.empty() || refs.back().peeled) return fail(Errc::BadRef, where + "a peeled value with no ref before it");
      auto id = ObjectId::from_hex(line.substr(1), algo);
      if (!id) return fail(Errc::BadRef, where + id.error().message);
      refs.back().peeled = *id;
      continue;
    }
    if (line.size() < n + 2 || line[n] != ' ') return fail(Errc::BadRef, where + "not '<id> <name>'");
    auto id = ObjectId::from_hex(line.substr(0, n), algo);
    if (!id) return fail(Errc::BadRef, where + id.error().message);
    const auto name = line.substr(n + 1);
    if (auto ok = check_ref_name(name); !ok) return fail(Errc::BadRef, where + ok.error().message);
    refs.push_back({std::string(name), *id, std::nullopt});
  }
  return refs;
}

std::string format_packed_refs(std::vector<PackedRef> refs) {
  std::sort(refs.begin(), refs.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::string out = "# pack-refs with: peeled fully-peeled sorted \n";
  for (const auto& r : refs) {
    out += r.id.hex() + " " + r.name + "\n";
    if (r.peeled) out += "^" + r.peeled->hex() + "\n";
  }
  return out;
}

std::string format_reflog_entry(const ReflogEntry& entry) {
  std::string out = entry.old_id.hex() + " " + entry.new_id.hex() + " " + format_signature(entry.who);
  std::string message = entry.message;
  std::replace(message.begin(), message.end(), '\n', ' ');
  const auto last = message.find_last_not_of(' ');
  message.resize(last == std::string::npos ? 0 : last + 1);
  if (!message.empty()) out += "\t" + message;
  out += "\n";
  return out;
}

Result<std::vector<ReflogEntry>> parse_reflog(std::string_view text, HashAlgo algo) {
  std::vector<ReflogEntry> entries;
  const std::size_t n = 2 * digest_size(algo);
  std::size_t p = 0;
  while (p < text.size()) {
    auto nl = text.find('\n', p);
    if (nl == std::string_view::npos) nl = text.size();
    const auto line = text.substr(p, nl - p);
    p = nl + 1;
    if (line.size() < 2 * n + 2 || line[n] != ' ' || line[2 * n + 1] != ' ')
      return fail(Errc::BadRef, "reflog: a line is not '<old> <new> <ident>'");
    auto old_id = ObjectId::from_hex(line.substr(0, n), algo);
    auto new_id = ObjectId::from_hex(line.substr(n + 1, n), algo);
    if (!old_id || !new_id) return fail(Errc::BadRef, "reflog: a bad id");
    const auto rest = line.substr(2 * n + 2);
    const auto tab = rest.find('\t');
    GIT_TRY(auto who, parse_signature(rest.substr(0, tab)));
    entries.push_back({*old_id, *new_id, std::move(who),
                       tab == std::string_view::npos ? std::string() : std::string(rest.substr(tab + 1))});
  }
  return entries;
}

}  // namespace git
