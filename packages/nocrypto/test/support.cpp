#include "support.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>

#include <unistd.h>

namespace nocrypto_test {

Bytes from_hex(std::string_view hex) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  Bytes out;
  if (hex.size() % 2 != 0) {
    ADD_FAILURE() << "odd-length hex: " << hex;
    return out;
  }
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      ADD_FAILURE() << "bad hex: " << hex;
      return {};
    }
    out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
  }
  return out;
}

Bytes xorshift_bytes(std::size_t n, std::uint64_t& state) {
  Bytes out(n);
  for (auto& b : out) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    b = static_cast<std::uint8_t>(state);
  }
  return out;
}

std::optional<std::string> command_output(const std::string& command) {
  FILE* p = popen((command + " 2>/dev/null").c_str(), "r");
  if (p == nullptr) return std::nullopt;
  std::string out;
  char chunk[4096];
  for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, p)) > 0;) out.append(chunk, n);
  if (pclose(p) != 0) return std::nullopt;
  return out;
}

TempFile::TempFile(const Bytes& bytes) {
  const int fd = mkstemp(path_);
  ok_ = fd >= 0 && (bytes.empty() ||
                    write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  if (fd >= 0) close(fd);
}

TempFile::~TempFile() {
  unlink(path_);
}

Bytes TempFile::read() const {
  std::ifstream in(path_, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string to_hex(ByteView bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

const std::vector<Suite>& all_suites() {
  using namespace nocrypto;
  static const std::vector<Suite> suites = {
      suite_of<Md5>("md5"),
      suite_of<Sha1>("sha1"),
      suite_of<Sha224>("sha224"),
      suite_of<Sha256>("sha256"),
      suite_of<Sha384>("sha384"),
      suite_of<Sha512>("sha512"),
      suite_of<Sha512_224>("sha512-224"),
      suite_of<Sha512_256>("sha512-256"),
      suite_of<Sha3_224>("sha3-224"),
      suite_of<Sha3_256>("sha3-256"),
      suite_of<Sha3_384>("sha3-384"),
      suite_of<Sha3_512>("sha3-512"),
      suite_of<Blake2b<64>>("blake2b512"),
      suite_of<Blake2s<32>>("blake2s256"),
  };
  return suites;
}

namespace {
// Lowercase, without '-', '_' and '/': "SHA-512/256" and "sha512-256" both give "sha512256".
std::string canonical(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c != '-' && c != '_' && c != '/') {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}
}  // namespace

const Suite* suite_named(std::string_view name) {
  for (const Suite& s : all_suites()) {
    if (canonical(s.name) == canonical(name)) return &s;
  }
  ADD_FAILURE() << "no hash named " << name;
  return nullptr;
}

std::function<Bytes(ByteView, std::size_t)> xof_named(std::string_view name) {
  using Xof = void (*)(ByteView, std::span<std::uint8_t>);
  Xof xof = canonical(name) == "shake128"   ? nocrypto::shake128
            : canonical(name) == "shake256" ? nocrypto::shake256
                                            : nullptr;
  if (xof == nullptr) ADD_FAILURE() << "no XOF named " << name;
  return [xof](ByteView m, std::size_t n) {
    Bytes out(n);
    if (xof != nullptr) xof(m, out);
    return out;
  };
}

}  // namespace nocrypto_test
