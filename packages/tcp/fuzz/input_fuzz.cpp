// The TCP input path: two established connections, then arbitrary segments (header
// fields, options and payload from the input, sequence numbers near what the receiver
// expects, a valid checksum) fed to one end between real traffic, application calls and
// timer runs. No crash, no livelock (the harness aborts after 100000 rounds), and what the
// application reads is always a prefix of what the peer sent, unless the fuzzer's own
// bytes were accepted into the stream.
#include "../test/wire.hpp"

#include <cstdlib>
#include <cstring>

using namespace tcp;
using namespace tcp::testing;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Wire w = handshake();
  const std::string sent = pattern(20000, 1);
  std::size_t at = 0, queued = 0;
  bool injected = false;
  auto take = [&](std::size_t n) -> const std::uint8_t* {
    if (size - at < n) return nullptr;
    const std::uint8_t* p = data + at;
    at += n;
    return p;
  };
  while (const std::uint8_t* op = take(1)) {
    switch (op[0] % 6) {
      case 0: {  // a segment for b, fields relative to what b expects
        const std::uint8_t* f = take(12);
        if (f == nullptr) break;
        Header h;
        h.source_port = 40000;
        h.destination_port = 80;
        const Header& last_a = w.from_a.back();
        const Header& last_b = w.from_b.back();
        h.seq = last_a.seq + std::uint32_t(std::int16_t(f[0] << 8 | f[1])) * (f[2] & 0x0f);
        h.ack = last_b.seq + std::uint32_t(std::int16_t(f[3] << 8 | f[4]));
        h.flags = f[5];
        h.window = std::uint16_t(f[6] << 8 | f[7]);
        if (f[8] & 1) h.options.timestamps = Timestamps{last_a.options.timestamps
                                                            ? last_a.options.timestamps->value + f[9] - 128
                                                            : 0, f[10]};
        if (f[8] & 2) {
          h.options.sack_count = 1;
          h.options.sack[0] = {last_b.seq + f[9] * 97u, last_b.seq + f[10] * 131u};
        }
        if (f[8] & 4) h.options.mss = f[9];
        const std::size_t len = f[11] % 64;
        const std::uint8_t* payload = take(len);
        if (payload == nullptr) break;
        Segment s;
        s.header = h;
        s.payload = cstruct::Buffer::copy_of({payload, len});
        if (len > 0 || h.has(flags::syn) || h.has(flags::fin)) injected = true;
        w.b->input(s, w.now);
        w.flush();
        break;
      }
      case 1:  // a sends more of its stream
        queued += w.a.send(bytes_of(sent).subspan(queued, std::min<std::size_t>(3000, sent.size() - queued)));
        w.flush();
        break;
      case 2:
        w.advance(std::chrono::milliseconds(op[0] * 37));
        break;
      case 3:
        w.b->send(bytes_of("reply"));
        w.flush();
        break;
      case 4:
        if (op[0] & 0x80) w.b->close(); else w.a.shutdown();
        w.flush();
        break;
      case 5:
        w.drain_b = !w.drain_b;
        w.flush();
        break;
    }
  }
  w.run([] { return false; }, 120s);
  if (!injected && sent.compare(0, w.read_b.size(), w.read_b) != 0) std::abort();
  return 0;
}
