#pragma once
// Loading trust anchors from the file system, for unix programs (header-only, so the
// portable library has no I/O): a bundle file, a directory, or the system's store.
#include <ca-certs/anchors.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace ca_certs::unix_store {

// Debian's bundle (update-ca-certificates writes it) and directory.
inline constexpr const char* system_bundle = "/etc/ssl/certs/ca-certificates.crt";
inline constexpr const char* system_directory = "/etc/ssl/certs";

inline Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return x509::fail(x509::ErrorCode::InvalidValue,
                      "cannot read " + path + ": " + std::generic_category().message(errno));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every certificate of a PEM bundle file.
inline Result<Anchors> load_bundle(const std::string& path) {
  auto text = read_text(path);
  if (!text) return std::unexpected(std::move(text.error()));
  auto a = Anchors::from_pem(*text);
  if (!a) a.error().message = path + ": " + a.error().message;
  return a;
}

// Every certificate in the regular files (or links to them) of a directory whose names
// end in .pem, .crt or .0-.9 (OpenSSL's hashed links), each held once. A file that is
// not PEM is an error naming it.
inline Result<Anchors> load_directory(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(path, ec);
  if (ec)
    return x509::fail(x509::ErrorCode::InvalidValue, "cannot list " + path + ": " + ec.message());
  std::vector<fs::path> files;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const auto name = it->path().filename().string();
    const auto ext = it->path().extension().string();
    const bool hashed = ext.size() == 2 && ext[1] >= '0' && ext[1] <= '9';
    if (ext != ".pem" && ext != ".crt" && !hashed) continue;
    if (!fs::is_regular_file(it->path(), ec)) continue;  // follows links; skips broken ones
    files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  Anchors a;
  for (const auto& f : files) {
    auto text = read_text(f.string());
    if (!text) return std::unexpected(std::move(text.error()));
    auto added = a.add_pem(*text);
    if (!added) {
      added.error().message = f.string() + ": " + added.error().message;
      return std::unexpected(std::move(added.error()));
    }
  }
  return a;
}

// The system's anchors: $SSL_CERT_FILE, else $SSL_CERT_DIR, else Debian's bundle, else
// Debian's directory (the order OpenSSL's defaults give).
inline Result<Anchors> load_system() {
  if (const char* f = std::getenv("SSL_CERT_FILE"); f && *f) return load_bundle(f);
  if (const char* d = std::getenv("SSL_CERT_DIR"); d && *d) return load_directory(d);
  std::error_code ec;
  if (std::filesystem::exists(system_bundle, ec)) return load_bundle(system_bundle);
  return load_directory(system_directory);
}

}  // namespace ca_certs::unix_store
