#pragma once
// TSIG (RFC 8945): transaction signatures for DNS messages, shared-secret HMACs over the
// wire bytes. Signing appends a TSIG record to an encoded message; verifying checks the
// key, the MAC, the time and the MAC's length, in that order, and says which check failed
// so a server can answer as §5.3 wants. Zone transfers (several messages to one request)
// go through StreamSigner and StreamVerifier.
//
// Nothing here reads a clock: every call that needs the time is given it (seconds since
// the epoch, as the TSIG record carries it).
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cstruct/buffer.hpp>
#include <dns/name.hpp>
#include <dns/types.hpp>
#include <nocrypto/hmac.hpp>
#include <nocrypto/md5.hpp>
#include <nocrypto/sha1.hpp>
#include <nocrypto/sha2.hpp>

#include <variant>

namespace dns::tsig {

using Bytes = std::vector<std::uint8_t>;

enum class Algorithm : std::uint8_t { HmacMd5, HmacSha1, HmacSha224, HmacSha256, HmacSha384, HmacSha512 };

// The algorithm's name in the TSIG record: "hmac-sha256.", "hmac-md5.sig-alg.reg.int."...
const Name& algorithm_name(Algorithm algorithm);
// The algorithm a record names (case-insensitively); nothing for one we do not implement.
std::optional<Algorithm> algorithm_from_name(const Name& name);
// "hmac-sha256" as `dig -y` and BIND key files spell it (any case); nothing when unknown.
std::optional<Algorithm> algorithm_from_string(std::string_view text);
// The full MAC length in bytes (16, 20, 28, 32, 48, 64).
std::size_t full_mac_size(Algorithm algorithm);
// The shortest MAC RFC 8945 §5.2.2.1 lets anyone accept: half the full length, at least 10.
std::size_t min_mac_size(Algorithm algorithm);

// The TSIG record's error field (RFC 8945 §3).
enum class TsigError : std::uint16_t { NoError = 0, BadSig = 16, BadKey = 17, BadTime = 18, BadTrunc = 22 };

struct Key {
  Name name;  // compared case-insensitively
  Algorithm algorithm = Algorithm::HmacSha256;
  Bytes secret;
  // Bytes of MAC this side sends and the fewest it accepts (truncation, RFC 8945 §5.2.2.1):
  // 0 for the full length; else min_mac_size(algorithm) up to the full length.
  std::size_t mac_size = 0;

  // A key as `dig -y` and `nsupdate -y` take it: "[algorithm:]name:base64-secret" (the
  // algorithm defaults to hmac-sha256; "hmac-sha256-128" style names ask for a truncated
  // MAC of that many bits). The error says what is wrong with the text.
  static std::expected<Key, std::string> parse(std::string_view spec);

  std::size_t sent_mac_size() const;
};

// The keys a server or client knows, found by name.
class Keyring {
 public:
  void add(Key key);
  const Key* find(const Name& name) const;
  bool empty() const { return keys_.empty(); }

 private:
  std::vector<Key> keys_;
};

// A TSIG record's fields.
struct Record {
  Name key_name;
  Name algorithm;
  std::uint64_t time_signed = 0;  // 48 bits on the wire
  std::uint16_t fudge = 300;
  Bytes mac;
  std::uint16_t original_id = 0;
  TsigError error = TsigError::NoError;
  Bytes other;  // BADTIME responses: the server's time, 6 bytes
};

struct SignOptions {
  std::uint16_t fudge = 300;
  // A response's request MAC (what the query's TSIG carried); empty for a request.
  std::span<const std::uint8_t> request_mac = {};
  TsigError error = TsigError::NoError;
  Bytes other = {};
};

struct Signed {
  cstruct::Buffer message;  // the input with the TSIG record appended and ARCOUNT + 1
  Bytes mac;                // the MAC sent (a response's verifier needs it as request MAC)
};

// What can go wrong signing: the message is too short to be one, or the result would
// exceed 65535 bytes.
enum class SignError : std::uint8_t { NotAMessage, TooLong };
const char* to_string(SignError error);

// Signs an encoded message that has no TSIG yet.
std::expected<Signed, SignError> sign(std::span<const std::uint8_t> message, const Key& key, std::uint64_t now,
                                      const SignOptions& options = {});

// Why a message was not accepted.
enum class Problem : std::uint8_t {
  Unsigned,   // no TSIG record (the last additional record is not one)
  Malformed,  // the message or its TSIG record does not parse, or TSIG is not last: FORMERR
  BadKey,     // no key of that name, or the key's algorithm is not the record's
  BadSig,     // the MAC does not match, or is shorter than anyone may accept
  BadTime,    // signed more than `fudge` seconds from now (the MAC was good)
  BadTrunc,   // a good MAC truncated below this side's key.mac_size
  PeerError,  // a response whose TSIG reports an error from the other side (its `error`)
};
const char* to_string(Problem problem);

struct Verified {
  const Key* key = nullptr;
  Record tsig;
  std::size_t tsig_offset = 0;  // where the TSIG record starts: the message before it is the payload
};

struct Failure {
  Problem problem = Problem::Malformed;
  // The record as read (when it could be read), for answering: the key name, algorithm,
  // MAC and original id.
  std::optional<Record> tsig;
  // The rcode and TSIG error a server answers a request with (RFC 8945 §5.3.2): NOTAUTH
  // with BADSIG/BADKEY/BADTIME/BADTRUNC, FORMERR for a malformed one.
  Rcode rcode() const;
  TsigError error() const;
};

// Verifies a message's TSIG. A response passes `request_mac`, the MAC of the request it
// answers (which a response to a signed request must cover).
std::expected<Verified, Failure> verify(std::span<const std::uint8_t> message, const Keyring& keys,
                                        std::uint64_t now, std::span<const std::uint8_t> request_mac = {});

// A server's answer to a request that failed verification, per RFC 8945 §5.3.2: for
// BADKEY and BADSIG the TSIG record carries the error and no MAC (nothing can be signed
// with a key that is not known or not proven); BADTIME and BADTRUNC are signed with the
// request's key and carry the error (BADTIME: the server's time in `other`). `response`
// is the encoded response with its rcode already NOTAUTH (or FORMERR); Malformed and
// Unsigned requests get no TSIG, so the response comes back unchanged.
std::expected<cstruct::Buffer, SignError> answer_failure(std::span<const std::uint8_t> response,
                                                         const Failure& failure, const Keyring& keys,
                                                         std::uint64_t now);

// Unsigned messages allowed in a row in a zone transfer (RFC 8945 §5.3.1).
inline constexpr int max_unsigned_run = 99;

namespace detail {
// HMAC under an algorithm chosen at run time.
class Mac {
 public:
  Mac(Algorithm algorithm, std::span<const std::uint8_t> secret);
  void feed(std::span<const std::uint8_t> data);
  Bytes finish();

 private:
  std::variant<nocrypto::Hmac<nocrypto::Md5>, nocrypto::Hmac<nocrypto::Sha1>, nocrypto::Hmac<nocrypto::Sha224>,
               nocrypto::Hmac<nocrypto::Sha256>, nocrypto::Hmac<nocrypto::Sha384>,
               nocrypto::Hmac<nocrypto::Sha512>>
      state_;
};
}  // namespace detail

// The messages of one zone transfer answer (RFC 8945 §5.3.1), signed in turn: the first
// with the request MAC and all TSIG variables, the later ones with the previous MAC and
// the time only.
class StreamSigner {
 public:
  StreamSigner(const Key& key, std::span<const std::uint8_t> request_mac, std::uint16_t fudge = 300);
  // Signs the next message (the first and the last must be signed).
  std::expected<Signed, SignError> sign(std::span<const std::uint8_t> message, std::uint64_t now);
  // Lets the next message go unsigned: the next signed one covers it. False (and nothing
  // done) for the first message, or when 99 in a row already went unsigned.
  bool pass(std::span<const std::uint8_t> message);

 private:
  const Key* key_;
  Bytes prior_mac_;
  std::optional<detail::Mac> running_;
  int unsigned_run_ = 0;
  std::uint16_t fudge_;
  bool first_ = true;
};

// The receiving side of a zone transfer: every message goes through feed(). Messages
// without TSIG are allowed between signed ones (at most 99 in a row); each signed one
// covers those since the previous. finish() says whether the transfer ended on a signed
// message, as it must.
class StreamVerifier {
 public:
  StreamVerifier(const Keyring& keys, std::span<const std::uint8_t> request_mac);
  // Whether this message carried a TSIG that checked out (true) or none (false, allowed).
  std::expected<bool, Failure> feed(std::span<const std::uint8_t> message, std::uint64_t now);
  std::expected<void, Failure> finish() const;

 private:
  const Keyring* keys_;
  const Key* key_ = nullptr;  // the first message's key; every later one must use it
  Bytes prior_mac_;
  // The MAC over the prior MAC and the unsigned messages since, which the next signed
  // message's MAC extends.
  std::optional<detail::Mac> running_;
  int unsigned_run_ = 0;
  bool first_ = true;
  bool last_signed_ = false;
};

}  // namespace dns::tsig
