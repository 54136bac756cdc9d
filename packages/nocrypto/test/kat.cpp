#include "kat.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace nocrypto_test {
namespace {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return std::string(s.substr(first, last - first + 1));
}

std::string where(const std::string& path, const Record& r) {
  return path + ":" + std::to_string(r.line);
}

// The message of a CAVP record: Len is in bits, and "Msg = 00" stands for the empty one.
Bytes message(const Record& r) {
  Bytes msg = r.hex("Msg");
  if (r.has("Len")) msg.resize(std::stoul(r.at("Len")) / 8);
  return msg;
}

// pyca writes PBKDF2 passwords as text, with "\0" for a zero byte.
Bytes unescape(const std::string& s) {
  Bytes out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '0') {
      out.push_back(0);
      ++i;
    } else {
      out.push_back(static_cast<std::uint8_t>(s[i]));
    }
  }
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

}  // namespace

const std::string& Record::at(const std::string& key) const {
  static const std::string none;
  if (const auto it = fields.find(key); it != fields.end()) return it->second;
  if (const auto it = section.find(key); it != section.end()) return it->second;
  ADD_FAILURE() << "line " << line << ": no field " << key;
  return none;
}

std::vector<Record> read_records(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::vector<Record> out;
  std::map<std::string, std::string> section;
  Record current;
  auto flush = [&] {
    if (!current.fields.empty()) out.push_back(std::move(current));
    current = Record{};
    current.section = section;
  };
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (line[0] == '[') {
      const std::string inside = line.substr(1, line.find(']') - 1);
      const auto ieq = inside.find('=');
      section[trim(inside.substr(0, ieq))] =
          ieq == std::string::npos ? "" : trim(inside.substr(ieq + 1));
      flush();
      continue;
    }
    if (eq == std::string::npos) continue;
    const std::string key = trim(line.substr(0, eq));
    if (current.has(key)) flush();
    if (current.fields.empty()) current.line = number;
    current.fields[key] = trim(line.substr(eq + 1));
  }
  flush();
  return out;
}

void report(const std::string& what, const Counts& counts) {
  std::printf("%s: %d valid, %d invalid", what.c_str(), counts.valid, counts.invalid);
  if (counts.skipped != 0) std::printf(", %d skipped", counts.skipped);
  std::printf("\n");
  EXPECT_GT(counts.valid + counts.invalid, 0) << what << ": no case checked";
}

Counts check_digests(const std::string& path, const Suite& suite) {
  Counts c;
  for (const Record& r : read_records(path)) {
    if (!r.has("Msg") || !r.has("MD")) continue;
    EXPECT_EQ(to_hex(suite.hash(message(r))), lower(r.at("MD"))) << where(path, r);
    ++c.valid;
  }
  return c;
}

// MD_i = H(MD_{i-3} || MD_{i-2} || MD_{i-1}), 1000 times from three copies of the seed.
Counts check_sha2_monte(const std::string& path, const Suite& suite) {
  Counts c;
  const auto records = read_records(path);
  if (records.empty()) return c;
  Bytes seed = records.front().hex("Seed");
  for (const Record& r : records) {
    if (!r.has("MD")) continue;
    Bytes md[3] = {seed, seed, seed};
    for (int i = 0; i < 1000; ++i) {
      Bytes m = md[0];
      m.insert(m.end(), md[1].begin(), md[1].end());
      m.insert(m.end(), md[2].begin(), md[2].end());
      md[0] = std::move(md[1]);
      md[1] = std::move(md[2]);
      md[2] = suite.hash(m);
    }
    seed = md[2];
    EXPECT_EQ(to_hex(seed), lower(r.at("MD"))) << where(path, r);
    ++c.valid;
  }
  return c;
}

// MD_i = H(MD_{i-1}), 1000 times per checkpoint.
Counts check_sha3_monte(const std::string& path, const Suite& suite) {
  Counts c;
  const auto records = read_records(path);
  if (records.empty()) return c;
  Bytes md = records.front().hex("Seed");
  for (const Record& r : records) {
    if (!r.has("MD")) continue;
    for (int i = 0; i < 1000; ++i) md = suite.hash(md);
    EXPECT_EQ(to_hex(md), lower(r.at("MD"))) << where(path, r);
    ++c.valid;
  }
  return c;
}

Counts check_xof(const std::string& path, const std::string& xof) {
  const auto shake = xof_named(xof);
  Counts c;
  for (const Record& r : read_records(path)) {
    if (!r.has("Msg") || !r.has("Output")) continue;
    EXPECT_EQ(to_hex(shake(message(r), std::stoul(r.at("Outputlen")) / 8)), lower(r.at("Output")))
        << where(path, r);
    ++c.valid;
  }
  return c;
}

// SHA3VS §6.3.3: each message is the first 16 bytes of the previous output (zero-padded),
// and each output's last two bytes choose the next output's length.
Counts check_xof_monte(const std::string& path, const std::string& xof) {
  const auto shake = xof_named(xof);
  Counts c;
  const auto records = read_records(path);
  if (records.empty()) return c;
  const std::size_t min = std::stoul(records.front().at("Minimum Output Length (bits)")) / 8;
  const std::size_t max = std::stoul(records.front().at("Maximum Output Length (bits)")) / 8;
  Bytes output = records.front().hex("Msg");
  std::size_t length = max;
  for (const Record& r : records) {
    if (!r.has("Output")) continue;
    for (int i = 0; i < 1000; ++i) {
      Bytes msg(16, 0);
      std::copy_n(output.begin(), std::min<std::size_t>(16, output.size()), msg.begin());
      output = shake(msg, length);
      const std::size_t last = std::size_t{output[output.size() - 2]} << 8 | output.back();
      length = min + last % (max - min + 1);
    }
    EXPECT_EQ(to_hex(output), lower(r.at("Output"))) << where(path, r);
    ++c.valid;
  }
  return c;
}

Counts check_hmac(const std::string& path, const Suite& suite) {
  Counts c;
  for (const Record& r : read_records(path)) {
    if (!r.has("Key") || !r.has("MD")) continue;
    const Bytes key = r.hex("Key"), msg = r.hex("Msg"), tag = r.hex("MD");
    EXPECT_EQ(to_hex(suite.hmac(key, msg)), to_hex(tag)) << where(path, r);
    EXPECT_TRUE(suite.hmac_verify(key, msg, tag)) << where(path, r);
    ++c.valid;
  }
  return c;
}

Counts check_hkdf(const std::string& path) {
  Counts c;
  for (const Record& r : read_records(path)) {
    if (!r.has("OKM")) continue;
    const Suite* suite = suite_named(r.at("Hash"));
    if (suite == nullptr) continue;
    const Bytes ikm = r.hex("IKM"), salt = r.hex("salt"), info = r.hex("info");
    if (r.has("PRK")) {
      EXPECT_EQ(to_hex(suite->hkdf_extract(salt, ikm)), lower(r.at("PRK"))) << where(path, r);
    }
    const auto okm = suite->hkdf(salt, ikm, info, std::stoul(r.at("L")));
    EXPECT_EQ(okm ? to_hex(*okm) : "refused", lower(r.at("OKM"))) << where(path, r);
    ++c.valid;
  }
  return c;
}

Counts check_pbkdf2(const std::string& path, const Suite& suite, std::uint32_t min_iterations,
                    std::uint32_t max_iterations) {
  Counts c;
  for (const Record& r : read_records(path)) {
    if (!r.has("DERIVED_KEY")) continue;
    const auto iterations = static_cast<std::uint32_t>(std::stoul(r.at("ITERATIONS")));
    if (iterations < min_iterations || iterations > max_iterations) {
      ++c.skipped;
      continue;
    }
    const auto key = suite.pbkdf2(unescape(r.at("PASSWORD")), unescape(r.at("SALT")), iterations,
                                  std::stoul(r.at("LENGTH")));
    EXPECT_EQ(key ? to_hex(*key) : "refused", lower(r.at("DERIVED_KEY"))) << where(path, r);
    ++c.valid;
  }
  return c;
}

Counts check_wycheproof_mac(const std::string& path, const Suite& suite) {
  Counts c;
  const nlohmann::json doc = read_json(path);
  if (!doc.contains("testGroups")) return c;
  for (const auto& group : doc["testGroups"]) {
    const std::size_t tag_size = group["tagSize"].get<std::size_t>() / 8;
    for (const auto& t : group["tests"]) {
      const Bytes key = from_hex(t["key"].get<std::string>());
      const Bytes msg = from_hex(t["msg"].get<std::string>());
      const Bytes tag = from_hex(t["tag"].get<std::string>());
      const std::string id = path + " tcId " + std::to_string(t["tcId"].get<int>());
      const bool accepted = suite.hmac_verify(key, msg, tag);
      if (t["result"] == "valid") {
        Bytes mac = suite.hmac(key, msg);
        mac.resize(std::min(mac.size(), tag_size));
        EXPECT_EQ(to_hex(mac), to_hex(tag)) << id;
        EXPECT_TRUE(accepted) << id;
        ++c.valid;
      } else {
        EXPECT_FALSE(accepted) << id;
        ++c.invalid;
      }
    }
  }
  return c;
}

Counts check_wycheproof_hkdf(const std::string& path, const Suite& suite) {
  Counts c;
  const nlohmann::json doc = read_json(path);
  if (!doc.contains("testGroups")) return c;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      const auto okm =
          suite.hkdf(from_hex(t["salt"].get<std::string>()), from_hex(t["ikm"].get<std::string>()),
                     from_hex(t["info"].get<std::string>()), t["size"].get<std::size_t>());
      const std::string id = path + " tcId " + std::to_string(t["tcId"].get<int>());
      if (t["result"] == "valid") {
        EXPECT_EQ(okm ? to_hex(*okm) : "refused", t["okm"].get<std::string>()) << id;
        ++c.valid;
      } else {
        EXPECT_FALSE(okm.has_value()) << id;
        ++c.invalid;
      }
    }
  }
  return c;
}

}  // namespace nocrypto_test
