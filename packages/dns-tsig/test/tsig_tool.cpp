// dns_tsig_tool: our TSIG on the command line, for the interop script.
//   dns_tsig_tool sign KEY NOW [REQUEST_MAC_HEX]     message on stdin -> signed message on stdout
//   dns_tsig_tool verify KEY NOW [REQUEST_MAC_HEX]   signed message on stdin -> "ok MAC_HEX" or
//                                                    "fail PROBLEM TSIG_ERROR"
//   dns_tsig_tool answer KEY NOW REQUEST_HEX         response on stdin, the request whose
//                                                    verification failed -> answer on stdout
//   dns_tsig_tool stream-sign KEY NOW REQUEST_MAC_HEX PATTERN   messages as 2-byte length
//                                                    prefixed frames on stdin; PATTERN s/p per
//                                                    message (sign / pass unsigned)
//   dns_tsig_tool stream-verify KEY NOW REQUEST_MAC_HEX   frames on stdin -> "ok N" or "fail ..."
// KEY is [algorithm:]name:base64-secret as for dig -y.
#include <dns-tsig/tsig.hpp>

#include <dns/encodings.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using dns::tsig::Bytes;

Bytes read_stdin() {
  std::string s((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  return Bytes(s.begin(), s.end());
}

void write_stdout(std::span<const std::uint8_t> b) { std::fwrite(b.data(), 1, b.size(), stdout); }

Bytes hex(const char* s) {
  auto b = dns::text::from_hex(s);
  if (!b) {
    std::fprintf(stderr, "bad hex: %s\n", s);
    std::exit(2);
  }
  return *b;
}

std::vector<Bytes> frames(const Bytes& in) {
  std::vector<Bytes> out;
  for (std::size_t i = 0; i + 2 <= in.size();) {
    const std::size_t n = static_cast<std::size_t>(in[i] << 8 | in[i + 1]);
    out.emplace_back(in.begin() + static_cast<long>(i) + 2, in.begin() + static_cast<long>(i + 2 + n));
    i += 2 + n;
  }
  return out;
}

int fail(const dns::tsig::Failure& f) {
  std::printf("fail %s %u\n", dns::tsig::to_string(f.problem), static_cast<unsigned>(f.error()));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: dns_tsig_tool sign|verify|answer|stream-sign|stream-verify KEY NOW ...\n");
    return 2;
  }
  const std::string cmd = argv[1];
  auto key = dns::tsig::Key::parse(argv[2]);
  if (!key) {
    std::fprintf(stderr, "dns_tsig_tool: %s\n", key.error().c_str());
    return 2;
  }
  const std::uint64_t now = std::strtoull(argv[3], nullptr, 10);
  dns::tsig::Keyring keys;
  keys.add(*key);
  const Bytes request_mac = argc > 4 && cmd != "answer" ? hex(argv[4]) : Bytes();
  const Bytes in = read_stdin();
  if (cmd == "sign") {
    dns::tsig::SignOptions o;
    o.request_mac = request_mac;
    auto s = dns::tsig::sign(in, *key, now, o);
    if (!s) return std::fprintf(stderr, "%s\n", dns::tsig::to_string(s.error())), 1;
    write_stdout(s->message.span());
    return 0;
  }
  if (cmd == "verify") {
    auto v = dns::tsig::verify(in, keys, now, request_mac);
    if (!v) return fail(v.error());
    std::printf("ok %s\n", dns::text::to_hex(v->tsig.mac).c_str());
    return 0;
  }
  if (cmd == "answer" && argc > 4) {
    auto v = dns::tsig::verify(hex(argv[4]), keys, now);
    if (v) return std::fprintf(stderr, "the request verifies\n"), 1;
    auto a = dns::tsig::answer_failure(in, v.error(), keys, now);
    if (!a) return 1;
    write_stdout(a->span());
    return 0;
  }
  if (cmd == "stream-sign" && argc > 5) {
    dns::tsig::StreamSigner signer(*key, request_mac);
    const std::string pattern = argv[5];
    std::size_t i = 0;
    for (const Bytes& m : frames(in)) {
      const bool sign = i >= pattern.size() || pattern[i] == 's';
      ++i;
      Bytes out;
      if (sign) {
        auto s = signer.sign(m, now);
        if (!s) return 1;
        out.assign(s->message.begin(), s->message.end());
      } else {
        if (!signer.pass(m)) return 1;
        out = m;
      }
      const std::uint8_t len[2] = {static_cast<std::uint8_t>(out.size() >> 8), static_cast<std::uint8_t>(out.size())};
      write_stdout(len);
      write_stdout(out);
    }
    return 0;
  }
  if (cmd == "stream-verify") {
    dns::tsig::StreamVerifier verifier(keys, request_mac);
    int n = 0;
    for (const Bytes& m : frames(in)) {
      auto r = verifier.feed(m, now);
      if (!r) return fail(r.error());
      n += *r;
    }
    if (auto f = verifier.finish(); !f) return fail(f.error());
    std::printf("ok %d\n", n);
    return 0;
  }
  std::fprintf(stderr, "dns_tsig_tool: unknown command %s\n", cmd.c_str());
  return 2;
}
