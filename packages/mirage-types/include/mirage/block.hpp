#pragma once
#include <async/task.hpp>
#include <concepts>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <mirage/error.hpp>
#include <span>

namespace mirage {

struct BlockInfo {
  bool read_write = false;
  std::uint32_t sector_size = 512;
  std::uint64_t size_sectors = 0;
};

// Block: a fixed-size array of sectors (a file, virtio-blk, Xen blkfront). read() fills
// the buffers, in order, from `sector` on; write() stores them. Each buffer must be a
// whole number of sectors (BadAlignment); past the end is OutOfRange; write() on a
// read-only device is ReadOnly. A completed write() is as durable as the device makes it.
template <class B>
concept Block = requires(B& b, std::uint64_t sector, std::span<const cstruct::Buffer> buffers) {
  { b.info() } -> std::same_as<BlockInfo>;
  { b.read(sector, buffers) } -> std::same_as<async::Task<std::expected<void, BlockError>>>;
  { b.write(sector, buffers) } -> std::same_as<async::Task<std::expected<void, BlockError>>>;
  { b.disconnect() } -> std::same_as<async::Task<void>>;
};

}  // namespace mirage
