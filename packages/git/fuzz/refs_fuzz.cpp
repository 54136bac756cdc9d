// Fuzzes the text formats around refs: ref names, ref files, packed-refs, reflogs and
// config files. The first byte picks the parser; whatever parses must format back to
// something that parses to the same value.
#include <git/config.hpp>
#include <git/refs.hpp>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t selector = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const git::HashAlgo algo = (selector & 0x80) ? git::HashAlgo::Sha256 : git::HashAlgo::Sha1;
  switch (selector & 7) {
    case 0:
      if (git::check_ref_name(text)) FUZZ_CHECK(git::check_ref_name(std::string(text) + "/x").has_value() || text == "HEAD");
      break;
    case 1:
      if (auto v = git::parse_ref_file(text, algo)) {
        const auto again = git::parse_ref_file(git::format_ref_file(*v), algo);
        FUZZ_CHECK(again.has_value() && *again == *v);
      }
      break;
    case 2:
      if (auto refs = git::parse_packed_refs(text, algo)) {
        const auto again = git::parse_packed_refs(git::format_packed_refs(*refs), algo);
        FUZZ_CHECK(again.has_value() && again->size() == refs->size());
      }
      break;
    case 3:
      if (auto log = git::parse_reflog(text, algo)) {
        std::string out;
        for (const auto& e : *log) out += git::format_reflog_entry(e);
        const auto again = git::parse_reflog(out, algo);
        FUZZ_CHECK(again.has_value() && again->size() == log->size());
      }
      break;
    default:
      if (auto config = git::Config::parse(text)) {
        (void)config->get("core", "bare");
        (void)config->get_bool("core", "bare");
        (void)config->get("remote", "origin", "url");
      }
      break;
  }
  return 0;
}
