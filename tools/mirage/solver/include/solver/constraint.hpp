// The index's constraint language: opam-like formulas over semver comparisons.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "solver/version_set.hpp"

namespace solver {

// Why a constraint did not parse: a message (which names the offset) and the byte offset.
struct ConstraintError {
  std::string message;  // "expected a version after '>=' at offset 3"
  std::size_t offset = 0;
};

// Parses a constraint into the set of versions it admits. Grammar (whitespace is free):
//   formula := conjunction ('|' conjunction)*        ("||" is accepted too)
//   conjunction := atom (('&' | ',') atom)*          ("&&" is accepted too)
//   atom := '(' formula ')' | '*' | [op] version
//   op := '>=' | '>' | '<=' | '<' | '=' | '==' | '!=' | '^' | '~'
// An empty text or "*" is any version. Operand versions may be partial, as in Cargo:
// "^1.2.3" is >= 1.2.3, < 2.0.0; "^0.2.3" < 0.3.0; "^0.0.3" < 0.0.4; "~1.2.3" and "~1.2"
// are < 1.3.0; "~1" < 2.0.0; "= 1.2" is 1.2.x; "> 1.2" is >= 1.3.0; "<= 1.2" is < 1.3.0.
// A bare version means "^version" (Cargo's default). See VersionSet for pre-releases.
std::expected<VersionSet, ConstraintError> parse_constraint(std::string_view text);

}  // namespace solver
