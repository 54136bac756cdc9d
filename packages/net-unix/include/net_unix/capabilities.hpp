#pragma once
// Dropping privileges once the devices that need them are open.
#include <expected>
#include <string>

namespace net_unix {

// Drops every Linux capability of the process for good, with libcap: sets no_new_privs (no
// exec can give any back), empties the bounding set where it may (that needs CAP_SETPCAP,
// so it is done first), then the effective, permitted, inheritable and ambient sets, and
// checks that none is left. The error says which step failed.
std::expected<void, std::string> drop_all_capabilities();

// Whether the process holds any capability in its effective or permitted set.
bool has_capabilities();

}  // namespace net_unix
