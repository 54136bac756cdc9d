// The ICMP parsers on arbitrary bytes (with the checksum made right half the time, so the
// fuzzer gets past it): no crash; a parsed message encodes back to the same bytes; an
// error's quote lies inside the message.
#include <icmpv4/message.hpp>
#include <ipv4/checksum.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto bytes = cstruct::Buffer::copy_of({data, size});
  if (size >= 8 && (data[0] & 0x80)) {
    bytes.set_u8(0, data[0] & 0x7f);
    bytes.set_be16(2, 0);
    bytes.set_be16(2, ipv4::checksum(bytes));
  }
  auto m = icmpv4::parse(bytes);
  if (!m) return 0;
  // The same bytes again, but for the checksum, which may be the other zero (0xffff vs 0).
  auto again = icmpv4::encode(*m);
  if (again.size() != size || !icmpv4::parse(again)) std::abort();
  again.set_be16(2, bytes.get_be16(2));
  if (!(again == bytes)) std::abort();
  if (auto e = icmpv4::parse_error(*m)) {
    if (e->original_payload.size() < 8 ||
        e->original_payload.data() + e->original_payload.size() != bytes.end())
      std::abort();
  }
  return 0;
}
