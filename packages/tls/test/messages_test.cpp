// The handshake message codecs on the RFC 8448 messages: every truncation and every
// single-byte change decodes to a value or a clear error, never past the input.
#include "rfc8448.hpp"

#include <tls/messages.hpp>

#include <gtest/gtest.h>

namespace tls {
namespace {

template <std::size_t N>
Bytes b(const std::uint8_t (&a)[N]) {
  return Bytes(a, a + N);
}

// Decodes `body` as a message of `type`; the error when it does not decode.
std::optional<Error> decode_as(wire::HandshakeType type, ByteView body) {
  using T = wire::HandshakeType;
  auto err = [](const auto& r) -> std::optional<Error> {
    if (r) return std::nullopt;
    return r.error();
  };
  switch (type) {
    case T::client_hello: return err(wire::decode_client_hello(body));
    case T::server_hello: return err(wire::decode_server_hello(body));
    case T::encrypted_extensions: return err(wire::decode_encrypted_extensions(body));
    case T::certificate: return err(wire::decode_certificate(body));
    case T::certificate_verify: return err(wire::decode_certificate_verify(body));
    case T::finished: return err(wire::decode_finished(body, 32));
    case T::new_session_ticket: return err(wire::decode_new_session_ticket(body));
    default: return Error{};
  }
}

const std::vector<Bytes>& messages() {
  static const std::vector<Bytes> m{b(rfc8448::client_hello),         b(rfc8448::server_hello),
                                    b(rfc8448::encrypted_extensions), b(rfc8448::server_certificate),
                                    b(rfc8448::certificate_verify),   b(rfc8448::server_finished),
                                    b(rfc8448::new_session_ticket)};
  return m;
}

TEST(Messages, WholeMessagesDecode) {
  for (const auto& m : messages()) {
    auto next = wire::next_message(m, 1 << 16);
    ASSERT_TRUE(next && *next);
    EXPECT_EQ((*next)->whole.size(), m.size());
    EXPECT_FALSE(decode_as((*next)->type, (*next)->body)) << int(m[0]);
  }
}

TEST(Messages, EveryTruncationIsADecodeError) {
  for (const auto& m : messages()) {
    const auto type = static_cast<wire::HandshakeType>(m[0]);
    for (std::size_t n = 4; n < m.size(); ++n) {
      // Fewer bytes than the header says: next_message waits for more.
      auto next = wire::next_message(ByteView(m).first(n), 1 << 16);
      ASSERT_TRUE(next.has_value());
      EXPECT_FALSE(next->has_value());
      auto e = decode_as(type, ByteView(m).subspan(4, n - 4));
      // A hello may end before its extensions (RFC 5246 7.4.1.2, 7.4.1.3): in these two
      // at byte 49 and 42.
      if ((type == wire::HandshakeType::client_hello && n == 49) ||
          (type == wire::HandshakeType::server_hello && n == 42)) {
        EXPECT_FALSE(e.has_value());
        continue;
      }
      ASSERT_TRUE(e.has_value()) << "type " << int(m[0]) << " cut to " << n;
      EXPECT_TRUE(e->alert == Alert::decode_error || e->alert == Alert::illegal_parameter);
    }
  }
}

TEST(Messages, EveryByteFlipDecodesOrFailsCleanly) {
  for (const auto& m : messages()) {
    const auto type = static_cast<wire::HandshakeType>(m[0]);
    for (std::size_t i = 4; i < m.size(); ++i)
      for (std::uint8_t x : {0x01, 0x80, 0xff}) {
        Bytes c = m;
        c[i] ^= x;
        (void)decode_as(type, ByteView(c).subspan(4));  // ASan watches the reads
      }
  }
}

TEST(Messages, TrailingBytesAndLimits) {
  Bytes sh = b(rfc8448::server_hello);
  sh.push_back(0);
  auto e = decode_as(wire::HandshakeType::server_hello, ByteView(sh).subspan(4));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->alert, Alert::decode_error);
  auto big = wire::next_message(b(rfc8448::server_certificate), 100);
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error().alert, Alert::decode_error);
}

TEST(Messages, ExtensionBodies) {
  EXPECT_FALSE(wire::decode_alpn(Bytes{0, 0}).has_value());           // empty list
  EXPECT_FALSE(wire::decode_alpn(Bytes{0, 2, 1}).has_value());        // truncated name
  EXPECT_FALSE(wire::decode_server_name(Bytes{0, 4, 1, 0, 1, 'a'}).has_value());  // not host_name
  auto alpn = wire::decode_alpn(wire::encode_alpn(std::vector<std::string>{"h2", "http/1.1"}));
  ASSERT_TRUE(alpn.has_value());
  EXPECT_EQ(alpn->at(1), "http/1.1");
  EXPECT_EQ(*wire::decode_server_name(wire::encode_server_name("example.com")), "example.com");
  EXPECT_FALSE(wire::decode_u16_list(Bytes{0, 3, 0, 1, 2}).has_value());  // odd length
}

}  // namespace
}  // namespace tls
