#include "support.hpp"

#include <cstruct/hexdump.hpp>
#include <nocrypto/sha2.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace nocrypto_pk_test {

Bytes from_hex(std::string_view hex) {
  std::string clean;
  for (char c : hex) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') clean += c;
  }
  auto b = cstruct::of_hex(clean);
  EXPECT_TRUE(b.has_value()) << "bad hex: " << hex.substr(0, 40);
  if (!b) return {};
  return Bytes(b->data(), b->data() + b->size());
}

std::string to_hex(ByteView bytes) { return cstruct::to_hex(bytes); }

bool TestRng::generate(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    nocrypto::Sha256 h;
    h.feed(nocrypto::bytes_of(seed_));
    std::uint8_t c[8];
    for (int i = 0; i < 8; ++i) c[i] = static_cast<std::uint8_t>(counter_ >> (8 * i));
    ++counter_;
    h.feed(c);
    const auto block = h.finish();
    for (std::size_t i = 0; i < block.size() && done < out.size(); ++i) out[done++] = block[i];
  }
  return true;
}

bool ReplayRng::generate(std::span<std::uint8_t> out) {
  std::size_t i = 0;
  for (; i < out.size() && used_ < bytes_.size(); ++i) out[i] = bytes_[used_++];
  if (i < out.size()) return rest_.generate(out.subspan(i));
  return true;
}

DigestAlgorithm digest_named(std::string_view name) {
  std::string n;
  for (char c : name) {
    if (c != '-' && c != '_') n += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (n == "SHA1") return DigestAlgorithm::sha1;
  if (n == "SHA224") return DigestAlgorithm::sha224;
  if (n == "SHA256") return DigestAlgorithm::sha256;
  if (n == "SHA384") return DigestAlgorithm::sha384;
  if (n == "SHA512") return DigestAlgorithm::sha512;
  ADD_FAILURE() << "unknown hash " << name;
  return DigestAlgorithm::sha256;
}

void report(const std::string& what, const Counts& c) {
  std::printf("%s: %d valid, %d invalid", what.c_str(), c.valid, c.invalid);
  if (c.acceptable != 0) std::printf(", %d acceptable", c.acceptable);
  std::printf("\n");
  EXPECT_GT(c.valid + c.invalid + c.acceptable, 0) << what << ": nothing checked";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {
std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}
}  // namespace

void for_each_record(const std::string& path, const std::string& trigger,
                     const std::function<void(const std::map<std::string, std::string>&, int)>&
                         record) {
  std::istringstream in(read_file(path));
  std::map<std::string, std::string> fields;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::string body = line;
    if (line.front() == '[' && line.back() == ']') body = line.substr(1, line.size() - 2);
    const auto eq = body.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = trim(body.substr(0, eq)), value = trim(body.substr(eq + 1));
    fields[key] = value;
    if (key == trigger) record(fields, number);
  }
}

std::vector<std::pair<std::string, Bytes>> read_labelled_hex(const std::string& path) {
  std::istringstream in(read_file(path));
  std::vector<std::pair<std::string, Bytes>> out;
  std::string line, hex;
  bool in_block = false;
  auto flush = [&] {
    if (in_block) out.back().second = from_hex(hex);
    in_block = false;
    hex.clear();
  };
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.rfind("# ", 0) == 0) {
      flush();
      const std::string label = trim(line.substr(2));
      if (label.find("Example") != std::string::npos) {
        out.emplace_back(label, Bytes{});
      } else if (!label.empty() && label.back() == ':') {
        out.emplace_back(label.substr(0, label.size() - 1), Bytes{});
        in_block = true;
      }
    } else if (line.empty() || line[0] == '=') {
      flush();
    } else if (in_block) {
      hex += line;
    }
  }
  flush();
  return out;
}

std::string vector_path(const std::string& name) {
  return std::string(NOCRYPTO_PK_TEST_VECTORS) + "/" + name;
}
std::string cavp_path(const std::string& name) {
  return std::string(NOCRYPTO_PK_CAVP_DIR) + "/" + name;
}

const nocrypto::pk::RsaPrivateKey& test_key_2048() {
  static const nocrypto::pk::RsaPrivateKey key = [] {
    TestRng rng("key");
    return *nocrypto::pk::RsaPrivateKey::generate(rng, 2048);
  }();
  return key;
}

}  // namespace nocrypto_pk_test
