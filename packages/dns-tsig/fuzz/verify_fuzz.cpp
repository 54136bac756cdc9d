// Any bytes through TSIG verification (never a crash, never a pass without the key), and
// every message that decodes without a TSIG must verify once we sign it.
#include <dns-tsig/tsig.hpp>

#include <dns/message.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dns::tsig::Key key = *dns::tsig::Key::parse("hmac-sha256:fuzz.example:c2VjcmV0LWtleQ==");
  static const dns::tsig::Keyring keys = [] {
    dns::tsig::Keyring k;
    k.add(key);
    return k;
  }();
  const std::span<const std::uint8_t> in(data, size);
  (void)dns::tsig::verify(in, keys, 1'700'000'000);
  (void)dns::tsig::verify(in, keys, 1'700'000'000, in.first(std::min<std::size_t>(size, 32)));
  dns::tsig::StreamVerifier stream(keys, {});
  (void)stream.feed(in, 1'700'000'000);
  auto m = dns::Message::decode(in);
  if (m && m->tsig_offset == 0) {
    bool has_tsig = false;
    for (const auto* section : {&m->answers, &m->authority, &m->additional})
      for (const auto& r : *section) has_tsig |= r.type() == dns::Type::TSIG;
    if (has_tsig) return 0;
    auto s = dns::tsig::sign(in, key, 1'700'000'000);
    if (!s) return 0;  // too long to sign
    if (!dns::tsig::verify(s->message.span(), keys, 1'700'000'000)) std::abort();
  }
  return 0;
}
