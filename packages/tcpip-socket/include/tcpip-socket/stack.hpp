#pragma once
// The socket stack: TCP and UDP through the Linux kernel's sockets, non-blocking, waiting
// on mirage-unix's epoll loop. It satisfies mirage::Stack, so an application written
// against Stack runs on it unchanged (`mirage configure -t unix --net socket`) and on the
// direct stack (our TCP/IP over a tap or virtio device).
//
// Sockets are dual-stack IPv6 (IPv4 peers appear as IPv4 endpoints). Every call first
// tries the system call and waits for readiness only when it would block.
//
// An object must stay where it is while one of its operations is in flight (do not move
// a Flow that a task is reading from). One task at a time may read, and one may write.
#include <async/task.hpp>
#include <cstruct/buffer.hpp>
#include <mirage/address.hpp>
#include <mirage/error.hpp>
#include <mirage/flow.hpp>
#include <mirage/stack.hpp>
#include <mirage_unix/platform.hpp>

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace tcpip_socket {

using mirage::Endpoint;
using mirage::FlowError;
using mirage::IpAddress;
using mirage::IpError;
using mirage::ListenError;

namespace detail {
struct Socket;  // the descriptor and its waiters
}

// A TCP connection.
class Flow {
 public:
  Flow(Flow&&) noexcept;
  Flow& operator=(Flow&&) noexcept;
  ~Flow();  // closes the socket if close() was not awaited

  // The next bytes received (at most 64 KiB), or nothing at end of stream.
  async::Task<std::expected<std::optional<cstruct::Buffer>, FlowError>> read();
  // Completes once all of `data` is in the kernel's send buffer.
  async::Task<std::expected<void, FlowError>> write(cstruct::Buffer data);
  async::Task<std::expected<void, FlowError>> writev(std::span<const cstruct::Buffer> datas);
  async::Task<std::expected<void, FlowError>> shutdown(mirage::ShutdownMode mode);
  // Releases the socket. A task waiting in read() or write() resumes with Closed.
  async::Task<void> close();

  Endpoint peer() const;
  Endpoint local() const;

 private:
  friend class Tcp;
  friend class Listener;
  explicit Flow(std::unique_ptr<detail::Socket> s) noexcept;
  std::unique_ptr<detail::Socket> s_;
  Endpoint local_, peer_;
};

// A listening TCP socket.
class Listener {
 public:
  using flow_type = Flow;
  Listener(Listener&&) noexcept;
  Listener& operator=(Listener&&) noexcept;
  ~Listener();

  // The next connection; Closed once close() was called (also for a task already waiting).
  async::Task<std::expected<Flow, FlowError>> accept();
  void close();
  // Where it listens (the port chosen when listen(0) was asked).
  Endpoint local() const;

 private:
  friend class Tcp;
  explicit Listener(std::unique_ptr<detail::Socket> s) noexcept;
  std::unique_ptr<detail::Socket> s_;
};

class Tcp {
 public:
  using flow_type = Flow;
  using listener_type = Listener;
  Tcp(mirage_unix::Platform& platform, IpAddress bind) noexcept : platform_(&platform), bind_(bind) {}

  // Refused, Timeout or Unreachable as the kernel reports them.
  async::Task<std::expected<Flow, FlowError>> connect(Endpoint remote);
  // AddressInUse or PermissionDenied (a port below 1024 without CAP_NET_BIND_SERVICE).
  std::expected<Listener, ListenError> listen(std::uint16_t port);

 private:
  mirage_unix::Platform* platform_;
  IpAddress bind_;
};

// A bound UDP port.
class UdpSocket {
 public:
  UdpSocket(UdpSocket&&) noexcept;
  UdpSocket& operator=(UdpSocket&&) noexcept;
  ~UdpSocket();

  // TooBig for a payload over what one datagram carries; NoRoute when the kernel has none.
  async::Task<std::expected<void, IpError>> send_to(Endpoint destination, cstruct::Buffer payload);
  // The next datagram, with the address it was sent to (this host's, as the kernel saw it).
  async::Task<std::expected<mirage::Datagram, IpError>> receive();
  std::uint16_t local_port() const { return port_; }
  // Datagrams the kernel dropped because the receive queue was full (SO_RXQ_OVFL).
  std::uint64_t dropped() const;

 private:
  friend class Udp;
  UdpSocket(std::unique_ptr<detail::Socket> s, std::uint16_t port) noexcept;
  std::unique_ptr<detail::Socket> s_;
  std::uint16_t port_;
};

class Udp {
 public:
  using socket_type = UdpSocket;
  Udp(mirage_unix::Platform& platform, IpAddress bind) noexcept : platform_(&platform), bind_(bind) {}
  std::expected<UdpSocket, ListenError> bind(std::uint16_t port);

 private:
  mirage_unix::Platform* platform_;
  IpAddress bind_;
};

class Stack {
 public:
  using tcp_type = Tcp;
  using udp_type = Udp;

  // Listens and binds on `bind` (default: every address, IPv4 and IPv6).
  explicit Stack(mirage_unix::Platform& platform, IpAddress bind = mirage::Ipv6Address::any()) noexcept
      : tcp_(platform, bind), udp_(platform, bind), bind_(bind) {}

  Tcp& tcp() { return tcp_; }
  Udp& udp() { return udp_; }
  // The host's addresses on interfaces that are up (or just `bind` when it is not "any").
  std::vector<IpAddress> addresses();

 private:
  Tcp tcp_;
  Udp udp_;
  IpAddress bind_;
};

static_assert(mirage::Stack<Stack>);

}  // namespace tcpip_socket
