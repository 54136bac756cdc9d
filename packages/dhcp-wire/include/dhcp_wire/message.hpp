#pragma once
// DHCPv4 messages (RFC 2131) as bytes, sans-IO. parse() validates the fixed BOOTP part, the
// magic cookie and every option's length; it follows option overload (option 52: more
// options in the `file` and `sname` fields) and concatenates an option that appears more
// than once (RFC 3396, how long options are split). encode() writes the options it knows
// and the unknown ones it kept, then END, padded to BOOTP's 300 bytes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <mirage/address.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dhcp_wire {

using mirage::Ipv4Address;
using mirage::MacAddress;

inline constexpr std::uint16_t server_port = 67;
inline constexpr std::uint16_t client_port = 68;
inline constexpr std::size_t fixed_size = 236;  // up to the magic cookie
inline constexpr std::size_t min_size = 300;    // BOOTP's minimum message (RFC 951)

enum class Op : std::uint8_t { Request = 1, Reply = 2 };

// Option 53.
enum class MessageType : std::uint8_t {
  Discover = 1, Offer, Request, Decline, Ack, Nak, Release, Inform,
};
std::string_view to_string(MessageType t);

// An option this package has no field for, kept as its bytes.
struct RawOption {
  std::uint8_t code = 0;
  std::vector<std::uint8_t> data;
  bool operator==(const RawOption&) const = default;
};

struct Options {
  std::optional<MessageType> message_type;           // 53
  std::optional<Ipv4Address> subnet_mask;            // 1
  std::vector<Ipv4Address> routers;                  // 3
  std::vector<Ipv4Address> dns_servers;              // 6
  std::optional<std::string> hostname;               // 12
  std::optional<std::string> domain_name;            // 15
  std::optional<Ipv4Address> broadcast;              // 28
  std::optional<Ipv4Address> requested_address;      // 50
  std::optional<std::uint32_t> lease_time;           // 51, seconds
  std::optional<Ipv4Address> server_identifier;      // 54
  std::vector<std::uint8_t> parameter_requests;      // 55
  std::optional<std::string> message;                // 56
  std::optional<std::uint16_t> max_message_size;     // 57
  std::optional<std::uint32_t> renewal_time;         // 58 (T1), seconds
  std::optional<std::uint32_t> rebinding_time;       // 59 (T2), seconds
  std::optional<std::vector<std::uint8_t>> client_id;  // 61
  std::vector<RawOption> others;
  bool operator==(const Options&) const = default;
};

struct Message {
  Op op = Op::Request;
  std::uint8_t hops = 0;
  std::uint32_t xid = 0;
  std::uint16_t secs = 0;
  bool broadcast = false;  // the flags field's B bit
  Ipv4Address ciaddr, yiaddr, siaddr, giaddr;
  MacAddress chaddr;  // htype 1 (Ethernet), hlen 6
  std::string sname, file;  // when not used for overloaded options
  Options options;
  bool operator==(const Message&) const = default;
};

enum class ParseError : std::uint8_t {
  Truncated,     // shorter than the fixed part and the magic cookie
  BadOp,         // op is neither 1 nor 2
  BadHardware,   // not Ethernet (htype 1, hlen 6)
  BadCookie,     // not 99.130.83.99
  BadOption,     // an option's length runs past its field, or no END
  BadValue,      // a known option with an impossible length or value
};
std::string_view to_string(ParseError e);

std::expected<Message, ParseError> parse(std::span<const std::uint8_t> bytes);

// The message as bytes (at least 300). Strings longer than sname's 64 or file's 128 bytes
// (less the terminating zero) are cut.
std::vector<std::uint8_t> encode(const Message& m);

// A client's DISCOVER (broadcast reply requested) and REQUEST for `offer` (selecting state:
// server identifier and requested address from the offer).
Message discover(MacAddress mac, std::uint32_t xid, std::string_view hostname = {});
Message request(const Message& offer, MacAddress mac, std::string_view hostname = {});

}  // namespace dhcp_wire
