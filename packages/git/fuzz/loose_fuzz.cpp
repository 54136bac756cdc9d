// Fuzzes loose object decoding (zlib with the header's size bound). An input whose first
// byte is odd is compressed first (zlib itself is not instrumented, so the fuzzer could
// not find valid streams alone); an even first byte starts the file as it is (a real
// loose file starts with 0x78). Whatever decodes must encode and decode again the same.
#include <git/loose.hpp>
#include <git/zlib.hpp>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::vector<std::uint8_t> file(data, data + size);
  if (data[0] & 1) {
    auto compressed = git::zlib_compress({data + 1, size - 1}, 1);
    FUZZ_CHECK(compressed.has_value());
    file = std::move(*compressed);
  }
  const auto object = git::decode_loose(file, std::size_t{1} << 22);
  if (!object) return 0;
  const auto again = git::decode_loose(*git::encode_loose(object->type, object->data));
  FUZZ_CHECK(again.has_value() && *again == *object);
  return 0;
}
