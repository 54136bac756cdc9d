#pragma once
// net_unix::Tap: a mirage::Net on a Linux tap device. It attaches to (or creates) the
// device through /dev/net/tun with IFF_TAP | IFF_NO_PI, reads and writes whole frames
// without blocking, and waits for the descriptor on the mirage-unix epoll loop. Once the
// device is open it drops every capability (capabilities.hpp) and says so in the log: the
// rest of the unikernel runs with none.
//
// A device it opens carries a virtio-net header before each frame (IFF_VNET_HDR), so that
// write_segmented() can hand the kernel one TCP segment of up to 64 KiB with the
// instruction to cut it (TSO: one write instead of forty). With receive_offload the kernel
// may likewise send us TCP segments of up to 64 KiB whose checksum it left unfinished; the
// Tap finishes it, so the layers above see whole, checksummed (if large) frames.
#include <async/condition.hpp>
#include <async/task.hpp>
#include <cstddef>
#include <cstruct/buffer.hpp>
#include <expected>
#include <memory>
#include <mirage/address.hpp>
#include <mirage/error.hpp>
#include <mirage/net.hpp>
#include <mirage_unix/platform.hpp>
#include <optional>
#include <string>

namespace net_unix {

struct TapOptions {
  std::string name = "tap0";  // the device (created if absent, which needs CAP_NET_ADMIN)
  std::optional<mirage::MacAddress> mac;  // ours on the link; default: random, locally administered
  bool drop_capabilities = true;          // after the device is open
  // Let the kernel send TCP segments of up to 64 KiB with checksums to finish (TUNSETOFFLOAD),
  // which the Tap finishes before handing the frame up. Off: frames of the MTU, checksummed.
  bool receive_offload = true;
};

// Why the device could not be opened, as a sentence ("TUNSETIFF tap0: Operation not permitted").
struct TapError {
  std::string message;
};

class Tap {
 public:
  // Opens the tap device `options.name` for `platform`, which must outlive the Tap.
  static std::expected<Tap, TapError> open(mirage_unix::Platform& platform,
                                           const TapOptions& options);
  // A Tap over `fd` (taken over: closed by the Tap), any descriptor that carries one frame
  // per read and write, such as a SOCK_SEQPACKET socket: for tests. Makes it non-blocking.
  static Tap adopt(mirage_unix::Platform& platform, int fd, mirage::MacAddress mac, std::size_t mtu,
                   std::string name = "adopted");

  Tap(Tap&&) noexcept;
  Tap& operator=(Tap&&) noexcept;
  ~Tap();

  // Writes one frame (at most mtu() + 14 bytes, else TooBig); Disconnected after
  // disconnect(); Io when the device refuses it.
  async::Task<std::expected<void, mirage::NetError>> write(cstruct::Buffer frame);
  // Writes a TCP segment of up to max_segmented_size() bytes that the kernel segments
  // (mirage::Segmentation). TooBig past that size (always, on an adopted descriptor).
  async::Task<std::expected<void, mirage::NetError>> write_segmented(cstruct::Buffer frame,
                                                                     mirage::Segmentation how);
  // 14 + 65535 on a device it opened (IFF_VNET_HDR); 0 on an adopted descriptor.
  std::size_t max_segmented_size();
  // The next frame, as a slice of a larger buffer the Tap reads into (frames are not
  // copied, and a kept frame keeps only its buffer alive). Disconnected after disconnect()
  // (a waiting receive is woken) or when the device goes away.
  async::Task<std::expected<cstruct::Buffer, mirage::NetError>> receive();
  mirage::MacAddress mac();
  std::size_t mtu();
  mirage::NetStats stats();
  // Closes the device; later writes and receives fail with Disconnected.
  async::Task<void> disconnect();

  // The device's name (the kernel's, when it chose it).
  const std::string& name() const;

  struct State;  // opaque

 private:
  explicit Tap(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

static_assert(mirage::SegmentingNet<Tap>);

}  // namespace net_unix
