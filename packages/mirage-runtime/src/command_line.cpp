#include <mirage-runtime/command_line.hpp>

namespace mirage_runtime {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::expected<std::vector<std::string>, KeyError> split_command_line(std::string_view line) {
  std::vector<std::string> args;
  std::string word;
  bool in_word = false;  // distinct from !word.empty(): "" is a word
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (is_blank(c)) {
      if (in_word) args.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      word += i + 1 < line.size() ? line[++i] : '\\';
    } else if (c == '\'' || c == '"') {
      const std::size_t open = i;
      for (++i; i < line.size() && line[i] != c; ++i) {
        const bool escape = c == '"' && line[i] == '\\' && i + 1 < line.size() &&
                            (line[i + 1] == '"' || line[i + 1] == '\\');
        word += line[escape ? ++i : i];
      }
      if (i == line.size()) {
        return std::unexpected(
            KeyError{KeyError::Kind::UnterminatedQuote, "",
                     "unterminated quote in command line: " + std::string(line.substr(open))});
      }
    } else {
      word += c;
    }
  }
  if (in_word) args.push_back(std::move(word));
  return args;
}

}  // namespace mirage_runtime
