// Interop: our zone-file parser and message codec against dnspython (python3-dnspython) and
// ldns-read-zone (ldnsutils), on the zones in test/data. Records are compared as
// "owner type class ttl rdata" with owner and rdata in uncompressed wire form (hex, case
// kept), so presentation differences do not matter but every byte does. Skips a peer that
// is not installed.
#include <dns/dns.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using Lines = std::multiset<std::string>;

std::string data(const std::string& file) {
  const char* dir = std::getenv("DNS_TEST_DATA");
  return std::string(dir ? dir : "test/data") + "/" + file;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// What `command` prints on stdout, with `input` on its stdin; nothing if it failed.
std::optional<std::string> run(const std::string& command, const std::string& input = "") {
  char path[] = "/tmp/dns-interop-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return std::nullopt;
  const bool wrote =
      input.empty() || write(fd, input.data(), input.size()) == static_cast<ssize_t>(input.size());
  close(fd);
  std::optional<std::string> out;
  if (FILE* p = wrote ? popen((command + " < " + path + " 2>/dev/null").c_str(), "r") : nullptr) {
    out.emplace();
    char chunk[4096];
    for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, p)) > 0;) out->append(chunk, n);
    if (pclose(p) != 0) out.reset();
  }
  unlink(path);
  return out;
}

// A Python that has dnspython (Debian's, not necessarily the first python3 on PATH).
std::optional<std::string> dnspython() {
  for (const char* py : {"/usr/bin/python3", "python3"}) {
    if (run(std::string(py) + " -c 'import dns.zone'"))
      return std::string(py) + " " + data("dnspython_dump.py");
  }
  return std::nullopt;
}

bool have(const char* tool) {
  return run(std::string("command -v ") + tool).has_value();
}

Lines split(const std::string& text) {
  Lines out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (!l.empty()) out.insert(l);
  }
  return out;
}

// The lines only one side has, for a readable failure.
std::string difference(const Lines& ours, const Lines& theirs) {
  std::string out;
  for (const auto& l : ours) {
    if (!theirs.contains(l)) out += "  only ours:   " + l + "\n";
  }
  for (const auto& l : theirs) {
    if (!ours.contains(l)) out += "  only theirs: " + l + "\n";
  }
  return out;
}
#define EXPECT_SAME_LINES(ours, theirs) EXPECT_EQ(difference(ours, theirs), "")

std::string line_of(const dns::Record& r) {
  cstruct::Writer w;
  dns::encode_rdata(w, r.data);
  return dns_test::hex_of(r.name.wire()) + " " + std::to_string(static_cast<int>(r.type())) + " " +
         std::to_string(static_cast<int>(r.rclass)) + " " + std::to_string(r.ttl) + " " +
         dns_test::hex_of(*w.finish_span());
}

Lines lines_of(const std::vector<dns::Record>& records) {
  Lines out;
  for (const auto& r : records) out.insert(line_of(r));
  return out;
}

std::vector<dns::Record> parse(const std::string& text, const char* origin) {
  dns::ZoneFileOptions o;
  o.origin = dns_test::name(origin);
  auto records = dns::parse_zone_file(text, o);
  EXPECT_TRUE(records.has_value()) << records.error().describe();
  return records ? *records : std::vector<dns::Record>{};
}

struct ZoneCase {
  const char* file;
  const char* origin;
};
const ZoneCase kZones[] = {{"interop.zone", "example.com."}, {"generate.zone", "example.org."}};

TEST(DnspythonInterop, ReadsZoneFilesAsWeDo) {
  const auto py = dnspython();
  if (!py) GTEST_SKIP() << "dnspython is not installed";
  for (const auto& z : kZones) {
    const auto theirs = run(*py + " zone " + data(z.file) + " " + z.origin);
    ASSERT_TRUE(theirs) << "dnspython failed on " << z.file;
    const Lines ours = lines_of(parse(read_file(data(z.file)), z.origin));
    EXPECT_GT(ours.size(), 20u);
    EXPECT_SAME_LINES(ours, split(*theirs)) << z.file;
  }
}

TEST(DnspythonInterop, ReadsZoneTextWePrint) {
  const auto py = dnspython();
  if (!py) GTEST_SKIP() << "dnspython is not installed";
  const auto records = parse(read_file(data("interop.zone")), "example.com.");
  std::string text;
  for (const auto& r : records) text += r.to_string() + "\n";
  const auto theirs = run(*py + " text example.com.", text);
  ASSERT_TRUE(theirs) << "dnspython could not read:\n" << text;
  EXPECT_SAME_LINES(lines_of(records), split(*theirs));
}

dns::Message message_of(const std::vector<dns::Record>& records) {
  dns::Message m;
  m.header = {.id = 42, .qr = true, .aa = true};
  m.questions.push_back({dns_test::name("example.com."), dns::Type::ANY});
  m.answers = records;
  m.edns = dns::Edns{.udp_payload_size = 4096, .dnssec_ok = true};
  m.edns->options = {dns::make_option(dns::Cookie{{1, 2, 3, 4, 5, 6, 7, 8}, dns::Bytes(8, 9)}),
                     dns::make_nsid({'u', 's'}), dns::make_keepalive(1200),
                     dns::make_option(dns::ExtendedError{3, "stale"}), dns::make_padding(3)};
  return m;
}

TEST(DnspythonInterop, DecodesMessagesWeEncode) {
  const auto py = dnspython();
  if (!py) GTEST_SKIP() << "dnspython is not installed";
  const auto records = parse(read_file(data("interop.zone")), "example.com.");
  const auto bytes = message_of(records).encode();
  ASSERT_TRUE(bytes.has_value());
  const auto theirs = run(*py + " message " + dns_test::hex_of(*bytes));
  ASSERT_TRUE(theirs) << "dnspython could not decode our message";
  Lines expected = lines_of(records);
  expected.insert(
      "edns 4096 32768 10:01020304050607080909090909090909,3:7573,11:04b0,"
      "15:00037374616c65,12:000000");
  EXPECT_SAME_LINES(expected, split(*theirs));
}

TEST(DnspythonInterop, DecodesTruncatedMessagesWeEncode) {
  const auto py = dnspython();
  if (!py) GTEST_SKIP() << "dnspython is not installed";
  const auto records = parse(read_file(data("generate.zone")), "example.org.");
  auto bytes = message_of(records).encode(512);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_TRUE((*bytes)[2] & 0x02);  // TC
  const auto theirs = run(*py + " message " + dns_test::hex_of(*bytes));
  ASSERT_TRUE(theirs) << "dnspython could not decode our truncated message";
  auto ours = dns::Message::decode(*bytes);
  ASSERT_TRUE(ours.has_value());
  EXPECT_EQ(split(*theirs).size(), ours->answers.size() + 1);
}

TEST(DnspythonInterop, WeDecodeMessagesDnspythonEncodes) {
  const auto py = dnspython();
  if (!py) GTEST_SKIP() << "dnspython is not installed";
  for (const auto& z : kZones) {
    const auto hex = run(*py + " build " + data(z.file) + " " + z.origin);
    ASSERT_TRUE(hex) << "dnspython could not build a message for " << z.file;
    auto m = dns::Message::decode(dns_test::hex(hex->substr(0, hex->find('\n'))));
    ASSERT_TRUE(m.has_value()) << describe(m.error());
    EXPECT_SAME_LINES(lines_of(m->answers), lines_of(parse(read_file(data(z.file)), z.origin)))
        << z.file;
    ASSERT_TRUE(m->edns.has_value());
    EXPECT_TRUE(m->edns->dnssec_ok);
    auto cookie = dns::parse_cookie(*m->edns->find(dns::option::kCookie));
    ASSERT_TRUE(cookie.has_value());
    EXPECT_EQ(cookie->server.size(), 16u);
    // And our encoding of what we decoded decodes to the same message.
    auto again = dns::Message::decode(*m->encode());
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *m);
  }
}

TEST(LdnsInterop, WeReadWhatLdnsReadZonePrints) {
  if (!have("ldns-read-zone")) GTEST_SKIP() << "ldns-read-zone is not installed";
  const auto printed = run("ldns-read-zone " + data("interop.zone"));
  ASSERT_TRUE(printed) << "ldns-read-zone failed";
  const auto ours = parse(read_file(data("interop.zone")), "example.com.");
  EXPECT_SAME_LINES(lines_of(parse(*printed, ".")), lines_of(ours));
}

TEST(LdnsInterop, WeReadLdnsGenericFormOfEveryType) {
  if (!have("ldns-read-zone")) GTEST_SKIP() << "ldns-read-zone is not installed";
  // -U with a type the zone lacks: every record in RFC 3597's \# form.
  const auto printed = run("ldns-read-zone -U NULL " + data("interop.zone"));
  ASSERT_TRUE(printed) << "ldns-read-zone failed";
  ASSERT_NE(printed->find("\\# "), std::string::npos);
  const auto ours = parse(read_file(data("interop.zone")), "example.com.");
  EXPECT_SAME_LINES(lines_of(parse(*printed, ".")), lines_of(ours));
}

TEST(LdnsInterop, LdnsReadsZoneTextWePrint) {
  if (!have("ldns-read-zone")) GTEST_SKIP() << "ldns-read-zone is not installed";
  const auto ours = parse(read_file(data("interop.zone")), "example.com.");
  std::string text;
  for (const auto& r : ours) text += r.to_string() + "\n";
  char path[] = "/tmp/dns-interop-zone-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  const auto printed = run("ldns-read-zone -U NULL " + std::string(path));
  unlink(path);
  ASSERT_TRUE(printed) << "ldns-read-zone could not read:\n" << text;
  EXPECT_SAME_LINES(lines_of(parse(*printed, ".")), lines_of(ours));
}

}  // namespace
