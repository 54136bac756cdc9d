#pragma once
// tls-echo: a TLS echo server (TLS 1.3, and 1.2 for clients without 1.3). It listens on the `port` boot key with the certificate
// chain and key given as PEM text in `cert` and `key`, serves each connection in its own
// task, and echoes every byte back until the client's close_notify (or the end of the TCP
// stream), then answers with its own close_notify. One line per connection goes to the
// console: the peer, the suite and group negotiated, the bytes echoed and how it ended, or
// why the handshake failed.
//
// Randomness is Fortuna (nocrypto-rng) seeded from the Random device and fed from it every
// second, as MirageOS's mirage-crypto-rng does; the tls state machine draws from it.
#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/this_loop.hpp>
#include <async/when.hpp>
#include <cstruct/buffer.hpp>
#include <mirage-runtime/exit_code.hpp>
#include <mirage/clock.hpp>
#include <mirage/console.hpp>
#include <mirage/error.hpp>
#include <mirage/random.hpp>
#include <mirage/stack.hpp>
#include <nocrypto-rng/entropy.hpp>
#include <nocrypto-rng/fortuna.hpp>
#include <tls-flow/tls_flow.hpp>
#include <tls/config.hpp>
#include <tls/types.hpp>

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tls_echo {

using namespace std::chrono_literals;

// A client has this long to complete its handshake.
inline constexpr async::Duration kHandshakeTimeout = 10s;

// "echo,h2" -> {"echo", "h2"}; empty entries are dropped.
inline std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// "sent handshake_failure: no cipher suite in common"
inline std::string describe(const tls::Error& e) {
  std::string out = std::string(e.received ? "received " : "sent ") + tls::alert_name(e.alert);
  if (e.message != nullptr && *e.message != '\0') out += std::string(": ") + e.message;
  return out;
}

// Why a TLS flow stopped: its TLS failure if it had one, else the transport's error.
inline std::string describe(mirage::FlowError flow, const std::optional<tls::Error>& tls) {
  if (tls) return "TLS failed (" + describe(*tls) + ")";
  // tls-flow reports a TCP stream that ends before close_notify as Reset.
  if (flow == mirage::FlowError::Reset) return "the TCP stream ended (or was reset) without close_notify";
  return "a transport error (" + std::string(mirage::to_string(flow)) + ")";
}

// The server configuration from the boot keys, or a sentence saying what is wrong.
inline std::expected<std::shared_ptr<tls::ServerConfig>, std::string> server_config(std::string_view cert,
                                                                                    std::string_view key,
                                                                                    std::string_view alpn) {
  if (cert.find("-----BEGIN") == std::string_view::npos)
    return std::unexpected("--cert holds no PEM block: it takes the PEM text of the chain, not a file name "
                           "(--cert=\"$(cat cert.pem)\")");
  if (key.find("-----BEGIN") == std::string_view::npos)
    return std::unexpected("--key holds no PEM block: it takes the PEM text of the private key, not a file name "
                           "(--key=\"$(cat key.pem)\")");
  auto certified = tls::certified_from_pem(cert, key);
  if (!certified) return std::unexpected("--cert/--key: " + std::string(certified.error().message));
  auto config = std::make_shared<tls::ServerConfig>();
  config->certificates.push_back(std::move(*certified));
  config->alpn = split_commas(alpn);
  config->ticket_key = tls::Bytes(32);  // filled from the generator at start
  if (auto problem = config->validate(); !problem.empty())
    return std::unexpected("the TLS configuration is not usable: " + problem);
  return config;
}

}  // namespace tls_echo

template <mirage::Console C, mirage::Random R, mirage::Mclock M, mirage::Time T, mirage::Stack S>
struct Unikernel {
  using Flow = typename S::tcp_type::flow_type;
  using Tls = tls_flow::TlsFlow<Flow>;

  template <class Keys>
  static async::Task<int> start(C& console, R& random, M& mclock, T& time, S& stack, const Keys& keys) {
    auto made = tls_echo::server_config(keys.cert, keys.key, keys.alpn);
    if (!made) {
      co_await say(console, "tls-echo: " + made.error());
      co_return mirage_runtime::exit_code::argument_error;
    }
    std::shared_ptr<tls::ServerConfig> config = std::move(*made);
    auto listener = stack.tcp().listen(keys.port);
    if (!listener) {
      co_await say(console, "tls-echo: cannot listen on port " + std::to_string(keys.port) + ": " +
                                std::string(mirage::to_string(listener.error())));
      co_return mirage_runtime::exit_code::failure;
    }

    M* clock = &mclock;  // a device: it outlives the loop and every task
    nocrypto::rng::Fortuna fortuna([clock] { return clock->elapsed_ns(); });
    nocrypto::rng::seed_from(random, fortuna);
    // Session tickets (a NewSessionTicket after each handshake, resumption with them),
    // sealed under a key of this boot: they do not survive a restart.
    if (!fortuna.generate(*config->ticket_key)) {
      co_await say(console, "tls-echo: the random generator gives no output");
      co_return mirage_runtime::exit_code::failure;
    }
    config->clock_ms = [clock] { return clock->elapsed_ns() / 1'000'000; };
    async::Loop& loop = co_await async::this_loop();
    loop.spawn(nocrypto::rng::keep_feeding(random, time, fortuna, std::chrono::seconds(1)));

    Shared shared{console, loop, std::move(config), fortuna};
    std::string ready = "tls-echo: listening on port " + std::to_string(keys.port);
    for (std::size_t i = 0; i < shared.config->alpn.size(); ++i)
      ready += (i == 0 ? ", ALPN " : ",") + shared.config->alpn[i];
    co_await say(console, ready);
    // Runs until the unikernel is stopped (SIGTERM, SIGINT): the connections' tasks are
    // spawned on the loop, which cancels them then, and never outlive this frame.
    for (;;) {
      auto flow = co_await listener->accept();
      if (!flow) {
        co_await say(console, "tls-echo: accept failed: " + std::string(mirage::to_string(flow.error())));
        co_await time.sleep(std::chrono::milliseconds(100));  // no busy loop while it lasts (no descriptors left)
        continue;
      }
      loop.spawn(connection(shared, std::move(*flow)));
    }
  }

 private:
  struct Shared {
    C& console;
    async::Loop& loop;
    std::shared_ptr<const tls::ServerConfig> config;
    nocrypto::rng::Fortuna& rng;
  };

  static async::Task<void> say(C& console, std::string line) {
    const auto written = co_await console.write(line + "\n");
    (void)written;  // nowhere else to report it
  }

  // One client: the handshake, then every byte back until close_notify or the end of TCP.
  static async::Task<void> connection(Shared& shared, Flow flow) {
    const std::string peer = "tls-echo: " + flow.peer().to_string() + ": ";
    auto made = co_await async::with_timeout(shared.loop, tls_echo::kHandshakeTimeout,
                                             Tls::server(std::move(flow), shared.config, shared.rng));
    if (!made) {
      co_await say(shared.console, peer + "handshake timed out after 10 s");
      co_return;
    }
    if (!*made) {
      const tls_flow::Error& e = made->error();
      std::string why = e.tls ? tls_echo::describe(*e.tls)
                              : tls_echo::describe(e.flow.value_or(mirage::FlowError::Io), std::nullopt);
      co_await say(shared.console, peer + "handshake failed: " + why);
      co_return;
    }
    Tls& tls = **made;
    const tls::SessionInfo& info = tls.info();
    std::string line = peer + tls::suite_name(info.suite) + " " + tls::group_name(info.group);
    if (info.alpn) line += " ALPN " + *info.alpn;
    if (info.resumed) line += " (resumed)";

    std::uint64_t echoed = 0;
    std::string end;
    for (;;) {
      auto got = co_await tls.read();
      if (!got) {
        end = tls_echo::describe(got.error(), tls.last_error());
        break;
      }
      if (!*got) {
        end = "close_notify";
        break;
      }
      const std::size_t n = (*got)->size();
      auto written = co_await tls.write(std::move(**got));
      if (!written) {
        end = "writing failed: " + tls_echo::describe(written.error(), tls.last_error());
        break;
      }
      echoed += n;
    }
    co_await tls.close();  // our close_notify, then the TCP connection
    co_await say(shared.console, line + ", echoed " + std::to_string(echoed) + " bytes until " + end);
  }
};
