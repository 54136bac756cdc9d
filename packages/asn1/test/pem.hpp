#pragma once
// Test helpers: PEM blocks out of a file, base64 decoding, reading and writing files.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace asn1_test {

using Bytes = std::vector<std::uint8_t>;

inline std::optional<Bytes> base64(const std::string& text) {
  Bytes out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=' || c == '\n' || c == '\r' || c == ' ') continue;
    else return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits));
    }
  }
  return out;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline Bytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// The DER of every "-----BEGIN <label>-----" block in the text.
inline std::vector<Bytes> pem_blocks(const std::string& text, const std::string& label = "CERTIFICATE") {
  std::vector<Bytes> blocks;
  const std::string begin = "-----BEGIN " + label + "-----";
  const std::string end = "-----END " + label + "-----";
  std::size_t at = 0;
  while ((at = text.find(begin, at)) != std::string::npos) {
    const std::size_t body = at + begin.size();
    const std::size_t stop = text.find(end, body);
    if (stop == std::string::npos) break;
    if (auto der = base64(text.substr(body, stop - body))) blocks.push_back(std::move(*der));
    at = stop + end.size();
  }
  return blocks;
}

inline const char* kCaBundle = "/etc/ssl/certs/ca-certificates.crt";

}  // namespace asn1_test
