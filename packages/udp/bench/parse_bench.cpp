// What receiving a full-size UDP frame costs us: the Internet checksum alone, the sans-IO
// parse path (Ethernet, IPv4 with its header checksum, UDP with its checksum over 1472
// bytes), and the whole input path through the layers (coroutines, handler tables, the
// socket's queue) to a receive(). Frames are 1514 bytes, as on a 1500-byte MTU link.
#include <benchmark/benchmark.h>
#include <async/loop.hpp>
#include <async/manual_platform.hpp>
#include <ethernet/frame.hpp>
#include <ipv4/checksum.hpp>
#include <ipv4/header.hpp>
#include <ipv4/testing/host.hpp>
#include <udp/header.hpp>
#include <udp/udp.hpp>

#include <vector>

namespace {

const mirage::MacAddress our_mac{{0x02, 0, 0, 0, 0, 2}};
const mirage::MacAddress peer_mac{{0x02, 0, 0, 0, 0, 1}};
const auto peer_ip = mirage::Ipv4Address::of_octets(10, 0, 0, 1);
const auto our_ip = mirage::Ipv4Address::of_octets(10, 0, 0, 2);
constexpr std::size_t payload_size = 1472;

cstruct::Buffer udp_frame() {
  auto f = cstruct::Buffer::create(ethernet::header_size + ipv4::header_size + udp::header_size +
                                   payload_size);
  ethernet::write_header(f.span(), our_mac, peer_mac, mirage::EtherType::Ipv4);
  auto ip = f.shift(ethernet::header_size);
  auto u = ip.shift(ipv4::header_size);
  for (std::size_t i = 0; i < payload_size; ++i)
    u.set_u8(udp::header_size + i, std::uint8_t(i * 7));
  udp::write_header(u.span(), 40000, 9000, peer_ip, our_ip);
  ipv4::write_header(ip.span(), {.protocol = 17, .source = peer_ip, .destination = our_ip},
                     u.size());
  return f;
}

void BM_Checksum1480(benchmark::State& state) {
  auto b = cstruct::Buffer::create(1480);
  for (std::size_t i = 0; i < b.size(); ++i) b.set_u8(i, std::uint8_t(i));
  for (auto _ : state) benchmark::DoNotOptimize(ipv4::checksum(b));
  state.SetBytesProcessed(std::int64_t(state.iterations()) * 1480);
}
BENCHMARK(BM_Checksum1480);

void BM_ParseUdpFrame1514(benchmark::State& state) {
  const auto frame = udp_frame();
  for (auto _ : state) {
    auto e = ethernet::parse(frame);
    auto ip = ipv4::parse(e->payload);
    auto u = udp::parse(ip->payload, ip->header.source, ip->header.destination);
    if (!u) state.SkipWithError("the frame did not parse");
    benchmark::DoNotOptimize(u->payload.data());
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()));
  state.SetBytesProcessed(std::int64_t(state.iterations() * frame.size()));
}
BENCHMARK(BM_ParseUdpFrame1514);

void BM_StackInputToSocket1514(benchmark::State& state) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  ipv4::testing::Host host(loop, our_mac, "10.0.0.2/24");
  udp::Udp<ipv4::testing::Ip> u(host.ip, {.queue_capacity = 64});
  host.ip.set_handler(mirage::IpProtocol::Udp, [&u](const ipv4::Packet& p) -> async::Task<void> {
    u.input(p);
    co_return;
  });
  auto socket = *u.bind(9000);
  const auto frame = udp_frame();
  constexpr int batch = 1024;
  auto run_batch = [&]() -> async::Task<bool> {
    for (int i = 0; i < batch; ++i) {
      co_await host.eth.input(frame);
      auto d = co_await socket.receive();
      if (!d || d->payload.size() != payload_size) co_return false;
    }
    co_return true;
  };
  for (auto _ : state) {
    if (!loop.run(run_batch()).value_or(false)) state.SkipWithError("a datagram was lost");
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * batch);
  state.SetBytesProcessed(std::int64_t(state.iterations()) * batch * std::int64_t(frame.size()));
}
BENCHMARK(BM_StackInputToSocket1514);

}  // namespace

BENCHMARK_MAIN();
