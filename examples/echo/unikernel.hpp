#pragma once
// echo: TCP and UDP echo (RFC 862) on the `port` boot key, over any mirage::Stack: the
// host's sockets (`mirage configure -t unix --net socket`) or our own TCP/IP on a tap
// device (`--net direct`, boot keys --stack-tap, --stack-ipv4, --stack-ipv4-gateway). Each
// TCP connection runs in its own task and is echoed until the client closes; a line per
// connection goes to the console: the peer and the bytes echoed.
#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/this_loop.hpp>
#include <async/when.hpp>
#include <mirage/console.hpp>
#include <mirage/error.hpp>
#include <mirage/stack.hpp>

#include <cstdint>
#include <string>
#include <utility>

template <mirage::Console C, mirage::Stack S>
struct Unikernel {
  using Flow = typename S::tcp_type::flow_type;

  static async::Task<void> say(C& console, std::string line) { (void)co_await console.write(line + "\n"); }

  static async::Task<void> serve_tcp(C& console, Flow flow) {
    std::uint64_t total = 0;
    const std::string peer = flow.peer().to_string();
    std::string how = "closed";
    for (;;) {
      auto r = co_await flow.read();
      if (!r) {
        how = std::string(mirage::to_string(r.error()));
        break;
      }
      if (!*r) break;
      total += (*r)->size();
      if (auto w = co_await flow.write(**r); !w) {
        how = std::string(mirage::to_string(w.error()));
        break;
      }
    }
    co_await flow.close();
    co_await say(console, "tcp " + peer + ": " + std::to_string(total) + " bytes echoed, " + how);
  }

  static async::Task<int> tcp_server(C& console, S& stack, std::uint16_t port) {
    auto listener = stack.tcp().listen(port);
    if (!listener) {
      co_await say(console, "echo: cannot listen on TCP port " + std::to_string(port) + ": " +
                                std::string(mirage::to_string(listener.error())));
      co_return 1;
    }
    async::Loop& loop = co_await async::this_loop();
    for (;;) {
      auto flow = co_await listener->accept();
      if (!flow) co_return 1;
      loop.spawn(serve_tcp(console, std::move(*flow)));
    }
  }

  static async::Task<int> udp_server(C& console, S& stack, std::uint16_t port) {
    auto socket = stack.udp().bind(port);
    if (!socket) {
      co_await say(console, "echo: cannot bind UDP port " + std::to_string(port) + ": " +
                                std::string(mirage::to_string(socket.error())));
      co_return 1;
    }
    for (;;) {
      auto d = co_await socket->receive();
      if (!d) co_return 1;
      (void)co_await socket->send_to(d->source, d->payload);
    }
  }

  template <class Keys>
  static async::Task<int> start(C& console, S& stack, const Keys& keys) {
    std::string addresses;
    for (const auto& a : stack.addresses()) addresses += " " + a.to_string();
    co_await say(console, "echo: TCP and UDP port " + std::to_string(keys.port) + " on" + addresses);
    auto r = co_await async::when_any(tcp_server(console, stack, keys.port),
                                      udp_server(console, stack, keys.port));
    co_return r.index() == 0 ? std::get<0>(r) : std::get<1>(r);
  }
};
