// What a log call costs with the source at Warning, so a debug message is disabled (the
// common case in a hot path), and at Debug, so it is formatted and handed to the default
// reporter, which drops it.
#include <logs/logs.hpp>

#include <benchmark/benchmark.h>

namespace {

logs::Source bench_log("bench");

void BM_DebugMacro(benchmark::State& state) {
  bench_log.set_level(static_cast<logs::Level>(state.range(0)));
  unsigned port = 80;
  for (auto _ : state) {
    benchmark::DoNotOptimize(port);
    LOGS_DEBUG(bench_log, "accepted %s:%u", "10.0.0.1", port);
  }
}
BENCHMARK(BM_DebugMacro)
    ->ArgName("level")
    ->Arg(static_cast<int>(logs::Level::Warning))
    ->Arg(static_cast<int>(logs::Level::Debug));

void BM_DebugCallbackDisabled(benchmark::State& state) {
  bench_log.set_level(logs::Level::Warning);
  unsigned port = 80;
  for (auto _ : state) {
    benchmark::DoNotOptimize(port);
    bench_log.debug([&](auto& m) { m("accepted %s:%u", "10.0.0.1", port); });
  }
}
BENCHMARK(BM_DebugCallbackDisabled);

}  // namespace

BENCHMARK_MAIN();
