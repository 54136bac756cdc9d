// Each device concept is satisfied by a minimal implementation and refused for a wrong
// one (a method missing, or the wrong result type). These are compile-time checks: a
// regression fails the build of this test.
#include <gtest/gtest.h>

#include <mirage/types.hpp>

namespace {
using async::Task;
using cstruct::Buffer;
using std::expected;
using namespace mirage;

struct GoodConsole {
  Task<expected<void, ConsoleError>> write(std::string_view);
  Task<void> close();
};
struct ConsoleWithoutClose {
  Task<expected<void, ConsoleError>> write(std::string_view);
};
struct ConsoleReturningBool {  // a blocking write is not a Console
  bool write(std::string_view);
  Task<void> close();
};
static_assert(Console<GoodConsole>);
static_assert(!Console<ConsoleWithoutClose>);
static_assert(!Console<ConsoleReturningBool>);

struct GoodMclock {
  std::uint64_t elapsed_ns();
  std::optional<std::uint64_t> period_ns();
};
struct MclockInSeconds {
  double elapsed_ns();
  std::optional<std::uint64_t> period_ns();
};
static_assert(Mclock<GoodMclock>);
static_assert(!Mclock<MclockInSeconds>);

struct GoodPclock {
  Ptime now();
  std::optional<int> current_tz_offset_s();
};
static_assert(Pclock<GoodPclock>);
static_assert(!Pclock<GoodMclock>);

struct GoodTime {
  Task<void> sleep(async::Duration);
};
struct BlockingTime {
  void sleep(async::Duration);
};
static_assert(Time<GoodTime>);
static_assert(!Time<BlockingTime>);

struct GoodRandom {
  void fill(std::span<std::uint8_t>);
};
struct RandomReturningInt {
  int fill();
};
static_assert(Random<GoodRandom>);
static_assert(!Random<RandomReturningInt>);

struct GoodNet {
  Task<expected<void, NetError>> write(Buffer);
  Task<expected<Buffer, NetError>> receive();
  MacAddress mac();
  std::size_t mtu();
  NetStats stats();
  Task<void> disconnect();
};
struct NetWithoutMac {
  Task<expected<void, NetError>> write(Buffer);
  Task<expected<Buffer, NetError>> receive();
  std::size_t mtu();
  NetStats stats();
  Task<void> disconnect();
};
static_assert(Net<GoodNet>);
static_assert(!Net<NetWithoutMac>);

struct GoodEthernet {
  Task<expected<void, NetError>> write(MacAddress, EtherType, Buffer);
  MacAddress mac();
  std::size_t mtu();
};
static_assert(Ethernet<GoodEthernet>);
static_assert(!Ethernet<GoodNet>);

struct GoodArp {
  Task<expected<MacAddress, ArpError>> query(Ipv4Address);
  Task<void> set_ips(std::vector<Ipv4Address>);
  std::vector<Ipv4Address> ips();
};
static_assert(Arp<GoodArp>);

struct GoodIpv4 {
  using address_type = Ipv4Address;
  Task<expected<void, IpError>> write(Ipv4Address, IpProtocol, Buffer);
  Ipv4Address src(Ipv4Address);
  std::vector<Ipv4Address> addresses();
  std::size_t mtu(Ipv4Address);
};
struct IpWithoutAddressType {
  Task<expected<void, IpError>> write(Ipv4Address, IpProtocol, Buffer);
  Ipv4Address src(Ipv4Address);
  std::vector<Ipv4Address> addresses();
  std::size_t mtu(Ipv4Address);
};
static_assert(Ip<GoodIpv4>);
static_assert(!Ip<IpWithoutAddressType>);

struct GoodIcmp {
  using address_type = Ipv4Address;
  Task<expected<void, IpError>> write(Ipv4Address, Buffer);
};
static_assert(Icmp<GoodIcmp>);

struct GoodFlow {
  Task<expected<std::optional<Buffer>, FlowError>> read();
  Task<expected<void, FlowError>> write(Buffer);
  Task<expected<void, FlowError>> writev(std::span<const Buffer>);
  Task<expected<void, FlowError>> shutdown(ShutdownMode);
  Task<void> close();
  Endpoint peer() const;
  Endpoint local() const;
};
struct FlowWithoutEof {  // read() cannot say "end of stream"
  Task<expected<Buffer, FlowError>> read();
  Task<expected<void, FlowError>> write(Buffer);
  Task<expected<void, FlowError>> writev(std::span<const Buffer>);
  Task<expected<void, FlowError>> shutdown(ShutdownMode);
  Task<void> close();
};
static_assert(Flow<GoodFlow>);
static_assert(TcpFlow<GoodFlow>);
static_assert(!Flow<FlowWithoutEof>);

struct GoodListener {
  using flow_type = GoodFlow;
  Task<expected<GoodFlow, FlowError>> accept();
  void close();
};
struct GoodTcp {
  using flow_type = GoodFlow;
  using listener_type = GoodListener;
  Task<expected<GoodFlow, FlowError>> connect(Endpoint);
  expected<GoodListener, ListenError> listen(std::uint16_t);
};
struct TcpWithBadFlow {
  using flow_type = FlowWithoutEof;
  using listener_type = GoodListener;
  Task<expected<FlowWithoutEof, FlowError>> connect(Endpoint);
  expected<GoodListener, ListenError> listen(std::uint16_t);
};
static_assert(TcpListener<GoodListener>);
static_assert(Tcp<GoodTcp>);
static_assert(!Tcp<TcpWithBadFlow>);

struct GoodUdpSocket {
  Task<expected<void, IpError>> send_to(Endpoint, Buffer);
  Task<expected<Datagram, IpError>> receive();
  std::uint16_t local_port();
};
struct GoodUdp {
  using socket_type = GoodUdpSocket;
  expected<GoodUdpSocket, ListenError> bind(std::uint16_t);
};
static_assert(Udp<GoodUdp>);
static_assert(!Udp<GoodTcp>);

struct GoodStack {
  using tcp_type = GoodTcp;
  using udp_type = GoodUdp;
  GoodTcp& tcp();
  GoodUdp& udp();
  std::vector<IpAddress> addresses();
};
struct StackWithoutUdp {
  using tcp_type = GoodTcp;
  GoodTcp& tcp();
  std::vector<IpAddress> addresses();
};
static_assert(Stack<GoodStack>);
static_assert(!Stack<StackWithoutUdp>);

struct GoodKvRo {
  Task<expected<std::optional<KvKind>, KvError>> exists(const KvKey&);
  Task<expected<std::string, KvError>> get(const KvKey&);
  Task<expected<std::string, KvError>> get_partial(const KvKey&, std::uint64_t, std::uint64_t);
  Task<expected<std::vector<KvEntry>, KvError>> list(const KvKey&);
  Task<expected<std::uint64_t, KvError>> size(const KvKey&);
  Task<expected<Ptime, KvError>> last_modified(const KvKey&);
};
struct GoodKvRw : GoodKvRo {
  Task<expected<void, KvError>> set(const KvKey&, std::string_view);
  Task<expected<void, KvError>> set_partial(const KvKey&, std::uint64_t, std::string_view);
  Task<expected<void, KvError>> remove(const KvKey&);
  Task<expected<void, KvError>> rename(const KvKey&, const KvKey&);
};
static_assert(KvRo<GoodKvRo>);
static_assert(!KvRw<GoodKvRo>);
static_assert(KvRo<GoodKvRw>);
static_assert(KvRw<GoodKvRw>);

struct GoodBlock {
  BlockInfo info();
  Task<expected<void, BlockError>> read(std::uint64_t, std::span<const Buffer>);
  Task<expected<void, BlockError>> write(std::uint64_t, std::span<const Buffer>);
  Task<void> disconnect();
};
static_assert(Block<GoodBlock>);
static_assert(!Block<GoodKvRo>);

// An application is a template constrained by the concepts; a wrong device is refused.
template <Console C, Time T>
constexpr bool accepts_devices() { return true; }
template <class C, class T>
concept HelloAccepts = requires { accepts_devices<C, T>(); };
static_assert(HelloAccepts<GoodConsole, GoodTime>);
static_assert(!HelloAccepts<GoodTime, GoodConsole>);

}  // namespace

TEST(DeviceConcepts, ErrorsHaveMessages) {
  EXPECT_EQ(to_string(KvError::NotFound), "not found");
  EXPECT_EQ(to_string(FlowError::Reset), "connection reset");
  EXPECT_EQ(to_string(BlockError::OutOfRange), "sector out of range");
  EXPECT_EQ(to_string(NetError::TooBig), "frame larger than the MTU");
}
