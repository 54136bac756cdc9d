#pragma once
#include <mirage-runtime/key_error.hpp>

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace mirage_runtime {

// Splits a boot command line, as a bare-metal boot passes it, into arguments the way a
// shell would: blanks separate; '...' keeps everything literally; "..." keeps everything
// but lets a backslash escape " and \; outside quotes a backslash escapes any character.
// Quotes may sit inside a word (--name="a b" gives --name=a b) and "" is an empty
// argument. Fails with UnterminatedQuote when a quote is not closed.
std::expected<std::vector<std::string>, KeyError> split_command_line(std::string_view line);

}  // namespace mirage_runtime
