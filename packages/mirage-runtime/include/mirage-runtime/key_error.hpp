#pragma once
#include <string>

namespace mirage_runtime {

// Why boot parameters were rejected. message is one line that names the key, such as
// "invalid value 'abc' for --port: expected an integer in 0..65535".
struct KeyError {
  enum class Kind {
    UnknownKey,          // --prot, when only --port exists
    InvalidValue,        // --port=abc
    MissingValue,        // --port as the last argument
    DuplicateKey,        // --port=1 --port=2
    MissingRequired,     // a required key not given
    UnexpectedArgument,  // a word that is not --key or --key=value
    UnterminatedQuote,   // a command line with an opening quote and no closing one
  };
  Kind kind;
  std::string key;  // the key's name without "--"; empty when no key is involved
  std::string message;
};

}  // namespace mirage_runtime
