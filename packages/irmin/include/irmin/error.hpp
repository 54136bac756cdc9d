#pragma once
// Errors of the irmin package: a code a program can act on, a sentence a person can read,
// and for a merge that conflicts, every conflicting path with its reason.
#include <cstdint>
#include <expected>
#include <string>
#include <utility>
#include <vector>

#include <git/error.hpp>

namespace irmin {

enum class Errc : std::uint8_t {
  NotFound,     // no such branch, object or path
  Stale,        // a test-and-set found another value than the one expected
  Conflict,     // a merge that cannot be done without a choice (see Error::conflicts)
  BadPath,      // a path step that is not a valid git tree entry name, or an empty path
  BadBranch,    // a branch name that would not make a valid ref under refs/heads/
  BadObject,    // an object that is missing, of the wrong type, or not valid git
  BadContents,  // bytes that the contents type does not decode
  Backend,      // the backend failed for its own reasons (I/O...)
};

// A path is a sequence of steps, "a/b/c" as {"a", "b", "c"}; the empty path is the root.
using Path = std::vector<std::string>;

// One path a merge could not decide, and why ("deleted on one side, changed on the other").
struct Conflict {
  Path path;
  std::string reason;

  friend bool operator==(const Conflict&, const Conflict&) = default;
};

struct Error {
  Errc code;
  std::string message;
  std::vector<Conflict> conflicts;  // for Errc::Conflict: every path, in path order

  Error(Errc c, std::string m) : code(c), message(std::move(m)) {}
  // A git package error: NotFound and Stale keep their meaning, Io and LockFailed are
  // Backend, the rest (malformed objects) BadObject.
  Error(const git::Error& e);  // NOLINT(google-explicit-constructor): for IRMIN_TRY
};

// A short lowercase name for a code, e.g. "conflict"; never null.
const char* to_string(Errc code) noexcept;

template <class T>
using Result = std::expected<T, Error>;

// The error {code, message} as a Result's failure: `return fail(Errc::NotFound, "...")`.
std::unexpected<Error> fail(Errc code, std::string message);

}  // namespace irmin

// Unwrap a Result or return its error (any error converting to irmin::Error, git's too):
// IRMIN_TRY(auto x, expr); IRMIN_TRY_VOID(expr);
#define IRMIN_TRY(decl, expr) CSTRUCT_TRY(decl, expr)
#define IRMIN_TRY_VOID(expr) CSTRUCT_TRY_VOID(expr)
