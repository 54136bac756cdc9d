#pragma once
// Time as the loop sees it. Only the types live here: no clock is read in this package; the
// Platform supplies now().
#include <chrono>

namespace async {

// A span of time, in nanoseconds.
using Duration = std::chrono::nanoseconds;
// Monotonic nanoseconds since an arbitrary origin chosen by the Platform.
using TimePoint = std::chrono::nanoseconds;

}  // namespace async
