// The sans-IO machine, two ends wired back to back through the wire format.
#include "wire.hpp"

#include <gtest/gtest.h>

namespace tcp {
namespace {

using namespace testing;


TEST(Connection, HandshakeNegotiatesEveryOption) {
  Wire w = handshake();
  EXPECT_EQ(w.a.state(), State::Established);
  EXPECT_EQ(w.b->state(), State::Established);
  EXPECT_TRUE(w.a.window_scaling() && w.b->window_scaling());
  EXPECT_TRUE(w.a.timestamps() && w.b->timestamps());
  EXPECT_TRUE(w.a.sack() && w.b->sack());
  EXPECT_EQ(w.a.send_mss(), 1460 - 12);
  ASSERT_GE(w.from_a.size(), 2u);
  EXPECT_TRUE(w.from_a[0].has(flags::syn));
  EXPECT_EQ(w.from_a[0].options.mss, 1460);
  EXPECT_EQ(w.from_a[0].options.window_scale, 5);  // 1 MiB buffer >> 5 fits 16 bits
  EXPECT_TRUE(w.from_b[0].has(flags::syn) && w.from_b[0].has(flags::ack));
  EXPECT_EQ(w.from_b[0].ack, 1001u);
}

TEST(Connection, OptionsOnlyWhenBothAsk) {
  Config plain;
  plain.window_scaling = plain.timestamps = plain.sack = false;
  Wire w = handshake({}, plain);
  EXPECT_EQ(w.a.state(), State::Established);
  EXPECT_FALSE(w.a.window_scaling() || w.a.timestamps() || w.a.sack());
  EXPECT_FALSE(w.from_b[0].options.window_scale || w.from_b[0].options.timestamps ||
               w.from_b[0].options.sack_permitted);
  EXPECT_EQ(w.a.send_mss(), 1460);
}

TEST(Connection, MissingMssMeans536) {
  Wire w(Connection::connect({}, 40000, 80, 1, TimePoint{}));
  auto syn = w.a.poll(w.now);
  syn->header.options.mss.reset();
  Connection b = Connection::accept({}, syn->header, 5, w.now);
  EXPECT_EQ(b.send_mss(), 536 - 12);
}

TEST(Connection, TransfersAMegabyteEachWay) {
  Wire w = handshake();
  const auto one = pattern(1 << 20, 1), two = pattern(1 << 20, 2);
  ASSERT_TRUE(transfer(w, true, one));
  ASSERT_TRUE(transfer(w, false, two));
  EXPECT_EQ(w.read_b, one);
  EXPECT_EQ(w.read_a, two);
  EXPECT_EQ(w.a.stats().retransmits, 0u);
  EXPECT_GT(w.a.cwnd(), 10u * w.a.send_mss());  // the window grew
  EXPECT_TRUE(w.a.srtt().has_value());
}

TEST(Connection, LossIsRepairedByFastRetransmitAndTimeouts) {
  for (Congestion cc : {Congestion::NewReno, Congestion::Cubic}) {
    Config c;
    c.congestion = cc;
    Wire w = handshake(c, c);
    int n = 0;
    w.filter = [&](Segment& s, bool from_a) { return !(from_a && !s.payload.empty() && ++n % 13 == 0); };
    const auto data = pattern(2 << 20, 3);
    ASSERT_TRUE(transfer(w, true, data));
    EXPECT_EQ(w.read_b, data);
    EXPECT_GT(w.a.stats().fast_retransmits, 0u);
    EXPECT_GT(w.a.stats().retransmits, 0u);
    EXPECT_GT(w.b->stats().out_of_order, 0u);
  }
}

TEST(Connection, SegmentationOffloadSendsWholeMssesAndRetransmitsOne) {
  Config c;
  c.offload_limit = 64000;
  Wire w = handshake(c, {});
  const std::size_t mss = w.a.send_mss();
  std::size_t largest = 0, n = 0;
  std::uint32_t sent_end = 1001;  // after the SYN
  bool retransmitted_big = false, odd_size = false;
  w.filter = [&](Segment& s, bool from_a) {
    if (!from_a || s.payload.empty()) return true;
    const std::size_t len = s.payload.size();
    if (seq_lt(s.header.seq, sent_end)) {
      retransmitted_big |= len > mss;
    } else {
      largest = std::max(largest, len);
      odd_size |= len > mss && len % mss != 0;
      sent_end = s.header.seq + std::uint32_t(len);
    }
    return ++n % 9 != 0;  // lose every ninth, big or not
  };
  const auto data = pattern(4 << 20, 5);
  ASSERT_TRUE(transfer(w, true, data));
  EXPECT_EQ(w.read_b, data);
  EXPECT_GT(largest, 10 * mss);  // one segment of many MSSes once the window opened
  EXPECT_LE(largest, 64000u);
  EXPECT_FALSE(odd_size);          // whole MSSes only
  EXPECT_FALSE(retransmitted_big);  // retransmissions are one MSS
  EXPECT_GT(w.a.stats().retransmits, 0u);
}

TEST(Connection, HeavyLossStillCompletes) {
  Wire w = handshake();
  std::uint32_t x = 7;
  w.filter = [&](Segment&, bool) {
    x = x * 1103515245 + 12345;
    return (x >> 16) % 100 >= 20;  // 20% of segments both ways are lost
  };
  const auto data = pattern(300000, 4);
  ASSERT_TRUE(transfer(w, true, data, 3600s));
  EXPECT_EQ(w.read_b, data);
  EXPECT_GT(w.a.stats().timeouts, 0u);
}

TEST(Connection, AHoleIsAnsweredWithSackBlocksAndRepairedAtOnce) {
  Wire w = handshake();
  std::optional<Segment> held;
  w.filter = [&](Segment& s, bool from_a) {
    if (from_a && !s.payload.empty() && !held) {  // the first data segment is lost
      held = s;
      return false;
    }
    return true;
  };
  const auto data = pattern(4 * 1448, 5);
  w.a.send(bytes_of(data));
  w.flush();
  ASSERT_TRUE(held);
  // A duplicate ACK for each of the three segments after the hole, the last SACKing all
  // three; the third makes a retransmit the hole without waiting for a timeout.
  std::vector<Header> dups;
  for (const Header& h : w.from_b)
    if (h.ack == held->header.seq && h.options.sack_count > 0) dups.push_back(h);
  ASSERT_EQ(dups.size(), 3u);
  EXPECT_EQ(dups.back().options.sack[0].left, held->header.seq + 1448);
  EXPECT_EQ(dups.back().options.sack[0].right, held->header.seq + 4 * 1448);
  EXPECT_EQ(w.a.stats().fast_retransmits, 1u);
  EXPECT_EQ(w.a.stats().timeouts, 0u);
  EXPECT_EQ(w.read_b, data);
  EXPECT_EQ(w.from_b.back().options.sack_count, 0u);
  EXPECT_EQ(w.from_b.back().ack, held->header.seq + 4 * 1448);
}

TEST(Connection, EarlyRetransmitWhenFewSegmentsAreOutstanding) {
  Wire w = handshake();
  std::optional<Segment> held;
  w.filter = [&](Segment& s, bool from_a) {
    if (from_a && !s.payload.empty() && !held) {
      held = s;
      return false;
    }
    return true;
  };
  const auto data = pattern(2 * 1448, 15);  // two segments: one duplicate ACK only
  w.a.send(bytes_of(data));
  w.flush();
  EXPECT_EQ(w.read_b, data);
  EXPECT_EQ(w.a.stats().fast_retransmits, 1u);
  EXPECT_EQ(w.a.stats().timeouts, 0u);
}

TEST(Connection, OverlappingRetransmissionsAreMergedOnce) {
  Wire w = handshake();
  w.a.set_nagle(false);
  const auto data = pattern(3000, 6);
  std::vector<Segment> segs;
  w.filter = [&](Segment& s, bool from_a) {
    if (from_a && !s.payload.empty()) {
      segs.push_back(s);
      return false;
    }
    return true;
  };
  w.a.send(bytes_of(data));
  w.flush();
  ASSERT_EQ(segs.size(), 3u);
  // Deliver the third, then a segment overlapping the first two, then the first.
  Segment overlap = segs[0];
  overlap.header.seq += 700;
  overlap.payload = cstruct::Buffer::of_string(data.substr(700, 1448));
  w.deliver(true, segs[2]);
  w.deliver(true, overlap);
  w.deliver(true, segs[0]);
  w.deliver(true, segs[1]);
  w.filter = nullptr;
  w.flush();
  EXPECT_EQ(w.read_b, data);
}

TEST(Connection, SimultaneousOpen) {
  Connection a = Connection::connect({}, 5000, 6000, 100, TimePoint{});
  Connection b = Connection::connect({}, 6000, 5000, 200, TimePoint{});
  auto sa = a.poll(TimePoint{}), sb = b.poll(TimePoint{});
  ASSERT_TRUE(sa && sb);
  auto to_b = parse(encode(a, *sa, ip_a, ip_b), ip_a, ip_b);
  auto to_a = parse(encode(b, *sb, ip_b, ip_a), ip_b, ip_a);
  a.input(*to_a, TimePoint{});
  b.input(*to_b, TimePoint{});
  EXPECT_EQ(a.state(), State::SynReceived);
  EXPECT_EQ(b.state(), State::SynReceived);
  Wire w(std::move(a), std::move(b));
  w.flush();
  EXPECT_EQ(w.a.state(), State::Established);
  EXPECT_EQ(w.b->state(), State::Established);
  ASSERT_TRUE(transfer(w, true, "after a simultaneous open"));
}

TEST(Connection, OrderlyCloseEndsInTimeWaitThenClosed) {
  Wire w = handshake();
  ASSERT_TRUE(transfer(w, true, "bye"));
  w.a.close();
  w.flush();
  EXPECT_EQ(w.a.state(), State::FinWait2);
  EXPECT_EQ(w.b->state(), State::CloseWait);
  EXPECT_TRUE(w.b->at_eof());
  w.b->close();
  w.flush();
  EXPECT_EQ(w.a.state(), State::TimeWait);
  EXPECT_TRUE(w.b->finished());
  EXPECT_FALSE(w.b->error());
  w.advance(59s);
  EXPECT_EQ(w.a.state(), State::TimeWait);
  w.advance(1s);
  EXPECT_TRUE(w.a.finished());
  EXPECT_FALSE(w.a.error());
}

TEST(Connection, SimultaneousCloseGoesThroughClosing) {
  Wire w = handshake();
  w.a.shutdown();
  w.b->shutdown();
  // Both FINs cross: each end sees the other's FIN before the ACK of its own.
  auto fa = w.a.poll(w.now), fb = w.b->poll(w.now);
  ASSERT_TRUE(fa && fb && fa->header.has(flags::fin) && fb->header.has(flags::fin));
  w.a.input(*parse(encode(*w.b, *fb, ip_b, ip_a), ip_b, ip_a), w.now);
  w.b->input(*parse(encode(w.a, *fa, ip_a, ip_b), ip_a, ip_b), w.now);
  EXPECT_EQ(w.a.state(), State::Closing);
  EXPECT_EQ(w.b->state(), State::Closing);
  w.flush();
  EXPECT_EQ(w.a.state(), State::TimeWait);
  EXPECT_EQ(w.b->state(), State::TimeWait);
  w.advance(61s);
  EXPECT_TRUE(w.a.finished() && w.b->finished());
}

TEST(Connection, ALostFinIsRetransmitted) {
  Wire w = handshake();
  int fins = 0;
  w.filter = [&](Segment& s, bool from_a) { return !(from_a && s.header.has(flags::fin) && fins++ == 0); };
  w.a.shutdown();
  ASSERT_TRUE(w.run([&] { return w.b->at_eof(); }));
  EXPECT_EQ(fins, 2);
}

TEST(Connection, ResetInWindowButNotExactGetsAChallengeAck) {
  Wire w = handshake();
  const Header last = w.from_a.back();
  Segment rst;
  rst.header.source_port = 40000;
  rst.header.destination_port = 80;
  rst.header.flags = flags::rst;
  rst.header.seq = last.seq + 100;  // in the window, not rcv_nxt
  const auto before = w.b->stats().challenge_acks;
  w.b->input(rst, w.now);
  EXPECT_EQ(w.b->state(), State::Established);
  EXPECT_EQ(w.b->stats().challenge_acks, before + 1);
  auto ack = w.b->poll(w.now);
  ASSERT_TRUE(ack);
  EXPECT_TRUE(ack->header.has(flags::ack));
  rst.header.seq = last.seq;  // exactly rcv_nxt
  w.b->input(rst, w.now);
  EXPECT_EQ(w.b->state(), State::Closed);
  EXPECT_EQ(w.b->error(), Error::Reset);
}

TEST(Connection, ResetOutsideTheWindowIsIgnored) {
  Wire w = handshake();
  Segment rst;
  rst.header.source_port = 40000;
  rst.header.destination_port = 80;
  rst.header.flags = flags::rst;
  rst.header.seq = w.from_a.back().seq + 0x40000000;
  w.b->input(rst, w.now);
  EXPECT_EQ(w.b->state(), State::Established);
  EXPECT_FALSE(w.b->poll(w.now));  // not even an ACK
}

TEST(Connection, SynOnAnEstablishedConnectionGetsAChallengeAck) {
  Wire w = handshake();
  Segment syn;
  syn.header = w.from_a[0];
  syn.header.seq += 5;
  w.b->input(syn, w.now);
  EXPECT_EQ(w.b->state(), State::Established);
  EXPECT_EQ(w.b->stats().challenge_acks, 1u);
  auto ack = w.b->poll(w.now);
  ASSERT_TRUE(ack);
  EXPECT_FALSE(ack->header.has(flags::syn));
  EXPECT_FALSE(ack->header.has(flags::rst));
}

TEST(Connection, AckForUnsentDataIsDroppedAndAnswered) {
  Wire w = handshake();
  Segment s;
  s.header = w.from_a.back();
  s.header.ack = w.from_b.back().seq + 5000;  // b never sent that
  s.payload = cstruct::Buffer::of_string("xyz");
  w.b->input(s, w.now);
  EXPECT_EQ(w.b->readable(), 0u);
  EXPECT_TRUE(w.b->poll(w.now));
}

TEST(Connection, ResetAnswersOurSyn) {
  Connection a = Connection::connect({}, 40000, 80, 1000, TimePoint{});
  auto syn = a.poll(TimePoint{});
  Segment rst;
  rst.header.source_port = 80;
  rst.header.destination_port = 40000;
  rst.header.flags = flags::rst | flags::ack;
  rst.header.ack = syn->header.seq + 1;
  a.input(rst, TimePoint{});
  EXPECT_EQ(a.state(), State::Closed);
  EXPECT_EQ(a.error(), Error::Refused);
}

TEST(Connection, UnansweredSynsTimeOutWithBackoff) {
  Config c;
  c.syn_retries = 3;
  Wire w(Connection::connect(c, 40000, 80, 1, TimePoint{}));
  std::vector<TimePoint> sent;
  w.filter = [&](Segment&, bool) {
    sent.push_back(w.now);
    return false;
  };
  EXPECT_TRUE(w.run([&] { return w.a.state() == State::Closed; }));
  EXPECT_EQ(w.a.error(), Error::Timeout);
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(sent[1] - sent[0], 1s);
  EXPECT_EQ(sent[2] - sent[1], 2s);
  EXPECT_EQ(sent[3] - sent[2], 4s);
}

TEST(Connection, APeerThatVanishesTimesOut) {
  Config c;
  c.max_retransmits = 5;
  Wire w = handshake(c);
  w.filter = [](Segment&, bool) { return false; };
  w.a.send(bytes_of(pattern(1000)));
  EXPECT_TRUE(w.run([&] { return w.a.state() == State::Closed; }, 3600s));
  EXPECT_EQ(w.a.error(), Error::Timeout);
  EXPECT_EQ(w.a.stats().timeouts, 5u);
}

TEST(Connection, ZeroWindowIsProbedUntilItOpens) {
  Config small;
  small.receive_buffer = 4 * 1448;  // four segments: the window closes
  small.window_scaling = false;
  Wire w = handshake({}, small);
  w.drain_b = false;  // b's application does not read
  const auto data = pattern(40000, 8);
  std::size_t sent = 0;
  w.run([&] {
    sent += w.a.send(bytes_of(data).subspan(sent));
    return false;
  }, 30s);
  EXPECT_EQ(w.b->readable(), 4u * 1448);
  EXPECT_GT(w.a.stats().probes, 1u);
  EXPECT_GT(std::ranges::count_if(w.from_b, [](const Header& h) { return h.window == 0; }), 1);
  w.drain_b = true;
  ASSERT_TRUE(w.run([&] {
    sent += w.a.send(bytes_of(data).subspan(sent));
    return w.read_b.size() == data.size();
  }, 600s));
  EXPECT_EQ(w.read_b, data);
}

TEST(Connection, NagleHoldsSmallSegmentsWhileDataIsUnacknowledged) {
  Wire w = handshake();
  w.filter = [](Segment&, bool from_a) { return from_a; };  // b's ACKs are lost for now
  w.a.send(bytes_of("a"));
  w.flush();
  w.a.send(bytes_of("b"));
  w.a.send(bytes_of("c"));
  w.flush();
  EXPECT_EQ(w.read_b, "a");  // "bc" waits for the ACK of "a"
  w.filter = nullptr;
  w.run([&] { return w.read_b == "abc"; });
  EXPECT_EQ(w.read_b, "abc");

  Wire v = handshake();
  v.a.set_nagle(false);
  v.filter = [](Segment&, bool from_a) { return from_a; };
  v.a.send(bytes_of("a"));
  v.flush();
  v.a.send(bytes_of("b"));
  v.flush();
  EXPECT_EQ(v.read_b, "ab");
}

TEST(Connection, DelayedAckWaitsForASecondSegmentOrTheTimer) {
  Wire w = handshake();
  ASSERT_TRUE(transfer(w, true, "warm up"));  // the first read opens the scaled window
  w.advance(1s);
  const std::size_t acks = w.from_b.size();
  w.a.send(bytes_of("one"));
  w.flush();
  EXPECT_EQ(w.from_b.size(), acks);  // not yet
  w.advance(39ms);
  EXPECT_EQ(w.from_b.size(), acks);
  w.advance(1ms);
  EXPECT_EQ(w.from_b.size(), acks + 1);
  const auto data = pattern(2 * 1448, 9);
  w.a.send(bytes_of(data));
  w.flush();
  // Two full segments: an ACK at once, no timer (a window update may follow the read).
  ASSERT_GE(w.from_b.size(), acks + 2);
  EXPECT_EQ(w.from_b[acks + 1].ack, w.from_a.back().seq + 1448);
}

TEST(Connection, PawsDropsSegmentsWithOldTimestamps) {
  Wire w = handshake();
  ASSERT_TRUE(transfer(w, true, "fresh"));
  Segment old;
  old.header = w.from_a.back();
  old.header.options.timestamps->value -= 1000;
  old.payload = cstruct::Buffer::of_string("stale");
  old.header.seq = w.from_a.back().seq;
  w.b->input(old, w.now);
  EXPECT_EQ(w.b->stats().paws_dropped, 1u);
  EXPECT_EQ(w.b->readable(), 0u);
}

TEST(Connection, DataAfterCloseResets) {
  Wire w = handshake();
  w.b->close();
  w.flush();
  EXPECT_EQ(w.b->state(), State::FinWait2);
  w.a.send(bytes_of("late"));
  w.flush();
  EXPECT_EQ(w.b->error(), Error::Aborted);
  EXPECT_EQ(w.a.error(), Error::Reset);
}

TEST(Connection, ClosingWithUnreadDataResets) {
  Wire w = handshake();
  w.drain_b = false;
  ASSERT_TRUE(w.run([&] { w.a.send(bytes_of("unread")); return w.b->readable() > 0; }));
  w.b->close();
  w.flush();
  EXPECT_EQ(w.a.state(), State::Closed);
  EXPECT_EQ(w.a.error(), Error::Reset);
}

TEST(Connection, FinWait2EndsForAnOrphan) {
  Wire w = handshake();
  w.a.close();
  w.flush();
  EXPECT_EQ(w.a.state(), State::FinWait2);
  w.advance(61s);
  EXPECT_TRUE(w.a.finished());
}

TEST(Connection, KeepaliveDetectsADeadPeer) {
  Config c;
  c.keepalive = 10s;
  c.keepalive_interval = 1s;
  c.keepalive_probes = 3;
  Wire w = handshake(c);
  w.advance(10s);  // a probe, answered
  EXPECT_EQ(w.a.state(), State::Established);
  w.filter = [](Segment&, bool) { return false; };
  EXPECT_TRUE(w.run([&] { return w.a.state() == State::Closed; }, 60s));
  EXPECT_EQ(w.a.error(), Error::Timeout);
}

TEST(Connection, TimeWaitTakesANewerSyn) {
  Wire w = handshake();
  w.a.close();
  w.flush();
  w.b->close();
  w.flush();
  ASSERT_EQ(w.a.state(), State::TimeWait);
  Header syn = w.from_b[0];
  syn.flags = flags::syn;
  syn.seq = w.from_b.back().seq + 100000;
  syn.options.timestamps->value = w.from_b.back().options.timestamps->value + 10;
  EXPECT_TRUE(w.a.reusable_by(syn));
  syn.options.timestamps->value -= 100;
  EXPECT_FALSE(w.a.reusable_by(syn));
}

}  // namespace
}  // namespace tcp

namespace tcp {
namespace {

TEST(Connection, InjectedDataDoesNotStartAnAckStorm) {
  testing::Wire w = testing::handshake();
  // Two bytes "from a" that a never sent: b now acknowledges past a's snd_nxt, and a's
  // ACKs are below b's rcv_nxt. Each answers the other's ACKs, but at most every 500 ms.
  Segment forged;
  forged.header = w.from_a.back();
  forged.payload = cstruct::Buffer::of_string("xx");
  w.b->input(forged, w.now);
  w.flush();  // aborts on a livelock
  const std::size_t sent = w.from_a.size() + w.from_b.size();
  EXPECT_LT(sent, 20u);
  EXPECT_GT(w.a.stats().invalid_acks_suppressed + w.b->stats().invalid_acks_suppressed, 0u);
}

}  // namespace
}  // namespace tcp

namespace tcp {
namespace {

// 5% loss each way on a 40 ms round trip: the transfer completes, mostly through fast
// recovery. Prints the goodput in virtual time (for tuning; not asserted).
TEST(Connection, LossyLongLinkCompletes) {
  for (Congestion cc : {Congestion::NewReno, Congestion::Cubic}) {
    Config c;
    c.congestion = cc;
    testing::Wire w = testing::handshake(c, c);
    w.delay = 20ms;
    std::uint32_t x = 99;
    w.filter = [&](Segment&, bool) {
      x = x * 1103515245 + 12345;
      return (x >> 16) % 100 >= 5;
    };
    const auto data = testing::pattern(4 << 20, 12);
    const TimePoint start = w.now;
    ASSERT_TRUE(testing::transfer(w, true, data, 3600s));
    EXPECT_EQ(w.read_b, data);
    const double secs = double((w.now - start).count()) / 1e9;
    std::printf("%s: 4 MiB in %.1f s of virtual time (%.0f kB/s), %llu retransmits, %llu fast "
                "recoveries, %llu timeouts\n",
                cc == Congestion::Cubic ? "cubic" : "newreno", secs, 4096 / secs,
                (unsigned long long)w.a.stats().retransmits,
                (unsigned long long)w.a.stats().fast_retransmits,
                (unsigned long long)w.a.stats().timeouts);
  }
}

}  // namespace
}  // namespace tcp

namespace tcp {
namespace {

// Sequence numbers that wrap past 2^32 during the transfer, both ways, with loss and
// reordering (SACK blocks, the scoreboard, the send ring and the receive queue all cross
// the wrap), and a close after.
TEST(Connection, SequenceNumbersWrapMidTransfer) {
  testing::Wire w = testing::handshake({}, {}, 0xffffffffu - 300000, 0xffffffffu - 5000);
  std::uint32_t x = 5;
  w.filter = [&](Segment&, bool) {
    x = x * 1103515245 + 12345;
    return (x >> 16) % 100 >= 3;
  };
  const auto one = testing::pattern(1 << 20, 21), two = testing::pattern(300000, 22);
  ASSERT_TRUE(testing::transfer(w, true, one, 3600s));
  ASSERT_TRUE(testing::transfer(w, false, two, 3600s));
  EXPECT_EQ(w.read_b, one);
  EXPECT_EQ(w.read_a, two);
  EXPECT_GT(w.a.stats().retransmits, 0u);
  w.filter = nullptr;
  w.a.close();
  w.flush();
  w.b->close();
  w.flush();
  EXPECT_EQ(w.a.state(), State::TimeWait);
  EXPECT_TRUE(w.b->finished());
  EXPECT_FALSE(w.a.error() || w.b->error());
}

}  // namespace
}  // namespace tcp

namespace tcp {
namespace {

// A slow reader behind a scaled window: the sender never overruns the buffer, and the
// transfer completes as the reader drains it.
TEST(Connection, ASlowReaderThrottlesTheSenderThroughAScaledWindow) {
  Config small;
  small.receive_buffer = 200000;  // window scale 2
  testing::Wire w = testing::handshake({}, small);
  ASSERT_TRUE(w.b->window_scaling());
  w.drain_b = false;
  const auto data = testing::pattern(2 << 20, 23);
  std::size_t sent = 0;
  std::string got;
  std::size_t most = 0;
  // The reader takes up to 16 kB every 10 ms of virtual time (sooner when a timer of
  // either end is due first).
  for (int round = 0; round < 100000 && got.size() < data.size(); ++round) {
    sent += w.a.send(testing::bytes_of(data).subspan(sent));
    w.flush();
    most = std::max(most, w.b->readable());
    for (std::size_t n = 0; n < 16384;) {
      auto r = w.b->receive();
      if (!r) break;
      n += r->size();
      got += r->to_string();
    }
    auto d = w.deadline();
    w.advance(d && *d < w.now + 10ms ? *d - w.now : Duration(10ms));
  }
  EXPECT_EQ(got, data);
  EXPECT_LE(most, small.receive_buffer);
  EXPECT_GT(most, small.receive_buffer / 2);  // the window was used
}

}  // namespace
}  // namespace tcp

namespace tcp {
namespace {

// The last segments of a burst are lost: a tail loss probe (RFC 8985 §7) about two round
// trips later repairs it, without waiting for the retransmission timeout.
TEST(Connection, ATailLossIsRepairedByAProbeNotATimeout) {
  testing::Wire w = testing::handshake();
  w.delay = 10ms;
  ASSERT_TRUE(testing::transfer(w, true, testing::pattern(100000, 30)));  // an RTT estimate
  const auto data = testing::pattern(5 * 1448, 31);
  const std::uint32_t tail = w.from_a.back().seq + 3 * 1448;  // the last two segments go
  int dropped = 0;
  w.filter = [&](Segment& s, bool from_a) {
    if (from_a && !s.payload.empty() && seq_ge(s.header.seq, tail) && dropped < 2) {
      ++dropped;
      return false;
    }
    return true;
  };
  const auto before = w.a.stats();
  const TimePoint start = w.now;
  ASSERT_TRUE(testing::transfer(w, true, data));
  EXPECT_EQ(dropped, 2);
  EXPECT_EQ(w.a.stats().timeouts, before.timeouts);
  EXPECT_EQ(w.a.stats().tail_loss_probes, before.tail_loss_probes + 1);
  EXPECT_LT(w.now - start, 200ms);  // the RTO alone would take 200 ms or more
}

}  // namespace
}  // namespace tcp
