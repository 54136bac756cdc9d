#pragma once
#include <async/task.hpp>
#include <concepts>
#include <expected>
#include <mirage/error.hpp>
#include <string_view>

namespace mirage {

// Console: a line-oriented text sink (stdout on unix, the serial port on virtio, the Xen
// console ring on xen). write() returns once the bytes have been handed to the device, in
// order; after close() every write fails with ConsoleError::Closed.
template <class C>
concept Console = requires(C& c, std::string_view text) {
  { c.write(text) } -> std::same_as<async::Task<std::expected<void, ConsoleError>>>;
  { c.close() } -> std::same_as<async::Task<void>>;
};

}  // namespace mirage
