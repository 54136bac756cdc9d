// TSIG: every algorithm signs and verifies, every check fails the way RFC 8945 says (key,
// MAC, time, truncation, placement), error answers, keys as dig -y spells them, and zone
// transfer streams with unsigned messages between signed ones.
#include <dns-tsig/tsig.hpp>

#include <dns/message.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace dns;
using namespace dns::tsig;

constexpr std::uint64_t kNow = 1'764'590'400;  // 2025-12-01T12:00:00Z

Bytes query(std::uint16_t id = 0x1234, const char* qname = "www.example.") {
  Message m;
  m.header.id = id;
  m.header.rd = true;
  m.questions.push_back({*Name::parse(qname), Type::A, Class::IN});
  auto b = m.encode();
  EXPECT_TRUE(b.has_value());
  return Bytes(b->begin(), b->end());
}

Bytes response_to(const Bytes& q, std::size_t answers = 1) {
  auto m = Message::decode(q);
  EXPECT_TRUE(m.has_value());
  Message r = m->make_response();
  r.header.aa = true;
  for (std::size_t i = 0; i < answers; ++i)
    r.answers.push_back(*dns::Record::parse("www.example. 300 IN A 192.0.2." + std::to_string(i % 250 + 1)));
  auto b = r.encode();
  EXPECT_TRUE(b.has_value());
  return Bytes(b->begin(), b->end());
}

Key key(Algorithm a = Algorithm::HmacSha256, std::size_t mac_size = 0) {
  Key k;
  k.name = *Name::parse("transfer.example.");
  k.algorithm = a;
  k.secret = {'s', 'e', 'c', 'r', 'e', 't', '-', 'k', 'e', 'y', 1, 2, 3};
  k.mac_size = mac_size;
  return k;
}

Keyring ring(const Key& k) {
  Keyring r;
  r.add(k);
  return r;
}

Bytes bytes(const cstruct::Buffer& b) { return Bytes(b.begin(), b.end()); }

class EveryAlgorithm : public testing::TestWithParam<Algorithm> {};

TEST_P(EveryAlgorithm, SignsAndVerifiesARequestAndItsResponse) {
  const Key k = key(GetParam());
  const Keyring keys = ring(k);
  const Bytes q = query();
  auto signed_q = sign(q, k, kNow);
  ASSERT_TRUE(signed_q);
  EXPECT_EQ(signed_q->mac.size(), full_mac_size(GetParam()));
  auto v = verify(signed_q->message.span(), keys, kNow + 10);
  ASSERT_TRUE(v) << to_string(v.error().problem);
  EXPECT_EQ(v->key, keys.find(k.name));
  EXPECT_EQ(v->tsig_offset, q.size());
  EXPECT_EQ(v->tsig.original_id, 0x1234);
  // The response covers the request's MAC.
  SignOptions o;
  o.request_mac = v->tsig.mac;
  auto signed_r = sign(response_to(q), k, kNow, o);
  ASSERT_TRUE(signed_r);
  EXPECT_TRUE(verify(signed_r->message.span(), keys, kNow, signed_q->mac));
  auto without = verify(signed_r->message.span(), keys, kNow);
  ASSERT_FALSE(without);
  EXPECT_EQ(without.error().problem, Problem::BadSig);
  // The signed message still decodes, with the TSIG record last.
  auto m = Message::decode(signed_r->message.span());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->additional.back().type(), Type::TSIG);
}

INSTANTIATE_TEST_SUITE_P(Tsig, EveryAlgorithm,
                         testing::Values(Algorithm::HmacMd5, Algorithm::HmacSha1, Algorithm::HmacSha224,
                                         Algorithm::HmacSha256, Algorithm::HmacSha384, Algorithm::HmacSha512));

TEST(Verify, AnyChangedByteIsCaught) {
  const Key k = key();
  const Keyring keys = ring(k);
  auto s = sign(query(), k, kNow);
  ASSERT_TRUE(s);
  const Bytes good = bytes(s->message);
  for (std::size_t i = 0; i < good.size(); ++i) {
    Bytes bad = good;
    bad[i] ^= 0x01;
    auto v = verify(bad, keys, kNow);
    // Flipping the id's bit is covered too: the MAC uses the original id, so a changed
    // header id alone still verifies (forwarders may change it), but nothing else does.
    if (i < 2) {
      EXPECT_TRUE(v) << i;
      continue;
    }
    EXPECT_FALSE(v) << "byte " << i;
  }
}

TEST(Verify, TheTimeWindowIsTheFudge) {
  const Key k = key();
  const Keyring keys = ring(k);
  SignOptions o;
  o.fudge = 60;
  auto s = sign(query(), k, kNow, o);
  ASSERT_TRUE(s);
  EXPECT_TRUE(verify(s->message.span(), keys, kNow + 60));
  EXPECT_TRUE(verify(s->message.span(), keys, kNow - 60));
  auto late = verify(s->message.span(), keys, kNow + 61);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().problem, Problem::BadTime);
  EXPECT_EQ(late.error().rcode(), Rcode::NotAuth);
  EXPECT_EQ(late.error().error(), TsigError::BadTime);
  EXPECT_EQ(verify(s->message.span(), keys, kNow - 61).error().problem, Problem::BadTime);
}

TEST(Verify, UnknownKeyOrOtherAlgorithmIsBadKey) {
  auto s = sign(query(), key(Algorithm::HmacSha256), kNow);
  ASSERT_TRUE(s);
  Key other = key(Algorithm::HmacSha256);
  other.name = *Name::parse("other.example.");
  EXPECT_EQ(verify(s->message.span(), ring(other), kNow).error().problem, Problem::BadKey);
  EXPECT_EQ(verify(s->message.span(), ring(key(Algorithm::HmacSha512)), kNow).error().problem, Problem::BadKey);
  // Key names compare without regard to case.
  Key upper = key();
  upper.name = *Name::parse("TRANSFER.Example.");
  EXPECT_TRUE(verify(s->message.span(), ring(upper), kNow));
  const auto f = verify(s->message.span(), Keyring(), kNow).error();
  EXPECT_EQ(f.rcode(), Rcode::NotAuth);
  EXPECT_EQ(f.error(), TsigError::BadKey);
}

TEST(Verify, WrongSecretIsBadSig) {
  auto s = sign(query(), key(), kNow);
  ASSERT_TRUE(s);
  Key wrong = key();
  wrong.secret.back() ^= 1;
  const auto f = verify(s->message.span(), ring(wrong), kNow).error();
  EXPECT_EQ(f.problem, Problem::BadSig);
  EXPECT_EQ(f.error(), TsigError::BadSig);
}

TEST(Verify, TruncatedMacs) {
  const Key k16 = key(Algorithm::HmacSha256, 16);
  auto s = sign(query(), k16, kNow);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->mac.size(), 16u);
  EXPECT_TRUE(verify(s->message.span(), ring(k16), kNow));
  // This side wants full MACs: a good but shorter one is BADTRUNC.
  const auto f = verify(s->message.span(), ring(key()), kNow).error();
  EXPECT_EQ(f.problem, Problem::BadTrunc);
  EXPECT_EQ(f.error(), TsigError::BadTrunc);
  // Shorter than anyone may accept (half the output, at least 10 bytes): FORMERR.
  const Key k = key(Algorithm::HmacSha1, 0);
  Key short_key = k;
  short_key.mac_size = 9;
  auto tiny = sign(query(), short_key, kNow);
  ASSERT_TRUE(tiny);
  const auto g = verify(tiny->message.span(), ring(short_key), kNow).error();
  EXPECT_EQ(g.problem, Problem::Malformed);
  EXPECT_EQ(g.rcode(), Rcode::FormErr);
  EXPECT_EQ(min_mac_size(Algorithm::HmacSha1), 10u);
  EXPECT_EQ(min_mac_size(Algorithm::HmacSha512), 32u);
}

TEST(Verify, UnsignedAndMisplacedTsig) {
  const Keyring keys = ring(key());
  EXPECT_EQ(verify(query(), keys, kNow).error().problem, Problem::Unsigned);
  EXPECT_EQ(verify(Bytes{1, 2, 3}, keys, kNow).error().problem, Problem::Malformed);
  // A TSIG record followed by another additional record.
  auto s = sign(query(), key(), kNow);
  ASSERT_TRUE(s);
  auto m = Message::decode(s->message.span());
  ASSERT_TRUE(m);
  m->additional.push_back(*dns::Record::parse("ns.example. 300 IN A 192.0.2.53"));
  auto b = m->encode();
  ASSERT_TRUE(b);
  const auto f = verify(b->span(), keys, kNow).error();
  EXPECT_EQ(f.problem, Problem::Malformed);
  EXPECT_EQ(f.rcode(), Rcode::FormErr);
}

TEST(AnswerFailure, BadSigAndBadKeyAnswersCarryTheErrorAndNoMac) {
  const Key k = key();
  Key wrong = k;
  wrong.secret[0] ^= 1;
  auto q = sign(query(), wrong, kNow);
  ASSERT_TRUE(q);
  const Keyring keys = ring(k);
  auto f = verify(q->message.span(), keys, kNow);
  ASSERT_FALSE(f);
  auto m = Message::decode(response_to(query(), 0));
  ASSERT_TRUE(m);
  m->rcode = f.error().rcode();
  const Bytes response = bytes(*m->encode());
  auto answer = answer_failure(response, f.error(), keys, kNow);
  ASSERT_TRUE(answer);
  // The client (holding the wrong key) sees the server's verdict.
  auto seen = verify(answer->span(), ring(wrong), kNow, q->mac);
  ASSERT_FALSE(seen);
  EXPECT_EQ(seen.error().problem, Problem::PeerError);
  EXPECT_EQ(seen.error().error(), TsigError::BadSig);
  EXPECT_TRUE(seen.error().tsig->mac.empty());
  auto decoded = Message::decode(answer->span());
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->rcode, Rcode::NotAuth);
}

TEST(AnswerFailure, BadTimeAnswerIsSignedAndCarriesTheServerTime) {
  const Key k = key();
  const Keyring keys = ring(k);
  auto q = sign(query(), k, kNow - 1000);
  ASSERT_TRUE(q);
  auto f = verify(q->message.span(), keys, kNow);
  ASSERT_FALSE(f);
  ASSERT_EQ(f.error().problem, Problem::BadTime);
  auto answer = answer_failure(response_to(query(), 0), f.error(), keys, kNow);
  ASSERT_TRUE(answer);
  auto seen = verify(answer->span(), keys, kNow - 1000, q->mac);
  ASSERT_FALSE(seen);
  // The MAC checked out; the error is the server's.
  EXPECT_EQ(seen.error().problem, Problem::PeerError);
  EXPECT_EQ(seen.error().error(), TsigError::BadTime);
  const Bytes& other = seen.error().tsig->other;
  ASSERT_EQ(other.size(), 6u);
  std::uint64_t t = 0;
  for (auto b : other) t = t << 8 | b;
  EXPECT_EQ(t, kNow);
}

TEST(AnswerFailure, MalformedRequestsGetNoTsig) {
  Failure f{Problem::Malformed, std::nullopt};
  const Bytes response = response_to(query(), 0);
  auto a = answer_failure(response, f, Keyring(), kNow);
  ASSERT_TRUE(a);
  EXPECT_EQ(bytes(*a), response);
}

TEST(KeyParse, DigStyleSpecs) {
  auto k = Key::parse("hmac-sha512:xfr.example:c2VjcmV0LWtleQ==");
  ASSERT_TRUE(k) << k.error();
  EXPECT_EQ(k->algorithm, Algorithm::HmacSha512);
  EXPECT_EQ(k->name, *Name::parse("xfr.example."));
  EXPECT_EQ(std::string(k->secret.begin(), k->secret.end()), "secret-key");
  auto d = Key::parse("xfr.example.:c2VjcmV0LWtleQ==");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->algorithm, Algorithm::HmacSha256);
  auto t = Key::parse("hmac-sha256-128:xfr:c2VjcmV0LWtleQ==");
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->mac_size, 16u);
  auto md5 = Key::parse("HMAC-MD5.SIG-ALG.REG.INT:xfr:c2VjcmV0LWtleQ==");
  ASSERT_TRUE(md5);
  EXPECT_EQ(md5->algorithm, Algorithm::HmacMd5);
}

TEST(KeyParse, SaysWhatIsWrong) {
  EXPECT_NE(Key::parse("justonepart").error().find("[algorithm:]name:secret"), std::string::npos);
  EXPECT_NE(Key::parse("hmac-sha3:xfr:c2VjcmV0").error().find("unknown TSIG algorithm 'hmac-sha3'"),
            std::string::npos);
  EXPECT_NE(Key::parse("hmac-sha256:xfr:not base64!").error().find("not base64"), std::string::npos);
  EXPECT_NE(Key::parse("hmac-sha256-64:xfr:c2VjcmV0").error().find("from 128 to 256 bits"), std::string::npos);
  EXPECT_FALSE(Key::parse("hmac-sha256::c2VjcmV0"));
}

// A zone transfer answered in `n` messages.
std::vector<Bytes> transfer(std::size_t n) {
  std::vector<Bytes> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(response_to(query(0x4242), 1 + i % 7));
  return out;
}

TEST(Stream, EveryMessageSigned) {
  const Key k = key();
  const Keyring keys = ring(k);
  auto q = sign(query(0x4242), k, kNow);
  ASSERT_TRUE(q);
  StreamSigner signer(k, q->mac);
  StreamVerifier verifier(keys, q->mac);
  for (const Bytes& m : transfer(5)) {
    auto s = signer.sign(m, kNow);
    ASSERT_TRUE(s);
    auto r = verifier.feed(s->message.span(), kNow);
    ASSERT_TRUE(r) << to_string(r.error().problem);
    EXPECT_TRUE(*r);
  }
  EXPECT_TRUE(verifier.finish());
}

TEST(Stream, UnsignedMessagesBetweenAreCoveredByTheNextSignedOne) {
  const Key k = key(Algorithm::HmacSha1);
  const Keyring keys = ring(k);
  auto q = sign(query(0x4242), k, kNow);
  ASSERT_TRUE(q);
  StreamSigner signer(k, q->mac);
  std::vector<Bytes> sent;
  const auto msgs = transfer(8);
  const std::string pattern = "spspppss";
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    if (pattern[i] == 's') {
      auto s = signer.sign(msgs[i], kNow);
      ASSERT_TRUE(s);
      sent.push_back(bytes(s->message));
    } else {
      ASSERT_TRUE(signer.pass(msgs[i]));
      sent.push_back(msgs[i]);
    }
  }
  StreamVerifier verifier(keys, q->mac);
  int signed_count = 0;
  for (const Bytes& m : sent) {
    auto r = verifier.feed(m, kNow);
    ASSERT_TRUE(r) << to_string(r.error().problem);
    signed_count += *r;
  }
  EXPECT_EQ(signed_count, 4);
  EXPECT_TRUE(verifier.finish());
  // An unsigned message changed in transit breaks the next signed one.
  StreamVerifier tampered(keys, q->mac);
  sent[1][sent[1].size() - 1] ^= 1;
  ASSERT_TRUE(tampered.feed(sent[0], kNow));
  ASSERT_TRUE(tampered.feed(sent[1], kNow));
  auto r = tampered.feed(sent[2], kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().problem, Problem::BadSig);
}

TEST(Stream, TheFirstAndLastMustBeSignedAndRunsAreLimited) {
  const Key k = key();
  const Keyring keys = ring(k);
  StreamSigner signer(k, {});
  const auto msgs = transfer(102);
  EXPECT_FALSE(signer.pass(msgs[0])) << "the first message must be signed";
  auto first = signer.sign(msgs[0], kNow);
  ASSERT_TRUE(first);
  StreamVerifier verifier(keys, {});
  EXPECT_FALSE(verifier.finish());
  ASSERT_TRUE(verifier.feed(first->message.span(), kNow));
  for (int i = 1; i <= max_unsigned_run; ++i) {
    ASSERT_TRUE(signer.pass(msgs[static_cast<std::size_t>(i)]));
    ASSERT_TRUE(verifier.feed(msgs[static_cast<std::size_t>(i)], kNow));
  }
  EXPECT_FALSE(verifier.finish()) << "ended on an unsigned message";
  EXPECT_FALSE(signer.pass(msgs[100]));
  auto r = verifier.feed(msgs[100], kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().problem, Problem::Unsigned);
  StreamVerifier unsigned_first(keys, {});
  EXPECT_FALSE(unsigned_first.feed(msgs[0], kNow));
}

}  // namespace
