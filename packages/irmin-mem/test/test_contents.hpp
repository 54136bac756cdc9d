#pragma once
// User-defined contents for the tests: an inventory (a map of counters), a set of tags,
// and a last-writer-wins note, each with its own encoding and the merge combinators.
#include <irmin/contents.hpp>
#include <irmin/merge.hpp>
#include <irmin/path.hpp>

#include <map>
#include <ostream>
#include <set>
#include <string>
#include <string_view>

// How gtest shows the ready-made contents in a failure.
namespace irmin::contents {
inline void PrintTo(const Counter& c, std::ostream* os) {
  *os << "Counter{" << c.value << "}";
}
inline void PrintTo(const String& s, std::ostream* os) {
  *os << "String{\"" << s.value << "\"}";
}
}  // namespace irmin::contents
namespace irmin {
inline void PrintTo(const Conflict& c, std::ostream* os) {
  *os << path_string(c.path) << ": " << c.reason;
}
}  // namespace irmin

namespace irmin_mem_test {

inline std::vector<std::uint8_t> to_bytes(std::string_view s) {
  return {s.begin(), s.end()};
}

// Lines of text; BadContents for a last line without its newline.
inline irmin::Result<std::vector<std::string>> lines(std::span<const std::uint8_t> bytes) {
  std::vector<std::string> out;
  std::string line;
  for (auto b : bytes) {
    if (b == '\n') {
      out.push_back(std::move(line));
      line.clear();
    } else {
      line.push_back(static_cast<char>(b));
    }
  }
  if (!line.empty()) return irmin::fail(irmin::Errc::BadContents, "unterminated line");
  return out;
}

// "name count\n" per item, names sorted; merged key by key as counters.
struct Inventory {
  std::map<std::string, std::int64_t> items;

  std::vector<std::uint8_t> encode() const {
    std::string out;
    for (const auto& [name, n] : items) out += name + " " + std::to_string(n) + "\n";
    return to_bytes(out);
  }
  static irmin::Result<Inventory> decode(std::span<const std::uint8_t> bytes) {
    IRMIN_TRY(auto ls, lines(bytes));
    Inventory inv;
    for (const auto& l : ls) {
      const auto space = l.rfind(' ');
      if (space == std::string::npos || space == 0)
        return irmin::fail(irmin::Errc::BadContents, "bad item");
      IRMIN_TRY(auto n,
                irmin::contents::Counter::decode(to_bytes(std::string_view(l).substr(space + 1))));
      inv.items[l.substr(0, space)] = n.value;
    }
    return inv;
  }
  static irmin::MergeResult<Inventory> merge(const std::optional<Inventory>& old,
                                             const Inventory& ours, const Inventory& theirs) {
    std::optional<std::map<std::string, std::int64_t>> base;
    if (old) base = old->items;
    auto m = irmin::merge::map(base, ours.items, theirs.items, irmin::merge::counter);
    if (!m) return std::unexpected(m.error());
    return Inventory{std::move(*m)};
  }
  friend bool operator==(const Inventory&, const Inventory&) = default;
};

// One tag per line; merged as a set.
struct Tags {
  std::set<std::string> tags;

  std::vector<std::uint8_t> encode() const {
    std::string out;
    for (const auto& t : tags) out += t + "\n";
    return to_bytes(out);
  }
  static irmin::Result<Tags> decode(std::span<const std::uint8_t> bytes) {
    IRMIN_TRY(auto ls, lines(bytes));
    return Tags{{ls.begin(), ls.end()}};
  }
  static irmin::MergeResult<Tags> merge(const std::optional<Tags>& old, const Tags& ours,
                                        const Tags& theirs) {
    std::optional<std::set<std::string>> base;
    if (old) base = old->tags;
    auto m = irmin::merge::set(base, ours.tags, theirs.tags);
    if (!m) return std::unexpected(m.error());
    return Tags{std::move(*m)};
  }
  friend bool operator==(const Tags&, const Tags&) = default;
};

// "time\ntext": the later write wins.
struct Note {
  irmin::merge::Timestamped<std::string> note;

  std::vector<std::uint8_t> encode() const {
    return to_bytes(std::to_string(note.time) + "\n" + note.value);
  }
  static irmin::Result<Note> decode(std::span<const std::uint8_t> bytes) {
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) return irmin::fail(irmin::Errc::BadContents, "no time");
    IRMIN_TRY(auto t, irmin::contents::Counter::decode(to_bytes(text.substr(0, nl))));
    if (t.value < 0) return irmin::fail(irmin::Errc::BadContents, "negative time");
    return Note{{static_cast<std::uint64_t>(t.value), std::string(text.substr(nl + 1))}};
  }
  static irmin::MergeResult<Note> merge(const std::optional<Note>& old, const Note& ours,
                                        const Note& theirs) {
    std::optional<irmin::merge::Timestamped<std::string>> base;
    if (old) base = old->note;
    auto m = irmin::merge::last_writer_wins(base, ours.note, theirs.note);
    if (!m) return std::unexpected(m.error());
    return Note{std::move(*m)};
  }
  friend bool operator==(const Note&, const Note&) = default;
};

static_assert(irmin::Contents<Inventory>);
static_assert(irmin::Contents<Tags>);
static_assert(irmin::Contents<Note>);

inline irmin::Info info(std::string message, std::uint64_t time = 1700000000) {
  return irmin::Info::make("Tester", "tester@example.org", time, std::move(message) + "\n");
}

}  // namespace irmin_mem_test
