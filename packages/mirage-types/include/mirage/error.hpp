#pragma once
// The error types of every device. Each is a small enum: devices report what went wrong
// as a value (never an exception), and callers print it with to_string.
#include <string_view>

namespace mirage {

enum class ConsoleError { Closed, Io };
enum class NetError { Disconnected, TooBig, Io };
enum class ArpError { Timeout, NotOurs };
enum class IpError { NoRoute, TooBig, WouldFragment, Io };
enum class FlowError { Closed, Reset, Refused, Timeout, Unreachable, Io };
enum class ListenError { AddressInUse, PermissionDenied, Io };
enum class KvError { NotFound, DictionaryExpected, ValueExpected, AlreadyPresent, NoSpace,
                     ReadOnly, BadRange, Invalid, OutsideStore, Io };
enum class BlockError { OutOfRange, BadAlignment, ReadOnly, Disconnected, Io };

// A short human-readable description ("not found", "connection reset").
std::string_view to_string(ConsoleError e);
std::string_view to_string(NetError e);
std::string_view to_string(ArpError e);
std::string_view to_string(IpError e);
std::string_view to_string(FlowError e);
std::string_view to_string(ListenError e);
std::string_view to_string(KvError e);
std::string_view to_string(BlockError e);

}  // namespace mirage
