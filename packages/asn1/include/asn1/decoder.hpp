#pragma once
// The decoding context: the whole input (so every error carries an absolute offset), the
// mode (strict DER or BER), the limits, and the current nesting depth. Elements are read
// through it only, and every read checks the bytes that remain.
#include <asn1/error.hpp>
#include <asn1/tag.hpp>

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <vector>

namespace asn1 {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

enum class Mode : std::uint8_t {
  Der,  // strict: exactly one encoding of each value is accepted
  Ber,  // also indefinite lengths, constructed strings, non-minimal lengths and integers
};

struct Limits {
  // Nesting of constructed elements (and of recursive grammar references) allowed.
  std::size_t max_depth = 64;
  // Longest input and longest element, in bytes.
  std::size_t max_length = std::size_t{1} << 24;
};

// One tag-length-value element as read from the input.
struct Element {
  Tag tag;
  bool constructed = false;
  bool indefinite = false;  // BER indefinite length (content excludes the end-of-contents)
  ByteView content;         // the contents octets
  ByteView encoding;        // the whole element: identifier, length, contents (and EOC)
};

class Decoder {
 public:
  Decoder(ByteView input, Mode mode, const Limits& limits)
      : input_(input), mode_(mode), limits_(limits) {}

  Mode mode() const { return mode_; }
  bool der() const { return mode_ == Mode::Der; }
  const Limits& limits() const { return limits_; }
  std::size_t depth() const { return depth_; }
  std::size_t offset_of(const std::uint8_t* p) const {
    return p == nullptr ? 0 : static_cast<std::size_t>(p - input_.data());
  }
  // An error at the input position `at`, ready to return.
  std::unexpected<Error> fail(Code code, const std::uint8_t* at, const char* message) const {
    return std::unexpected(Error::at(code, offset_of(at), message));
  }
  // Reads the element at the front of `in` (a sub-span of the input). With an indefinite
  // length, finds its end-of-contents, nesting no deeper than the limit allows.
  std::expected<Element, Error> read(ByteView in) const { return read_at(in, depth_); }

 private:
  friend class Nesting;
  std::expected<Element, Error> read_at(ByteView in, std::size_t depth) const;
  std::expected<const std::uint8_t*, Error> find_end_of_contents(const std::uint8_t* p,
                                                                 const std::uint8_t* end,
                                                                 std::size_t depth) const;
  ByteView input_;
  Mode mode_;
  Limits limits_;
  std::size_t depth_ = 0;
};

// One level deeper for as long as it lives; too_deep() says the limit is passed.
class Nesting {
 public:
  explicit Nesting(Decoder& d) : d_(d) { ++d_.depth_; }
  ~Nesting() { --d_.depth_; }
  Nesting(const Nesting&) = delete;
  Nesting& operator=(const Nesting&) = delete;
  bool too_deep() const { return d_.depth_ > d_.limits_.max_depth; }

 private:
  Decoder& d_;
};

// The elements inside a constructed element's contents, read one at a time.
class Children {
 public:
  explicit Children(ByteView content) : rest_(content) {}
  // The next element, or nullptr at the end; reading it twice costs nothing.
  std::expected<const Element*, Error> peek(const Decoder& d) {
    if (next_) return &*next_;
    if (rest_.empty()) return nullptr;
    auto e = d.read(rest_);
    if (!e) return std::unexpected(std::move(e.error()));
    next_ = *e;
    return &*next_;
  }
  // Moves past the element peek() returned.
  void consume() {
    rest_ = rest_.subspan(next_->encoding.size());
    next_.reset();
  }
  bool done() const { return rest_.empty(); }
  const std::uint8_t* position() const { return rest_.data(); }

 private:
  ByteView rest_;
  std::optional<Element> next_;
};

// DER order of encodings (X.690 11.6): octet by octet, the shorter padded with zeros.
// Returns <0, 0 or >0.
int compare_der(ByteView a, ByteView b);

}  // namespace asn1
