// Fortuna's output against OpenSSL's RAND_bytes (its CTR-DRBG over AES-256) in the same
// run, MB/s and ratio, for small and large requests. Both rekey or reseed on their own
// schedules; neither asks the kernel for entropy inside the timed loop.
//   nocrypto_rng_bench [seconds per row and side, default 1]
#include <nocrypto-rng/fortuna.hpp>

#include <mirage_bench/compare.hpp>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  mirage_bench::set_seconds(argc, argv);
  std::uint64_t fake_now = 0;
  nocrypto::rng::Fortuna fortuna([&] { return fake_now; });
  const std::array<std::uint8_t, 32> event{1, 2, 3};
  for (int i = 0; i < 3; ++i) (void)fortuna.add_event(0, 0, event);
  std::vector<std::uint8_t> buffer(16384);
  if (!fortuna.generate(buffer) || RAND_bytes(buffer.data(), 16) != 1) {
    std::fprintf(stderr, "rng_bench: a generator refused\n");
    return 1;
  }
  mirage_bench::header_mbps("fortuna", "openssl");
  for (std::size_t size : {16, 64, 1024, 16384}) {
    mirage_bench::row_mbps(
        "random bytes", size,
        [&] {
          (void)fortuna.generate(std::span(buffer.data(), size));
          mirage_bench::sink = buffer[0];
        },
        [&] {
          (void)RAND_bytes(buffer.data(), static_cast<int>(size));
          mirage_bench::sink = buffer[0];
        });
  }
  return 0;
}
