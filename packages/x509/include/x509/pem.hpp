#pragma once
// PEM (RFC 7468): "-----BEGIN LABEL-----", base64 lines, "-----END LABEL-----".
// Text outside the blocks is ignored (explanatory text is allowed); RFC 1421 headers
// ("Proc-Type: ...") are refused, as RFC 7468 does not carry them.
#include <x509/error.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace x509 {

struct PemBlock {
  std::string label;  // "CERTIFICATE", "PUBLIC KEY", ...
  Bytes data;         // the decoded base64
  friend bool operator==(const PemBlock&, const PemBlock&) = default;
};

// Every block of the text, in order. Pem error for: a BEGIN without its END, an END whose
// label differs from the BEGIN's, a bad label, a character outside base64 and
// whitespace, bad padding or a length that is not whole base64 quanta, a header line.
// Text without any block gives an empty vector.
Result<std::vector<PemBlock>> decode_pem(std::string_view text);

// The data of every block labelled `label`; Pem error when a block is malformed or when
// there is no block with that label.
Result<std::vector<Bytes>> decode_pem_label(std::string_view text, std::string_view label);

// One block: BEGIN line, base64 in lines of 64 characters, END line, each ending in "\n".
std::string encode_pem(std::string_view label, ByteView data);

// Base64 (RFC 4648, standard alphabet, padded) of data, on one line; and back, strict
// (whitespace skipped, padding required, unused bits zero).
std::string base64_encode(ByteView data);
Result<Bytes> base64_decode(std::string_view text);

}  // namespace x509
