// The IPv6 parsers and reassembly on arbitrary bytes. The input is a sequence of
// datagrams, each preceded by its 2-byte length (a record cut short ends the input). Each goes
// through parse() (the header and its extension chain); a fragment goes into one Reassembler with
// small bounds, and what it completes is parsed again; an ICMPv6 message has its checksum made
// right (so that the fuzzer gets past it) and goes through icmp::parse, parse_error and ndp::parse.
// Checked: no crash, slices lie inside their datagram, the reassembler keeps within its bounds, and
// an NDP message that parses encodes to one that parses the same.
#include <ipv6/fragments.hpp>
#include <ipv6/header.hpp>
#include <ipv6/icmp.hpp>
#include <ipv6/ndp.hpp>

#include <cstdlib>
#include <cstruct/reader.hpp>

namespace {

// Small bounds, for the fuzzer to reach them: datagrams, fragments each, bytes, time.
constexpr ipv6::ReassemblyLimits limits{4, 8, 8192, std::chrono::seconds(60)};

void check_slices(const ipv6::Packet& p, const cstruct::Buffer& d) {
  const auto* begin = d.data();
  const auto* end = d.data() + d.size();
  if (p.datagram.data() != begin || p.datagram.size() > d.size()) std::abort();
  if (p.payload.size() != 0 &&
      (p.payload.data() < begin || p.payload.data() + p.payload.size() > end))
    std::abort();
  if (p.protocol_at >= p.datagram.size()) std::abort();
  if (p.fragment && p.fragment->offset + ipv6::fragment_header_size > p.datagram.size())
    std::abort();
}

void icmp_input(const ipv6::Packet& p) {
  auto bytes = cstruct::Buffer::copy_of(p.payload);
  if (bytes.size() >= ipv6::icmp::header_size)
    ipv6::icmp::set_checksum(bytes.span(), p.header.source, p.header.destination);
  auto m = ipv6::icmp::parse(bytes, p.header.source, p.header.destination);
  if (!m) {
    if (bytes.size() >= ipv6::icmp::header_size) std::abort();  // the checksum was made right
    return;
  }
  (void)ipv6::icmp::parse_error(*m);
  auto ndp = ipv6::ndp::parse(*m, p.header);
  if (!ndp) return;
  auto again_bytes = ipv6::ndp::encode(*ndp, p.header.source, p.header.destination);
  auto again = ipv6::icmp::parse(again_bytes, p.header.source, p.header.destination);
  if (!again) std::abort();
  auto reparsed = ipv6::ndp::parse(*again, p.header);
  if (!reparsed || *reparsed != *ndp) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ipv6::Reassembler reassembler(limits);
  async::TimePoint now{};
  cstruct::Reader input({data, size});
  for (auto record = input.u16_prefixed(); record; record = input.u16_prefixed()) {
    const auto d = cstruct::Buffer::copy_of(record->rest());
    (void)ipv6::parse_header(d);
    auto p = ipv6::parse(d);
    if (!p) continue;
    check_slices(*p, d);
    // The hop limit moves the clock on, so that the fuzzer can make datagrams time out.
    now += std::chrono::seconds(p->header.hop_limit % 16);
    if (p->is_fragment()) {
      auto whole = reassembler.add(*p, now);
      if (reassembler.datagrams() > limits.max_datagrams || reassembler.bytes() > limits.max_bytes)
        std::abort();
      if (!whole || !*whole) continue;
      if ((*whole)->size() > ipv6::header_size + ipv6::max_payload_size) std::abort();
      auto q = ipv6::parse(**whole);
      if (!q) continue;
      check_slices(*q, **whole);
      p = std::move(q);
    }
    if (p->protocol == ipv6::next_header::icmpv6 && !p->is_fragment()) icmp_input(*p);
  }
  return 0;
}
