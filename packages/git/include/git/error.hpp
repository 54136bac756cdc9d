#pragma once
// Errors of the git package: a code a program can act on and a sentence a person can read
// ("tree entry 'a/b' has a '/' in its name"). Every fallible call returns git::Result<T>.
#include <cstdint>
#include <expected>
#include <string>
#include <utility>

#include <cstruct/error.hpp>

namespace git {

enum class Errc : std::uint8_t {
  Truncated,     // the input ends inside a field
  BadHeader,     // an object header that is not "<type> <size>\0", or a size that lies
  BadId,         // an object id that is not hex of the right length
  BadMode,       // a tree entry mode git does not accept
  BadTree,       // a malformed, unsorted or duplicate tree entry, or a forbidden name
  BadIdent,      // an author/committer/tagger line that is not "name <email> time tz"
  BadCommit,     // a commit with missing, misplaced or malformed headers
  BadTag,        // a tag with missing, misplaced or malformed headers
  Zlib,          // compressed data that does not inflate, or inflates to the wrong size
  TooLarge,      // an object or delta result above the limit the caller set
  BadPack,       // a pack file that is not well formed
  BadIndex,      // a pack index that is not well formed or disagrees with its pack
  BadDelta,      // delta instructions that read outside the base or write past the result
  DeltaTooDeep,  // a delta chain longer than allowed, or a cycle
  Checksum,      // a trailing checksum or object id that does not match the contents
  NotFound,      // no such object or ref
  WrongType,     // an object of another type than the one asked for
  BadRef,        // a ref name or ref file that is not well formed
  LockFailed,    // another writer holds the lock file
  Stale,         // a compare-and-swap update found a value other than the one expected
  BadConfig,     // a config file line that cannot be read
  Io,            // the operating system refused a read or write (unix layer only)
};

struct Error {
  Errc code;
  std::string message;

  Error(Errc c, std::string m) : code(c), message(std::move(m)) {}
  // A cstruct reader failure: the input ended early or had bytes left over.
  Error(const cstruct::Error& e)  // NOLINT(google-explicit-constructor): for CSTRUCT_TRY
      : code(Errc::Truncated), message(cstruct::describe(e)) {}
};

template <class T>
using Result = std::expected<T, Error>;

// std::unexpected(Error{code, message}), for `return fail(...)` in any Result function.
inline std::unexpected<Error> fail(Errc code, std::string message) {
  return std::unexpected(Error(code, std::move(message)));
}

// A short lowercase name for a code, e.g. "bad tree"; never null.
const char* to_string(Errc code) noexcept;

}  // namespace git

// GIT_TRY(decl, expr) and GIT_TRY_VOID(expr): CSTRUCT_TRY under this package's name.
#define GIT_TRY(decl, expr) CSTRUCT_TRY(decl, expr)
#define GIT_TRY_VOID(expr) CSTRUCT_TRY_VOID(expr)
