#pragma once
// Known-answer files: NIST CAVP .rsp, pyca's .txt vectors (same "Key = value" shape) and
// Wycheproof JSON. Each check_* reads one file, checks every case with EXPECTs that name
// the file and line, and returns how many valid and invalid cases it checked.
#include "support.hpp"

#include <map>
#include <string>

namespace nocrypto_test {

struct Record {
  std::map<std::string, std::string> fields;
  std::map<std::string, std::string> section;  // from "[Name = value]" lines above it
  int line = 0;
  bool has(const std::string& key) const { return fields.count(key) != 0; }
  // The field, else the section's setting of that name; a missing one fails the test.
  const std::string& at(const std::string& key) const;
  Bytes hex(const std::string& key) const { return from_hex(at(key)); }
};

// The records of a file; a record ends where a key it already has appears again.
// Fails the test when the file cannot be read.
std::vector<Record> read_records(const std::string& path);

struct Counts {
  int valid = 0;
  int invalid = 0;
  int skipped = 0;
};
// Prints "<what>: N valid, M invalid[, K skipped]" and fails the test when nothing was
// checked at all.
void report(const std::string& what, const Counts& counts);

Counts check_digests(const std::string& path, const Suite& suite);     // Len, Msg, MD
Counts check_sha2_monte(const std::string& path, const Suite& suite);  // SHA-1/SHA-2 Monte
Counts check_sha3_monte(const std::string& path, const Suite& suite);
Counts check_xof(const std::string& path, const std::string& xof);  // Short, Long, VariableOut
Counts check_xof_monte(const std::string& path, const std::string& xof);
Counts check_hmac(const std::string& path, const Suite& suite);  // Key, Msg, MD
Counts check_hkdf(const std::string& path);                      // Hash names the suite
// Checks the cases with min..max iterations; the others count as skipped.
Counts check_pbkdf2(const std::string& path, const Suite& suite, std::uint32_t min_iterations,
                    std::uint32_t max_iterations);
Counts check_wycheproof_mac(const std::string& path, const Suite& suite);
Counts check_wycheproof_hkdf(const std::string& path, const Suite& suite);

}  // namespace nocrypto_test
