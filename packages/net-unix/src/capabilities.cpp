#include <net_unix/capabilities.hpp>

#include <sys/capability.h>
#include <sys/prctl.h>

#include <cerrno>
#include <cstring>

namespace net_unix {
namespace {

std::string failure(const char* step) {
  return std::string(step) + ": " + std::strerror(errno);
}

}  // namespace

std::expected<void, std::string> drop_all_capabilities() {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return std::unexpected(failure("prctl(PR_SET_NO_NEW_PRIVS)"));
  for (cap_value_t c = 0; c < cap_max_bits(); ++c) {
    // Without CAP_SETPCAP (an unprivileged process) the bounding set stays; no_new_privs
    // already makes it useless.
    if (cap_drop_bound(c) != 0 && errno != EPERM && errno != EINVAL)
      return std::unexpected(failure("cap_drop_bound"));
  }
  if (cap_reset_ambient() != 0 && errno != EINVAL)
    return std::unexpected(failure("cap_reset_ambient"));
  cap_t none = cap_init();
  if (none == nullptr) return std::unexpected(failure("cap_init"));
  const int set = cap_set_proc(none);
  const int saved = errno;
  cap_free(none);
  errno = saved;
  if (set != 0) return std::unexpected(failure("cap_set_proc"));
  if (has_capabilities())
    return std::unexpected(std::string("capabilities remain after cap_set_proc"));
  return {};
}

bool has_capabilities() {
  cap_t now = cap_get_proc();
  if (now == nullptr) return true;  // cannot tell: assume the worst
  bool any = false;
  for (cap_value_t c = 0; c < cap_max_bits() && !any; ++c) {
    cap_flag_value_t effective = CAP_CLEAR, permitted = CAP_CLEAR;
    cap_get_flag(now, c, CAP_EFFECTIVE, &effective);
    cap_get_flag(now, c, CAP_PERMITTED, &permitted);
    any = effective == CAP_SET || permitted == CAP_SET;
  }
  cap_free(now);
  return any;
}

}  // namespace net_unix
