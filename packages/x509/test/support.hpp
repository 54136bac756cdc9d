#pragma once
// Test helpers: files, hex, running commands, temporary directories.
#include <x509/x509.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>

namespace x509_test {

inline const char* kCaBundle = "/etc/ssl/certs/ca-certificates.crt";

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline x509::Bytes read_bytes(const std::string& path) {
  const std::string s = read_text(path);
  return x509::Bytes(s.begin(), s.end());
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline void write_bytes(const std::string& path, const x509::Bytes& b) {
  write_text(path, std::string(b.begin(), b.end()));
}

inline x509::Bytes hex(std::string_view h) {
  x509::Bytes out;
  int nibble = -1;
  for (char c : h) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    else
      continue;
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(nibble * 16 + v));
      nibble = -1;
    }
  }
  return out;
}

inline std::string to_hex(const x509::Bytes& b) {
  static const char* digits = "0123456789ABCDEF";
  std::string s;
  for (auto x : b) {
    s += digits[x >> 4];
    s += digits[x & 15];
  }
  return s;
}

// Runs a shell command; its standard output, and whether it exited with 0.
inline std::pair<std::string, bool> run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return {out, false};
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  return {out, status == 0};
}

// A deterministic RandomSource for tests (xorshift64*): keys and serials that repeat.
class TestRandom {
 public:
  explicit TestRandom(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  bool generate(std::span<std::uint8_t> out) noexcept {
    for (auto& b : out) b = static_cast<std::uint8_t>(next() >> 56);
    return true;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1Dull;
  }
  std::uint64_t state_;
};

// A directory that exists for the life of the object.
class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "x509-test-XXXXXX").string();
    if (char* d = mkdtemp(templ.data())) path_ = d;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace x509_test
