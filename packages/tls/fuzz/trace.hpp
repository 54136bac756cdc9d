#pragma once
// What both TLS fuzz targets start from: the RFC 8448 trace's keys and randoms, so that
// inputs derived from the trace's records reach deep into the handshake.
#include "../test/trace.hpp"

#include <cstring>

namespace tls::fuzz {

// The trace's values in order, then a fixed pattern: every run draws the same bytes.
struct TraceRng {
  std::vector<Bytes> parts;
  std::size_t next = 0;
  bool generate(std::span<std::uint8_t> out) {
    if (next < parts.size() && parts[next].size() == out.size()) {
      std::memcpy(out.data(), parts[next++].data(), out.size());
      return true;
    }
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(i * 37 + 11);
    return true;
  }
};

using trace::b;

// Feeds `data` in pieces whose sizes come from its first byte, as a network would.
inline void feed(Connection& c, const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  const std::size_t step = 1 + data[0] % 64 * 37;
  for (std::size_t at = 1; at < size && !c.failed(); at += step) {
    auto r = c.handle(ByteView(data + at, std::min(step, size - at)));
    (void)c.take_output();
    if (r && c.handshake_done()) (void)c.send(ByteView(data, 1));
  }
}

}  // namespace tls::fuzz
