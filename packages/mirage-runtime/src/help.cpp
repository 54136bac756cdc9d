#include <mirage-runtime/keys.hpp>

#include <algorithm>

namespace mirage_runtime {
namespace {

constexpr std::size_t width = 80;
constexpr std::size_t heading_indent = 7;  // cmdliner's columns
constexpr std::size_t text_indent = 11;

// Appends text as whole words on lines at most `width` wide (a longer word stands alone),
// each line indented by indent; nothing for a text without words.
void append_wrapped(std::string& out, std::string_view text, std::size_t indent) {
  std::size_t column = 0;
  for (;;) {
    const std::size_t start = text.find_first_not_of(" \t\n");
    if (start == text.npos) break;
    text.remove_prefix(start);
    const std::string_view word = text.substr(0, text.find_first_of(" \t\n"));
    text.remove_prefix(word.size());
    if (column > 0 && column + 1 + word.size() > width) {
      out += '\n';
      column = 0;
    }
    if (column == 0) {
      out.append(indent, ' ');
      column = indent;
    } else {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  if (column > 0) out += '\n';
}

// A line at the heading column, as it is.
void append_line(std::string& out, std::string_view line) {
  out.append(heading_indent, ' ').append(line) += '\n';
}

// One option: its heading line, its help below, a blank line after.
void append_entry(std::string& out, const detail::Slot& slot) {
  std::string heading = slot.flag ? "--[no-]" + slot.name : "--" + slot.name + "=" + slot.docv;
  if (slot.required) {
    heading += " (required)";
  } else if (!slot.default_text.empty()) {
    heading += " (absent=" + slot.default_text + ")";
  }
  append_line(out, heading);
  append_wrapped(out, slot.help, text_indent);
  out += '\n';
}

std::string usage_line(std::string_view name) {
  return std::string(name) + " [OPTION]...";
}

}  // namespace

std::string Keys::help() const {
  std::string out = "NAME\n";
  append_wrapped(out, synopsis_.empty() ? name_ : name_ + " - " + synopsis_, heading_indent);
  out += "\nSYNOPSIS\n";
  append_line(out, usage_line(name_));

  std::vector<const detail::Slot*> declared;
  for (std::size_t i = 1; i < slots_.size(); ++i) declared.push_back(slots_[i].get());
  std::sort(declared.begin(), declared.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  if (!declared.empty()) out += "\nOPTIONS\n";
  for (const auto* slot : declared) append_entry(out, *slot);

  out += declared.empty() ? "\nCOMMON OPTIONS\n" : "COMMON OPTIONS\n";
  append_line(out, "--help");
  append_wrapped(out, "Show this help and exit.", text_indent);
  out += '\n';
  append_entry(out, *slots_[0]);

  out += "EXIT STATUS\n";
  append_wrapped(out, name_ + " exits with:", heading_indent);
  static constexpr std::pair<int, std::string_view> statuses[] = {
      {exit_code::success, "on success, and after showing this help."},
      {exit_code::failure, "on application failure."},
      {exit_code::argument_error, "on any boot parameter error."},
      {exit_code::internal_error, "on unexpected internal errors (bugs)."},
  };
  for (const auto& [code, meaning] : statuses) {
    std::string line = KeyType<int>::print(code);
    line.resize(4, ' ');
    out += '\n';
    append_line(out, line.append(meaning));
  }
  return out;
}

std::string Keys::error_text(const KeyError& error) const {
  return name_ + ": " + error.message + "\nUsage: " + usage_line(name_) + "\nTry '" + name_ +
         " --help' for more information.\n";
}

}  // namespace mirage_runtime
