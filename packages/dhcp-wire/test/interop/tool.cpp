// For the dnsmasq interop test: builds a client's messages and decodes a server's.
//   dhcp_wire_tool discover MAC XID        -> the DISCOVER, as hex
//   dhcp_wire_tool request OFFER_HEX MAC   -> the REQUEST for that offer, as hex
//   dhcp_wire_tool decode HEX              -> the message's fields, one "key=value" a line
#include <dhcp_wire/message.hpp>

#include <charconv>
#include <cstdio>
#include <string>
#include <vector>

namespace {

std::vector<std::uint8_t> unhex(std::string_view s) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
    unsigned v = 0;
    std::from_chars(s.data() + i, s.data() + i + 2, v, 16);
    out.push_back(std::uint8_t(v));
  }
  return out;
}

void print_hex(const std::vector<std::uint8_t>& b) {
  for (auto c : b) std::printf("%02x", c);
  std::printf("\n");
}

int fail(const std::string& why) {
  std::fprintf(stderr, "dhcp_wire_tool: %s\n", why.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace dhcp_wire;
  if (argc < 3) return fail("usage: discover MAC XID | request OFFER_HEX MAC | decode HEX");
  const std::string cmd = argv[1];
  if (cmd == "discover" && argc == 4) {
    auto mac = MacAddress::parse(argv[2]);
    if (!mac) return fail("bad MAC");
    print_hex(encode(discover(*mac, std::uint32_t(std::stoul(argv[3])), "mirage")));
    return 0;
  }
  if (cmd == "request" && argc == 4) {
    auto offer = parse(unhex(argv[2]));
    auto mac = MacAddress::parse(argv[3]);
    if (!offer) return fail(std::string(to_string(offer.error())));
    if (!mac) return fail("bad MAC");
    print_hex(encode(request(*offer, *mac, "mirage")));
    return 0;
  }
  if (cmd == "decode") {
    auto m = parse(unhex(argv[2]));
    if (!m) return fail(std::string(to_string(m.error())));
    const Options& o = m->options;
    std::printf("type=%s\n", o.message_type ? std::string(to_string(*o.message_type)).c_str() : "none");
    std::printf("xid=%u\nyiaddr=%s\nchaddr=%s\n", m->xid, m->yiaddr.to_string().c_str(),
                m->chaddr.to_string().c_str());
    if (o.server_identifier) std::printf("server=%s\n", o.server_identifier->to_string().c_str());
    if (o.lease_time) std::printf("lease=%u\n", *o.lease_time);
    if (o.renewal_time) std::printf("t1=%u\n", *o.renewal_time);
    if (o.rebinding_time) std::printf("t2=%u\n", *o.rebinding_time);
    if (o.subnet_mask) std::printf("mask=%s\n", o.subnet_mask->to_string().c_str());
    for (auto r : o.routers) std::printf("router=%s\n", r.to_string().c_str());
    for (auto d : o.dns_servers) std::printf("dns=%s\n", d.to_string().c_str());
    if (o.domain_name) std::printf("domain=%s\n", o.domain_name->c_str());
    if (o.broadcast) std::printf("broadcast=%s\n", o.broadcast->to_string().c_str());
    return 0;
  }
  return fail("unknown command " + cmd);
}
