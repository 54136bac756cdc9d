// The DHCP parser on arbitrary bytes: no crash; a parsed message encodes to bytes that
// parse to the same message.
#include <dhcp_wire/message.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto m = dhcp_wire::parse({data, size});
  if (!m) return 0;
  auto again = dhcp_wire::parse(dhcp_wire::encode(*m));
  if (!again) std::abort();
  // Strings with a zero byte are cut at it when written into sname/file.
  dhcp_wire::Message a = *again, b = *m;
  if (!(a.options == b.options) || a.xid != b.xid || a.yiaddr != b.yiaddr) std::abort();
  return 0;
}
