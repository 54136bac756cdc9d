#pragma once
// Two tcp::Connections wired back to back through the real wire format (every segment is
// written with write_header and parsed again), on a virtual clock, with hooks to drop,
// hold back (reorder) or edit segments.
#include <tcp/connection.hpp>
#include <tcp/header.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tcp::testing {

inline const Ipv4Address ip_a = Ipv4Address::of_octets(10, 0, 0, 1);
inline const Ipv4Address ip_b = Ipv4Address::of_octets(10, 0, 0, 2);

// One segment on the wire, as bytes.
inline cstruct::Buffer encode(const Connection& from, const Outgoing& o, Ipv4Address src,
                              Ipv4Address dst) {
  const std::size_t hs = header_size(o.header);
  auto bytes = cstruct::Buffer::create(hs + o.payload_size);
  from.copy_payload(o, bytes.span().subspan(hs));
  write_header(bytes.span(), o.header, src, dst);
  return bytes;
}

struct Wire {
  Wire(Connection a_, std::optional<Connection> b_ = {}) : a(std::move(a_)), b(std::move(b_)) {}

  TimePoint now{};
  Connection a;
  std::optional<Connection> b;  // empty until the test creates it from a's SYN
  // Called for each segment before delivery; return false to drop it.
  std::function<bool(Segment&, bool from_a)> filter;
  std::vector<Header> from_a, from_b;  // every header sent, in order
  std::vector<Segment> held;           // segments a filter kept back (deliver later)
  bool drain_b = true, drain_a = true;  // the application reads everything at once
  Duration delay{};  // one-way: segments arrive this long after they are sent
  struct InFlight {
    TimePoint at;
    bool to_b;
    Segment segment;
  };
  std::deque<InFlight> in_flight;
  std::string read_a, read_b;

  void deliver(bool to_b, Segment s) {
    Connection& c = to_b ? *b : a;
    c.input(s, now);
  }
  // Sends everything both ends have to send, until neither has more; whether any was.
  bool flush() {
    bool sent = false;
    for (int rounds = 0; rounds < 100000; ++rounds) {
      bool any = false;
      while (!in_flight.empty() && in_flight.front().at <= now) {
        InFlight f = std::move(in_flight.front());
        in_flight.pop_front();
        deliver(f.to_b, std::move(f.segment));
        any = true;
      }
      for (bool side_a : {true, false}) {
        Connection* c = side_a ? &a : (b ? &*b : nullptr);
        if (c == nullptr) continue;
        while (auto o = c->poll(now)) {
          any = sent = true;
          (side_a ? from_a : from_b).push_back(o->header);
          auto bytes = encode(*c, *o, side_a ? ip_a : ip_b, side_a ? ip_b : ip_a);
          auto seg = parse(bytes, side_a ? ip_a : ip_b, side_a ? ip_b : ip_a);
          if (!seg) {
            std::fprintf(stderr, "unparsable segment from %s: %s flags=%x size=%zu\n", side_a ? "a" : "b", std::string(to_string(seg.error())).c_str(), o->header.flags, o->payload_size);
            std::abort();
          }
          if (filter && !filter(*seg, side_a)) continue;
          if (delay.count() > 0) {
            in_flight.push_back({now + delay, side_a, std::move(*seg)});
            continue;
          }
          if (side_a && b) deliver(true, *seg);
          if (!side_a) deliver(false, *seg);
        }
        if (side_a ? drain_a : drain_b)
          while (auto r = c->receive()) {
            (side_a ? read_a : read_b) += r->to_string();
            any = true;
          }
      }
      if (!any) return sent;
    }
    for (std::size_t i = from_a.size() < 3 ? 0 : from_a.size() - 3; i < from_a.size(); ++i) std::fprintf(stderr, "a: seq=%u ack=%u win=%u flags=%x\n", from_a[i].seq, from_a[i].ack, from_a[i].window, from_a[i].flags);
    for (std::size_t i = from_b.size() < 3 ? 0 : from_b.size() - 3; i < from_b.size(); ++i) std::fprintf(stderr, "b: seq=%u ack=%u win=%u flags=%x\n", from_b[i].seq, from_b[i].ack, from_b[i].window, from_b[i].flags);
    std::abort();  // a livelock
  }
  std::optional<TimePoint> deadline() const {
    auto d = a.deadline();
    if (!in_flight.empty() && (!d || in_flight.front().at < *d)) d = in_flight.front().at;
    if (b) {
      auto e = b->deadline();
      if (e && (!d || *e < *d)) d = e;
    }
    return d;
  }
  // Flushes and runs timers until `done()` or `limit` of virtual time passes.
  bool run(const std::function<bool()>& done, Duration limit = 600s) {
    const TimePoint end = now + limit;
    for (;;) {
      flush();
      if (done()) return true;
      if (flush()) continue;
      auto d = deadline();
      if (!d || *d > end) return false;
      now = std::max(now, *d);
      a.on_timer(now);
      if (b) b->on_timer(now);
    }
  }
  void advance(Duration d) {
    now += d;
    a.on_timer(now);
    if (b) b->on_timer(now);
    flush();
  }
};

// a connects to b (listening): b is created from a's SYN as the Tcp layer would.
inline Wire handshake(const Config& ca = {}, const Config& cb = {}, std::uint32_t iss_a = 1000,
                      std::uint32_t iss_b = 900000) {
  Wire w(Connection::connect(ca, 40000, 80, iss_a, TimePoint{}));
  auto syn = w.a.poll(w.now);
  if (!syn) std::abort();
  w.from_a.push_back(syn->header);
  w.b.emplace(Connection::accept(cb, syn->header, iss_b, w.now));
  w.flush();
  return w;
}

inline std::string pattern(std::size_t n, unsigned seed = 1) {
  std::string s(n, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& c : s) {
    x = x * 1664525 + 1013904223;
    c = char(x >> 24);
  }
  return s;
}

inline std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Pushes all of `data` through `from` (as the send buffer allows), running the wire.
inline bool transfer(Wire& w, bool from_a, const std::string& data, Duration limit = 600s) {
  std::size_t sent = 0;
  Connection& c = from_a ? w.a : *w.b;
  std::string& got = from_a ? w.read_b : w.read_a;
  const std::size_t start = got.size();
  return w.run(
      [&] {
        sent += c.send(bytes_of(data).subspan(sent));
        return got.size() - start == data.size();
      },
      limit);
}

}  // namespace tcp::testing
