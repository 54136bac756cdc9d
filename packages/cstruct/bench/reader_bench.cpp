// Reader and Writer against hand-written pointer code doing the same work in the same run.
// The hand-written parsers check bounds too: the comparison is with correct code, not
// with code that trusts its input.
#include <cstruct/reader.hpp>
#include <cstruct/writer.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace {

using cstruct::Reader;

// Type-length-value records (u8 type, u16 big-endian length, body) filling 64 KiB.
std::vector<std::uint8_t> tlv_records() {
  std::vector<std::uint8_t> out;
  std::uint32_t x = 1;
  while (out.size() < 65536 - 70) {
    x = x * 1103515245 + 12345;
    const std::size_t len = (x >> 16) % 64;
    out.push_back(static_cast<std::uint8_t>(x >> 8));
    out.push_back(0);
    out.push_back(static_cast<std::uint8_t>(len));
    out.insert(out.end(), len, static_cast<std::uint8_t>(x >> 24));
  }
  return out;
}

std::uint64_t tlv_reader(std::span<const std::uint8_t> in) {
  Reader r(in);
  std::uint64_t sum = 0;
  while (!r.empty()) {
    const auto type = r.u8();
    auto body = r.u16_prefixed();
    if (!type || !body) return 0;
    sum += *type + body->remaining();
    if (const auto first = body->peek_u8()) sum += *first;
  }
  return sum;
}

std::uint64_t tlv_pointers(std::span<const std::uint8_t> in) {
  const std::uint8_t* p = in.data();
  const std::uint8_t* const end = p + in.size();
  std::uint64_t sum = 0;
  while (p != end) {
    if (end - p < 3) return 0;
    const std::uint8_t type = p[0];
    const std::size_t len = static_cast<std::size_t>(p[1]) << 8 | p[2];
    p += 3;
    if (static_cast<std::size_t>(end - p) < len) return 0;
    sum += type + len;
    if (len != 0) sum += p[0];
    p += len;
  }
  return sum;
}

// 20-byte IPv4-shaped headers, back to back.
std::vector<std::uint8_t> headers() {
  std::vector<std::uint8_t> out(20 * 3276);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(i * 7);
  return out;
}

// Field by field, each read checked, as a parser written with CSTRUCT_TRY does.
cstruct::Result<std::uint64_t> header_fields(Reader& r) {
  CSTRUCT_TRY(const auto ver, r.u8());
  CSTRUCT_TRY(const auto tos, r.u8());
  CSTRUCT_TRY(const auto total, r.u16_be());
  CSTRUCT_TRY(const auto id, r.u16_be());
  CSTRUCT_TRY(const auto frag, r.u16_be());
  CSTRUCT_TRY(const auto ttl, r.u8());
  CSTRUCT_TRY(const auto proto, r.u8());
  CSTRUCT_TRY(const auto csum, r.u16_be());
  CSTRUCT_TRY(const auto src, r.u32_be());
  CSTRUCT_TRY(const auto dst, r.u32_be());
  return std::uint64_t{ver} + tos + total + id + frag + ttl + proto + csum + src + dst;
}

std::uint64_t headers_reader(std::span<const std::uint8_t> in) {
  Reader r(in);
  std::uint64_t sum = 0;
  while (!r.empty()) {
    const auto h = header_fields(r);
    if (!h) return 0;
    sum += *h;
  }
  return sum;
}

// One checked read of the whole fixed-size header, then loads at known offsets.
std::uint64_t headers_reader_bytes(std::span<const std::uint8_t> in) {
  Reader r(in);
  std::uint64_t sum = 0;
  while (!r.empty()) {
    const auto h = r.bytes(20);
    if (!h) return 0;
    using namespace cstruct;
    sum += load_u8(*h, 0) + load_u8(*h, 1) + load_be16(*h, 2) + load_be16(*h, 4) +
           load_be16(*h, 6) + load_u8(*h, 8) + load_u8(*h, 9) + load_be16(*h, 10) +
           load_be32(*h, 12) + load_be32(*h, 16);
  }
  return sum;
}

std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}
std::uint32_t be32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}

std::uint64_t headers_pointers(std::span<const std::uint8_t> in) {
  const std::uint8_t* p = in.data();
  const std::uint8_t* const end = p + in.size();
  std::uint64_t sum = 0;
  while (p != end) {
    if (end - p < 20) return 0;
    sum += p[0] + p[1] + be16(p + 2) + be16(p + 4) + be16(p + 6) + p[8] + p[9] + be16(p + 10) +
           be32(p + 12) + be32(p + 16);
    p += 20;
  }
  return sum;
}

template <std::uint64_t (*Parse)(std::span<const std::uint8_t>), auto Make>
void parse(benchmark::State& state) {
  const std::vector<std::uint8_t> in = Make();
  const std::uint64_t expected = Parse(in);
  for (auto _ : state) {
    const std::uint64_t sum = Parse(in);
    benchmark::DoNotOptimize(sum);
    if (sum != expected) state.SkipWithError("parsers disagree");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}

void tlv_reader_bench(benchmark::State& s) {
  parse<tlv_reader, tlv_records>(s);
}
void tlv_pointers_bench(benchmark::State& s) {
  parse<tlv_pointers, tlv_records>(s);
}
void headers_reader_bench(benchmark::State& s) {
  parse<headers_reader, headers>(s);
}
void headers_reader_bytes_bench(benchmark::State& s) {
  parse<headers_reader_bytes, headers>(s);
}
void headers_pointers_bench(benchmark::State& s) {
  parse<headers_pointers, headers>(s);
}
BENCHMARK(tlv_reader_bench)->Name("tlv/reader");
BENCHMARK(tlv_pointers_bench)->Name("tlv/pointers");
BENCHMARK(headers_reader_bench)->Name("headers/reader");
BENCHMARK(headers_reader_bytes_bench)->Name("headers/reader-bytes");
BENCHMARK(headers_pointers_bench)->Name("headers/pointers");

// The same TLV records written back: Writer (growable, then fixed) against pointer stores.
void tlv_writer(benchmark::State& state, bool fixed) {
  const std::vector<std::uint8_t> in = tlv_records();
  std::vector<std::uint8_t> out(in.size());
  for (auto _ : state) {
    Reader r(in);
    cstruct::Writer w = fixed ? cstruct::Writer(std::span(out)) : cstruct::Writer();
    while (!r.empty()) {
      const auto type = r.u8();
      const auto body = r.u16_prefixed();
      w.u8(*type);
      w.u16_prefixed([&](cstruct::Writer& b) { b.bytes(body->rest()); });
    }
    benchmark::DoNotOptimize(w.finish_span());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}

void tlv_write_pointers(benchmark::State& state) {
  const std::vector<std::uint8_t> in = tlv_records();
  std::vector<std::uint8_t> out(in.size());
  for (auto _ : state) {
    const std::uint8_t* p = in.data();
    const std::uint8_t* const end = p + in.size();
    std::uint8_t* o = out.data();
    std::uint8_t* const oend = o + out.size();
    while (p != end) {
      const std::size_t len = static_cast<std::size_t>(p[1]) << 8 | p[2];
      if (static_cast<std::size_t>(oend - o) < 3 + len) break;
      o[0] = p[0];
      o[1] = static_cast<std::uint8_t>(len >> 8);
      o[2] = static_cast<std::uint8_t>(len);
      std::memcpy(o + 3, p + 3, len);
      o += 3 + len;
      p += 3 + len;
    }
    benchmark::DoNotOptimize(o);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}

BENCHMARK_CAPTURE(tlv_writer, growable, false)->Name("tlv-write/writer-growable");
BENCHMARK_CAPTURE(tlv_writer, fixed, true)->Name("tlv-write/writer-fixed");
BENCHMARK(tlv_write_pointers)->Name("tlv-write/pointers");

}  // namespace

BENCHMARK_MAIN();
