#pragma once
// Frames the Linux kernel (6.x) sent between network namespaces over veth pairs, captured
// with tcpdump into test/data/kernel.pcap (read it with `tcpdump -r`): fd00:77::1
// (02:88:7b:1c:9c:3f, link-local fe80::88:7bff:fe1c:9c3f) and fd00:77::2
// (4a:9b:99:9f:7e:4f, fe80::489b:99ff:fe9f:7e4f). fd00:77::2 also routed to fd00:78::/64
// over a 1280-byte link and back out to fd00:79::/64, which gave the errors and the redirect.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstruct/buffer.hpp>
#include <ethernet/testing/pcap.hpp>
#include <vector>

#ifndef IPV6_TEST_DATA
#error "IPV6_TEST_DATA must name the test/data folder"
#endif

namespace ipv6_test::kernel {

// The frames of kernel.pcap, in order.
enum Frame : std::size_t {
  dad_solicitation,     // :: > ff02::1:ff1c:9c3f, DAD for the link-local, with a nonce (RFC 7527)
  mld_report,           // :: > ff02::16, MLDv2 behind hop-by-hop Router Alert and PadN options
  router_solicitation,  // fe80::88:7bff:fe1c:9c3f > ff02::2, with its link-layer address
  neighbour_solicitation,   // fd00:77::1 > ff02::1:ff00:2, who has fd00:77::2
  neighbour_advertisement,  // fd00:77::2 > fd00:77::1, solicited, override
  echo_request,             // fd00:77::1 > fd00:77::2, id 9098 seq 1 (ping -p 6d6972616765)
  echo_reply,               // and its answer
  fragment_1,               // ping -s 3000: fragment id 0x78791294, bytes 0-1447
  fragment_2,               // bytes 1448-2895
  fragment_3,               // bytes 2896-3007, the last
  packet_too_big,           // fd00:77::2 > fd00:77::1, MTU 1280, about a 1448-byte datagram
  time_exceeded,            // hop limit, about an echo request sent with hop limit 1
  port_unreachable,         // about a UDP datagram to port 9 (its checksum left partial by veth)
  redirect,                 // fe80::489b:99ff:fe9f:7e4f > fd00:77::1: fd00:79::9 is through
                            // fe80::88:7bff:fe1c:9c3f
};

// The whole Ethernet frame `f` (a copy); aborts when the capture cannot be read.
inline cstruct::Buffer frame(Frame f) {
  static const std::vector<ethernet::testing::CapturedFrame> frames = [] {
    std::vector<std::uint8_t> bytes;
    std::FILE* file = std::fopen(IPV6_TEST_DATA "/kernel.pcap", "rb");
    if (file == nullptr) std::abort();
    for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) bytes.push_back(std::uint8_t(c));
    std::fclose(file);
    auto parsed = ethernet::testing::parse_pcap(bytes);
    if (!parsed) std::abort();
    return *parsed;
  }();
  if (f >= frames.size()) std::abort();
  return cstruct::Buffer::copy_of(frames[f].bytes);
}

}  // namespace ipv6_test::kernel
