// Arbitrary bytes through the test's X.509 Certificate grammar and a recursive grammar
// that reaches every primitive, in DER and BER. Never a crash, a hang or an overread;
// whatever decodes as DER re-encodes to the same bytes; whatever decodes as BER
// re-encodes (when the value fits DER) to DER that decodes and re-encodes unchanged.
#include "../test/x509_grammar.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>
#include <vector>

namespace {

using namespace asn1;

struct Value {
  std::variant<bool, Integer, BitString, Bytes, Null, Oid, std::int64_t, DateTime, DateTime, std::string,
               std::string, std::string, std::string, std::string, std::string, std::u16string, std::u32string,
               std::vector<Value>, std::vector<Value>, std::vector<Value>, std::vector<Value>, Any>
      v;
};

const auto& recursive() {
  static const auto g = fix<Value>([](auto self) {
    auto alternatives = choice(boolean(), integer(), bit_string(), octet_string(), null(), oid(), enumerated(),
                               utc_time(), generalized_time(), utf8_string(), printable_string(), ia5_string(),
                               numeric_string(), visible_string(), teletex_string(), bmp_string(),
                               universal_string(), sequence_of(self), set_of(self), implicit(0, sequence_of(self)),
                               explicit_(application(1), set_of(self)), any());
    using V = value_of<decltype(alternatives)>;
    return map(alternatives, [](V&& v) { return Value{std::move(v)}; }, [](const Value& x) { return x.v; });
  });
  return g;
}

template <class G>
void check(const G& g, ByteView in) {
  auto der = decode(g, in, Mode::Der);
  if (der) {
    auto again = encode_der(g, *der);
    if (!again || *again != Bytes(in.begin(), in.end())) std::abort();
  }
  auto ber = decode(g, in, Mode::Ber);
  if (der && !ber) std::abort();  // BER accepts everything DER accepts
  if (ber) {
    auto normal = encode_der(g, *ber);
    if (!normal) return;  // a BER value DER cannot hold (a UTCTime shifted past 2049, ...)
    auto back = decode(g, *normal, Mode::Der);
    if (!back) std::abort();
    auto twice = encode_der(g, *back);
    if (!twice || *twice != *normal) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto certificate = x509_test::certificate();
  const ByteView in(data, size);
  check(certificate, in);
  check(recursive(), in);
  return 0;
}
