#include <mirage/error.hpp>

namespace mirage {

std::string_view to_string(ConsoleError e) {
  switch (e) {
    case ConsoleError::Closed: return "console closed";
    case ConsoleError::Io: return "console I/O error";
  }
  return "unknown console error";
}

std::string_view to_string(NetError e) {
  switch (e) {
    case NetError::Disconnected: return "network device disconnected";
    case NetError::TooBig: return "frame larger than the MTU";
    case NetError::Io: return "network device I/O error";
  }
  return "unknown network error";
}

std::string_view to_string(ArpError e) {
  switch (e) {
    case ArpError::Timeout: return "ARP resolution timed out";
    case ArpError::NotOurs: return "address is not ours";
  }
  return "unknown ARP error";
}

std::string_view to_string(IpError e) {
  switch (e) {
    case IpError::NoRoute: return "no route to host";
    case IpError::TooBig: return "packet too big";
    case IpError::WouldFragment: return "packet would need fragmenting";
    case IpError::Io: return "IP output error";
  }
  return "unknown IP error";
}

std::string_view to_string(FlowError e) {
  switch (e) {
    case FlowError::Closed: return "connection closed";
    case FlowError::Reset: return "connection reset";
    case FlowError::Refused: return "connection refused";
    case FlowError::Timeout: return "connection timed out";
    case FlowError::Unreachable: return "destination unreachable";
    case FlowError::Io: return "connection I/O error";
  }
  return "unknown connection error";
}

std::string_view to_string(ListenError e) {
  switch (e) {
    case ListenError::AddressInUse: return "address already in use";
    case ListenError::PermissionDenied: return "permission denied";
    case ListenError::Io: return "listen failed";
  }
  return "unknown listen error";
}

std::string_view to_string(KvError e) {
  switch (e) {
    case KvError::NotFound: return "not found";
    case KvError::DictionaryExpected: return "a dictionary was expected";
    case KvError::ValueExpected: return "a value was expected";
    case KvError::AlreadyPresent: return "already present";
    case KvError::NoSpace: return "no space left";
    case KvError::ReadOnly: return "read-only store";
    case KvError::BadRange: return "offset or length out of range";
    case KvError::Invalid: return "invalid operation";
    case KvError::OutsideStore: return "key resolves to a place outside the store";
    case KvError::Io: return "store I/O error";
  }
  return "unknown store error";
}

std::string_view to_string(BlockError e) {
  switch (e) {
    case BlockError::OutOfRange: return "sector out of range";
    case BlockError::BadAlignment: return "buffer not a whole number of sectors";
    case BlockError::ReadOnly: return "read-only device";
    case BlockError::Disconnected: return "block device disconnected";
    case BlockError::Io: return "block device I/O error";
  }
  return "unknown block error";
}

}  // namespace mirage
