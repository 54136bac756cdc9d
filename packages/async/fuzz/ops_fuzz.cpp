// Drives the loop with a byte-chosen mix of tasks that sleep, yield, wait on and signal
// conditions, push to and pop from a stream, race each other and time out, and are
// cancelled at arbitrary points (by when_any, with_timeout, stop() and loop destruction).
// Under ASan this checks that every cancellation path unlinks its awaiters.
#include <async/async.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace {

using namespace std::chrono_literals;

// Clears a flag when it goes out of scope (also when its coroutine is cancelled).
struct Reset {
  bool& flag;
  ~Reset() { flag = false; }
};

// The loop is the last member: it dies first, cancelling the tasks that use the rest.
struct World {
  explicit World(std::span<const std::uint8_t> s) : script(s) {}
  async::ManualPlatform platform;
  async::Condition cond;
  async::Stream<int> stream{2};
  async::Promise<int> promise;
  async::Future<int> future = promise.get_future();
  std::span<const std::uint8_t> script;
  bool future_awaited = false;
  std::size_t pos = 0;
  int steps = 0;
  async::Loop loop{platform};

  std::uint8_t next() { return pos < script.size() ? script[pos++] : 0; }
};

async::Task<int> actor(World& w, int depth);

async::Task<int> act(World& w, int depth, std::uint8_t op) {
  const std::uint8_t arg = w.next();
  switch (op % 12) {
    case 0:
      co_await w.loop.sleep(async::Duration{arg % 8});
      break;
    case 1:
      co_await w.loop.yield();
      break;
    case 2:
      co_await w.cond.wait();
      break;
    case 3:
      w.cond.signal();
      break;
    case 4:
      w.cond.broadcast();
      break;
    case 5:
      co_await w.stream.push(arg);
      break;
    case 6:
      co_return (co_await w.stream.pop()).value_or(0);
    case 7:
      if (depth < 4) {
        auto r = co_await async::when_any(actor(w, depth + 1), actor(w, depth + 1));
        co_return static_cast<int>(r.index());
      }
      break;
    case 8:
      if (depth < 4) {
        auto [a, b] = co_await async::when_all(actor(w, depth + 1), actor(w, depth + 1));
        co_return a + b;
      }
      break;
    case 9:
      if (depth < 4) {
        auto r =
            co_await async::with_timeout(w.loop, async::Duration{arg % 8}, actor(w, depth + 1));
        co_return r.value_or(-1);
      }
      break;
    case 10:
      if (arg % 4 == 0) w.stream.close();
      if (arg % 4 == 1) w.promise.set_value(arg);
      if (arg % 4 == 2) w.loop.stop();
      break;
    case 11:
      if (depth < 4)
        w.loop.spawn(
            [](World& wd, int d) -> async::Task<void> { co_await actor(wd, d); }(w, depth + 1));
      if (arg % 2 == 0 && !w.future_awaited) {  // a future has one awaiter at a time
        w.future_awaited = true;
        const Reset reset{w.future_awaited};
        (void)co_await w.future;
      }
      break;
  }
  co_return op;
}

async::Task<int> actor(World& w, int depth) {
  int sum = 0;
  const int n = w.next() % 6;
  for (int i = 0; i < n && ++w.steps < 2000; ++i) sum += co_await act(w, depth, w.next());
  co_return sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World w{std::span<const std::uint8_t>(data, size)};
  for (int round = 0; round < 3; ++round) {
    (void)w.loop.run(async::when_all(actor(w, 0), actor(w, 0)));
  }
  return 0;
}
