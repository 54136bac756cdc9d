// Fuzzes the object parsers. The first byte picks the parser (low 3 bits) and the object
// format (high bit); the rest is the input. Whatever a parser accepts must encode back to
// the same bytes (trees: under Check::Strict; a lenient tree must survive a second
// round), and what Check::Strict accepts, Check::Lenient accepts too.
#include <git/commit.hpp>
#include <git/object.hpp>
#include <git/signature.hpp>
#include <git/tag.hpp>
#include <git/tree.hpp>

#include <algorithm>
#include <vector>

#include "fuzz_check.hpp"

namespace {

// Commits and tags: what decodes (leniently) re-encodes to the input and decodes again to
// the same value; what Check::Strict accepts is the same value.
template <class T>
void check_headed(std::span<const std::uint8_t> in, git::HashAlgo algo) {
  const auto strict = T::decode(in, algo, git::Check::Strict);
  const auto lenient = T::decode(in, algo, git::Check::Lenient);
  FUZZ_CHECK(lenient.has_value() || !strict.has_value());
  if (!lenient) return;
  const auto encoded = lenient->encode();
  FUZZ_CHECK(std::equal(encoded.begin(), encoded.end(), in.begin(), in.end()));
  const auto again = T::decode(encoded, algo, git::Check::Lenient);
  FUZZ_CHECK(again.has_value() && *again == *lenient);
  FUZZ_CHECK(!strict || *strict == *lenient);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t selector = data[0];
  const std::span<const std::uint8_t> in(data + 1, size - 1);
  const git::HashAlgo algo = (selector & 0x80) ? git::HashAlgo::Sha256 : git::HashAlgo::Sha1;
  const std::vector<std::uint8_t> bytes(in.begin(), in.end());
  switch (selector & 7) {
    case 0: {
      if (auto t = git::Tree::decode(in, algo, git::Check::Strict)) {
        FUZZ_CHECK(t->encode() == bytes);
        FUZZ_CHECK(git::check_tree(*t).has_value());
        FUZZ_CHECK(git::Tree::decode(in, algo, git::Check::Lenient).has_value());
      }
      if (auto t = git::Tree::decode(in, algo, git::Check::Lenient)) {
        const auto again = git::Tree::decode(t->encode(), algo, git::Check::Lenient);
        FUZZ_CHECK(again.has_value() && *again == *t);
      }
      break;
    }
    case 1: check_headed<git::Commit>(in, algo); break;
    case 2: check_headed<git::Tag>(in, algo); break;
    case 3: {
      if (auto h = git::parse_object_header(in)) {
        const std::string header = git::object_header(h->type, h->size);
        FUZZ_CHECK(header.size() == h->header_size);
        FUZZ_CHECK(std::equal(header.begin(), header.end(), in.begin()));
      }
      break;
    }
    case 4: {
      if (auto s = git::parse_signature(git::as_text(in))) FUZZ_CHECK(git::format_signature(*s) == git::as_text(in));
      break;
    }
    default: {
      // Any type: check_object must agree with the parser for that type.
      const auto type = static_cast<git::ObjectType>(1 + (selector >> 3) % 4);
      (void)git::check_object({type, bytes}, algo, git::Check::Lenient);
      (void)git::hash_object(algo, type, in);
      break;
    }
  }
  return 0;
}
