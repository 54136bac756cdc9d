// The socket stack's cost over the bare system calls: a UDP exchange over loopback (A
// sends to B, B receives and answers, A receives), through our async UdpSocket and
// through plain non-blocking sendto/recvfrom in the same run; exchanges per second and the
// ratio. Loopback delivers at once, so neither side waits: the difference is our layer.
//   tcpip_socket_bench [seconds per row and side, default 1]
#include <tcpip-socket/stack.hpp>

#include <async/loop.hpp>
#include <mirage_bench/compare.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace {

int plain_socket(sockaddr_in& addr) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  mirage_bench::set_seconds(argc, argv);
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  tcpip_socket::Stack stack(platform);
  auto a = stack.udp().bind(0);
  auto b = stack.udp().bind(0);
  if (!a || !b) {
    std::fprintf(stderr, "udp_bench: cannot bind\n");
    return 1;
  }
  const mirage::Endpoint to_b{mirage::Ipv4Address::localhost(), b->local_port()};
  sockaddr_in pa, pb;
  const int fa = plain_socket(pa), fb = plain_socket(pb);
  std::printf("UDP round trips over loopback\n");
  mirage_bench::header_ops("socket stack", "syscalls");
  for (std::size_t size : {64, 1400}) {
    const cstruct::Buffer payload = cstruct::Buffer::create(size);
    char buf[2048];
    auto ours = [&] {
      auto exchange = [&]() -> async::Task<void> {
        (void)co_await a->send_to(to_b, payload);
        auto d = co_await b->receive();
        (void)co_await b->send_to(d->source, d->payload);
        auto back = co_await a->receive();
        mirage_bench::sink = static_cast<std::uint8_t>(back->payload.size());
      };
      (void)loop.run(exchange());
    };
    auto theirs = [&] {
      ::sendto(fa, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&pb), sizeof pb);
      sockaddr_in from;
      socklen_t len = sizeof from;
      const ssize_t n = ::recvfrom(fb, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
      ::sendto(fb, buf, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), len);
      mirage_bench::sink = static_cast<std::uint8_t>(::recvfrom(fa, buf, sizeof buf, 0, nullptr, nullptr));
    };
    const char* name = size == 64 ? "udp exchange 64 B" : "udp exchange 1400 B";
    mirage_bench::row_ops(name, ours, theirs);
  }
  ::close(fa);
  ::close(fb);
  return 0;
}
