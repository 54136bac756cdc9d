#pragma once
// Ours against a peer (OpenSSL, the kernel, git, ...) in the same run: each side timed in
// turns on this thread's CPU clock, five rounds, the best round of each kept, and the
// ratio printed. Every mirage_bench target can include it as <mirage_bench/compare.hpp>.
//
//   mirage_bench::set_seconds(argc, argv);        // optional first argument: seconds per row
//   mirage_bench::header_mbps();                  // or header_ops()
//   mirage_bench::row_mbps("sha256", 16384, [&] { ours(); }, [&] { theirs(); });
//   mirage_bench::row_ops("x25519", [&] { ours(); }, [&] { theirs(); });
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <span>

namespace mirage_bench {

// Somewhere to store results so the optimiser keeps the work that produced them.
inline volatile std::uint8_t sink;

// Deterministic bytes (xorshift64) where an API wants a random source: for keys, nonces
// and blinding values in benchmarks, which need speed and repeatability, not secrecy.
struct BenchRandom {
  std::uint64_t state = 0x9e3779b97f4a7c15u;
  bool generate(std::span<std::uint8_t> out) {
    for (auto& b : out) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      b = static_cast<std::uint8_t>(state);
    }
    return true;
  }
};

inline double& seconds_per_row() {
  static double seconds = 1.0;
  return seconds;
}

// Reads the optional first argument (seconds per row and side; default 1).
inline void set_seconds(int argc, char** argv) {
  if (argc > 1) {
    const double s = std::atof(argv[1]);
    if (s > 0) seconds_per_row() = s;
  }
}

// The CPU time of this thread: time the scheduler gives to other work on a shared machine
// is not counted against either side.
inline double cpu_seconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Calls of `fn` per second of CPU time: as many as fit `seconds`, after a warm-up.
template <class Fn>
double calls_per_second(double seconds, Fn&& fn) {
  for (int i = 0; i < 8; ++i) fn();
  std::uint64_t calls = 0;
  std::uint64_t batch = 1;
  const double start = cpu_seconds();
  double elapsed;
  do {
    for (std::uint64_t i = 0; i < batch; ++i) fn();
    calls += batch;
    if (batch < 64) batch *= 2;
  } while ((elapsed = cpu_seconds() - start) < seconds);
  return static_cast<double>(calls) / elapsed;
}

// Best calls per second of ours and of theirs over five alternating rounds.
template <class Ours, class Theirs>
void best_of_rounds(Ours&& ours, Theirs&& theirs, double& best_ours, double& best_theirs) {
  best_ours = 0;
  best_theirs = 0;
  for (int round = 0; round < 5; ++round) {
    best_ours = std::max(best_ours, calls_per_second(seconds_per_row() / 5, ours));
    best_theirs = std::max(best_theirs, calls_per_second(seconds_per_row() / 5, theirs));
  }
}

inline void header_mbps(const char* ours = "ours", const char* theirs = "peer") {
  std::printf("MB/s = 10^6 bytes per second of thread CPU time; ratio = %s / %s\n", ours, theirs);
  std::printf("%-28s %6s %10s %10s %7s\n", "algorithm", "bytes", ours, theirs, "ratio");
}

inline void header_ops(const char* ours = "ours", const char* theirs = "peer") {
  std::printf("ops/s per second of thread CPU time; ratio = %s / %s\n", ours, theirs);
  std::printf("%-28s %10s %10s %7s\n", "operation", ours, theirs, "ratio");
}

// One row of MB/s: each call of ours and theirs processes `bytes` bytes. Returns the ratio.
template <class Ours, class Theirs>
double row_mbps(const char* name, std::size_t bytes, Ours&& ours, Theirs&& theirs) {
  double o, t;
  best_of_rounds(ours, theirs, o, t);
  const double scale = static_cast<double>(bytes) / 1e6;
  std::printf("%-28s %6zu %10.0f %10.0f %7.2f\n", name, bytes, o * scale, t * scale, o / t);
  std::fflush(stdout);
  return o / t;
}

// One row of operations per second. Returns the ratio.
template <class Ours, class Theirs>
double row_ops(const char* name, Ours&& ours, Theirs&& theirs) {
  double o, t;
  best_of_rounds(ours, theirs, o, t);
  std::printf("%-28s %10.0f %10.0f %7.2f\n", name, o, t, o / t);
  std::fflush(stdout);
  return o / t;
}

}  // namespace mirage_bench
