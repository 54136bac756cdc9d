#pragma once
// Git config files: "[section]" or "[section \"subsection\"]" headers and "key = value"
// lines, enough to read a repository's own config (core.bare, extensions.objectFormat).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <git/error.hpp>

namespace git {

class Config {
 public:
  // Reads a config file's text: comments ('#', ';'), quoted values with \" \\ \n \t
  // escapes, a trailing '\\' continuing a value, a key alone meaning "true". BadConfig
  // with the line number otherwise.
  static Result<Config> parse(std::string_view text);

  // The last value of section.key (or section."subsection".key); section and key match
  // in any case, the subsection exactly.
  std::optional<std::string> get(std::string_view section, std::string_view key) const;
  std::optional<std::string> get(std::string_view section, std::string_view subsection, std::string_view key) const;
  // A boolean as git reads one (true/yes/on/1, false/no/off/0/empty); nullopt if unset or
  // not a boolean.
  std::optional<bool> get_bool(std::string_view section, std::string_view key) const;

 private:
  struct Entry {
    std::string section;     // lowercased
    std::string subsection;  // as written
    std::string key;         // lowercased
    std::string value;
  };
  std::vector<Entry> entries_;
};

}  // namespace git
