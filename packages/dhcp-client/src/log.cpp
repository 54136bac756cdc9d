#include <dhcp_client/run.hpp>

namespace dhcp_client {

void log_change(const Client& client, Change change) {
  const auto& lease = client.lease();
  switch (change) {
    case Change::Bound:
      if (lease->infinite())
        LOGS_APP(log_source(), "bound %s", lease->to_string().c_str());
      else
        LOGS_APP(log_source(), "bound %s, renewing in %lld s", lease->to_string().c_str(),
                 static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(lease->renew_after).count()));
      break;
    case Change::Renewed:
      LOGS_APP(log_source(), "renewed %s", lease->to_string().c_str());
      break;
    case Change::Lost:
      LOGS_APP(log_source(), "lease lost; the address is removed, asking again");
      break;
    case Change::None:
      break;
  }
}

}  // namespace dhcp_client
