// tls-flow over the socket stack's TCP on loopback, against OpenSSL: our client flow talks
// to `openssl s_server -rev` (which answers each line reversed), and `openssl s_client`
// talks to our server flow. Skipped (exit 77) when the openssl command is missing.
#include "support.hpp"

#include <tls-flow/tls_flow.hpp>

#include <async/loop.hpp>
#include <mirage_unix/platform.hpp>
#include <tcpip-socket/stack.hpp>
#include <x509/pem.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

extern char** environ;

namespace {

using namespace tls_flow_test;
using namespace std::chrono_literals;
using Tls = tls_flow::TlsFlow<tcpip_socket::Flow>;

// A child process with pipes to its stdin and from its stdout.
struct Child {
  pid_t pid = -1;
  int in = -1, out = -1;
  explicit Child(const std::vector<std::string>& argv) {
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0) return;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, to[0], 0);
    posix_spawn_file_actions_adddup2(&fa, from[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    close(to[0]);
    close(from[1]);
    in = to[1];
    out = from[0];
  }
  void close_stdin() {
    if (in >= 0) close(in);
    in = -1;
  }
  std::string read_all() {
    std::string s;
    char buf[4096];
    for (ssize_t n; (n = read(out, buf, sizeof buf)) > 0;) s.append(buf, static_cast<std::size_t>(n));
    return s;
  }
  ~Child() {
    close_stdin();
    if (out >= 0) close(out);
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
};

bool have_openssl() { return system("openssl version > /dev/null 2>&1") == 0; }

struct SocketInterop : ::testing::Test {
  Identity id;
  Rng rng{3000};
  mirage_unix::Platform platform;
  async::Loop loop{platform};
  tcpip_socket::Stack stack{platform};
  std::string dir;
  void SetUp() override {
    if (!have_openssl()) GTEST_SKIP() << "openssl not installed (ci/deps.sh --all installs it)";
    char tmpl[] = "/tmp/tls-flow-XXXXXX";
    dir = mkdtemp(tmpl);
    std::ofstream(dir + "/cert.pem") << x509::encode_pem("CERTIFICATE", id.certified.chain.front());
    std::ofstream(dir + "/key.pem") << x509::encode_pem_private_key(id.certified.key);
  }
  void TearDown() override {
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
  // A port nothing listens on now (the kernel's choice for a listener just closed).
  std::uint16_t free_port() {
    auto l = stack.tcp().listen(0);
    const std::uint16_t p = l->local().port;
    l->close();
    return p;
  }
};

async::Task<std::string> reversed_line(tcpip_socket::Stack& stack, async::Loop& loop, std::uint16_t port,
                                       std::shared_ptr<tls::ClientConfig> cfg, Rng& rng) {
  std::optional<tcpip_socket::Flow> flow;
  for (int i = 0; i < 100 && !flow; ++i) {  // until s_server listens
    auto f = co_await stack.tcp().connect({mirage::Ipv4Address::localhost(), port});
    if (f) flow.emplace(std::move(*f));
    else co_await loop.sleep(50ms);
  }
  if (!flow) co_return "openssl s_server did not listen";
  auto t = co_await Tls::client(std::move(*flow), cfg, rng);
  if (!t) co_return t.error().tls ? t.error().tls->message : "handshake: transport error";
  auto w = co_await t->write(cstruct::Buffer::of_string("hello tls-flow\n"));
  if (!w) co_return "write failed";
  std::string got;
  while (got.find('\n') == std::string::npos) {
    auto r = co_await t->read();
    if (!r || !*r) co_return "read ended early: " + got;
    got += (*r)->to_string();
  }
  co_await t->close();
  co_return got;
}

TEST_F(SocketInterop, OurClientAgainstOpensslServer) {
  const std::uint16_t port = free_port();
  Child server({"openssl", "s_server", "-accept", std::to_string(port), "-cert", dir + "/cert.pem", "-key",
                dir + "/key.pem", "-tls1_3", "-rev", "-naccept", "1", "-quiet"});
  ASSERT_GT(server.pid, 0);
  auto cfg = client_config(id);
  auto r = loop.run(reversed_line(stack, loop, port, cfg, rng));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, "wolf-slt olleh\n");
}

async::Task<std::string> echo_once(tcpip_socket::Listener& listener, std::shared_ptr<tls::ServerConfig> cfg,
                                   Rng& rng) {
  auto flow = co_await listener.accept();
  if (!flow) co_return "accept failed";
  auto t = co_await Tls::server(std::move(*flow), cfg, rng);
  if (!t) co_return t.error().tls ? t.error().tls->message : "handshake: transport error";
  std::string got;
  while (got.find('\n') == std::string::npos) {
    auto r = co_await t->read();
    if (!r || !*r) co_return "read ended early: " + got;
    got += (*r)->to_string();
  }
  auto w = co_await t->write(cstruct::Buffer::of_string("echo: " + got));
  if (!w) co_return "write failed";
  co_await t->close();
  co_return got;
}

TEST_F(SocketInterop, OpensslClientAgainstOurServer) {
  auto listener = stack.tcp().listen(0);
  ASSERT_TRUE(listener);
  const std::uint16_t port = listener->local().port;
  Child client({"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(port), "-tls1_3", "-quiet"});
  ASSERT_GT(client.pid, 0);
  const std::string line = "ping over tls-flow\n";
  ASSERT_EQ(write(client.in, line.data(), line.size()), static_cast<ssize_t>(line.size()));
  auto r = loop.run(echo_once(*listener, server_config(id), rng));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, line);
  client.close_stdin();
  EXPECT_EQ(client.read_all(), "echo: " + line);  // s_client ends at our close_notify
}

}  // namespace
