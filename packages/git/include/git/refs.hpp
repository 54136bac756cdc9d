#pragma once
// Refs as text: names (git check-ref-format), loose ref files, packed-refs and reflog
// lines. The files under .git are read and written by git::Repository (unix).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <git/error.hpp>
#include <git/object_id.hpp>
#include <git/signature.hpp>

namespace git {

// Succeeds for "HEAD" and for names under "refs/" that git check-ref-format accepts: no
// empty component or one starting with '.' or ending in ".lock", no "..", "@{", '\\',
// control characters, space, '~', '^', ':', '?', '*', '[', no trailing '.' or '/'.
// BadRef saying which rule failed otherwise.
Result<void> check_ref_name(std::string_view name);

// What a loose ref file (or HEAD) holds: an id, or "ref: <name>" for a symbolic ref.
struct RefValue {
  std::optional<ObjectId> id;  // set for a direct ref
  std::string target;          // set for a symbolic ref

  bool is_symbolic() const noexcept { return !id.has_value(); }
  static RefValue direct(const ObjectId& id) { return {id, {}}; }
  static RefValue symbolic(std::string target) { return {std::nullopt, std::move(target)}; }
  friend bool operator==(const RefValue&, const RefValue&) = default;
};
// Reads a ref file: "<hex>\n" or "ref: <name>\n" (trailing whitespace allowed). BadRef.
Result<RefValue> parse_ref_file(std::string_view text, HashAlgo algo);
// The file's contents for `value`.
std::string format_ref_file(const RefValue& value);

struct PackedRef {
  std::string name;
  ObjectId id;
  std::optional<ObjectId> peeled;  // for an annotated tag: the object it finally points to
  friend bool operator==(const PackedRef&, const PackedRef&) = default;
};
// Reads a packed-refs file: an optional "# pack-refs with: ..." header, "<hex> <name>"
// lines, each optionally followed by "^<hex>" (its peeled value). BadRef.
Result<std::vector<PackedRef>> parse_packed_refs(std::string_view text, HashAlgo algo);
// A packed-refs file with the refs sorted by name, as git writes it ("peeled
// fully-peeled sorted" in the header; the caller gives peeled values for annotated tags).
std::string format_packed_refs(std::vector<PackedRef> refs);

struct ReflogEntry {
  ObjectId old_id;
  ObjectId new_id;
  Signature who;
  std::string message;  // one line
  friend bool operator==(const ReflogEntry&, const ReflogEntry&) = default;
};
// One reflog line, newline included: "<old> <new> <ident>\t<message>\n" (no tab when the
// message is empty); newlines in the message become spaces, as git does.
std::string format_reflog_entry(const ReflogEntry& entry);
// Every line of a reflog file. BadRef for a line that is not an entry.
Result<std::vector<ReflogEntry>> parse_reflog(std::string_view text, HashAlgo algo);

}  // namespace git
