#pragma once
#include <async/task.hpp>
#include <concepts>
#include <cstruct/buffer.hpp>
#include <expected>
#include <mirage/error.hpp>
#include <optional>
#include <span>

namespace mirage {

enum class ShutdownMode { Read, Write, Both };

// Flow: an ordered, reliable byte stream (a TCP connection, a TLS session over one, a
// vchan). read() completes with the next bytes as they arrive (any non-empty size) or
// std::nullopt at end of stream; write() completes once `data` is accepted for sending in
// order (not necessarily acknowledged), writev() the same for several buffers at once.
// shutdown(Write) sends end-of-stream; close() releases the flow and is always safe.
template <class F>
concept Flow = requires(F& f, cstruct::Buffer data, std::span<const cstruct::Buffer> datas,
                        ShutdownMode mode) {
  { f.read() } -> std::same_as<async::Task<std::expected<std::optional<cstruct::Buffer>, FlowError>>>;
  { f.write(data) } -> std::same_as<async::Task<std::expected<void, FlowError>>>;
  { f.writev(datas) } -> std::same_as<async::Task<std::expected<void, FlowError>>>;
  { f.shutdown(mode) } -> std::same_as<async::Task<std::expected<void, FlowError>>>;
  { f.close() } -> std::same_as<async::Task<void>>;
};

}  // namespace mirage
