// The IPv4 parser and reassembly on arbitrary bytes. The input is a sequence of datagrams,
// each preceded by a 2-byte length; every one that parses and is a fragment goes into one
// Reassembler with a small bound. Checked: no crash, slices lie inside their datagram, the
// reassembler keeps within its bounds, and a reassembled payload has the size it claims.
#include <ipv4/fragments.hpp>
#include <ipv4/header.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ipv4::ReassemblyLimits limits{.max_datagrams = 4,
                                      .max_fragments = 8,
                                      .max_bytes = 4096,
                                      .timeout = std::chrono::seconds(30)};
  ipv4::Reassembler r(limits);
  async::TimePoint now{};
  std::size_t off = 0;
  while (off + 2 <= size) {
    const std::size_t len =
        std::min<std::size_t>(std::size_t(data[off]) << 8 | data[off + 1], size - off - 2);
    auto d = cstruct::Buffer::copy_of({data + off + 2, len});
    off += 2 + len;
    auto p = ipv4::parse(d);
    (void)ipv4::parse_quoted(d);
    if (!p) continue;
    if (p->header_bytes.size() < 20 || p->header_bytes.size() + p->payload.size() > d.size())
      std::abort();
    now += std::chrono::seconds(p->header.ttl % 8);
    if (!p->header.is_fragment()) continue;
    auto whole = r.add(*p, now);
    if (r.datagrams() > limits.max_datagrams || r.bytes() > limits.max_bytes) std::abort();
    if (whole && *whole && (*whole)->payload.size() > ipv4::max_datagram_size) std::abort();
  }
  return 0;
}
