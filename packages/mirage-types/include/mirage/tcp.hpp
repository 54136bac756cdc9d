#pragma once
#include <async/task.hpp>
#include <concepts>
#include <cstdint>
#include <expected>
#include <mirage/address.hpp>
#include <mirage/error.hpp>
#include <mirage/flow.hpp>

namespace mirage {

// A TCP connection: a Flow that knows both of its endpoints.
template <class F>
concept TcpFlow = Flow<F> && requires(const F& f) {
  { f.peer() } -> std::same_as<Endpoint>;
  { f.local() } -> std::same_as<Endpoint>;
};

// A listening TCP socket. accept() completes with the next established connection (from
// a bounded backlog); close() stops listening and makes pending accept()s fail with
// FlowError::Closed.
template <class L>
concept TcpListener = TcpFlow<typename L::flow_type> && requires(L& l) {
  { l.accept() } -> std::same_as<async::Task<std::expected<typename L::flow_type, FlowError>>>;
  { l.close() } -> std::same_as<void>;
};

// Tcp: opens connections and listens. connect() fails with Refused, Timeout or
// Unreachable as the network says; listen(port) fails with AddressInUse when the port is
// taken. Port 0 in listen() picks a free port (see the listener's local endpoint).
template <class T>
concept Tcp = TcpFlow<typename T::flow_type> && TcpListener<typename T::listener_type> &&
              requires(T& t, Endpoint remote, std::uint16_t port) {
  { t.connect(remote) } -> std::same_as<async::Task<std::expected<typename T::flow_type, FlowError>>>;
  { t.listen(port) } -> std::same_as<std::expected<typename T::listener_type, ListenError>>;
};

}  // namespace mirage
