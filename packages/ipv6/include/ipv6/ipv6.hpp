#pragma once
// ipv6::Ipv6<E>: the IPv6 layer of a host over an Ethernet layer E, satisfying mirage::Ip.
//
// Input: validate the header and its extension headers (answering a Parameter Problem
// where RFC 8200 asks for one), accept our addresses and groups, reassemble, then either
// handle ICMPv6 inside (echo replies, Neighbor Discovery, MLD, Packet Too Big, errors
// handed to on_error) or hand the payload (a slice of the frame when unfragmented) to the
// handler of its next header.
// Output: choose a source, find the first hop (on-link, a redirect, a default router),
// resolve it through the neighbour cache, fragment to the path MTU, and write the headers
// and payload straight into the frame.
//
// Two ways out, as in ipv4: write()/write_with() wait for neighbour resolution; try_write()
// never does (it holds the datagram in the neighbour entry, sent once it resolves): what an
// input handler uses to answer. Timers (NUD, DAD, router solicitations, MLD reports,
// expiries) run in tick(): start() and run() call it, and so do writes that wait.
#include <ipv6/address.hpp>
#include <ipv6/fragments.hpp>
#include <ipv6/header.hpp>
#include <ipv6/icmp.hpp>
#include <ipv6/mld.hpp>
#include <ipv6/ndp.hpp>
#include <ipv6/neighbours.hpp>
#include <ipv6/routes.hpp>
#include <ipv6/slaac.hpp>

#include <algorithm>
#include <async/condition.hpp>
#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/when.hpp>
#include <cassert>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <ethernet/ethernet.hpp>
#include <ethernet/handlers.hpp>
#include <expected>
#include <functional>
#include <ipv4/ipv4.hpp>
#include <mirage/error.hpp>
#include <mirage/ip.hpp>
#include <mirage/net.hpp>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ipv6 {

using mirage::IpError;
using mirage::IpProtocol;

// What the layers above IPv6 (UDP, TCP) need of it: mirage::Ip for IPv6, plus payloads
// written in place, with or without waiting for neighbour resolution.
template <class I>
concept Layer = mirage::Ip<I> && std::same_as<typename I::address_type, Ipv6Address> &&
    requires(I& ip, Ipv6Address a, IpProtocol p, std::size_t n,
             void (*fill)(const cstruct::Buffer&)) {
  { ip.write_with(a, p, n, fill) } -> std::same_as<async::Task<std::expected<void, IpError>>>;
  { ip.try_write(a, p, n, fill) } -> std::same_as<async::Task<std::expected<void, IpError>>>;
};

struct Config {
  std::vector<CidrAddress> addresses;  // besides the link-local one, always formed
  std::optional<Ipv6Address> gateway;  // a default router besides the advertised ones
  std::uint8_t hop_limit = 64;         // until a router advertises another
  bool accept_router_advertisements = true;
  bool mld = true;                       // report our groups (MLDv2) and answer queries
  bool autoconfigure = true;             // SLAAC addresses from advertised prefixes
  unsigned router_solicitations = 3;     // sent 4 s apart until a router advertises
  std::uint32_t errors_per_second = 10;  // ICMPv6 errors sent (RFC 4443 §2.4 f)
  std::size_t max_waiters = 64;          // writes waiting for neighbour resolution at once
  std::uint32_t fragment_id_seed = 1;    // the first fragment identification used
  ReassemblyLimits reassembly = default_reassembly_limits;
  NeighbourConfig neighbours;
  SlaacConfig slaac;
  RoutesConfig routes;

  // From "2001:db8::2/64" (a static address and its on-link prefix) and an optional gateway.
  static std::expected<Config, mirage::AddressParseError> parse(
      std::string_view cidr, std::optional<Ipv6Address> gateway = {});
};

// Per-datagram choices of write_with/try_write.
struct WriteOptions {
  std::uint8_t hop_limit = 0;  // 0: the current default
  std::uint8_t traffic_class = 0;
  bool dont_fragment = false;  // fail with WouldFragment rather than fragment
};

struct Stats {
  std::uint64_t rx_delivered = 0, rx_malformed = 0, rx_not_for_us = 0, rx_martian = 0;
  std::uint64_t rx_fragments = 0, rx_reassembled = 0, rx_reassembly_errors = 0,
                rx_reassembly_timeouts = 0, rx_no_protocol = 0;
  std::uint64_t rx_icmp_malformed = 0, rx_ndp_malformed = 0, rx_echo_requests = 0,
                rx_icmp_errors = 0, rx_redirects_ignored = 0;
  std::uint64_t tx_datagrams = 0, tx_fragments = 0, tx_no_route = 0, tx_unresolved = 0, tx_held = 0,
                tx_errors = 0;
  std::uint64_t tx_echo_replies = 0, tx_icmp_errors = 0, tx_rate_limited = 0;
  std::uint64_t tx_solicitations = 0, tx_advertisements = 0, tx_router_solicitations = 0,
                tx_dad = 0, tx_mld_reports = 0, rx_mld_queries = 0;
  std::uint64_t dad_failures = 0, address_conflicts = 0;
};

template <ipv4::Link E>
class Ipv6 {
 public:
  using address_type = Ipv6Address;
  // An upper layer's input, called with each datagram of its next header.
  using Handler = typename ethernet::Handlers<IpProtocol, Packet>::Handler;
  // Called with each well-formed ICMPv6 error received (after a Packet Too Big is applied).
  using ErrorHandler = std::function<void(const icmp::ErrorReport&)>;

  // Borrows `eth` and `loop`, which must outlive it. Nothing is sent until start(). The
  // link MTU must be at least 1280 (asserted).
  Ipv6(E& eth, async::Loop& loop, Config config)
      : eth_(eth),
        loop_(loop),
        config_(std::move(config)),
        reassembler_(config_.reassembly),
        neighbours_(config_.neighbours),
        slaac_(eth.mac(), config_.slaac),
        routes_(config_.routes),
        hop_limit_(config_.hop_limit),
        link_mtu_(eth.mtu()),
        next_id_(config_.fragment_id_seed) {
    assert(eth.mtu() >= min_mtu && "IPv6 needs a link MTU of 1280 bytes or more (RFC 8200 §5)");
    for (const CidrAddress& a : config_.addresses) routes_.add_on_link(a.prefix());
    if (config_.gateway) routes_.add_router(*config_.gateway);
  }
  Ipv6(const Ipv6&) = delete;
  Ipv6& operator=(const Ipv6&) = delete;

  // Brings the interface up: forms the link-local address, adds the configured ones, runs
  // duplicate address detection on them, then solicits routers. Returns once DAD is over
  // (serve the input meanwhile, or conflicts go unseen).
  async::Task<void> start() {
    const auto now = loop_.now();
    slaac_.start(now);
    for (const CidrAddress& a : config_.addresses) slaac_.add(a.address, a.prefix_length, now);
    next_rs_ = now;
    co_await tick();
    while (std::ranges::any_of(slaac_.addresses(), [](const InterfaceAddress& a) {
      return a.state == AddressState::Tentative;
    })) {
      co_await loop_.sleep_until(slaac_.next_deadline().value_or(loop_.now()));
      co_await tick();
    }
  }

  // Runs the timers for good: call beside the input loop.
  async::Task<void> run() {
    for (;;) {
      co_await tick();
      const auto soon = loop_.now() + std::chrono::seconds(1);
      co_await loop_.sleep_until(std::min(next_deadline().value_or(soon), soon));
    }
  }

  // Does what the timers say is due now: DAD and router solicitations, neighbour
  // retransmissions and probes, address, router, prefix and reassembly expiries.
  async::Task<void> tick() {
    const auto now = loop_.now();
    co_await expire_reassembly();
    routes_.expire(now);
    std::vector<Ipv6Address> dad;
    slaac_.tick(now, dad);
    sync_groups();
    co_await send_mld_reports();  // join a tentative address's group before its DAD
    for (const Ipv6Address& a : dad) co_await send_dad(a);
    // Routers are solicited once the link-local address is past DAD, so that the
    // solicitation can say where to answer (RFC 4861 §6.3.7).
    if (rs_sent_ < config_.router_solicitations && next_rs_ && now >= *next_rs_ &&
        config_.accept_router_advertisements && slaac_.assigned(link_local(eth_.mac()))) {
      ++rs_sent_;
      next_rs_ = now + std::chrono::seconds(4);
      co_await send_router_solicitation();
    }
    std::vector<Solicitation> solicit;
    if (!neighbours_.tick(now, solicit).empty()) resolved_.broadcast();
    for (const Solicitation& s : solicit) co_await send_solicitation(s);
  }

  // When tick() next has work, if ever.
  std::optional<async::TimePoint> next_deadline() const {
    std::optional<async::TimePoint> next = slaac_.next_deadline();
    for (auto t : {neighbours_.next_deadline(),
                   rs_sent_ < config_.router_solicitations ? next_rs_ : std::nullopt,
                   mld_repeat_at_, mld_answer_at_})
      if (t && (!next || *t < *next)) next = t;
    return next;
  }

  // Sends `payload` (copied once, into the frame) to `destination`, waiting for resolution.
  async::Task<std::expected<void, IpError>> write(Ipv6Address destination, IpProtocol protocol,
                                                  cstruct::Buffer payload) {
    co_return co_await output(
        destination, std::uint8_t(protocol), payload.size(),
        [&payload](const cstruct::Buffer& out) { out.blit(payload, 0); }, {}, true);
  }

  // Sends a datagram of `size` payload bytes that `fill(payload)` writes in place (called
  // once, with a zeroed buffer of exactly `size` bytes), waiting for neighbour resolution.
  // NoRoute when no source address or route fits or resolution fails; TooBig past 65535
  // bytes; WouldFragment when it exceeds the path MTU with dont_fragment.
  template <std::invocable<const cstruct::Buffer&> Fill>
  async::Task<std::expected<void, IpError>> write_with(Ipv6Address destination, IpProtocol protocol,
                                                       std::size_t size, Fill fill,
                                                       WriteOptions options = {}) {
    co_return co_await output(destination, std::uint8_t(protocol), size, std::move(fill), options,
                              true);
  }

  // As write_with, but never waits: a datagram for a neighbour being resolved is held in
  // its entry (the oldest held go first) and sent when it resolves.
  template <std::invocable<const cstruct::Buffer&> Fill>
  async::Task<std::expected<void, IpError>> try_write(Ipv6Address destination, IpProtocol protocol,
                                                      std::size_t size, Fill fill,
                                                      WriteOptions options = {}) {
    // Waiting here would stall the input that carries the neighbour's answer.
    constexpr bool wait = false;
    co_return co_await output(destination, std::uint8_t(protocol), size, std::move(fill), options,
                              wait);
  }

  // Sends the ICMPv6 error `error` about the received `offending` datagram if RFC 4443
  // allows it (see icmp::may_report) and the rate limit has room: for the layers above
  // (a UDP port unreachable). Never waits.
  async::Task<void> report(icmp::Message error, const Packet& offending,
                           bool link_multicast = false) {
    if (!icmp::may_report(error, offending, link_multicast)) co_return;
    if (!error_allowed()) {
      ++stats_.tx_rate_limited;
      co_return;
    }
    const Ipv6Address to = offending.header.source;
    const Ipv6Address from = slaac_.assigned(offending.header.destination)
                                 ? offending.header.destination
                                 : slaac_.source_for(to).value_or(Ipv6Address::any());
    if (from.is_unspecified()) co_return;
    ++stats_.tx_icmp_errors;
    (void)co_await send_icmp(to, from, error, false);
  }

  // The source address for datagrams to `destination` (:: when none is assigned).
  Ipv6Address src(Ipv6Address destination) {
    return slaac_.source_for(destination).value_or(Ipv6Address::any());
  }
  // Our addresses past DAD.
  std::vector<Ipv6Address> addresses() {
    std::vector<Ipv6Address> out;
    for (const InterfaceAddress& a : slaac_.addresses())
      if (a.state != AddressState::Tentative) out.push_back(a.address);
    return out;
  }
  // The largest payload one datagram carries to `destination` without fragmenting.
  std::size_t mtu(Ipv6Address destination) {
    return routes_.path_mtu(destination, link_mtu_, loop_.now()) - header_size;
  }

  // Routes datagrams of `protocol` to `handler` (an empty one unregisters it). A datagram
  // with no handler goes to the default handler, else is answered with a Parameter
  // Problem (unrecognised next header). A handler for Icmpv6 sees the ICMPv6 messages that
  // are not Neighbor Discovery nor echo requests (echo replies, errors...).
  void set_handler(IpProtocol protocol, Handler handler) {
    handlers_.set(protocol, std::move(handler));
  }
  void set_default_handler(Handler handler) { default_ = std::move(handler); }
  void on_error(ErrorHandler handler) { on_error_ = std::move(handler); }

  // Accepts datagrams sent to the multicast `group` (all-nodes and our solicited-node
  // groups always are).
  void join(Ipv6Address group) {
    joined_.push_back(group);
    sync_groups();
  }

  // Whether we accept datagrams sent to `destination`: an address of ours past DAD, or a
  // group we are in.
  bool accepts(Ipv6Address destination) const {
    return slaac_.assigned(destination) ||
           (destination.is_multicast() && std::ranges::find(groups_, destination) != groups_.end());
  }

  // Handles one received frame's datagram; `link_multicast` when the frame was sent to a
  // multicast or broadcast MAC (no error is sent about it).
  async::Task<void> input(const ethernet::Received& frame) {
    co_await input(frame.payload, frame.header.destination.is_multicast());
  }

  // Handles one received datagram (an Ethernet payload).
  async::Task<void> input(cstruct::Buffer datagram, bool link_multicast = false) {
    auto parsed = parse(datagram);
    if (!parsed) {
      ++stats_.rx_malformed;
      co_await reject(datagram, parsed.error(), link_multicast);
      co_return;
    }
    Packet& p = *parsed;
    const Ipv6Address dst = p.header.destination;
    const bool for_tentative = slaac_.tentative(dst);
    if (!accepts(dst) && !for_tentative) {
      ++stats_.rx_not_for_us;
      co_return;
    }
    if (martian(p)) {
      ++stats_.rx_martian;
      co_return;
    }
    if (p.is_fragment()) {
      ++stats_.rx_fragments;
      co_await expire_reassembly();
      auto whole = reassembler_.add(p, loop_.now());
      if (!whole) ++stats_.rx_reassembly_errors;
      if (!whole || !*whole) co_return;
      auto reparsed = parse(**whole);
      if (!reparsed) {
        ++stats_.rx_malformed;
        co_return;
      }
      p = std::move(*reparsed);
      ++stats_.rx_reassembled;
    }
    if (p.protocol == next_header::icmpv6) {
      co_await icmp_input(p, for_tentative);
      co_return;
    }
    if (for_tentative || p.protocol == next_header::none) co_return;
    const Handler* handler = handlers_.find(IpProtocol(p.protocol));
    if (handler == nullptr && default_) handler = &default_;
    if (handler == nullptr) {
      ++stats_.rx_no_protocol;
      co_await report(icmp::parameter_problem({1, std::uint32_t(p.protocol_at)}, p), p,
                      link_multicast);
      co_return;
    }
    ++stats_.rx_delivered;
    co_await (*handler)(p);
  }

  // An upper layer saw forward progress with `neighbour` (a TCP ACK): NUD need not probe.
  void confirm_reachable(Ipv6Address neighbour) { neighbours_.confirm(neighbour, loop_.now()); }

  const Config& config() const { return config_; }
  const NeighbourCache& neighbours() const { return neighbours_; }
  const Slaac& slaac() const { return slaac_; }
  Routes& routes() { return routes_; }
  const Reassembler& reassembler() const { return reassembler_; }
  const Stats& stats() const { return stats_; }
  std::uint8_t hop_limit() const { return hop_limit_; }
  // The groups we accept datagrams for.
  const std::vector<Ipv6Address>& groups() const { return groups_; }

 private:
  // Sources no datagram may come from: multicast, loopback, IPv4-mapped (RFC 4291 §2.5.5.2
  // keeps them off the wire), one of ours; the unspecified address only for Neighbor
  // Discovery.
  bool martian(const Packet& p) const {
    const Ipv6Address s = p.header.source;
    if (s.is_multicast() || s.is_loopback() || s.is_v4_mapped() || slaac_.assigned(s)) return true;
    return s.is_unspecified() && p.protocol != next_header::icmpv6;
  }

  // The Parameter Problem a rejected datagram is owed, if any.
  async::Task<void> reject(const cstruct::Buffer& datagram, const Rejection& why,
                           bool link_multicast) {
    if (!why.problem) co_return;
    auto h = parse_header(datagram);
    if (!h || !accepts(h->destination)) co_return;
    Packet offending;
    offending.header = *h;
    offending.datagram =
        datagram.sub(0, std::min(datagram.size(), header_size + h->payload_length));
    co_await report(icmp::parameter_problem(*why.problem, offending), offending, link_multicast);
  }

  // Drops the datagrams whose reassembly time is up, sending a Time Exceeded about those
  // whose first fragment had come.
  async::Task<void> expire_reassembly() {
    for (const cstruct::Buffer& first : reassembler_.timed_out(loop_.now())) {
      ++stats_.rx_reassembly_timeouts;
      if (auto p = parse(first))
        co_await report(icmp::time_exceeded(icmp::Expired::Reassembly, *p), *p);
    }
  }

  bool error_allowed() {
    const auto now = loop_.now();
    if (now - error_window_ >= std::chrono::seconds(1)) {
      error_window_ = now;
      errors_in_window_ = 0;
    }
    if (errors_in_window_ >= config_.errors_per_second) return false;
    ++errors_in_window_;
    return true;
  }

  async::Task<void> icmp_input(const Packet& p, bool for_tentative) {
    auto m = icmp::parse(p.payload, p.header.source, p.header.destination);
    if (!m) {
      ++stats_.rx_icmp_malformed;
      co_return;
    }
    const auto type = std::uint8_t(m->type);
    if (type >= std::uint8_t(icmp::Type::RouterSolicitation) &&
        type <= std::uint8_t(icmp::Type::Redirect)) {
      auto message = ndp::parse(*m, p.header);
      if (!message) {
        ++stats_.rx_ndp_malformed;
        co_return;
      }
      co_await std::visit([&](const auto& msg) { return ndp_input(msg, p); }, *message);
      co_return;
    }
    if (for_tentative || p.header.source.is_unspecified()) co_return;
    if (mld::is_mld(type)) {
      // Queries are answered; other hosts' reports and dones are not our business.
      if (auto q = mld::parse_query(*m, p.header); q && config_.mld) mld_query(*q);
      co_return;
    }
    if (m->type == icmp::Type::EchoRequest) {
      ++stats_.rx_echo_requests;
      const Ipv6Address from =
          slaac_.assigned(p.header.destination) ? p.header.destination : src(p.header.source);
      if (from.is_unspecified()) co_return;
      ++stats_.tx_echo_replies;
      (void)co_await send_icmp(p.header.source, from, icmp::echo_reply(*m), false);
      co_return;
    }
    if (m->is_error()) {
      auto report = icmp::parse_error(*m);
      if (!report) {
        ++stats_.rx_icmp_malformed;
        co_return;
      }
      ++stats_.rx_icmp_errors;
      if (m->type == icmp::Type::PacketTooBig && slaac_.assigned(report->original.source))
        routes_.path_mtu_reported(report->original.destination, m->rest, loop_.now());
      if (on_error_) on_error_(*report);
    }
    if (const Handler* h = handlers_.find(IpProtocol::Icmpv6)) {
      ++stats_.rx_delivered;
      co_await (*h)(p);
    }
  }

  async::Task<void> ndp_input(const ndp::RouterSolicitation&, const Packet&) {
    co_return;  // a host ignores them (RFC 4861 §6.2.6 is for routers)
  }

  async::Task<void> ndp_input(const ndp::RouterAdvertisement& ra, const Packet& p) {
    if (!config_.accept_router_advertisements) co_return;
    const auto now = loop_.now();
    const Ipv6Address router = p.header.source;
    rs_sent_ = config_.router_solicitations;  // answered: stop soliciting
    routes_.router_advertised(router, ra.router_lifetime, now);
    if (ra.hop_limit != 0) hop_limit_ = ra.hop_limit;
    if (ra.reachable_time != 0)
      neighbours_.set_reachable_time(std::chrono::milliseconds(ra.reachable_time));
    if (ra.retrans_timer != 0)
      neighbours_.set_retrans_timer(std::chrono::milliseconds(ra.retrans_timer));
    if (ra.options.mtu && *ra.options.mtu >= min_mtu && *ra.options.mtu <= eth_.mtu())
      link_mtu_ = *ra.options.mtu;
    for (const ndp::PrefixInformation& prefix : ra.options.prefixes) {
      routes_.prefix_advertised(prefix, now);
      if (config_.autoconfigure) slaac_.on_prefix(prefix, now);
    }
    sync_groups();
    if (ra.options.source_link_address)
      co_await flush(neighbours_.learn(router, *ra.options.source_link_address, now, true));
    co_await tick();  // DAD for a new address goes out now
  }

  async::Task<void> ndp_input(const ndp::NeighbourSolicitation& ns, const Packet& p) {
    const auto now = loop_.now();
    const Ipv6Address from = p.header.source;
    if (slaac_.tentative(ns.target)) {
      // Someone else runs DAD for the address we are trying: neither of us may have it
      // (RFC 4862 §5.4.3). A solicitation from a unicast source is not DAD: ignored.
      if (from.is_unspecified() && slaac_.duplicate(ns.target)) {
        ++stats_.dad_failures;
        sync_groups();
      }
      co_return;
    }
    if (!slaac_.assigned(ns.target)) co_return;
    if (from.is_unspecified()) {  // DAD for our address: defend it to all nodes
      co_await send_advertisement(ns.target, all_nodes, multicast_mac(all_nodes), false);
      co_return;
    }
    if (ns.options.source_link_address)
      co_await flush(neighbours_.learn(from, *ns.options.source_link_address, now));
    const auto* entry = neighbours_.find(from);
    if (entry == nullptr || !entry->mac) co_return;  // no address to answer to
    co_await send_advertisement(ns.target, from, *entry->mac, true);
  }

  async::Task<void> ndp_input(const ndp::NeighbourAdvertisement& na, const Packet&) {
    if (slaac_.tentative(na.target)) {
      if (slaac_.duplicate(na.target)) ++stats_.dad_failures;
      sync_groups();
      co_return;
    }
    if (slaac_.assigned(na.target)) {
      ++stats_.address_conflicts;
      co_return;
    }
    const auto* before = neighbours_.find(na.target);
    const bool was_router = before != nullptr && before->router;
    auto released = neighbours_.advertised(na, loop_.now());
    const auto* after = neighbours_.find(na.target);
    if (was_router && after != nullptr && !after->router) routes_.remove_router(na.target);
    resolved_.broadcast();
    co_await flush(std::move(released));
  }

  async::Task<void> ndp_input(const ndp::Redirect& rd, const Packet& p) {
    const auto now = loop_.now();
    // Only the router we send `destination`'s datagrams to may redirect them (§8.1).
    if (routes_.first_hop_router(rd.destination, now, neighbours_) != p.header.source) {
      ++stats_.rx_redirects_ignored;
      co_return;
    }
    routes_.redirect(rd.destination, rd.target);
    if (rd.options.target_link_address) {
      std::optional<bool> router;
      if (rd.target != rd.destination) router = true;
      co_await flush(neighbours_.learn(rd.target, *rd.options.target_link_address, now, router));
    }
  }

  // Joins the groups we should be in (all-nodes, each address's solicited-node group,
  // those joined) and leaves those we no longer should.
  void sync_groups() {
    std::vector<Ipv6Address> want{all_nodes};
    auto add = [&want](Ipv6Address g) {
      if (std::ranges::find(want, g) == want.end()) want.push_back(g);
    };
    for (const InterfaceAddress& a : slaac_.addresses()) add(solicited_node(a.address));
    for (const Ipv6Address& g : joined_) add(g);
    for (const Ipv6Address& g : groups_) {
      if (std::ranges::find(want, g) != want.end()) continue;
      eth_.leave(multicast_mac(g));
      if (config_.mld && mld::reported(g))
        mld_changes_.push_back({mld::RecordType::ChangeToInclude, g});
    }
    for (const Ipv6Address& g : want) {
      if (std::ranges::find(groups_, g) != groups_.end()) continue;
      eth_.join(multicast_mac(g));
      if (config_.mld && mld::reported(g))
        mld_changes_.push_back({mld::RecordType::ChangeToExclude, g});
    }
    groups_ = std::move(want);
  }

  // Sends the MLD reports due: the changes of our groups (each sent twice, a second apart,
  // RFC 3810's robustness), and the answer to a query once its delay is over.
  async::Task<void> send_mld_reports() {
    const auto now = loop_.now();
    if (!mld_changes_.empty()) {
      std::ranges::sort(mld_changes_);
      co_await send_mld(mld_changes_);
      mld_repeat_ = std::move(mld_changes_);
      mld_changes_.clear();
      mld_repeat_at_ = now + std::chrono::seconds(1);
    } else if (mld_repeat_at_ && now >= *mld_repeat_at_) {
      mld_repeat_at_.reset();
      co_await send_mld(mld_repeat_);
    }
    if (mld_answer_at_ && now >= *mld_answer_at_) {
      mld_answer_at_.reset();
      std::vector<mld::Record> state;
      for (const Ipv6Address& g : groups_)
        if (mld::reported(g) && (mld_answer_for_.is_unspecified() || g == mld_answer_for_))
          state.push_back({mld::RecordType::ModeIsExclude, g});
      std::ranges::sort(state);
      if (!state.empty()) co_await send_mld(state);
    }
  }

  // A query: the answer goes out after a delay within the one asked for, the same for this
  // host every time (its MAC picks it) so that the hosts on a link do not answer at once.
  void mld_query(const mld::Query& q) {
    ++stats_.rx_mld_queries;
    if (!q.group.is_unspecified() && std::ranges::find(groups_, q.group) == groups_.end()) return;
    const auto& m = eth_.mac().bytes;
    const auto spread = std::chrono::milliseconds((m[4] << 8 | m[5]) % (q.max_delay.count() + 1));
    const auto due = loop_.now() + spread;
    if (mld_answer_at_ && *mld_answer_at_ <= due && mld_answer_for_.is_unspecified()) return;
    mld_answer_at_ = due;
    mld_answer_for_ = q.group;
  }

  async::Task<void> send_mld(const std::vector<mld::Record>& records) {
    ++stats_.tx_mld_reports;
    // From the link-local address, or from :: while it is tentative (RFC 3810 §5.2.13).
    const Ipv6Address link = link_local(eth_.mac());
    const Ipv6Address from = slaac_.assigned(link) ? link : Ipv6Address::any();
    co_await send_control(from, mld::all_mld_routers, multicast_mac(mld::all_mld_routers),
                          mld::report(records), 1);
  }

  // Sends what a neighbour held while it resolved (copied into new frames).
  async::Task<void> flush(std::optional<Release> released) {
    resolved_.broadcast();
    if (!released) co_return;
    for (const cstruct::Buffer& d : released->packets)
      (void)co_await eth_.write(released->mac, mirage::EtherType::Ipv6, d);
  }

  // Writes one ICMPv6 message of our own making straight to `mac`: Neighbor Discovery
  // (hop limit 255), or MLD (hop limit 1, behind a Router Alert).
  async::Task<void> send_control(Ipv6Address from, Ipv6Address to, MacAddress mac,
                                 const icmp::Message& message, std::uint8_t hop_limit) {
    const bool mld = hop_limit == 1;
    const std::size_t options = mld ? mld::router_alert_size : 0;
    const std::size_t size = icmp::size(message);
    auto out = eth_.allocate(header_size + options + size);
    const auto bytes = out.payload.span();
    write_header(bytes,
                 {.next_header = mld ? next_header::hop_by_hop : next_header::icmpv6,
                  .hop_limit = hop_limit,
                  .source = from,
                  .destination = to},
                 options + size);
    if (mld) mld::write_router_alert(bytes.subspan(header_size));
    icmp::write(message, from, to, bytes.subspan(header_size + options));
    (void)co_await eth_.send(mac, mirage::EtherType::Ipv6, std::move(out));
  }

  async::Task<void> send_ndp(Ipv6Address from, Ipv6Address to, MacAddress mac,
                             const ndp::Message& m) {
    co_await send_control(from, to, mac, ndp::to_icmp(m), 255);
  }

  async::Task<void> send_dad(Ipv6Address tentative) {
    ++stats_.tx_dad;
    const Ipv6Address group = solicited_node(tentative);
    co_await send_ndp(Ipv6Address::any(), group, multicast_mac(group),
                      ndp::NeighbourSolicitation{tentative, {}});
  }

  async::Task<void> send_router_solicitation() {
    const Ipv6Address from = slaac_.source_for(all_routers).value_or(Ipv6Address::any());
    ndp::RouterSolicitation rs;
    if (!from.is_unspecified()) rs.options.source_link_address = eth_.mac();
    ++stats_.tx_router_solicitations;
    co_await send_ndp(from, all_routers, multicast_mac(all_routers), rs);
  }

  async::Task<void> send_solicitation(const Solicitation& s) {
    auto from = slaac_.source_for(s.target);
    if (!from) co_return;  // nothing to send from until DAD is over
    ndp::NeighbourSolicitation ns{s.target, {}};
    ns.options.source_link_address = eth_.mac();
    ++stats_.tx_solicitations;
    if (s.unicast) {
      co_await send_ndp(*from, s.target, *s.unicast, ns);
    } else {
      const Ipv6Address group = solicited_node(s.target);
      co_await send_ndp(*from, group, multicast_mac(group), ns);
    }
  }

  async::Task<void> send_advertisement(Ipv6Address target, Ipv6Address to, MacAddress mac,
                                       bool solicited) {
    ndp::NeighbourAdvertisement na{false, solicited, true, target, {}};
    na.options.target_link_address = eth_.mac();
    ++stats_.tx_advertisements;
    co_await send_ndp(target, to, mac, na);
  }

  async::Task<std::expected<void, IpError>> send_icmp(Ipv6Address to, Ipv6Address from,
                                                      icmp::Message m, bool wait) {
    co_return co_await output(
        to, next_header::icmpv6, icmp::size(m),
        [&](const cstruct::Buffer& out) { icmp::write(m, from, to, out.span()); }, {}, wait, from);
  }

  // The MAC of `hop`, resolving it (waiting when `wait`); nullopt when it is being
  // resolved and we may not wait.
  async::Task<std::expected<std::optional<MacAddress>, IpError>> resolve(Ipv6Address hop,
                                                                         bool wait) {
    std::vector<Solicitation> solicit;
    auto mac = neighbours_.resolve(hop, loop_.now(), solicit);
    for (const Solicitation& s : solicit) co_await send_solicitation(s);
    if (mac) co_return mac;
    if (!wait) co_return std::nullopt;
    if (waiters_ >= config_.max_waiters) {
      ++stats_.tx_unresolved;
      co_return std::unexpected(IpError::NoRoute);
    }
    ++waiters_;
    for (;;) {
      const auto* e = neighbours_.find(hop);
      if (e == nullptr || e->state != NeighbourState::Incomplete) {
        --waiters_;
        if (e != nullptr && e->mac) co_return e->mac;
        ++stats_.tx_unresolved;
        co_return std::unexpected(IpError::NoRoute);
      }
      const auto wake = std::max(e->deadline, loop_.now());
      (void)co_await async::with_timeout(loop_, wake - loop_.now(), wait_resolved());
      co_await tick();
    }
  }

  async::Task<void> wait_resolved() { co_await resolved_.wait(); }

  template <class Fill>
  async::Task<std::expected<void, IpError>> output(Ipv6Address destination, std::uint8_t protocol,
                                                   std::size_t size, Fill fill,
                                                   WriteOptions options, bool wait,
                                                   std::optional<Ipv6Address> source = {}) {
    const auto now = loop_.now();
    const std::size_t mtu = routes_.path_mtu(destination, link_mtu_, now);
    if (size > max_payload_size || (header_size + size > mtu && options.dont_fragment)) {
      ++stats_.tx_errors;
      co_return std::unexpected(size > max_payload_size ? IpError::TooBig : IpError::WouldFragment);
    }
    const Ipv6Address from = source ? *source : src(destination);
    std::optional<Ipv6Address> hop;
    if (!destination.is_multicast() && !slaac_.assigned(destination))
      hop = routes_.next_hop(destination, now, neighbours_);
    if (from.is_unspecified() || (!destination.is_multicast() && !hop)) {
      ++stats_.tx_no_route;  // no loopback: a datagram to ourselves has no route either
      co_return std::unexpected(IpError::NoRoute);
    }
    std::optional<MacAddress> mac;
    if (destination.is_multicast()) {
      mac = multicast_mac(destination);
    } else {
      auto resolved = co_await resolve(*hop, wait);
      if (!resolved) co_return std::unexpected(resolved.error());
      mac = *resolved;
    }
    Header h{.traffic_class = options.traffic_class,
             .next_header = protocol,
             .hop_limit = options.hop_limit != 0 ? options.hop_limit : hop_limit_,
             .source = from,
             .destination = destination};
    ++stats_.tx_datagrams;
    if (header_size + size <= mtu) {
      auto out = eth_.allocate(header_size + size);
      fill(out.payload.sub(header_size, size));
      write_header(out.payload.span(), h, size);
      co_return co_await transmit(*hop, mac, std::move(out));
    }
    auto whole = cstruct::Buffer::create(size);
    fill(whole);
    h.next_header = next_header::fragment;
    const FragmentHeader f{.next_header = protocol, .id = next_id_++};
    for (const FragmentPlan& piece : plan_fragments(size, mtu)) {
      const std::size_t payload = fragment_header_size + piece.length;
      auto out = eth_.allocate(header_size + payload);
      write_header(out.payload.span(), h, payload);
      FragmentHeader this_one = f;
      this_one.offset = std::uint16_t(piece.offset);
      this_one.more = piece.more;
      write_fragment_header(out.payload.span().subspan(header_size), this_one);
      out.payload.blit(whole.sub(piece.offset, piece.length), header_size + fragment_header_size);
      ++stats_.tx_fragments;
      if (auto r = co_await transmit(*hop, mac, std::move(out)); !r) co_return r;
    }
    co_return std::expected<void, IpError>{};
  }

  // Sends a built frame, or holds its datagram while `hop` resolves (no `mac`).
  async::Task<std::expected<void, IpError>> transmit(std::optional<Ipv6Address> hop,
                                                     std::optional<MacAddress> mac,
                                                     ethernet::OutFrame out) {
    if (!mac) {
      ++stats_.tx_held;
      neighbours_.hold(*hop, out.payload);
      co_return std::expected<void, IpError>{};
    }
    auto r = co_await eth_.send(*mac, mirage::EtherType::Ipv6, std::move(out));
    if (r) co_return std::expected<void, IpError>{};
    ++stats_.tx_errors;
    co_return std::unexpected(r.error() == mirage::NetError::TooBig ? IpError::TooBig
                                                                    : IpError::Io);
  }

  E& eth_;
  async::Loop& loop_;
  Config config_;
  Reassembler reassembler_;
  NeighbourCache neighbours_;
  Slaac slaac_;
  Routes routes_;
  std::uint8_t hop_limit_;
  std::size_t link_mtu_;
  std::uint32_t next_id_;
  ethernet::Handlers<IpProtocol, Packet> handlers_;
  Handler default_;
  ErrorHandler on_error_;
  std::vector<Ipv6Address> joined_;  // by join()
  std::vector<Ipv6Address> groups_;  // every group we are in
  async::Condition resolved_;        // a neighbour resolved or failed
  std::size_t waiters_ = 0;
  unsigned rs_sent_ = 0;
  std::optional<async::TimePoint> next_rs_;
  std::vector<mld::Record> mld_changes_;  // to report at the next tick
  std::vector<mld::Record> mld_repeat_;   // reported once, to report again at mld_repeat_at_
  std::optional<async::TimePoint> mld_repeat_at_;
  std::optional<async::TimePoint> mld_answer_at_;  // a query's answer is due
  Ipv6Address mld_answer_for_;                     // its group (:: for all)
  async::TimePoint error_window_{};
  std::uint32_t errors_in_window_ = 0;
  Stats stats_;
};

}  // namespace ipv6
