#include <dhcp_client/client.hpp>

#include <algorithm>
#include <bit>
#include <cstdio>

namespace dhcp_client {
namespace {

using dhcp_wire::Message;
using dhcp_wire::MessageType;

// The prefix a subnet mask gives; nullopt when the mask's ones are not contiguous.
std::optional<std::uint8_t> prefix_of(Ipv4Address mask) {
  const std::uint32_t m = mask.value;
  const auto ones = std::uint8_t(std::countl_one(m));
  if (ones < 32 && (m << ones) != 0) return std::nullopt;
  return ones;
}

// Without a mask (RFC 2131 §3.5 leaves it to the client): the address's class.
std::uint8_t classful_prefix(Ipv4Address a) {
  const std::uint32_t top = a.value >> 24;
  return top < 128 ? 8 : top < 192 ? 16 : 24;
}

async::Duration seconds(std::uint32_t s) {
  return s == 0xffffffff ? async::Duration::max() : async::Duration(std::chrono::seconds(s));
}

}  // namespace

std::string_view to_string(State s) {
  switch (s) {
    case State::Init: return "INIT";
    case State::Selecting: return "SELECTING";
    case State::Requesting: return "REQUESTING";
    case State::Rebooting: return "REBOOTING";
    case State::Bound: return "BOUND";
    case State::Renewing: return "RENEWING";
    case State::Rebinding: return "REBINDING";
  }
  return "?";
}

std::string_view to_string(Change c) {
  switch (c) {
    case Change::None: return "none";
    case Change::Bound: return "bound";
    case Change::Renewed: return "renewed";
    case Change::Lost: return "lost";
  }
  return "?";
}

ipv4::Config Lease::ipv4() const {
  return {.address = address, .network = network, .gateway = router};
}

std::string Lease::to_string() const {
  std::string s = address.to_string() + "/" + std::to_string(network.length);
  if (router) s += " via " + router->to_string();
  s += " from " + server.to_string();
  if (infinite()) {
    s += " for ever";
  } else {
    char buf[64];
    std::snprintf(buf, sizeof buf, " for %lld s",
                  static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(duration).count()));
    s += buf;
  }
  return s;
}

Client::Client(Config config) : config_(std::move(config)), rng_(config_.seed ^ 0x9e3779b97f4a7c15ull) {}

// splitmix64: the jitter and transaction ids need to be unpredictable to other hosts only
// as far as the seed is.
std::uint64_t Client::next_random() {
  std::uint64_t z = (rng_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

Step Client::start(async::TimePoint now) {
  lease_.reset();
  offer_.reset();
  xid_ = std::uint32_t(next_random());
  started_ = now;
  attempts_ = 0;
  if (config_.previous) {
    state_ = State::Rebooting;
    return request(now);
  }
  return discover(now);
}

Step Client::discover(async::TimePoint now) {
  state_ = State::Selecting;
  ++stats_.discovers;
  ++attempts_;
  Message m = base(MessageType::Discover, now);
  retransmit_after(now);
  return {Send{std::move(m), Ipv4Address::broadcast()}};
}

Message Client::base(MessageType type, async::TimePoint now) const {
  Message m = dhcp_wire::discover(config_.mac, xid_, config_.hostname);
  m.options.message_type = type;
  const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - started_).count();
  m.secs = std::uint16_t(std::clamp<long long>(elapsed, 0, 0xffff));
  return m;
}

// The REQUEST of the current state (RFC 2131 table 5): in REQUESTING it names the server
// and the offered address; in REBOOTING only the address; in RENEWING (unicast) and
// REBINDING (broadcast) neither, with our address in ciaddr.
Step Client::request(async::TimePoint now) {
  Message m = base(MessageType::Request, now);
  Ipv4Address to = Ipv4Address::broadcast();
  switch (state_) {
    case State::Requesting:
      m.options.server_identifier = offer_->options.server_identifier;
      m.options.requested_address = offer_->yiaddr;
      break;
    case State::Rebooting:
      m.options.requested_address = *config_.previous;
      break;
    case State::Renewing:
      to = lease_->server;
      [[fallthrough]];
    case State::Rebinding:
      m.ciaddr = lease_->address;
      m.broadcast = false;
      break;
    default:
      break;
  }
  ++stats_.requests;
  if (attempts_++ == 0) request_sent_ = now;  // an ACK may answer the first REQUEST
  if (state_ == State::Renewing) {
    retransmit_until(now, lease_->rebind_at());
  } else if (state_ == State::Rebinding) {
    retransmit_until(now, lease_->expires_at());
  } else {
    retransmit_after(now);
  }
  return {Send{std::move(m), to}};
}

// §4.1: the n-th retransmission after 4 * 2^n seconds up to 64, randomised by ±1 s.
void Client::retransmit_after(async::TimePoint now) {
  async::Duration wait = config_.first_retransmit;
  for (int i = 1; i < attempts_ && wait < config_.max_retransmit; ++i) wait *= 2;
  wait = std::min(wait, config_.max_retransmit);
  const auto jitter = std::chrono::milliseconds(std::int64_t(next_random() % 2001) - 1000);
  deadline_ = now + std::max<async::Duration>(wait + jitter, 1s);
}

// §4.4.5: half the time left to `limit`, at least the minimum, never past `limit`.
void Client::retransmit_until(async::TimePoint now, async::TimePoint limit) {
  const async::Duration half = (limit - now) / 2;
  deadline_ = std::min(limit, now + std::max(half, config_.min_renew_retransmit));
}

bool Client::is_reply_to_us(const Message& m) const {
  return m.op == dhcp_wire::Op::Reply && m.xid == xid_ && m.chaddr == config_.mac &&
         m.options.message_type.has_value();
}

std::optional<Lease> Client::lease_from(const Message& ack) const {
  const auto& o = ack.options;
  if (!o.lease_time || (!o.server_identifier && !lease_) || ack.yiaddr.is_unspecified() || ack.yiaddr.is_broadcast() ||
      ack.yiaddr.is_multicast() || ack.yiaddr.is_loopback())
    return std::nullopt;
  Lease l;
  l.address = ack.yiaddr;
  std::optional<std::uint8_t> len = o.subnet_mask ? prefix_of(*o.subnet_mask) : classful_prefix(ack.yiaddr);
  if (!len || *len == 0 || *len > 30) len = classful_prefix(ack.yiaddr);
  l.network.length = *len;
  l.network.network = Ipv4Address{ack.yiaddr.value & l.network.mask()};
  for (Ipv4Address r : o.routers)
    if (l.network.contains(r) && r != l.address) {
      l.router = r;
      break;
    }
  l.dns_servers = o.dns_servers;
  l.domain_name = o.domain_name;
  l.server = o.server_identifier ? *o.server_identifier
             : lease_                ? lease_->server
                                     : Ipv4Address{};
  l.start = request_sent_;
  l.duration = seconds(*o.lease_time);
  if (l.infinite()) {
    l.renew_after = l.rebind_after = async::Duration::max();
    return l;
  }
  l.renew_after = l.duration / 2;
  l.rebind_after = l.duration * 7 / 8;
  // The server's T1 and T2 when they make sense (T1 < T2 < lease); §4.4.5's defaults else.
  const auto t1 = o.renewal_time ? seconds(*o.renewal_time) : l.renew_after;
  const auto t2 = o.rebinding_time ? seconds(*o.rebinding_time) : l.rebind_after;
  if (t1 < t2 && t2 < l.duration) {
    l.renew_after = t1;
    l.rebind_after = t2;
  } else if (o.rebinding_time && t2 < l.duration && l.renew_after < t2) {
    l.rebind_after = t2;
  }
  return l;
}

Step Client::lose(async::TimePoint now) {
  const bool had = lease_.has_value();
  if (had) ++stats_.leases_lost;
  config_.previous.reset();  // from INIT, not INIT-REBOOT: that address is not ours
  Step s = start(now);
  s.change = had ? Change::Lost : Change::None;
  return s;
}

Step Client::input(const Message& m, async::TimePoint now) {
  if (!is_reply_to_us(m)) {
    ++stats_.ignored;
    return {};
  }
  const MessageType type = *m.options.message_type;
  const auto from = m.options.server_identifier;
  switch (state_) {
    case State::Selecting:
      if (type != MessageType::Offer || !from || m.yiaddr.is_unspecified()) break;
      ++stats_.offers;
      offer_ = m;
      state_ = State::Requesting;
      attempts_ = 0;
      return request(now);
    case State::Requesting:
    case State::Rebooting:
    case State::Renewing:
    case State::Rebinding: {
      // In REQUESTING only the server we chose may answer; in RENEWING, the lease's.
      if (state_ == State::Requesting && from != offer_->options.server_identifier) break;
      if (state_ == State::Renewing && from && *from != lease_->server) break;
      if (type == MessageType::Nak) {
        ++stats_.naks;
        return lose(now);
      }
      if (type != MessageType::Ack) break;
      if (state_ == State::Requesting && m.yiaddr != offer_->yiaddr) break;
      auto lease = lease_from(m);
      if (!lease) break;
      ++stats_.acks;
      const bool same = lease_ && lease_->address == lease->address;
      lease_ = std::move(lease);
      offer_.reset();
      config_.previous = lease_->address;
      state_ = State::Bound;
      attempts_ = 0;
      deadline_ = lease_->renew_at();
      return {std::nullopt, same ? Change::Renewed : Change::Bound};
    }
    case State::Init:
    case State::Bound:
      break;
  }
  ++stats_.ignored;
  return {};
}

Step Client::timeout(async::TimePoint now) {
  if (now < deadline_) return {};
  switch (state_) {
    case State::Init:
      return start(now);
    case State::Selecting:
      return discover(now);
    case State::Requesting:
    case State::Rebooting:
      if (attempts_ < config_.request_attempts) return request(now);
      config_.previous.reset();
      return start(now);
    case State::Bound:
      state_ = State::Renewing;
      xid_ = std::uint32_t(next_random());
      started_ = now;
      attempts_ = 0;
      [[fallthrough]];
    case State::Renewing:
      if (now >= lease_->rebind_at()) {
        state_ = State::Rebinding;
        attempts_ = 0;
      }
      [[fallthrough]];
    case State::Rebinding:
      if (now >= lease_->expires_at()) return lose(now);
      return request(now);
  }
  return {};
}

std::optional<Send> Client::release() {
  if (!lease_) return std::nullopt;
  // RFC 2131 table 5: a RELEASE carries the server identifier and the client identifier,
  // and no parameter requests.
  Message m;
  m.xid = std::uint32_t(next_random());
  m.chaddr = config_.mac;
  m.options.message_type = MessageType::Release;
  m.options.server_identifier = lease_->server;
  m.options.client_id = dhcp_wire::discover(config_.mac, m.xid).options.client_id;
  m.ciaddr = lease_->address;
  Send s{std::move(m), lease_->server};
  lease_.reset();
  config_.previous.reset();
  state_ = State::Init;
  deadline_ = async::TimePoint::max();
  return s;
}

}  // namespace dhcp_client
