#pragma once
// dhcp_client::run: drives a Client over our UDP layer (port 68) on the loop, for ever.
// Every change of lease goes to `apply` (a lease to configure, or nullopt once it is lost),
// which is awaited before anything else is received:
//
//   stack.configure(ipv4::Config{});   // nothing yet: send from 0.0.0.0, take broadcasts
//   loop.spawn(dhcp_client::run(loop, stack.udp(), client,
//       [&](const std::optional<dhcp_client::Lease>& l) {
//         return stack.configure(l ? l->ipv4() : ipv4::Config{});
//       }));
//
// It logs (source "dhcp-client") each lease taken, renewed and lost. Fails at once, with
// AddressInUse, when port 68 is taken.
#include <dhcp_client/client.hpp>

#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/when.hpp>
#include <cstruct/buffer.hpp>
#include <dhcp_wire/message.hpp>
#include <expected>
#include <logs/logs.hpp>
#include <mirage/error.hpp>
#include <mirage/udp.hpp>
#include <optional>
#include <string>
#include <utility>

namespace dhcp_client {

inline logs::Source& log_source() {
  static logs::Source source{"dhcp-client"};
  return source;
}

// Reports a step's change of lease on the log.
void log_change(const Client& client, Change change);

template <class U, class Apply>
async::Task<std::expected<void, mirage::ListenError>> run(async::Loop& loop, U& udp, Client& client,
                                                          Apply apply) {
  auto bound = udp.bind(dhcp_wire::client_port);
  if (!bound) co_return std::unexpected(bound.error());
  auto socket = std::move(*bound);
  Step step = client.start(loop.now());
  for (;;) {
    if (step.change != Change::None) {
      log_change(client, step.change);
      if (step.change != Change::Renewed) co_await apply(client.lease());
    }
    if (step.send) {
      auto bytes = dhcp_wire::encode(step.send->message);
      auto sent = co_await socket.send_to({step.send->destination, dhcp_wire::server_port},
                                          cstruct::Buffer::copy_of(bytes));
      if (!sent)
        LOGS_DEBUG(log_source(), "%s to %s not sent: %s",
                   std::string(dhcp_wire::to_string(*step.send->message.options.message_type)).c_str(),
                   step.send->destination.to_string().c_str(), std::string(mirage::to_string(sent.error())).c_str());
    }
    step = {};
    const async::TimePoint deadline = client.deadline();
    std::optional<mirage::Datagram> datagram;
    if (deadline == async::TimePoint::max()) {
      auto d = co_await socket.receive();
      if (!d) co_return std::expected<void, mirage::ListenError>{};
      datagram = std::move(*d);
    } else if (deadline > loop.now()) {
      auto d = co_await async::with_timeout(loop, deadline - loop.now(), socket.receive());
      if (d && !*d) co_return std::expected<void, mirage::ListenError>{};
      if (d) datagram = std::move(**d);
    }
    if (!datagram) {
      step = client.timeout(loop.now());
      continue;
    }
    if (datagram->source.port != dhcp_wire::server_port) continue;
    auto message = dhcp_wire::parse(datagram->payload.span());
    if (message) step = client.input(*message, loop.now());
  }
}

}  // namespace dhcp_client
