// The Tap's I/O over a SOCK_SEQPACKET socket pair (one frame per read and write, as a tap
// device gives), so it runs without privileges; opening a real tap is the interop test's.
#include <net_unix/capabilities.hpp>
#include <net_unix/tap.hpp>

#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <async/loop.hpp>
#include <async/when.hpp>

#include <chrono>
#include <string>

namespace {

using namespace std::chrono_literals;
using mirage::NetError;

const mirage::MacAddress mac{{0x02, 0, 0, 0, 0, 7}};

struct Pair {
  Pair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), 0);
    ours = fds[0];
    theirs = fds[1];
  }
  ~Pair() {
    if (theirs >= 0) ::close(theirs);
  }
  int ours = -1, theirs = -1;
};

struct Fixture {
  template <class T>
  T run(async::Task<T> task) {
    auto r = loop.run(std::move(task));
    EXPECT_TRUE(r) << "the task did not finish";
    if constexpr (!std::is_void_v<T>) return std::move(*r);
  }
  mirage_unix::Platform platform;
  async::Loop loop{platform};
  Pair pair;
  net_unix::Tap tap = net_unix::Tap::adopt(platform, pair.ours, mac, 1500);
};

TEST(Tap, ReceivesOneFramePerRead) {
  Fixture f;
  ASSERT_EQ(::write(f.pair.theirs, "first frame", 11), 11);
  ASSERT_EQ(::write(f.pair.theirs, "second", 6), 6);
  auto a = f.run(f.tap.receive());
  auto b = f.run(f.tap.receive());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->to_string(), "first frame");
  EXPECT_EQ(b->to_string(), "second");
  EXPECT_EQ(f.tap.stats().rx_packets, 2u);
  EXPECT_EQ(f.tap.stats().rx_bytes, 17u);
}

TEST(Tap, KeptFramesStayIntactWhileLaterOnesArrive) {
  Fixture f;
  std::vector<cstruct::Buffer> kept;
  for (int i = 0; i < 100; ++i) {  // enough to fill several read buffers
    const std::string frame(1000, char('a' + i % 26));
    ASSERT_EQ(::write(f.pair.theirs, frame.data(), frame.size()), ssize_t(frame.size()));
    auto r = f.run(f.tap.receive());
    ASSERT_TRUE(r);
    kept.push_back(*r);
  }
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(kept[i].to_string(), std::string(1000, char('a' + i % 26))) << i;
}

TEST(Tap, WaitsOnTheLoopForAFrame) {
  Fixture f;
  auto later = [&]() -> async::Task<void> {
    co_await f.loop.sleep(20ms);
    (void)::write(f.pair.theirs, "late", 4);
  };
  auto [r, _] = f.run(async::when_all(f.tap.receive(), later()));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->to_string(), "late");
}

TEST(Tap, WritesWholeFrames) {
  Fixture f;
  ASSERT_TRUE(f.run(f.tap.write(cstruct::Buffer::of_string("to the kernel"))));
  char buf[64];
  ASSERT_EQ(::read(f.pair.theirs, buf, sizeof buf), 13);
  EXPECT_EQ(std::string(buf, 13), "to the kernel");
  EXPECT_EQ(f.tap.stats().tx_packets, 1u);
}

TEST(Tap, RefusesFramesLargerThanTheMtu) {
  Fixture f;
  EXPECT_EQ(f.run(f.tap.write(cstruct::Buffer::create(1515))).error(), NetError::TooBig);
  EXPECT_TRUE(f.run(f.tap.write(cstruct::Buffer::create(1514))));
}

TEST(Tap, DisconnectWakesAWaitingReceive) {
  Fixture f;
  auto later = [&]() -> async::Task<void> {
    co_await f.loop.sleep(5ms);
    co_await f.tap.disconnect();
  };
  auto [r, _] = f.run(async::when_all(f.tap.receive(), later()));
  EXPECT_EQ(r.error(), NetError::Disconnected);
  EXPECT_EQ(f.run(f.tap.write(cstruct::Buffer::of_string("x"))).error(), NetError::Disconnected);
  EXPECT_EQ(f.run(f.tap.receive()).error(), NetError::Disconnected);
}

TEST(Tap, ReportsThePeerGoingAway) {
  Fixture f;
  ::close(std::exchange(f.pair.theirs, -1));
  EXPECT_EQ(f.run(f.tap.receive()).error(), NetError::Disconnected);
}

TEST(Tap, KnowsItsAddressAndMtu) {
  Fixture f;
  EXPECT_EQ(f.tap.mac(), mac);
  EXPECT_EQ(f.tap.mtu(), 1500u);
  EXPECT_EQ(f.tap.name(), "adopted");
}

TEST(Tap, RefusesANameTheKernelCannotTake) {
  mirage_unix::Platform platform;
  auto r =
      net_unix::Tap::open(platform, {.name = std::string(20, 'x'), .drop_capabilities = false});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("too long"), std::string::npos);
}

TEST(Capabilities, DroppingLeavesNoneAndCannotBeUndone) {
  // In a child, so that this process keeps its own.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto r = net_unix::drop_all_capabilities();
    const bool none = !net_unix::has_capabilities();
    // With the capabilities gone, creating a tap device (CAP_NET_ADMIN) must fail.
    mirage_unix::Platform platform;
    auto tap = net_unix::Tap::open(platform, {.name = "mirage-nocap0", .drop_capabilities = false});
    ::_exit(r && none && !tap ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

}  // namespace
