#include <irmin/error.hpp>

#include <iterator>

namespace irmin {

namespace {
Errc from_git(git::Errc code) noexcept {
  if (code == git::Errc::NotFound) return Errc::NotFound;
  if (code == git::Errc::Stale) return Errc::Stale;
  if (code == git::Errc::Io || code == git::Errc::LockFailed) return Errc::Backend;
  return Errc::BadObject;  // everything else is about malformed input
}
}  // namespace

Error::Error(const git::Error& e) : code(from_git(e.code)), message(e.message) {}

std::unexpected<Error> fail(Errc code, std::string message) {
  return std::unexpected(Error(code, std::move(message)));
}

const char* to_string(Errc code) noexcept {
  // In Errc's order.
  static constexpr const char* names[] = {"not found",    "stale value",     "conflict",
                                          "bad path",     "bad branch name", "bad object",
                                          "bad contents", "backend failure"};
  const auto i = static_cast<std::size_t>(code);
  return i < std::size(names) ? names[i] : "unknown error";
}

}  // namespace irmin
