#pragma once
// A small HTTP/1.1 client for indexes and archives served over http:// (no TLS yet).
#include <string>

#include "util.hpp"

namespace mirage_tool {

// GETs `url` ("http://host[:port]/path"); the body on a 200 answer, an error naming the
// URL and the status (or the network failure) otherwise. Follows up to 5 redirects.
Result<std::string> http_get(const std::string& url);

}  // namespace mirage_tool
