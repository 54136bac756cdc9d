#include <nocrypto-rng/fortuna.hpp>

#include <algorithm>
#include <cstring>

namespace nocrypto::rng {
namespace {

// counter += n, big-endian 128-bit.
void add_to_counter(std::array<std::uint8_t, 16>& counter, std::uint64_t n) noexcept {
  for (int i = 15; i >= 0 && n != 0; --i) {
    const std::uint64_t sum = counter[static_cast<std::size_t>(i)] + (n & 0xff);
    counter[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(sum);
    n = (n >> 8) + (sum >> 8);
  }
}

}  // namespace

Generator::~Generator() { wipe(key_); }

void Generator::rekey(ByteView key) noexcept {
  std::copy(key.begin(), key.end(), key_.begin());
  aes_ = *Aes::create(key_);  // 32 bytes: cannot fail
}

void Generator::reseed(ByteView seed) noexcept {
  Sha256 inner;
  inner.feed(key_);
  inner.feed(seed);
  auto first = inner.finish();
  auto key = digest<Sha256>(first);
  rekey(key);
  wipe(first);
  wipe(key);
  add_to_counter(counter_, 1);
  seeded_ = true;
}

void Generator::blocks(std::span<std::uint8_t> out) noexcept {
  std::memset(out.data(), 0, out.size());
  (void)ctr_xor(*aes_, counter_, out, out, CtrCounter::Full128);
  add_to_counter(counter_, (out.size() + 15) / 16);
}

bool Generator::generate(std::span<std::uint8_t> out) noexcept {
  if (!seeded_) {
    std::fill(out.begin(), out.end(), std::uint8_t{0});
    return false;
  }
  do {
    const std::size_t n = std::min(out.size(), max_request);
    blocks(out.first(n));
    std::array<std::uint8_t, 32> next;
    blocks(next);
    rekey(next);
    wipe(next);
    out = out.subspan(n);
  } while (!out.empty());
  return true;
}

Fortuna::Fortuna(std::function<std::uint64_t()> now_ns) noexcept : now_ns_(std::move(now_ns)) {}

Result<void> Fortuna::add_event(std::uint8_t source, std::size_t pool, ByteView data) noexcept {
  if (data.empty() || data.size() > 32 || pool >= pools) return std::unexpected(Error::InvalidParameter);
  // source and length first, so events from different sources cannot run together.
  const std::uint8_t head[2] = {source, static_cast<std::uint8_t>(data.size())};
  pool_[pool].feed(head);
  pool_[pool].feed(data);
  pool_bytes_[pool] += data.size() + 2;
  return {};
}

bool Fortuna::reseed_due(std::uint64_t now) const noexcept {
  return pool_bytes_[0] >= min_pool_size &&
         (!last_reseed_ns_ || now - *last_reseed_ns_ >= min_reseed_interval_ns);
}

bool Fortuna::ready() const noexcept { return generator_.seeded() || reseed_due(now_ns_()); }

void Fortuna::reseed() noexcept {
  ++reseeds_;
  // Pool i takes part in every 2^i-th reseed; at most 32 digests of 32 bytes.
  std::array<std::uint8_t, pools * 32> seed;
  std::size_t used = 0;
  for (std::size_t i = 0; i < pools && (reseeds_ & ((std::uint64_t{1} << i) - 1)) == 0; ++i) {
    // SHA-256d of the pool, as the generator's own hashing does.
    auto once = pool_[i].finish();
    auto twice = digest<Sha256>(once);
    std::copy(twice.begin(), twice.end(), seed.begin() + static_cast<std::ptrdiff_t>(used));
    used += twice.size();
    wipe(once);
    pool_[i] = Sha256{};
    pool_bytes_[i] = 0;
  }
  generator_.reseed(ByteView(seed.data(), used));
  wipe(seed);
}

bool Fortuna::generate(std::span<std::uint8_t> out) noexcept {
  const std::uint64_t now = now_ns_();
  if (reseed_due(now)) {
    reseed();
    last_reseed_ns_ = now;
  }
  return generator_.generate(out);
}

}  // namespace nocrypto::rng
