// Hashes: the examples of FIPS 180-4, FIPS 202 and RFCs 1321 and 7693, incremental
// against one-shot, SHAKE streaming, BLAKE2 keys and lengths, both SHA-NI and portable.
#include "support.hpp"

#include <nocrypto/nocrypto.hpp>

#include <gtest/gtest.h>

#include <string>
#include <tuple>

namespace nocrypto_test {
namespace {

using namespace nocrypto;

static_assert(Hash<Md5> && Hash<Sha1> && Hash<Sha256> && Hash<Sha512_224> && Hash<Sha3_384> &&
              Hash<Blake2b<20>> && Hash<Blake2s<16>>);
static_assert(Sha3_256::block_size == 136 && Sha3_512::block_size == 72);
static_assert(Sha384::block_size == 128 && Sha384::digest_size == 48);
static_assert(Blake2b<>::digest_size == 64 && Blake2s<>::digest_size == 32);

constexpr const char* kAbc = "abc";
constexpr const char* k448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr const char* k896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopq"
    "rsmnopqrstnopqrstu";

// The hash of a million 'a', fed 1000 bytes at a time.
template <Hash H>
std::string million_a() {
  const std::string chunk(1000, 'a');
  H h;
  for (int i = 0; i < 1000; ++i) h.feed(bytes_of(chunk));
  return to_hex(h.finish());
}

using FipsExamples = BothPaths;
INSTANTIATE_TEST_SUITE_P(Paths, FipsExamples, testing::Bool(), path_name);

TEST_P(FipsExamples, Sha1MatchesFips180) {
  EXPECT_EQ(to_hex(sha1(bytes_of(kAbc))), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(to_hex(sha1(bytes_of(k448))), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(million_a<Sha1>(), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST_P(FipsExamples, Sha256MatchesFips180) {
  EXPECT_EQ(to_hex(sha256(bytes_of(kAbc))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256(bytes_of(k448))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(million_a<Sha256>(),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(to_hex(sha224(bytes_of(kAbc))),
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
}

TEST_P(FipsExamples, Sha512MatchesFips180) {
  EXPECT_EQ(to_hex(sha512(bytes_of(kAbc))),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(to_hex(sha512(bytes_of(k896))),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
            "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  EXPECT_EQ(million_a<Sha512>(),
            "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
            "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
  EXPECT_EQ(to_hex(sha384(bytes_of(kAbc))),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
            "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(to_hex(sha512_256(bytes_of(kAbc))),
            "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
  EXPECT_EQ(to_hex(sha512_224(bytes_of(kAbc))),
            "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa");
}

// finish_secret_length gives the digest of prefix || data[0, length) for every length in
// [min, data.size()], across block boundaries and both length-field sizes.
template <Hash H>
void secret_length_matches() {
  Bytes data(300);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 31 + 7);
  for (std::size_t prefix : {0, 13, 55, 64, 77, 119, 128, 141}) {
    for (std::size_t size : {0, 1, 60, 130, 300}) {
      const ByteView d = ByteView(data).first(size);
      for (std::size_t min : {std::size_t{0}, size / 2, size}) {
        for (std::size_t length = min; length <= size; ++length) {
          H expected;
          expected.feed(ByteView(data).first(prefix));
          expected.feed(d.first(length));
          H h;
          h.feed(ByteView(data).first(prefix));
          ASSERT_EQ(h.finish_secret_length(d, min, length), expected.finish())
              << "prefix " << prefix << " size " << size << " min " << min << " length " << length;
        }
      }
    }
  }
}

TEST(SecretLength, MatchesTheDigestOfEveryLength) {
  secret_length_matches<Md5>();
  secret_length_matches<Sha1>();
  secret_length_matches<Sha224>();
  secret_length_matches<Sha256>();
  secret_length_matches<Sha384>();
  secret_length_matches<Sha512>();
}

TEST(Md5, MatchesRfc1321Suite) {
  const std::pair<const char*, const char*> suite[] = {
      {"", "d41d8cd98f00b204e9800998ecf8427e"},
      {"a", "0cc175b9c0f1b6a831c399e269772661"},
      {"abc", "900150983cd24fb0d6963f7d28e17f72"},
      {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
      {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
      {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
       "d174ab98d277d9f5a5611c2c9f419d9f"},
      {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
       "57edf4a22be3c955ac49da2e2107b67a"},
  };
  for (const auto& [msg, md] : suite) EXPECT_EQ(to_hex(md5(bytes_of(msg))), md) << msg;
}

TEST_P(FipsExamples, Sha3MatchesFips202Examples) {
  EXPECT_EQ(to_hex(sha3_224(bytes_of(kAbc))),
            "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf");
  EXPECT_EQ(to_hex(sha3_256(bytes_of(kAbc))),
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
  EXPECT_EQ(to_hex(sha3_256(bytes_of(""))),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
  EXPECT_EQ(to_hex(sha3_384(bytes_of(kAbc))),
            "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2"
            "98d88cea927ac7f539f1edf228376d25");
  EXPECT_EQ(to_hex(sha3_512(bytes_of(kAbc))),
            "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
            "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0");
}

TEST_P(FipsExamples, ShakeMatchesFips202EmptyMessage) {
  Bytes out(32);
  shake128({}, out);
  EXPECT_EQ(to_hex(out), "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
  out.resize(64);
  shake256({}, out);
  EXPECT_EQ(to_hex(out),
            "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
            "d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be");
}

TEST(Shake, SqueezingInPiecesContinuesTheStream) {
  const Bytes msg(300, 0x5a);
  Bytes whole(1000);
  shake128(msg, whole);
  Shake128 x;
  x.feed(ByteView(msg).first(100));
  x.feed(ByteView(msg).subspan(100));
  Bytes pieces;
  for (std::size_t n : {0, 1, 7, 160, 167, 168, 169, 328}) {  // crosses the 168-byte rate
    Bytes part(n);
    x.squeeze(part);
    pieces.insert(pieces.end(), part.begin(), part.end());
  }
  ASSERT_EQ(pieces.size(), whole.size());
  EXPECT_EQ(to_hex(pieces), to_hex(whole));
}

TEST(Blake2, MatchesRfc7693Abc) {
  EXPECT_EQ(to_hex(digest<Blake2b<64>>(bytes_of(kAbc))),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  EXPECT_EQ(to_hex(digest<Blake2s<32>>(bytes_of(kAbc))),
            "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982");
}

// RFC 7693 Appendix E: one hash over digests of every length and key combination.
Bytes rfc7693_sequence(std::size_t n, std::uint32_t seed) {
  std::uint32_t a = 0xdead4bad * seed, b = 1;
  Bytes out(n);
  for (auto& byte : out) {
    const std::uint32_t t = a + b;
    a = b;
    b = t;
    byte = static_cast<std::uint8_t>(t >> 24);
  }
  return out;
}

template <class Grand, class Once>
std::string rfc7693_selftest(Grand grand, Once once, std::initializer_list<std::size_t> outlens,
                             std::initializer_list<std::size_t> inlens) {
  for (std::size_t outlen : outlens) {
    for (std::size_t inlen : inlens) {
      const Bytes in = rfc7693_sequence(inlen, static_cast<std::uint32_t>(inlen));
      const Bytes key = rfc7693_sequence(outlen, static_cast<std::uint32_t>(outlen));
      Bytes md(outlen);
      EXPECT_TRUE(once(in, md, ByteView{}));
      grand.feed(md);
      EXPECT_TRUE(once(in, md, key));
      grand.feed(md);
    }
  }
  return to_hex(grand.finish());
}

TEST(Blake2, PassesRfc7693SelfTest) {
  EXPECT_EQ(rfc7693_selftest(Blake2b<32>{}, blake2b, {20, 32, 48, 64}, {0, 3, 128, 129, 255, 1024}),
            "c23a7800d98123bd10f506c61e29da5603d763b8bbad2e737f5e765a7bccd475");
  EXPECT_EQ(rfc7693_selftest(Blake2s<32>{}, blake2s, {16, 20, 28, 32}, {0, 3, 64, 65, 255, 1024}),
            "6a411f08ce25adcdfb02aba641451cec53c598b24f4fc787fbdc88797f4c1dfe");
}

TEST(Blake2, KeyedClassMatchesOneShot) {
  const Bytes key = rfc7693_sequence(64, 7), msg = rfc7693_sequence(500, 9);
  auto keyed = Blake2b<40>::keyed(key);
  ASSERT_TRUE(keyed);
  keyed->feed(ByteView(msg).first(129));
  keyed->feed(ByteView(msg).subspan(129));
  Bytes once(40);
  ASSERT_TRUE(blake2b(msg, once, key));
  EXPECT_EQ(to_hex(keyed->finish()), to_hex(once));
  // A key alone, with no message, is hashed as the final block.
  auto only_key = Blake2s<32>::keyed(ByteView(key).first(32));
  ASSERT_TRUE(only_key);
  Bytes s(32);
  ASSERT_TRUE(blake2s({}, s, ByteView(key).first(32)));
  EXPECT_EQ(to_hex(only_key->finish()), to_hex(s));
}

TEST(Blake2, RejectsKeysAndLengthsOutOfRange) {
  const Bytes long_key(65, 1);
  EXPECT_EQ(Blake2b<64>::keyed(long_key).error(), Error::InvalidKeyLength);
  EXPECT_EQ(Blake2s<32>::keyed(ByteView(long_key).first(33)).error(), Error::InvalidKeyLength);
  Bytes out(65);
  EXPECT_EQ(blake2b({}, out).error(), Error::InvalidOutputLength);
  EXPECT_EQ(blake2b({}, std::span<std::uint8_t>{}).error(), Error::InvalidOutputLength);
  EXPECT_EQ(blake2s({}, std::span(out).first(33)).error(), Error::InvalidOutputLength);
  EXPECT_EQ(blake2s({}, std::span(out).first(32), long_key).error(), Error::InvalidKeyLength);
  EXPECT_TRUE(blake2b({}, std::span(out).first(1), ByteView(long_key).first(64)));
}

// Every split of messages around the block sizes gives the one-shot digest.
template <Hash H>
void expect_splits_match_one_shot() {
  const Bytes msg = rfc7693_sequence(3 * H::block_size + 5, 3);
  for (std::size_t len : {std::size_t{0}, H::block_size - 9, H::block_size, msg.size()}) {
    const ByteView m = ByteView(msg).first(len);
    const auto whole = digest<H>(m);
    for (std::size_t a = 0; a <= len; a += 1 + a / 3) {
      for (std::size_t b = a; b <= len; b += 1 + (b - a) / 2) {
        H h;
        h.feed(m.first(a));
        h.feed(m.subspan(a, b - a));
        h.feed(m.subspan(b));
        ASSERT_EQ(to_hex(h.finish()), to_hex(whole)) << "len " << len << " split " << a << "," << b;
      }
    }
  }
}

using SplitTest = BothPaths;
INSTANTIATE_TEST_SUITE_P(Paths, SplitTest, testing::Bool(), path_name);

TEST_P(SplitTest, IncrementalFeedMatchesOneShot) {
  std::apply([](auto... h) { (expect_splits_match_one_shot<decltype(h)>(), ...); },
             std::tuple<Md5, Sha1, Sha224, Sha256, Sha384, Sha512, Sha512_256, Sha3_224, Sha3_256,
                        Sha3_512, Blake2b<64>, Blake2b<17>, Blake2s<32>, Blake2s<5>>{});
}

TEST(CpuDispatch, AcceleratedAndPortablePathsAgree) {
  const auto& cpu = cpu::detected();
  if (!cpu.sha && !(cpu.bmi1 && cpu.bmi2)) GTEST_SKIP() << "no accelerated path on this CPU";
  const Bytes msg = rfc7693_sequence(4096 + 77, 11);
  for (std::size_t len = 0; len <= msg.size(); len += 1 + len / 5) {
    const ByteView m = ByteView(msg).first(len);
    const auto all = [m] {
      return to_hex(sha1(m)) + to_hex(sha256(m)) + to_hex(sha512(m)) + to_hex(sha3_256(m));
    };
    cpu::force_portable(true);
    const std::string portable = all();
    cpu::force_portable(false);
    EXPECT_EQ(all(), portable) << len;
  }
}

TEST(CpuDispatch, ForcingPortableClearsEveryActiveFeature) {
  cpu::force_portable(true);
  EXPECT_FALSE(cpu::active().sha);
  EXPECT_FALSE(cpu::active().sse41);
  EXPECT_FALSE(cpu::active().avx2);
  cpu::force_portable(false);
  EXPECT_EQ(cpu::active().sha, cpu::detected().sha);
}

}  // namespace
}  // namespace nocrypto_test
