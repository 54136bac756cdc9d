// Parses arbitrary bytes as a boot command line against keys of every type. Whatever the
// input, parsing must end in an outcome or an error whose message names what went wrong,
// and the error text must be printable.
#include <mirage-runtime/keys.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

struct Unikernel {
  mirage_runtime::Keys keys{"fuzz", "Fuzzes the boot command line"};
  mirage_runtime::Key<std::uint16_t> port = keys.declare<std::uint16_t>("port", 80, "Port.");
  mirage_runtime::Key<std::string> name = keys.declare<std::string>("name", "x", "Name.");
  mirage_runtime::Key<bool> verbose = keys.declare("verbose", false, "Verbose.");
  mirage_runtime::Key<mirage_runtime::Ipv4Interface> ipv4 =
      keys.declare_required<mirage_runtime::Ipv4Interface>("ipv4", "Address.");
  mirage_runtime::Key<std::optional<ipaddr::Ipv4Address>> gateway =
      keys.declare<std::optional<ipaddr::Ipv4Address>>("gateway", std::nullopt, "Gw.");
  mirage_runtime::Key<ipaddr::IpAddress> peer =
      keys.declare<ipaddr::IpAddress>("peer", ipaddr::Ipv6Address::localhost(), "Peer.");
  mirage_runtime::Key<ipaddr::MacAddress> mac = keys.declare<ipaddr::MacAddress>("mac", {}, "MAC.");
  mirage_runtime::Key<mirage_runtime::Duration> timeout =
      keys.declare<mirage_runtime::Duration>("timeout", std::chrono::seconds(1), "Timeout.");
  mirage_runtime::Key<std::vector<std::int64_t>> ids =
      keys.declare<std::vector<std::int64_t>>("ids", {}, "Ids.");
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Unikernel unikernel;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto outcome = unikernel.keys.parse_command_line(line);
  if (outcome) {
    // A run needs the required key; help needs nothing.
    if (*outcome == mirage_runtime::Outcome::Run && !unikernel.ipv4.given()) std::abort();
    // Printed values must read back as themselves.
    if (mirage_runtime::parse_duration(mirage_runtime::to_string(unikernel.timeout.get())) !=
        unikernel.timeout.get()) {
      std::abort();
    }
    // The interface's network holds its address, and it prints as it reads back.
    const mirage_runtime::Ipv4Interface& ipv4 = unikernel.ipv4.get();
    if (*outcome == mirage_runtime::Outcome::Run &&
        (!ipv4.network.contains(ipv4.address) ||
         mirage_runtime::Ipv4Interface::parse(ipv4.to_string()) != ipv4)) {
      std::abort();
    }
    return 0;
  }
  if (outcome.error().message.empty()) std::abort();
  if (unikernel.keys.error_text(outcome.error()).empty()) std::abort();
  return 0;
}
