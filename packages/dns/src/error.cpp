#include <dns/error.hpp>

namespace dns {

const char* to_string(Errc code) noexcept {
  switch (code) {
    case Errc::Truncated:
      return "truncated input";
    case Errc::TrailingData:
      return "trailing data";
    case Errc::LabelTooLong:
      return "label longer than 63 bytes";
    case Errc::NameTooLong:
      return "name longer than 255 bytes";
    case Errc::BadLabelType:
      return "unknown label type";
    case Errc::BadPointer:
      return "compression pointer not strictly backwards";
    case Errc::BadRdata:
      return "malformed rdata";
    case Errc::BadOpt:
      return "misplaced or repeated OPT record";
    case Errc::NoRoom:
      return "no room for the encoding";
    case Errc::BadValue:
      return "value cannot be encoded";
  }
  return "unknown error";
}

std::string describe(const Error& error) {
  return std::string(to_string(error.code)) + " at offset " + std::to_string(error.offset);
}

}  // namespace dns
