#pragma once
// arp::Arp<E>: IPv4 address resolution over an Ethernet layer (RFC 826), satisfying
// mirage::Arp. It answers requests for our addresses, announces them (gratuitous ARP),
// learns bindings as RFC 826 says (from packets aimed at us, and refreshes of bindings we
// hold) and resolves addresses for the layer above.
//
// No background task: a query sends the requests itself and sleeps between them, so a
// cancelled query leaves nothing running; bindings expire when looked up.
#include <arp/cache.hpp>
#include <arp/packet.hpp>

#include <algorithm>
#include <async/condition.hpp>
#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/when.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <memory>
#include <mirage/error.hpp>
#include <mirage/net.hpp>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace arp {

using namespace std::chrono_literals;

struct Config {
  async::Duration lifetime = 60s;       // how long a learned binding is used
  async::Duration retry_interval = 1s;  // between two requests for one address
  unsigned attempts = 3;                // requests sent before a query fails
  std::size_t max_waiters = 16;         // queries waiting on one address at once
  std::size_t max_entries = 256;        // bindings (and resolutions) kept
};

struct Stats {
  std::uint64_t requests_sent = 0, replies_sent = 0, announcements_sent = 0;
  std::uint64_t requests_received = 0, replies_received = 0;
  std::uint64_t malformed = 0;   // unparseable packets
  std::uint64_t conflicts = 0;   // another host claims one of our addresses
  std::uint64_t timeouts = 0;    // resolutions that got no answer
  std::uint64_t queue_full = 0;  // queries refused: too many waiting on one address
};

template <mirage::Ethernet E>
class Arp {
 public:
  // Borrows `eth` and `loop`, which must outlive it.
  Arp(E& eth, async::Loop& loop, Config config = {})
      : eth_(eth), loop_(loop), config_(config), cache_(config.max_entries, config.lifetime) {}
  Arp(const Arp&) = delete;
  Arp& operator=(const Arp&) = delete;

  // The MAC of `ip`, from the cache or by asking the network: up to `attempts` broadcast
  // requests `retry_interval` apart. ArpError::Timeout when none is answered, or at once
  // when `max_waiters` queries already wait for that address.
  async::Task<std::expected<MacAddress, mirage::ArpError>> query(Ipv4Address ip) {
    if (auto mac = cache_.lookup(ip, loop_.now())) co_return *mac;
    std::shared_ptr<Pending> p = pending_for(ip);
    if (p->waiters >= config_.max_waiters) {
      ++stats_.queue_full;
      co_return std::unexpected(mirage::ArpError::Timeout);
    }
    Waiting waiting(*p);
    while (!p->result) {
      const auto now = loop_.now();
      if (now < p->next_retry) {
        co_await async::with_timeout(loop_, p->next_retry - now, wait(p->done));
      } else if (p->sent >= config_.attempts) {
        ++stats_.timeouts;
        finish(ip, *p, std::unexpected(mirage::ArpError::Timeout));
      } else {
        co_await send_request(ip, *p);
      }
    }
    co_return *p->result;
  }

  // The MAC of `ip` if the cache holds a live binding; never waits.
  std::optional<MacAddress> cached(Ipv4Address ip) const { return cache_.lookup(ip, loop_.now()); }

  // Starts resolving `ip` without waiting: sends a request unless the address is cached
  // or a request for it is recent. For replies sent from an input path, which must not block.
  async::Task<void> request(Ipv4Address ip) {
    if (cache_.lookup(ip, loop_.now())) co_return;
    std::shared_ptr<Pending> p = pending_for(ip);
    if (loop_.now() >= p->next_retry && p->sent < config_.attempts) co_await send_request(ip, *p);
  }

  // Binds `ip` to `mac` for good (no expiry, never replaced by what the network says).
  void add_static(Ipv4Address ip, MacAddress mac) {
    cache_.insert_static(ip, mac);
    static_.push_back(ip);
    resolve(ip, mac);
  }

  // Makes `ips` our addresses: we answer requests for them, and announce each once with a
  // gratuitous ARP request.
  async::Task<void> set_ips(std::vector<Ipv4Address> ips) {
    ips_ = std::move(ips);
    for (Ipv4Address ip : ips_) {
      cache_.remove(ip);
      ++stats_.announcements_sent;
      co_await send({Operation::Request, eth_.mac(), ip, MacAddress{}, ip},
                    MacAddress::broadcast());
    }
  }
  std::vector<Ipv4Address> ips() { return ips_; }

  // Handles one received ARP packet (an Ethernet payload): learns the sender when RFC 826
  // says so, and answers requests for our addresses.
  async::Task<void> input(cstruct::Buffer payload) {
    auto p = parse(payload);
    if (!p) {
      ++stats_.malformed;
      co_return;
    }
    ++(p->operation == Operation::Request ? stats_.requests_received : stats_.replies_received);
    if (is_ours(p->sender_ip)) {
      if (p->sender_mac != eth_.mac()) ++stats_.conflicts;
      co_return;
    }
    const bool for_us = is_ours(p->target_ip);
    if (learnable(*p) &&
        (for_us || cache_.contains(p->sender_ip) || pending_.contains(p->sender_ip)))
      learn(p->sender_ip, p->sender_mac);
    if (for_us && p->operation == Operation::Request) {
      ++stats_.replies_sent;
      co_await send({Operation::Reply, eth_.mac(), p->target_ip, p->sender_mac, p->sender_ip},
                    p->sender_mac);
    }
  }

  const Stats& stats() const { return stats_; }
  const Cache& cache() const { return cache_; }

 private:
  // One address being resolved, shared by the queries waiting for it (a query keeps it
  // alive while it waits, even once it has left the table).
  struct Pending {
    async::Condition done;
    std::optional<std::expected<MacAddress, mirage::ArpError>> result;
    std::size_t waiters = 0;
    unsigned sent = 0;
    async::TimePoint next_retry{};
  };
  struct Waiting {
    explicit Waiting(Pending& p) : p(p) { ++p.waiters; }
    ~Waiting() { --p.waiters; }
    Pending& p;
  };

  static async::Task<void> wait(async::Condition& c) { co_await c.wait(); }

  bool is_ours(Ipv4Address ip) const { return std::ranges::find(ips_, ip) != ips_.end(); }

  static bool learnable(const Packet& p) {
    return !p.sender_ip.is_unspecified() && !p.sender_ip.is_broadcast() &&
           !p.sender_ip.is_multicast() && !p.sender_mac.is_multicast();
  }

  // The resolution of `ip` in progress, or a new one when there is none or it has used up
  // its attempts (its queries then fail). The table is bounded: when it is full,
  // resolutions nobody waits for are dropped.
  std::shared_ptr<Pending> pending_for(Ipv4Address ip) {
    if (auto it = pending_.find(ip); it != pending_.end()) {
      Pending& p = *it->second;
      if (p.sent < config_.attempts || loop_.now() < p.next_retry) return it->second;
      ++stats_.timeouts;
      finish(ip, p, std::unexpected(mirage::ArpError::Timeout));
    }
    if (pending_.size() >= config_.max_entries)
      std::erase_if(pending_, [](const auto& kv) { return kv.second->waiters == 0; });
    return pending_[ip] = std::make_shared<Pending>();
  }

  void learn(Ipv4Address ip, MacAddress mac) {
    if (std::ranges::find(static_, ip) != static_.end()) return;
    cache_.insert(ip, mac, loop_.now());
    resolve(ip, mac);
  }

  void resolve(Ipv4Address ip, MacAddress mac) {
    if (auto it = pending_.find(ip); it != pending_.end()) finish(ip, *it->second, mac);
  }

  // Ends a resolution: records its result, forgets it and wakes its queries.
  void finish(Ipv4Address ip, Pending& p, std::expected<MacAddress, mirage::ArpError> result) {
    p.result = result;
    p.done.broadcast();  // first: erasing may free `p` when no query holds it
    if (auto it = pending_.find(ip); it != pending_.end() && it->second.get() == &p)
      pending_.erase(it);
  }

  async::Task<void> send_request(Ipv4Address ip, Pending& p) {
    ++p.sent;
    p.next_retry = loop_.now() + config_.retry_interval;
    ++stats_.requests_sent;
    const Ipv4Address source = ips_.empty() ? Ipv4Address::any() : ips_.front();
    co_await send({Operation::Request, eth_.mac(), source, MacAddress{}, ip},
                  MacAddress::broadcast());
  }

  async::Task<void> send(const Packet& packet, MacAddress destination) {
    // A failed send is counted by the Ethernet layer; a query retries, a reply is not owed.
    (void)co_await eth_.write(destination, mirage::EtherType::Arp, encode(packet));
  }

  E& eth_;
  async::Loop& loop_;
  Config config_;
  Cache cache_;
  std::unordered_map<Ipv4Address, std::shared_ptr<Pending>> pending_;
  std::vector<Ipv4Address> ips_;
  std::vector<Ipv4Address> static_;
  Stats stats_;
};

}  // namespace arp
