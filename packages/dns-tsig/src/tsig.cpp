#include <dns-tsig/tsig.hpp>

#include <algorithm>
#include <array>
#include <cctype>

#include <cstruct/reader.hpp>
#include <cstruct/writer.hpp>
#include <dns/encodings.hpp>
#include <dns/message.hpp>
#include <dns/wire.hpp>
#include <nocrypto/bytes.hpp>

namespace dns::tsig {
namespace {

constexpr std::uint16_t kClassAny = 255;
constexpr std::size_t kHeaderSize = 12;

struct AlgorithmInfo {
  Algorithm algorithm;
  const char* name;  // as a domain name, and (before the first dot) as `dig -y` spells it
  std::size_t mac_size;
};

constexpr AlgorithmInfo kAlgorithms[] = {
    {Algorithm::HmacMd5, "hmac-md5.sig-alg.reg.int.", 16}, {Algorithm::HmacSha1, "hmac-sha1.", 20},
    {Algorithm::HmacSha224, "hmac-sha224.", 28},            {Algorithm::HmacSha256, "hmac-sha256.", 32},
    {Algorithm::HmacSha384, "hmac-sha384.", 48},            {Algorithm::HmacSha512, "hmac-sha512.", 64},
};

const AlgorithmInfo& info(Algorithm a) { return kAlgorithms[static_cast<std::size_t>(a)]; }

bool same_name(const Name& a, const Name& b) {
  const auto x = a.lowercase(), y = b.lowercase();
  return std::ranges::equal(x.wire(), y.wire());
}

void put_u48(cstruct::Writer& w, std::uint64_t v) {
  w.u16_be(static_cast<std::uint16_t>(v >> 32));
  w.u32_be(static_cast<std::uint32_t>(v));
}

// The TSIG variables of RFC 8945 §4.3.3, as the MAC covers them.
Bytes variables(const Record& r) {
  cstruct::Writer w = cstruct::Writer::with_capacity(512);
  w.bytes(r.key_name.lowercase().wire());
  w.u16_be(kClassAny);
  w.u32_be(0);  // TTL
  w.bytes(r.algorithm.lowercase().wire());
  put_u48(w, r.time_signed);
  w.u16_be(r.fudge);
  w.u16_be(static_cast<std::uint16_t>(r.error));
  w.u16_be(static_cast<std::uint16_t>(r.other.size()));
  w.bytes(r.other);
  auto span = w.written();
  return Bytes(span.begin(), span.end());
}

Bytes timers(const Record& r) {
  std::array<std::uint8_t, 8> t;
  cstruct::Writer w(t);
  put_u48(w, r.time_signed);
  w.u16_be(r.fudge);
  return Bytes(t.begin(), t.end());
}

void feed_prefixed_mac(detail::Mac& mac, std::span<const std::uint8_t> m) {
  const std::uint8_t size[2] = {static_cast<std::uint8_t>(m.size() >> 8), static_cast<std::uint8_t>(m.size())};
  mac.feed(size);
  mac.feed(m);
}

// The message as the MAC covers it: `id` in place of the header's id, and ARCOUNT as it
// was before the TSIG record was added.
void feed_message(detail::Mac& mac, std::span<const std::uint8_t> message, std::uint16_t id, bool had_tsig) {
  std::array<std::uint8_t, kHeaderSize> header;
  std::copy_n(message.begin(), kHeaderSize, header.begin());
  header[0] = static_cast<std::uint8_t>(id >> 8);
  header[1] = static_cast<std::uint8_t>(id);
  if (had_tsig) {
    const std::uint16_t arcount = static_cast<std::uint16_t>((header[10] << 8 | header[11]) - 1);
    header[10] = static_cast<std::uint8_t>(arcount >> 8);
    header[11] = static_cast<std::uint8_t>(arcount);
  }
  mac.feed(header);
  mac.feed(message.subspan(kHeaderSize));
}

// The message with the TSIG record appended.
std::expected<cstruct::Buffer, SignError> append_record(std::span<const std::uint8_t> message, const Record& r) {
  const std::size_t rdlength = r.algorithm.wire_size() + 6 + 2 + 2 + r.mac.size() + 2 + 2 + 2 + r.other.size();
  const std::size_t total = message.size() + r.key_name.wire_size() + 10 + rdlength;
  if (total > 65535) return std::unexpected(SignError::TooLong);
  cstruct::Writer w = cstruct::Writer::with_capacity(total);
  w.bytes(message);
  w.bytes(r.key_name.wire());
  w.u16_be(static_cast<std::uint16_t>(Type::TSIG));
  w.u16_be(kClassAny);
  w.u32_be(0);
  w.u16_be(static_cast<std::uint16_t>(rdlength));
  w.bytes(r.algorithm.wire());
  put_u48(w, r.time_signed);
  w.u16_be(r.fudge);
  w.u16_be(static_cast<std::uint16_t>(r.mac.size()));
  w.bytes(r.mac);
  w.u16_be(r.original_id);
  w.u16_be(static_cast<std::uint16_t>(r.error));
  w.u16_be(static_cast<std::uint16_t>(r.other.size()));
  w.bytes(r.other);
  auto out = w.finish();
  if (!out) return std::unexpected(SignError::TooLong);
  const std::uint16_t arcount = out->get_be16(10);
  out->set_be16(10, static_cast<std::uint16_t>(arcount + 1));
  return std::move(*out);
}

// Reads the TSIG record starting at `offset`, which must run to the end of the message.
std::optional<Record> read_record(std::span<const std::uint8_t> message, std::size_t offset) {
  cstruct::Reader r(message);
  if (!r.skip(offset)) return std::nullopt;
  auto name = wire::read_name(r, message);
  auto type = r.u16_be();
  auto rclass = r.u16_be();
  auto ttl = r.u32_be();
  auto rdata = r.u16_prefixed();
  if (!name || !type || !rclass || !ttl || !rdata || *type != static_cast<std::uint16_t>(Type::TSIG) ||
      *rclass != kClassAny || *ttl != 0 || !r.empty())
    return std::nullopt;
  Record rec;
  rec.key_name = std::move(*name);
  auto algorithm = wire::read_name(*rdata, {});  // never compressed
  auto hi = rdata->u16_be();
  auto lo = rdata->u32_be();
  auto fudge = rdata->u16_be();
  auto mac = rdata->u16_prefixed();
  if (!algorithm || !hi || !lo || !fudge || !mac) return std::nullopt;
  auto original_id = rdata->u16_be();
  auto error = rdata->u16_be();
  auto other = rdata->u16_prefixed();
  if (!original_id || !error || !other || !rdata->empty()) return std::nullopt;
  rec.algorithm = std::move(*algorithm);
  rec.time_signed = std::uint64_t{*hi} << 32 | *lo;
  rec.fudge = *fudge;
  rec.mac.assign(mac->rest().begin(), mac->rest().end());
  rec.original_id = *original_id;
  rec.error = TsigError{*error};
  rec.other.assign(other->rest().begin(), other->rest().end());
  return rec;
}

// Finds the TSIG record: its offset, 0 when the message has none, nothing when the message
// does not parse or has a TSIG record anywhere but last.
std::optional<std::size_t> find_tsig(std::span<const std::uint8_t> message) {
  auto m = Message::decode(message);
  if (!m) return std::nullopt;
  std::size_t tsigs = 0;
  for (const auto* section : {&m->answers, &m->authority, &m->additional})
    for (const auto& rr : *section) tsigs += rr.type() == Type::TSIG;
  if (tsigs == 0) return std::size_t{0};
  if (tsigs != 1 || m->tsig_offset == 0) return std::nullopt;
  return m->tsig_offset;
}

bool time_ok(const Record& r, std::uint64_t now) {
  const std::uint64_t delta = now > r.time_signed ? now - r.time_signed : r.time_signed - now;
  return delta <= r.fudge;
}

std::uint64_t low48(std::uint64_t t) { return t & 0xffff'ffff'ffffull; }

}  // namespace

// ---- Algorithms and keys ----

const Name& algorithm_name(Algorithm algorithm) {
  static const auto names = [] {
    std::array<Name, std::size(kAlgorithms)> n;
    for (std::size_t i = 0; i < n.size(); ++i) n[i] = *Name::parse(kAlgorithms[i].name);
    return n;
  }();
  return names[static_cast<std::size_t>(algorithm)];
}

std::optional<Algorithm> algorithm_from_name(const Name& name) {
  for (const auto& a : kAlgorithms)
    if (same_name(name, algorithm_name(a.algorithm))) return a.algorithm;
  return std::nullopt;
}

std::optional<Algorithm> algorithm_from_string(std::string_view text) {
  std::string lower(text);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!lower.empty() && lower.back() == '.') lower.pop_back();
  for (const auto& a : kAlgorithms) {
    std::string_view full(a.name);
    full.remove_suffix(1);
    if (lower == full || lower == full.substr(0, full.find('.'))) return a.algorithm;
  }
  return std::nullopt;
}

std::size_t full_mac_size(Algorithm algorithm) { return info(algorithm).mac_size; }

std::size_t min_mac_size(Algorithm algorithm) { return std::max<std::size_t>(10, full_mac_size(algorithm) / 2); }

std::size_t Key::sent_mac_size() const { return mac_size == 0 ? full_mac_size(algorithm) : mac_size; }

std::expected<Key, std::string> Key::parse(std::string_view spec) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto colon = spec.find(':', start);
    parts.push_back(spec.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() != 2 && parts.size() != 3)
    return std::unexpected("a TSIG key is [algorithm:]name:secret, e.g. hmac-sha256:transfer-key:c2VjcmV0");
  Key key;
  if (parts.size() == 3) {
    std::string_view alg = parts[0];
    std::size_t bits = 0;
    // "hmac-sha256-128": a MAC truncated to 128 bits.
    if (auto dash = alg.rfind('-'); dash != std::string_view::npos && dash + 1 < alg.size() &&
                                    std::all_of(alg.begin() + dash + 1, alg.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                                    alg.substr(0, dash).find("sha") != std::string_view::npos) {
      for (char c : alg.substr(dash + 1)) bits = bits * 10 + static_cast<std::size_t>(c - '0');
      alg = alg.substr(0, dash);
    }
    auto a = algorithm_from_string(alg);
    if (!a)
      return std::unexpected("unknown TSIG algorithm '" + std::string(parts[0]) +
                             "': use hmac-sha256, hmac-sha512, hmac-sha384, hmac-sha224, hmac-sha1 or hmac-md5");
    key.algorithm = *a;
    if (bits != 0) {
      if (bits % 8 != 0 || bits / 8 < min_mac_size(*a) || bits / 8 > full_mac_size(*a))
        return std::unexpected("a truncated " + std::string(alg) + " MAC must be a whole number of bytes from " +
                               std::to_string(min_mac_size(*a) * 8) + " to " +
                               std::to_string(full_mac_size(*a) * 8) + " bits");
      key.mac_size = bits / 8;
    }
  }
  const std::string_view name = parts[parts.size() - 2], secret = parts.back();
  auto n = Name::parse(name.empty() || name.back() != '.' ? std::string(name) + "." : std::string(name));
  if (name.empty() || !n) return std::unexpected("bad TSIG key name '" + std::string(name) + "'");
  key.name = std::move(*n);
  auto bytes = text::from_base64(secret);
  if (!bytes || bytes->empty()) return std::unexpected("the TSIG secret is not base64: '" + std::string(secret) + "'");
  key.secret = std::move(*bytes);
  return key;
}

void Keyring::add(Key key) {
  for (auto& k : keys_)
    if (same_name(k.name, key.name)) {
      k = std::move(key);
      return;
    }
  keys_.push_back(std::move(key));
}

const Key* Keyring::find(const Name& name) const {
  for (const auto& k : keys_)
    if (same_name(k.name, name)) return &k;
  return nullptr;
}

// ---- MAC ----

namespace detail {

Mac::Mac(Algorithm algorithm, std::span<const std::uint8_t> secret)
    : state_(std::in_place_index<0>, nocrypto::ByteView{}) {
  switch (algorithm) {
    case Algorithm::HmacMd5: state_.emplace<0>(secret); break;
    case Algorithm::HmacSha1: state_.emplace<1>(secret); break;
    case Algorithm::HmacSha224: state_.emplace<2>(secret); break;
    case Algorithm::HmacSha256: state_.emplace<3>(secret); break;
    case Algorithm::HmacSha384: state_.emplace<4>(secret); break;
    case Algorithm::HmacSha512: state_.emplace<5>(secret); break;
  }
}

void Mac::feed(std::span<const std::uint8_t> data) {
  std::visit([&](auto& h) { h.feed(data); }, state_);
}

Bytes Mac::finish() {
  return std::visit(
      [](auto& h) {
        const auto d = h.finish();
        return Bytes(d.begin(), d.end());
      },
      state_);
}

}  // namespace detail

// ---- Signing ----

const char* to_string(SignError error) {
  switch (error) {
    case SignError::NotAMessage: return "not a DNS message (shorter than a header)";
    case SignError::TooLong: return "the signed message would be longer than 65535 bytes";
  }
  return "unknown";
}

std::expected<Signed, SignError> sign(std::span<const std::uint8_t> message, const Key& key, std::uint64_t now,
                                      const SignOptions& options) {
  if (message.size() < kHeaderSize) return std::unexpected(SignError::NotAMessage);
  Record r;
  r.key_name = key.name;
  r.algorithm = algorithm_name(key.algorithm);
  r.time_signed = low48(now);
  r.fudge = options.fudge;
  r.original_id = static_cast<std::uint16_t>(message[0] << 8 | message[1]);
  r.error = options.error;
  r.other = options.other;
  detail::Mac mac(key.algorithm, key.secret);
  if (!options.request_mac.empty()) feed_prefixed_mac(mac, options.request_mac);
  feed_message(mac, message, r.original_id, false);
  mac.feed(variables(r));
  r.mac = mac.finish();
  r.mac.resize(key.sent_mac_size());
  auto out = append_record(message, r);
  if (!out) return std::unexpected(out.error());
  return Signed{std::move(*out), std::move(r.mac)};
}

// ---- Verifying ----

const char* to_string(Problem problem) {
  switch (problem) {
    case Problem::Unsigned: return "the message is not signed (no TSIG record)";
    case Problem::Malformed: return "malformed message or TSIG record";
    case Problem::BadKey: return "unknown TSIG key or algorithm (BADKEY)";
    case Problem::BadSig: return "TSIG MAC does not verify (BADSIG)";
    case Problem::BadTime: return "TSIG time outside the fudge window (BADTIME)";
    case Problem::BadTrunc: return "TSIG MAC truncated more than this key allows (BADTRUNC)";
    case Problem::PeerError: return "the peer's TSIG reports an error";
  }
  return "unknown";
}

Rcode Failure::rcode() const {
  switch (problem) {
    case Problem::Malformed: return Rcode::FormErr;
    case Problem::Unsigned:
    case Problem::PeerError: return Rcode::NoError;
    default: return Rcode::NotAuth;
  }
}

TsigError Failure::error() const {
  switch (problem) {
    case Problem::BadKey: return TsigError::BadKey;
    case Problem::BadSig: return TsigError::BadSig;
    case Problem::BadTime: return TsigError::BadTime;
    case Problem::BadTrunc: return TsigError::BadTrunc;
    case Problem::PeerError: return tsig ? tsig->error : TsigError::NoError;
    default: return TsigError::NoError;
  }
}

namespace {

struct Parsed {
  std::size_t offset;
  Record record;
};

std::expected<Parsed, Failure> parse_signed(std::span<const std::uint8_t> message) {
  auto offset = find_tsig(message);
  if (!offset) return std::unexpected(Failure{Problem::Malformed, std::nullopt});
  if (*offset == 0) return std::unexpected(Failure{Problem::Unsigned, std::nullopt});
  auto record = read_record(message, *offset);
  if (!record) return std::unexpected(Failure{Problem::Malformed, std::nullopt});
  return Parsed{*offset, std::move(*record)};
}

// The checks after the key is known and the MAC computed, in RFC 8945 §5.2's order.
std::expected<void, Failure> check(const Key& key, const Record& r, const Bytes& computed, std::uint64_t now,
                                   bool response) {
  auto fail = [&](Problem p) { return std::unexpected(Failure{p, r}); };
  // A response carrying an error and no MAC (BADKEY, BADSIG from the server) cannot be
  // checked: it is the peer's verdict.
  if (response && r.mac.empty() && r.error != TsigError::NoError) return fail(Problem::PeerError);
  if (r.mac.size() > full_mac_size(key.algorithm) || r.mac.size() < min_mac_size(key.algorithm))
    return fail(Problem::Malformed);
  if (!nocrypto::equal_ct(std::span(computed).first(r.mac.size()), r.mac)) return fail(Problem::BadSig);
  if (response && r.error != TsigError::NoError) return fail(Problem::PeerError);
  if (!time_ok(r, low48(now))) return fail(Problem::BadTime);
  // Truncated below what this side's key is configured to send and accept.
  if (r.mac.size() < key.sent_mac_size()) return fail(Problem::BadTrunc);
  return {};
}

const Key* key_for(const Keyring& keys, const Record& r) {
  const Key* key = keys.find(r.key_name);
  if (key == nullptr) return nullptr;
  auto a = algorithm_from_name(r.algorithm);
  return a && *a == key->algorithm ? key : nullptr;
}

}  // namespace

std::expected<Verified, Failure> verify(std::span<const std::uint8_t> message, const Keyring& keys,
                                        std::uint64_t now, std::span<const std::uint8_t> request_mac) {
  auto parsed = parse_signed(message);
  if (!parsed) return std::unexpected(parsed.error());
  const Record& r = parsed->record;
  const Key* key = key_for(keys, r);
  if (key == nullptr) return std::unexpected(Failure{Problem::BadKey, r});
  detail::Mac mac(key->algorithm, key->secret);
  if (!request_mac.empty()) feed_prefixed_mac(mac, request_mac);
  feed_message(mac, message.first(parsed->offset), r.original_id, true);
  mac.feed(variables(r));
  if (auto ok = check(*key, r, mac.finish(), now, !request_mac.empty()); !ok) return std::unexpected(ok.error());
  return Verified{key, std::move(parsed->record), parsed->offset};
}

std::expected<cstruct::Buffer, SignError> answer_failure(std::span<const std::uint8_t> response,
                                                         const Failure& failure, const Keyring& keys,
                                                         std::uint64_t now) {
  if (response.size() < kHeaderSize) return std::unexpected(SignError::NotAMessage);
  if (!failure.tsig || failure.problem == Problem::Malformed || failure.problem == Problem::Unsigned ||
      failure.problem == Problem::PeerError)
    return cstruct::Buffer::copy_of(response);
  const Record& req = *failure.tsig;
  if (failure.problem == Problem::BadKey || failure.problem == Problem::BadSig) {
    Record r;
    r.key_name = req.key_name;
    r.algorithm = req.algorithm;
    r.time_signed = low48(now);
    r.fudge = req.fudge;
    r.original_id = static_cast<std::uint16_t>(response[0] << 8 | response[1]);
    r.error = failure.error();
    return append_record(response, r);
  }
  const Key* key = key_for(keys, req);
  if (key == nullptr) return cstruct::Buffer::copy_of(response);
  SignOptions o;
  o.fudge = req.fudge;
  o.request_mac = req.mac;
  o.error = failure.error();
  if (failure.problem == Problem::BadTime) {
    const std::uint64_t t = low48(now);
    o.other = {static_cast<std::uint8_t>(t >> 40), static_cast<std::uint8_t>(t >> 32),
               static_cast<std::uint8_t>(t >> 24), static_cast<std::uint8_t>(t >> 16),
               static_cast<std::uint8_t>(t >> 8),  static_cast<std::uint8_t>(t)};
  }
  // A BADTRUNC answer goes out with the full MAC.
  Key full = *key;
  full.mac_size = 0;
  auto s = sign(response, failure.problem == Problem::BadTrunc ? full : *key, now, o);
  if (!s) return std::unexpected(s.error());
  return std::move(s->message);
}

// ---- Zone transfers ----

StreamSigner::StreamSigner(const Key& key, std::span<const std::uint8_t> request_mac, std::uint16_t fudge)
    : key_(&key), prior_mac_(request_mac.begin(), request_mac.end()), fudge_(fudge) {}

std::expected<Signed, SignError> StreamSigner::sign(std::span<const std::uint8_t> message, std::uint64_t now) {
  if (message.size() < kHeaderSize) return std::unexpected(SignError::NotAMessage);
  if (first_) {
    SignOptions o;
    o.fudge = fudge_;
    o.request_mac = prior_mac_;
    auto s = tsig::sign(message, *key_, now, o);
    if (s) {
      first_ = false;
      prior_mac_ = s->mac;
    }
    return s;
  }
  Record r;
  r.key_name = key_->name;
  r.algorithm = algorithm_name(key_->algorithm);
  r.time_signed = low48(now);
  r.fudge = fudge_;
  r.original_id = static_cast<std::uint16_t>(message[0] << 8 | message[1]);
  if (!running_) {
    running_.emplace(key_->algorithm, key_->secret);
    feed_prefixed_mac(*running_, prior_mac_);
  }
  feed_message(*running_, message, r.original_id, false);
  running_->feed(timers(r));
  r.mac = running_->finish();
  running_.reset();
  r.mac.resize(key_->sent_mac_size());
  auto out = append_record(message, r);
  if (!out) return std::unexpected(out.error());
  prior_mac_ = r.mac;
  unsigned_run_ = 0;
  return Signed{std::move(*out), std::move(r.mac)};
}

bool StreamSigner::pass(std::span<const std::uint8_t> message) {
  if (first_ || message.size() < kHeaderSize || unsigned_run_ >= max_unsigned_run) return false;
  if (!running_) {
    running_.emplace(key_->algorithm, key_->secret);
    feed_prefixed_mac(*running_, prior_mac_);
  }
  running_->feed(message);
  ++unsigned_run_;
  return true;
}

StreamVerifier::StreamVerifier(const Keyring& keys, std::span<const std::uint8_t> request_mac)
    : keys_(&keys), prior_mac_(request_mac.begin(), request_mac.end()) {}

std::expected<bool, Failure> StreamVerifier::feed(std::span<const std::uint8_t> message, std::uint64_t now) {
  if (first_) {
    auto v = verify(message, *keys_, now, prior_mac_);
    if (!v) return std::unexpected(v.error());  // the first message must be signed
    first_ = false;
    key_ = v->key;
    prior_mac_ = v->tsig.mac;
    last_signed_ = true;
    return true;
  }
  if (!running_) {
    running_.emplace(key_->algorithm, key_->secret);
    feed_prefixed_mac(*running_, prior_mac_);
  }
  auto parsed = parse_signed(message);
  if (!parsed && parsed.error().problem == Problem::Unsigned) {
    if (message.size() < kHeaderSize || ++unsigned_run_ > max_unsigned_run)
      return std::unexpected(Failure{Problem::Unsigned, std::nullopt});
    running_->feed(message);
    last_signed_ = false;
    return false;
  }
  if (!parsed) return std::unexpected(parsed.error());
  const Record& r = parsed->record;
  if (key_for(*keys_, r) != key_) return std::unexpected(Failure{Problem::BadKey, r});
  feed_message(*running_, message.first(parsed->offset), r.original_id, true);
  running_->feed(timers(r));
  Bytes computed = running_->finish();
  running_.reset();
  if (auto ok = check(*key_, r, computed, now, true); !ok) return std::unexpected(ok.error());
  prior_mac_ = r.mac;
  unsigned_run_ = 0;
  last_signed_ = true;
  return true;
}

std::expected<void, Failure> StreamVerifier::finish() const {
  if (first_ || !last_signed_) return std::unexpected(Failure{Problem::Unsigned, std::nullopt});
  return {};
}

}  // namespace dns::tsig
