#include <tcpip-socket/stack.hpp>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace tcpip_socket {

namespace detail {

// A descriptor, and the tasks waiting for it to become ready. close() while a task waits
// shuts the socket down so the task wakes (the kernel reports EPOLLHUP even for an
// unconnected UDP socket); the last waiter out closes the descriptor.
struct Socket {
  mirage_unix::Platform* platform;
  int fd;
  int pending = 0;
  bool closing = false;
  std::uint32_t drops = 0;  // SO_RXQ_OVFL's running count
  std::vector<std::uint8_t> scratch;  // UDP receive buffer

  Socket(mirage_unix::Platform& p, int f) noexcept : platform(&p), fd(f) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }

  void close() noexcept {
    if (fd < 0 || closing) return;
    closing = true;
    if (pending == 0) {
      ::close(fd);
      fd = -1;
    } else {
      ::shutdown(fd, SHUT_RDWR);
    }
  }

  // Waits until the socket is readable (or writable); false when it was closed meanwhile.
  async::Task<bool> ready(bool write) {
    if (closing) co_return false;
    ++pending;
    if (write)
      co_await platform->writable(fd);
    else
      co_await platform->readable(fd);
    --pending;
    if (closing) {
      if (pending == 0 && fd >= 0) {
        ::close(fd);
        fd = -1;
      }
      co_return false;
    }
    co_return true;
  }
};

}  // namespace detail

namespace {

using detail::Socket;

bool would_block(int e) { return e == EAGAIN || e == EWOULDBLOCK; }

FlowError flow_error(int e) {
  switch (e) {
    case ECONNRESET:
    case EPIPE:
      return FlowError::Reset;
    case ECONNREFUSED:
      return FlowError::Refused;
    case ETIMEDOUT:
      return FlowError::Timeout;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case ENETDOWN:
      return FlowError::Unreachable;
    case EBADF:
    case ENOTCONN:
    case ESHUTDOWN:
      return FlowError::Closed;
    default:
      return FlowError::Io;
  }
}

IpError ip_error(int e) {
  switch (e) {
    case EMSGSIZE:
      return IpError::TooBig;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENETDOWN:
    case EADDRNOTAVAIL:
      return IpError::NoRoute;
    default:
      return IpError::Io;
  }
}

ListenError listen_error(int e) {
  switch (e) {
    case EADDRINUSE:
      return ListenError::AddressInUse;
    case EACCES:
    case EPERM:
      return ListenError::PermissionDenied;
    default:
      return ListenError::Io;
  }
}

// Every address goes to the kernel as IPv6: IPv4 as ::ffff:a.b.c.d on the dual-stack socket.
sockaddr_in6 to_sockaddr(const IpAddress& a, std::uint16_t port) {
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  sa.sin6_port = htons(port);
  const mirage::Ipv6Address v6 = a.v4() ? mirage::Ipv6Address::v4_mapped(*a.v4()) : *a.v6();
  std::memcpy(&sa.sin6_addr, v6.bytes.data(), 16);
  return sa;
}

IpAddress from_in6(const in6_addr& in) {
  mirage::Ipv6Address v6;
  std::memcpy(v6.bytes.data(), &in, 16);
  if (v6.is_v4_mapped()) return mirage::Ipv4Address::of_octets(v6.bytes[12], v6.bytes[13], v6.bytes[14], v6.bytes[15]);
  return v6;
}

IpAddress from_in4(const in_addr& in) {
  const auto* b = reinterpret_cast<const std::uint8_t*>(&in);
  return mirage::Ipv4Address::of_octets(b[0], b[1], b[2], b[3]);
}

Endpoint from_sockaddr(const sockaddr_storage& ss) {
  if (ss.ss_family == AF_INET) {
    const auto& sa = reinterpret_cast<const sockaddr_in&>(ss);
    return {from_in4(sa.sin_addr), ntohs(sa.sin_port)};
  }
  const auto& sa = reinterpret_cast<const sockaddr_in6&>(ss);
  return {from_in6(sa.sin6_addr), ntohs(sa.sin6_port)};
}

Endpoint name_of(int fd, bool peer) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  const int r = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len)
                     : ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return r == 0 ? from_sockaddr(ss) : Endpoint{};
}

void set_int(int fd, int level, int name, int value) { ::setsockopt(fd, level, name, &value, sizeof value); }

// A non-blocking dual-stack socket bound to (bind, port); errno set on failure.
int open_bound(int type, const IpAddress& bind, std::uint16_t port) {
  const int fd = ::socket(AF_INET6, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0);
  if (type == SOCK_STREAM) set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1);
  const sockaddr_in6 sa = to_sockaddr(bind, port);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    const int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

}  // namespace

// ---- Flow ----

Flow::Flow(std::unique_ptr<Socket> s) noexcept : s_(std::move(s)) {
  local_ = name_of(s_->fd, false);
  peer_ = name_of(s_->fd, true);
}
Flow::Flow(Flow&&) noexcept = default;
Flow& Flow::operator=(Flow&&) noexcept = default;
Flow::~Flow() = default;

Endpoint Flow::peer() const { return peer_; }
Endpoint Flow::local() const { return local_; }

async::Task<std::expected<std::optional<cstruct::Buffer>, FlowError>> Flow::read() {
  Socket* s = s_.get();
  cstruct::Buffer buf = cstruct::Buffer::create(65536);
  for (;;) {
    if (s->closing) co_return std::unexpected(FlowError::Closed);
    const ssize_t n = ::recv(s->fd, buf.data(), buf.size(), 0);
    if (n > 0) co_return std::optional(buf.sub(0, static_cast<std::size_t>(n)));
    if (n == 0) co_return std::optional<cstruct::Buffer>();
    if (errno == EINTR) continue;
    if (!would_block(errno)) co_return std::unexpected(flow_error(errno));
    if (!co_await s->ready(false)) co_return std::unexpected(FlowError::Closed);
  }
}

async::Task<std::expected<void, FlowError>> Flow::writev(std::span<const cstruct::Buffer> datas) {
  Socket* s = s_.get();
  // Which buffer, and how far into it, the kernel has taken so far.
  std::size_t index = 0, offset = 0;
  while (index < datas.size() && datas[index].empty()) ++index;
  while (index < datas.size()) {
    if (s->closing) co_return std::unexpected(FlowError::Closed);
    iovec iov[64];
    int count = 0;
    for (std::size_t i = index; i < datas.size() && count < 64; ++i) {
      const std::size_t skip = i == index ? offset : 0;
      if (datas[i].size() == skip) continue;
      iov[count].iov_base = datas[i].data() + skip;
      iov[count].iov_len = datas[i].size() - skip;
      ++count;
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = static_cast<std::size_t>(count);
    ssize_t n = ::sendmsg(s->fd, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (!would_block(errno)) co_return std::unexpected(flow_error(errno));
      if (!co_await s->ready(true)) co_return std::unexpected(FlowError::Closed);
      continue;
    }
    auto left = static_cast<std::size_t>(n);
    while (index < datas.size() && left >= datas[index].size() - offset) {
      left -= datas[index].size() - offset;
      ++index;
      offset = 0;
    }
    offset += left;
  }
  co_return std::expected<void, FlowError>();
}

async::Task<std::expected<void, FlowError>> Flow::write(cstruct::Buffer data) {
  const cstruct::Buffer one[1] = {std::move(data)};
  co_return co_await writev(one);
}

async::Task<std::expected<void, FlowError>> Flow::shutdown(mirage::ShutdownMode mode) {
  if (s_->fd < 0 || s_->closing) co_return std::unexpected(FlowError::Closed);
  const int how = mode == mirage::ShutdownMode::Read ? SHUT_RD : mode == mirage::ShutdownMode::Write ? SHUT_WR : SHUT_RDWR;
  if (::shutdown(s_->fd, how) != 0) co_return std::unexpected(flow_error(errno));
  co_return std::expected<void, FlowError>();
}

async::Task<void> Flow::close() {
  if (s_) s_->close();
  co_return;
}

// ---- Listener ----

Listener::Listener(std::unique_ptr<Socket> s) noexcept : s_(std::move(s)) {}
Listener::Listener(Listener&&) noexcept = default;
Listener& Listener::operator=(Listener&&) noexcept = default;
Listener::~Listener() = default;

Endpoint Listener::local() const { return s_->fd >= 0 ? name_of(s_->fd, false) : Endpoint{}; }

void Listener::close() {
  if (s_) s_->close();
}

async::Task<std::expected<Flow, FlowError>> Listener::accept() {
  Socket* s = s_.get();
  for (;;) {
    if (s->closing) co_return std::unexpected(FlowError::Closed);
    const int fd = ::accept4(s->fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      set_int(fd, IPPROTO_TCP, TCP_NODELAY, 1);
      co_return Flow(std::make_unique<Socket>(*s->platform, fd));
    }
    // A connection that was reset before we took it is not the listener's failure.
    if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
    if (!would_block(errno)) co_return std::unexpected(s->closing ? FlowError::Closed : flow_error(errno));
    if (!co_await s->ready(false)) co_return std::unexpected(FlowError::Closed);
  }
}

// ---- Tcp ----

async::Task<std::expected<Flow, FlowError>> Tcp::connect(Endpoint remote) {
  const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) co_return std::unexpected(FlowError::Io);
  auto s = std::make_unique<Socket>(*platform_, fd);
  set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0);
  set_int(fd, IPPROTO_TCP, TCP_NODELAY, 1);
  const sockaddr_in6 sa = to_sockaddr(remote.address, remote.port);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    if (errno != EINPROGRESS) co_return std::unexpected(flow_error(errno));
    if (!co_await s->ready(true)) co_return std::unexpected(FlowError::Closed);
    int error = 0;
    socklen_t len = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
    if (error != 0) co_return std::unexpected(flow_error(error));
  }
  co_return Flow(std::move(s));
}

std::expected<Listener, ListenError> Tcp::listen(std::uint16_t port) {
  const int fd = open_bound(SOCK_STREAM, bind_, port);
  if (fd < 0) return std::unexpected(listen_error(errno));
  if (::listen(fd, SOMAXCONN) != 0) {
    const int e = errno;
    ::close(fd);
    return std::unexpected(listen_error(e));
  }
  return Listener(std::make_unique<Socket>(*platform_, fd));
}

// ---- Udp ----

UdpSocket::UdpSocket(std::unique_ptr<Socket> s, std::uint16_t port) noexcept : s_(std::move(s)), port_(port) {}
UdpSocket::UdpSocket(UdpSocket&&) noexcept = default;
UdpSocket& UdpSocket::operator=(UdpSocket&&) noexcept = default;
UdpSocket::~UdpSocket() = default;

std::uint64_t UdpSocket::dropped() const { return s_->drops; }

async::Task<std::expected<void, IpError>> UdpSocket::send_to(Endpoint destination, cstruct::Buffer payload) {
  Socket* s = s_.get();
  const sockaddr_in6 sa = to_sockaddr(destination.address, destination.port);
  for (;;) {
    const ssize_t n = ::sendto(s->fd, payload.data(), payload.size(), 0, reinterpret_cast<const sockaddr*>(&sa),
                               sizeof sa);
    if (n >= 0) co_return std::expected<void, IpError>();
    if (errno == EINTR) continue;
    // A port unreachable from an earlier datagram is reported on the next call; it is
    // not this datagram's failure (UDP has no connection to break).
    if (errno == ECONNREFUSED) continue;
    if (!would_block(errno)) co_return std::unexpected(ip_error(errno));
    if (!co_await s->ready(true)) co_return std::unexpected(IpError::Io);
  }
}

async::Task<std::expected<mirage::Datagram, IpError>> UdpSocket::receive() {
  Socket* s = s_.get();
  if (s->scratch.empty()) s->scratch.resize(65536);
  for (;;) {
    sockaddr_storage from{};
    iovec iov{s->scratch.data(), s->scratch.size()};
    alignas(cmsghdr) char control[256];
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(s->fd, &msg, 0);
    if (n >= 0) {
      mirage::Datagram d;
      d.source = from_sockaddr(from);
      d.destination.port = port_;
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
          in6_pktinfo info;
          std::memcpy(&info, CMSG_DATA(c), sizeof info);
          d.destination.address = from_in6(info.ipi6_addr);
        } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
          in_pktinfo info;
          std::memcpy(&info, CMSG_DATA(c), sizeof info);
          d.destination.address = from_in4(info.ipi_addr);
        } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
          std::memcpy(&s->drops, CMSG_DATA(c), sizeof s->drops);
        }
      }
      d.payload = cstruct::Buffer::copy_of(std::span(s->scratch.data(), static_cast<std::size_t>(n)));
      co_return d;
    }
    if (errno == EINTR) continue;
    if (!would_block(errno)) co_return std::unexpected(ip_error(errno));
    if (!co_await s->ready(false)) co_return std::unexpected(IpError::Io);
  }
}

std::expected<UdpSocket, ListenError> Udp::bind(std::uint16_t port) {
  const int fd = open_bound(SOCK_DGRAM, bind_, port);
  if (fd < 0) return std::unexpected(listen_error(errno));
  set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
  set_int(fd, IPPROTO_IP, IP_PKTINFO, 1);
  set_int(fd, SOL_SOCKET, SO_RXQ_OVFL, 1);
  const Endpoint local = name_of(fd, false);
  return UdpSocket(std::make_unique<Socket>(*platform_, fd), local.port);
}

// ---- Stack ----

std::vector<IpAddress> Stack::addresses() {
  const bool any = bind_.v4() ? bind_.v4()->is_unspecified() : bind_.v6()->is_unspecified();
  if (!any) return {bind_};
  std::vector<IpAddress> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || (i->ifa_flags & IFF_UP) == 0) continue;
    if (i->ifa_addr->sa_family == AF_INET)
      out.push_back(from_in4(reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr));
    else if (i->ifa_addr->sa_family == AF_INET6)
      out.push_back(from_in6(reinterpret_cast<const sockaddr_in6*>(i->ifa_addr)->sin6_addr));
  }
  ::freeifaddrs(list);
  return out;
}

}  // namespace tcpip_socket
