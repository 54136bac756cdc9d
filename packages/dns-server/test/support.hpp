#pragma once
// Helpers for the server's tests: zones from test/data, queries as bytes, responses
// decoded.
#include <dns-server/server.hpp>

#include <dns/message.hpp>
#include <dns/zone_file.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace test_support {

inline std::string data_dir() {
  const char* d = std::getenv("DNS_SERVER_TEST_DATA");
  return d ? d : "test/data";
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline dns::Name name(std::string_view text) {
  auto n = dns::Name::parse(text);
  EXPECT_TRUE(n.has_value()) << text;
  return n ? *n : dns::Name();
}

// Loads test/data/ORIGIN.zone ("example.com" reads example.com.zone).
inline void load(dns_server::Server& server, const std::string& origin) {
  auto added = dns_server::load_zone(server, {name(origin + "."), origin + ".zone",
                                              read_file(data_dir() + "/" + origin + ".zone")});
  ASSERT_TRUE(added.has_value()) << added.error().message;
}

struct QueryOptions {
  std::optional<dns::Edns> edns;
  dns::Class qclass = dns::Class::IN;
  dns::Opcode opcode = dns::Opcode::Query;
  std::uint16_t id = 0x1234;
  bool rd = true;
};

inline dns::Message query_message(std::string_view qname, dns::Type type,
                                  const QueryOptions& o = {}) {
  dns::Message m;
  m.header.id = o.id;
  m.header.opcode = o.opcode;
  m.header.rd = o.rd;
  m.questions.push_back({name(qname), type, o.qclass});
  m.edns = o.edns;
  return m;
}

inline std::vector<std::uint8_t> bytes_of(const dns::Message& m) {
  auto b = m.encode();
  EXPECT_TRUE(b.has_value());
  if (!b) return {};
  return std::vector<std::uint8_t>(b->begin(), b->end());
}

inline std::vector<std::uint8_t> query(std::string_view qname, dns::Type type,
                                       const QueryOptions& o = {}) {
  return bytes_of(query_message(qname, type, o));
}

inline dns::Message decode(const cstruct::Buffer& b) {
  auto m = dns::Message::decode(b.span());
  EXPECT_TRUE(m.has_value()) << "the response does not decode";
  return m ? std::move(*m) : dns::Message{};
}

// The single response to a query.
inline dns::Message ask(dns_server::Server& server, std::span<const std::uint8_t> q,
                        dns_server::Transport t = dns_server::Transport::Udp,
                        std::size_t* size = nullptr) {
  auto out = server.handle(q, t);
  EXPECT_EQ(out.size(), 1u);
  if (out.empty()) return {};
  if (size) *size = out.front().size();
  return decode(out.front());
}

// "owner TYPE rdata" for each record of a section, in order.
inline std::vector<std::string> texts(const std::vector<dns::Record>& records) {
  std::vector<std::string> out;
  for (const auto& r : records)
    out.push_back(r.name.to_string() + " " + dns::to_string(r.type()) + " " +
                  dns::to_string(r.data));
  return out;
}

}  // namespace test_support
