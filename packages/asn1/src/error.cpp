#include <asn1/error.hpp>

namespace asn1 {

const char* code_name(Code code) noexcept {
  switch (code) {
    case Code::Truncated: return "Truncated";
    case Code::BadTag: return "BadTag";
    case Code::TagTooLarge: return "TagTooLarge";
    case Code::NonMinimalTag: return "NonMinimalTag";
    case Code::BadLength: return "BadLength";
    case Code::NonMinimalLength: return "NonMinimalLength";
    case Code::IndefiniteLength: return "IndefiniteLength";
    case Code::LengthLimit: return "LengthLimit";
    case Code::DepthLimit: return "DepthLimit";
    case Code::UnexpectedTag: return "UnexpectedTag";
    case Code::ExpectedPrimitive: return "ExpectedPrimitive";
    case Code::ExpectedConstructed: return "ExpectedConstructed";
    case Code::ConstructedString: return "ConstructedString";
    case Code::BadBoolean: return "BadBoolean";
    case Code::BadInteger: return "BadInteger";
    case Code::NonMinimalInteger: return "NonMinimalInteger";
    case Code::IntegerRange: return "IntegerRange";
    case Code::BadBitString: return "BadBitString";
    case Code::NonZeroPadding: return "NonZeroPadding";
    case Code::BadNull: return "BadNull";
    case Code::BadOid: return "BadOid";
    case Code::BadTime: return "BadTime";
    case Code::BadString: return "BadString";
    case Code::MissingField: return "MissingField";
    case Code::ExtraElement: return "ExtraElement";
    case Code::DuplicateField: return "DuplicateField";
    case Code::UnsortedSet: return "UnsortedSet";
    case Code::DefaultEncoded: return "DefaultEncoded";
    case Code::TrailingBytes: return "TrailingBytes";
    case Code::InvalidValue: return "InvalidValue";
    case Code::Rejected: return "Rejected";
  }
  return "?";
}

namespace {
bool needs_dot(const std::string& rest) { return !rest.empty() && rest.front() != '['; }
}  // namespace

Error& Error::within(std::string_view name) {
  std::string p(name);
  if (needs_dot(path)) p += '.';
  p += path;
  path = std::move(p);
  return *this;
}

Error& Error::within_index(std::size_t index) {
  // Appended piece by piece: `"[" + std::string` draws a false -Wrestrict from g++ 12.
  std::string step(1, '[');
  step += std::to_string(index);
  step += ']';
  return within(step);
}

std::string Error::to_string() const {
  std::string s = message;
  s += " at offset ";
  s += std::to_string(offset);
  if (!path.empty()) {
    s += " (";
    s += path;
    s += ')';
  }
  return s;
}

}  // namespace asn1
