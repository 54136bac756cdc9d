#include <git/object_id.hpp>

#include <algorithm>
#include <cstring>

namespace git {

namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view hash_name(HashAlgo algo) noexcept { return algo == HashAlgo::Sha1 ? "sha1" : "sha256"; }

Result<ObjectId> ObjectId::from_raw(std::span<const std::uint8_t> raw, HashAlgo algo) {
  if (raw.size() != digest_size(algo))
    return fail(Errc::BadId, "an object id of " + std::to_string(raw.size()) + " bytes, not " +
                                 std::to_string(digest_size(algo)) + " (" + std::string(hash_name(algo)) + ")");
  ObjectId id(algo);
  std::copy(raw.begin(), raw.end(), id.bytes_.begin());
  return id;
}

Result<ObjectId> ObjectId::from_hex(std::string_view hex, HashAlgo algo) {
  const std::size_t n = digest_size(algo);
  if (hex.size() != 2 * n)
    return fail(Errc::BadId, "'" + std::string(hex.substr(0, 80)) + "' is not " + std::to_string(2 * n) +
                                 " hex digits (" + std::string(hash_name(algo)) + ")");
  ObjectId id(algo);
  for (std::size_t i = 0; i < n; ++i) {
    const int hi = hex_value(hex[2 * i]);
    const int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return fail(Errc::BadId, "'" + std::string(hex) + "' has a character that is not hex");
    id.bytes_[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return id;
}

std::string ObjectId::hex() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(2 * size(), '0');
  for (std::size_t i = 0; i < size(); ++i) {
    out[2 * i] = digits[bytes_[i] >> 4];
    out[2 * i + 1] = digits[bytes_[i] & 15];
  }
  return out;
}

bool ObjectId::is_null() const noexcept {
  return std::all_of(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(size()),
                     [](std::uint8_t b) { return b == 0; });
}

Hasher::Hasher(HashAlgo algo) : algo_(algo) {
  if (algo == HashAlgo::Sha256) state_.emplace<nocrypto::Sha256>();
}

void Hasher::feed(std::span<const std::uint8_t> data) noexcept {
  std::visit([&](auto& h) { h.feed(data); }, state_);
}

void Hasher::feed(std::string_view data) noexcept { feed(as_bytes(data)); }

ObjectId Hasher::finish() noexcept {
  return std::visit(
      [&](auto& h) {
        const auto digest = h.finish();
        return *ObjectId::from_raw(digest, algo_);
      },
      state_);
}

}  // namespace git
