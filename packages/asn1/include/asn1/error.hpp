#pragma once
// Decoding and encoding errors as values: what went wrong (a code and a short static
// message), where (the byte offset into the input) and in which field (a path such as
// "tbsCertificate.validity.notBefore").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace asn1 {

enum class Code : std::uint8_t {
  Truncated,           // the input ends inside an element
  BadTag,              // malformed identifier octets
  TagTooLarge,         // a tag number above 2^32-1
  NonMinimalTag,       // DER: high-tag-number form for a number below 31
  BadLength,           // malformed length octets
  NonMinimalLength,    // DER: long form or leading zeros where a shorter form fits
  IndefiniteLength,    // DER: indefinite length
  LengthLimit,         // an element or the input longer than Limits::max_length
  DepthLimit,          // nesting deeper than Limits::max_depth
  UnexpectedTag,       // an element whose tag the grammar does not expect here
  ExpectedPrimitive,   // constructed encoding of a primitive type
  ExpectedConstructed, // primitive encoding of a constructed type
  ConstructedString,   // DER: constructed encoding of a string type
  BadBoolean,          // BOOLEAN not one octet, or (DER) not 00 or FF
  BadInteger,          // empty INTEGER or ENUMERATED
  NonMinimalInteger,   // DER: redundant leading 00 or FF octets
  IntegerRange,        // an INTEGER that does not fit the C++ type asked for
  BadBitString,        // malformed BIT STRING
  NonZeroPadding,      // DER: BIT STRING unused bits not zero
  BadNull,             // NULL with contents
  BadOid,              // malformed OBJECT IDENTIFIER
  BadTime,             // malformed or invalid UTCTime or GeneralizedTime
  BadString,           // a character outside the string type's set (or bad UTF-8)
  MissingField,        // a required field absent
  ExtraElement,        // an element after the last field of a SEQUENCE or SET
  DuplicateField,      // a SET field present twice
  UnsortedSet,         // DER: SET or SET OF elements out of canonical order
  DefaultEncoded,      // DER: a field equal to its DEFAULT value is present
  TrailingBytes,       // bytes after the top-level element
  InvalidValue,        // encoding: a value the type cannot represent
  Rejected,            // a map() conversion refused the decoded value
};

// The enumerator's name, e.g. "NonMinimalLength".
const char* code_name(Code code) noexcept;

struct Error {
  Code code = Code::InvalidValue;
  std::size_t offset = 0;    // byte offset into the decoded input (0 for encoding errors)
  const char* message = "";  // short and static: "indefinite length in DER"
  std::string path;          // fields from the outside in: "tbsCertificate.extensions[2].critical"

  static Error at(Code code, std::size_t offset, const char* message) {
    Error e;
    e.code = code;
    e.offset = offset;
    e.message = message;
    return e;
  }
  // Prepends a field name (or, for within_index, an element index) to the path.
  Error& within(std::string_view name);
  Error& within_index(std::size_t index);
  // "indefinite length in DER at offset 4 (tbsCertificate.subject)".
  std::string to_string() const;
};

}  // namespace asn1
