// dns_server_unix: serves the zone files of a directory over UDP and TCP on the socket
// stack (tcpip-socket on mirage-unix's epoll loop).
//
//   dns_server_unix --zones DIR [--address 127.0.0.1] [--port 53]
//                   [--transfers deny|allow|tsig] [--key [alg:]name:base64]...
//                   [--tcp-idle-ms 10000] [--max-tcp 100] [--authority-ns yes|no]
//                   [--nsid TEXT] [--rate-limit N] [--rate-limit-slip N]
//
// Every file DIR/NAME.zone is the zone NAME (example.com.zone is example.com.). Once
// listening it prints "listening udp PORT tcp PORT" on stdout (port 0 picks free ports).
#include <dns-server/listener.hpp>
#include <dns-server/server.hpp>

#include <async/loop.hpp>
#include <mirage_unix/devices.hpp>
#include <mirage_unix/platform.hpp>
#include <tcpip-socket/stack.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

int usage(const char* why) {
  std::fprintf(
      stderr,
      "dns_server_unix: %s\nusage: dns_server_unix --zones DIR [--address ADDR] [--port N]\n"
      "         [--transfers deny|allow|tsig] [--key [alg:]name:base64]... [--tcp-idle-ms N] "
      "[--max-tcp N]\n         [--authority-ns yes|no] [--nsid TEXT] [--rate-limit N] [--rate-limit-slip N]\n",
      why);
  return 2;
}

std::optional<unsigned long> number(const char* text, unsigned long max) {
  char* end = nullptr;
  errno = 0;
  const unsigned long v = std::strtoul(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v > max) return std::nullopt;
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::string zones_dir, address = "127.0.0.1";
  dns_server::Config config;
  dns_server::ListenerOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return usage(("missing value after " + std::string(arg)).c_str());
    const char* value = argv[++i];
    if (arg == "--zones") {
      zones_dir = value;
    } else if (arg == "--address") {
      address = value;
    } else if (arg == "--port") {
      auto p = number(value, 65535);
      if (!p) return usage("--port takes 0 to 65535");
      options.port = static_cast<std::uint16_t>(*p);
    } else if (arg == "--transfers") {
      const std::string_view v = value;
      if (v == "deny")
        config.transfers = dns_server::TransferPolicy::Deny;
      else if (v == "allow")
        config.transfers = dns_server::TransferPolicy::Allow;
      else if (v == "tsig")
        config.transfers = dns_server::TransferPolicy::RequireTsig;
      else
        return usage("--transfers takes deny, allow or tsig");
    } else if (arg == "--authority-ns") {
      const std::string_view v = value;
      if (v != "yes" && v != "no") return usage("--authority-ns takes yes or no");
      config.authority_ns = v == "yes";
    } else if (arg == "--nsid") {
      const std::string_view v = value;
      config.nsid.assign(v.begin(), v.end());
    } else if (arg == "--key") {
      auto key = dns::tsig::Key::parse(value);
      if (!key) return usage(("bad --key: " + key.error()).c_str());
      config.keys.add(std::move(*key));
    } else if (arg == "--tcp-idle-ms") {
      auto ms = number(value, 3600000);
      if (!ms) return usage("--tcp-idle-ms takes 0 to 3600000");
      options.tcp_idle_timeout = std::chrono::milliseconds(*ms);
    } else if (arg == "--rate-limit") {  // UDP responses per second per client network; 0: off
      auto n = number(value, 1000000);
      if (!n) return usage("--rate-limit takes responses per second (0 turns it off)");
      config.rate_limit.responses_per_second = static_cast<std::uint32_t>(*n);
    } else if (arg == "--rate-limit-slip") {
      auto n = number(value, 10);
      if (!n) return usage("--rate-limit-slip takes 0 to 10");
      config.rate_limit.slip = static_cast<std::uint32_t>(*n);
    } else if (arg == "--max-tcp") {
      auto n = number(value, 1000000);
      if (!n) return usage("--max-tcp takes a number");
      options.max_tcp_connections = *n;
    } else {
      return usage(("unknown option " + std::string(arg)).c_str());
    }
  }
  if (zones_dir.empty()) return usage("--zones DIR is required");
  // Announced to TCP clients that ask (RFC 7828), in units of 100 ms.
  config.tcp_keepalive = static_cast<std::uint16_t>(std::min<std::int64_t>(
      65535,
      std::chrono::duration_cast<std::chrono::milliseconds>(options.tcp_idle_timeout).count() /
          100));
  auto bind_address = mirage::IpAddress::parse(address);
  if (!bind_address) return usage(("bad --address " + address).c_str());

  dns_server::Server server(std::move(config));
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(zones_dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".zone")
      files.push_back(entry.path());
  }
  if (ec) {
    std::fprintf(stderr, "dns_server_unix: cannot list %s: %s\n", zones_dir.c_str(),
                 ec.message().c_str());
    return 1;
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::fprintf(stderr, "dns_server_unix: cannot read %s\n", path.c_str());
      return 1;
    }
    auto origin = dns::Name::parse(path.stem().string() + ".");
    if (!origin) {
      std::fprintf(stderr, "dns_server_unix: %s: not a zone name: %s\n", path.c_str(),
                   origin.error().message.c_str());
      return 1;
    }
    auto loaded = dns_server::load_zone(server, {*origin, path.string(), text.str()});
    if (!loaded) {
      std::fprintf(stderr, "dns_server_unix: %s\n", loaded.error().message.c_str());
      return 1;
    }
  }
  if (server.zone_count() == 0) {
    std::fprintf(stderr, "dns_server_unix: no *.zone file in %s\n", zones_dir.c_str());
    return 1;
  }

  mirage_unix::Platform platform;
  tcpip_socket::Stack stack(platform, *bind_address);
  mirage_unix::Pclock clock;
  // The loop goes first at the end: it cancels the connection tasks that use the listener.
  auto loop = std::make_unique<async::Loop>(platform);
  dns_server::Listener listener(*loop, stack, clock, server, options);
  if (auto bound = listener.bind(); !bound) {
    std::fprintf(stderr, "dns_server_unix: cannot listen on %s port %u: %s\n", address.c_str(),
                 options.port, std::string(mirage::to_string(bound.error())).c_str());
    return 1;
  }
  std::printf("listening udp %u tcp %u zones %zu\n", listener.udp_port(), listener.tcp_port(),
              server.zone_count());
  std::fflush(stdout);
  auto done = loop->run(listener.serve());
  if (!done) std::fprintf(stderr, "dns_server_unix: the loop stopped\n");
  loop.reset();
  return done ? 0 : 1;
}
