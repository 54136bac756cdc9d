#include <net_unix/capabilities.hpp>
#include <net_unix/tap.hpp>

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <async/when.hpp>
#include <cstruct/endian.hpp>
#include <ipv4/checksum.hpp>
#include <cerrno>
#include <cstring>
#include <logs/logs.hpp>
#include <utility>
#include <vector>

namespace net_unix {
namespace {

logs::Source tap_log{"net-unix"};

// The legacy virtio-net header that precedes frames on a tap opened with IFF_VNET_HDR, in
// host byte order (as <linux/virtio_net.h> has it; C++ cannot include that header, one of
// its fields being called `class`).
struct virtio_net_hdr {
  std::uint8_t flags = 0;
  std::uint8_t gso_type = 0;
  std::uint16_t hdr_len = 0, gso_size = 0, csum_start = 0, csum_offset = 0;
};
static_assert(sizeof(virtio_net_hdr) == 10);
constexpr std::uint8_t VIRTIO_NET_HDR_F_NEEDS_CSUM = 1;
constexpr std::size_t max_offloaded_frame = 14 + 65535 + 4;  // what the kernel may send with TSO
constexpr std::uint8_t VIRTIO_NET_HDR_GSO_TCPV4 = 1, VIRTIO_NET_HDR_GSO_TCPV6 = 4;

constexpr std::size_t chunk_size = 256 * 1024;  // frames are read into slices of one of these
constexpr std::size_t frame_alignment = 64;    // where the next frame starts in the chunk

std::string failure(std::string_view what) {
  return std::string(what) + ": " + std::strerror(errno);
}

// A random unicast, locally administered MAC (so it cannot clash with a vendor's).
mirage::MacAddress random_mac() {
  mirage::MacAddress mac;
  if (::getrandom(mac.bytes.data(), mac.bytes.size(), 0) != ssize_t(mac.bytes.size()))
    mac.bytes = {0, 0, 0, 0, 0, 1};
  mac.bytes[0] = std::uint8_t((mac.bytes[0] & 0xfc) | 0x02);
  return mac;
}

// The MTU the kernel gives the interface, or 1500.
std::size_t interface_mtu(const std::string& name) {
  int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return 1500;
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
  const int r = ::ioctl(s, SIOCGIFMTU, &ifr);
  ::close(s);
  return r == 0 && ifr.ifr_mtu >= 68 ? std::size_t(ifr.ifr_mtu) : 1500;
}

// With receive offload the kernel leaves the transport checksum of a frame it flags
// NEEDS_CSUM to us, as a device would: the field at csum_start + csum_offset holds the
// pseudo-header's sum, and the checksum from csum_start to the end, that field included,
// goes there. False for offsets outside the frame.
bool finish_checksum(const cstruct::Buffer& with_header) {
  virtio_net_hdr h;
  std::memcpy(&h, with_header.data(), sizeof h);
  if (!(h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)) return true;
  const auto frame = with_header.span().subspan(sizeof h);
  if (std::size_t(h.csum_start) + h.csum_offset + 2 > frame.size()) return false;
  cstruct::store_be16(frame, h.csum_start + h.csum_offset, ipv4::checksum(frame.subspan(h.csum_start)));
  return true;
}

}  // namespace

struct Tap::State {
  State(mirage_unix::Platform& platform, int fd, std::string name, mirage::MacAddress mac,
        std::size_t mtu, bool vnet, bool large)
      : platform(&platform), fd(fd), name(std::move(name)), mac(mac), mtu(mtu),
        vnet(vnet), large(large) {}
  State(const State&) = delete;
  mirage_unix::Platform* platform;
  int fd;
  std::string name;
  mirage::MacAddress mac;
  std::size_t mtu;
  bool vnet;   // a virtio_net_hdr precedes every frame read and written
  bool large;  // the kernel may send segments of up to 64 KiB (receive offload)
  mirage::NetStats stats;
  bool closed = false;
  bool receiving = false;
  async::Condition closing;
  cstruct::Buffer chunk;
  std::size_t used = 0;
  std::vector<cstruct::Buffer> chunks;  // the last few, reused once no frame in them is held

  // A chunk to read into: one of the recent ones that no frame holds any more, else a new
  // one (an allocation, page faults and zeroing: a fifth of the receive path's time when
  // every chunk was new).
  cstruct::Buffer next_chunk() {
    for (auto& c : chunks)
      if (c.use_count() == 1 && c.size() >= frame_room()) return c;
    auto c = cstruct::Buffer::create(std::max(chunk_size, frame_room()));
    if (chunks.size() < max_chunks) {
      chunks.push_back(c);
    } else {
      chunks[next_slot++ % max_chunks] = c;
    }
    return c;
  }
  static constexpr std::size_t max_chunks = 8;
  std::size_t next_slot = 0;

  ~State() {
    if (fd >= 0) ::close(fd);
  }
  // A VLAN tag may come too, and the virtio-net header before the frame.
  std::size_t frame_room() const {
    return (large ? max_offloaded_frame : mtu + 14 + 4) + (vnet ? sizeof(virtio_net_hdr) : 0);
  }
};

Tap::Tap(std::unique_ptr<State> state) : state_(std::move(state)) {}
Tap::Tap(Tap&&) noexcept = default;
Tap& Tap::operator=(Tap&&) noexcept = default;
Tap::~Tap() = default;

std::expected<Tap, TapError> Tap::open(mirage_unix::Platform& platform, const TapOptions& options) {
  if (options.name.empty() || options.name.size() >= IFNAMSIZ)
    return std::unexpected(TapError{"tap device name '" + options.name + "' is empty or too long"});
  const int fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::unexpected(TapError{failure("open /dev/net/tun")});
  ifreq ifr{};
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
  std::strncpy(ifr.ifr_name, options.name.c_str(), IFNAMSIZ - 1);
  if (::ioctl(fd, TUNSETIFF, &ifr) != 0) {
    TapError e{failure("TUNSETIFF " + options.name)};
    ::close(fd);
    return std::unexpected(std::move(e));
  }
  std::string name(ifr.ifr_name);
  int header_size = sizeof(virtio_net_hdr);
  if (::ioctl(fd, TUNSETVNETHDRSZ, &header_size) != 0) {
    TapError e{failure("TUNSETVNETHDRSZ " + options.name)};
    ::close(fd);
    return std::unexpected(std::move(e));
  }
  // Receive offload: the kernel may then send us TCP segments of up to 64 KiB (it does not
  // cut what its stack made large) with their checksums left to finish.
  const bool large = options.receive_offload &&
                     ::ioctl(fd, TUNSETOFFLOAD, TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6) == 0;
  Tap tap(std::make_unique<State>(platform, fd, name, options.mac.value_or(random_mac()),
                                  interface_mtu(name), true, large));
  if (options.drop_capabilities) {
    if (auto dropped = drop_all_capabilities(); !dropped)
      return std::unexpected(TapError{
          "tap " + name + " is open but dropping capabilities failed: " + dropped.error()});
  }
  LOGS_APP(tap_log, "tap %s open (mac %s, mtu %zu, TCP segmentation offload %s)%s", name.c_str(),
           tap.mac().to_string().c_str(), tap.mtu(), large ? "both ways" : "sending only",
           options.drop_capabilities ? "; dropped every capability" : "; capabilities kept");
  return tap;
}

Tap Tap::adopt(mirage_unix::Platform& platform, int fd, mirage::MacAddress mac, std::size_t mtu,
               std::string name) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return Tap(std::make_unique<State>(platform, fd, std::move(name), mac, mtu, false, false));
}

namespace {
async::Task<void> readable(mirage_unix::Platform& platform, int fd) {
  co_await platform.readable(fd);
}
async::Task<void> woken(async::Condition& c) {
  co_await c.wait();
}
}  // namespace

async::Task<std::expected<cstruct::Buffer, mirage::NetError>> Tap::receive() {
  State& s = *state_;
  for (;;) {
    if (s.closed) co_return std::unexpected(mirage::NetError::Disconnected);
    if (s.chunk.size() - s.used < s.frame_room()) {
      s.chunk = s.next_chunk();
      s.used = 0;
    }
    const auto room = s.chunk.sub(s.used, s.frame_room());
    const ssize_t n = ::read(s.fd, room.data(), room.size());
    const std::size_t skip = s.vnet ? sizeof(virtio_net_hdr) : 0;
    if (n > 0 && std::size_t(n) <= skip) continue;  // a header without a frame: nothing to take
    if (n > 0 && s.vnet && !finish_checksum(room.sub(0, std::size_t(n)))) {
      s.stats.rx_dropped++;
      continue;
    }
    if (n > 0) {
      s.used += (std::size_t(n) + frame_alignment - 1) / frame_alignment * frame_alignment;
      s.stats.rx_packets++;
      s.stats.rx_bytes += std::uint64_t(n) - skip;
      co_return room.sub(skip, std::size_t(n) - skip);
    }
    if (n == 0) co_return std::unexpected(mirage::NetError::Disconnected);  // the peer went away
    if (errno == EINTR) continue;
    if (errno != EAGAIN) co_return std::unexpected(mirage::NetError::Io);
    s.receiving = true;
    (void)co_await async::when_any(readable(*s.platform, s.fd), woken(s.closing));
    s.receiving = false;
    if (s.closed && s.fd >= 0) {  // disconnect() left the descriptor to us
      ::close(std::exchange(s.fd, -1));
    }
  }
}

namespace {

// Writes one frame, after `header` when the device takes virtio-net headers.
async::Task<std::expected<void, mirage::NetError>> put(Tap::State& s, const cstruct::Buffer& frame,
                                                       const virtio_net_hdr& header) {
  iovec parts[2] = {{const_cast<virtio_net_hdr*>(&header), sizeof header}, {frame.data(), frame.size()}};
  const int first = s.vnet ? 0 : 1;
  const std::size_t total = frame.size() + (s.vnet ? sizeof header : 0);
  for (;;) {
    if (s.closed) co_return std::unexpected(mirage::NetError::Disconnected);
    const ssize_t n = ::writev(s.fd, parts + first, 2 - first);
    if (n == ssize_t(total)) {
      s.stats.tx_packets++;
      s.stats.tx_bytes += frame.size();
      co_return std::expected<void, mirage::NetError>{};
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      co_await s.platform->writable(s.fd);
      continue;
    }
    co_return std::unexpected(mirage::NetError::Io);
  }
}

}  // namespace

async::Task<std::expected<void, mirage::NetError>> Tap::write(cstruct::Buffer frame) {
  State& s = *state_;
  if (frame.size() > s.mtu + 14) co_return std::unexpected(mirage::NetError::TooBig);
  co_return co_await put(s, frame, virtio_net_hdr{});
}

async::Task<std::expected<void, mirage::NetError>> Tap::write_segmented(cstruct::Buffer frame,
                                                                        mirage::Segmentation how) {
  State& s = *state_;
  if (frame.size() > max_segmented_size() || how.header_size > frame.size() || how.segment_size == 0)
    co_return std::unexpected(mirage::NetError::TooBig);
  // The kernel's byte order for these fields is the host's (a legacy virtio header). The
  // checksum is left to it in any case (the TCP layer wrote only the pseudo-header's sum);
  // a frame that fits the MTU is not cut.
  virtio_net_hdr h{};
  h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
  if (frame.size() > s.mtu + 14) {
    h.gso_type = how.ipv6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4;
    h.gso_size = how.segment_size;
  }
  h.hdr_len = how.header_size;
  h.csum_start = how.l4_offset;
  h.csum_offset = 16;  // the TCP checksum field
  co_return co_await put(s, frame, h);
}

std::size_t Tap::max_segmented_size() {
  return state_->vnet ? 14 + 65535 : 0;
}

mirage::MacAddress Tap::mac() {
  return state_->mac;
}
std::size_t Tap::mtu() {
  return state_->mtu;
}
mirage::NetStats Tap::stats() {
  return state_->stats;
}
const std::string& Tap::name() const {
  return state_->name;
}

async::Task<void> Tap::disconnect() {
  State& s = *state_;
  if (s.closed) co_return;
  s.closed = true;
  if (s.receiving) {
    s.closing.broadcast();  // the receiver closes the descriptor once it stops waiting on it
  } else if (s.fd >= 0) {
    ::close(std::exchange(s.fd, -1));
  }
}

}  // namespace net_unix
